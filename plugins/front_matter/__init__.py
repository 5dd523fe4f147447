"""Front matter: read, check and normalize posts, pages and profiles (DESIGN.md §3-§6).

- `readers_init`: our reader (pelican-yaml-metadata's, plus checks) reads Markdown.
- `content_object_init`: log each problem the reader found, naming file, line and
  field; replace raw values with typed ones (`license` -> License, `image` ->
  FeaturedImage).
- `article_generator_pretaxonomy` / `page_generator_finalized`: with BUILD_DRAFTS false
  (publish builds), drafts are left out before anything lists, links or writes them.
- `article_generator_finalized` / `page_generator_finalized`: two posts (or pages) with
  one slug; a page at an address the site writes itself; tags, categories or authors
  whose address is empty or shared (addresses.py).
- `article_generator_init` / `page_generator_init`: with Pelican's generator-level
  content cache, posts with problems or changed inputs are read again (cache.py).
"""

import logging
import os
from collections import defaultdict
from itertools import chain

from pelican import signals
from pelican.contents import Article, Page

from .addresses import page_clash, slug_clashes
from .cache import attach, cached, forget, inputs_changed, pickle_without_context
from .licenses import LICENSES
from .normalize import featured_image, file_stamp, post_license
from .reader import LINES, PROBLEMS, FrontMatterReader
from .validate import ERROR, Problem

log = logging.getLogger(__name__)
# On a post or page: {path: stamp} of the files besides its own that it was made from.
INPUTS = "front_matter_inputs"
# In the build's context: picture sizes read so far, by path and stamp.
IMAGE_SIZES = "front_matter_image_sizes"
# In the build's context, with BUILD_DRAFTS false: the pictures the drafts left out feature.
DRAFT_PICTURES = "front_matter_draft_pictures"


def display_path(content):
    """The file's path from the project folder (the folder that holds content/)."""
    return os.path.relpath(content.source_path, os.path.dirname(content.settings["PATH"]))


def report(problem, path):
    hint = f" ({problem.hint})" if problem.hint else ""
    level = logging.ERROR if problem.severity == ERROR else logging.WARNING
    log.log(level, "%s:%s: %s: %s%s", path, problem.line, problem.field, problem.message, hint)


def add_reader(readers):
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


def add_template_globals(generator):
    generator.env.globals["licenses"] = LICENSES


def check_and_normalize(content):
    for problem in content.metadata.get(PROBLEMS, ()):
        report(problem, display_path(content))
    if not isinstance(content, (Article, Page)):
        return
    content.license = post_license(getattr(content, "license", None), content.settings)
    image = getattr(content, "image", None)
    inputs = {}
    if isinstance(image, dict) and {"src", "license"} <= image.keys():
        sizes = content._context.setdefault(IMAGE_SIZES, {})
        content.image = featured_image(image, content.settings["PATH"], sizes)
        path = os.path.join(content.settings["PATH"], content.image.src)
        inputs[path] = file_stamp(path)
    else:
        content.image = None
    setattr(content, INPUTS, inputs)


def refresh_cached_content(generator):
    """Read again what the content cache must not supply; attach the rest to this build.
    Entries of deleted files are dropped, so the cache does not grow forever."""
    for path, content in cached(generator):
        gone = not os.path.exists(os.path.join(generator.path, path))
        if gone or content.metadata.get(PROBLEMS) or inputs_changed(getattr(content, INPUTS, {})):
            forget(generator, path)
        else:
            attach(content, generator)


def leave_drafts_out(generator):
    """Empty the generator's lists of drafts (the context holds the same lists), noting
    the pictures they feature: plugins/images leaves out those no published post uses."""
    if generator.settings.get("BUILD_DRAFTS", True):
        return
    drafts = ("drafts", "drafts_translations", "draft_pages", "draft_translations")
    lists = [getattr(generator, name) for name in drafts if hasattr(generator, name)]
    pictures = generator.context.setdefault(DRAFT_PICTURES, set())
    pictures.update(d.image.src for d in chain(*lists) if getattr(d, "image", None))
    for drafts in lists:
        drafts.clear()


def published_pictures(context):
    """The pictures featured by what this build publishes (drafts left out, if they are)."""
    return {c.image.src for name in ("articles", "translations", "hidden_articles", "hidden_translations",
                                     "pages", "hidden_pages")
            for c in context.get(name, ()) if getattr(c, "image", None)}


def check_unique_slugs(generator):
    """Two posts (or two pages) with one slug in one language are reported; of two at
    one address, the second is left out, so that the build goes on to report more."""
    by_slug = defaultdict(list)
    addresses = set()
    for content in contents_of(generator):
        by_slug[(content.slug, content.lang)].append(content)
        if content.save_as in addresses:
            leave_out(content, generator)
        addresses.add(content.save_as)
    for (slug, _), contents in by_slug.items():
        if len(contents) > 1:
            paths = sorted(display_path(c) for c in contents)
            for content in contents:
                others = ", ".join(p for p in paths if p != display_path(content))
                report(Problem(line_of(content, "slug"), "slug", f'"{slug}" is also the slug of {others}',
                               "rename one file or give it another `slug:`"), display_path(content))


def check_page_addresses(generator):
    """A page whose address is one the site writes itself (search/, feeds/, tag/...) is
    reported and left out, so that the rest of the build goes on to report more."""
    for page in contents_of(generator):
        clash = page_clash(page.slug, page.save_as, page.settings)
        if clash:
            report(Problem(line_of(page, "slug"), "slug", f'"{page.slug}" cannot be a page\'s address: {clash}',
                           "give the page another `slug:`"), display_path(page))
            leave_out(page, generator)


def leave_out(content, generator):
    for contents in lists_of(generator):
        if content in contents:
            contents.remove(content)


def check_taxonomy_slugs(generator):
    """Tags, categories and authors whose address is empty or shared by another name."""
    for field in ("tags", "category", "authors"):
        uses = []
        for article in contents_of(generator):
            value = getattr(article, field, None)
            items = value if isinstance(value, list) else [value] if value else []
            for i, item in enumerate(items):
                line = line_of(article, field, i if isinstance(value, list) else None)
                uses.append((item.name, item.slug, (display_path(article), line)))
        for (path, line), message, hint in slug_clashes(uses):
            report(Problem(line, field, message, hint), path)


def lists_of(generator):
    """The lists of posts of an articles generator, or of pages of a pages generator."""
    names = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
             "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")
    return [getattr(generator, n) for n in names if isinstance(getattr(generator, n, None), list)]


def contents_of(generator):
    """Every post of an articles generator, or page of a pages generator, in this build."""
    return list(chain(*lists_of(generator)))


def line_of(content, field, index=None):
    lines = content.metadata.get(LINES, {})
    return lines.get((field, index)) if index is not None and (field, index) in lines else lines.get((field,), 1)


def register():
    pickle_without_context()
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_template_globals)
    signals.content_object_init.connect(check_and_normalize)
    signals.article_generator_pretaxonomy.connect(leave_drafts_out)
    signals.page_generator_finalized.connect(leave_drafts_out)
    signals.article_generator_finalized.connect(check_unique_slugs)
    signals.article_generator_finalized.connect(check_taxonomy_slugs)
    signals.page_generator_finalized.connect(check_unique_slugs)
    signals.page_generator_finalized.connect(check_page_addresses)
    signals.article_generator_init.connect(refresh_cached_content)
    signals.page_generator_init.connect(refresh_cached_content)
