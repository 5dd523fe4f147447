"""Front matter: read, check and normalize posts, pages and profiles (DESIGN.md §3-§6).

- `readers_init`: our reader (pelican-yaml-metadata's, plus checks) reads Markdown.
- `content_object_init`: log each problem the reader found, naming file, line and
  field; replace raw values with typed ones (`license` -> License, `image` ->
  FeaturedImage).
- `article_generator_finalized`: two posts with one slug.
- `article_generator_init` / `page_generator_init`: with Pelican's generator-level
  content cache, posts with problems or changed inputs are read again (cache.py).
"""

import logging
import os
from collections import defaultdict
from itertools import chain

from pelican import signals
from pelican.contents import Article, Page

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


def check_unique_slugs(generator):
    by_slug = defaultdict(list)
    everything = chain(
        generator.articles, generator.translations, generator.drafts,
        generator.drafts_translations, generator.hidden_articles, generator.hidden_translations,
    )
    for article in everything:
        by_slug[(article.slug, article.lang)].append(article)
    for (slug, _), articles in by_slug.items():
        if len(articles) > 1:
            paths = sorted(display_path(a) for a in articles)
            for article in articles:
                line = article.metadata.get(LINES, {}).get(("slug",), 1)
                others = ", ".join(p for p in paths if p != display_path(article))
                report(Problem(line, "slug", f'"{slug}" is also the slug of {others}',
                               "rename one file or give it another `slug:`"), display_path(article))


def register():
    pickle_without_context()
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_template_globals)
    signals.content_object_init.connect(check_and_normalize)
    signals.article_generator_finalized.connect(check_unique_slugs)
    signals.article_generator_init.connect(refresh_cached_content)
    signals.page_generator_init.connect(refresh_cached_content)
