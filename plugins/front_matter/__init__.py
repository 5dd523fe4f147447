"""Front matter: read, check and normalize posts, pages and profiles (DESIGN.md §3-§6).

- `readers_init`: our reader (pelican-yaml-metadata's, plus checks) reads Markdown.
- `content_object_init`: log each problem the reader found, naming file, line and
  field; replace raw values with typed ones (`license` -> License, `image` ->
  FeaturedImage).
- `article_generator_finalized`: two posts with one slug.
"""

import logging
import os
from collections import defaultdict
from itertools import chain

from pelican import signals
from pelican.contents import Article, Page

from .licenses import LICENSES
from .normalize import featured_image, post_license
from .reader import LINES, PROBLEMS, FrontMatterReader
from .validate import ERROR, Problem

log = logging.getLogger(__name__)


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
    if isinstance(image, dict) and {"src", "license"} <= image.keys():
        content.image = featured_image(image, content.settings["PATH"])
    else:
        content.image = None


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
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_template_globals)
    signals.content_object_init.connect(check_and_normalize)
    signals.article_generator_finalized.connect(check_unique_slugs)
