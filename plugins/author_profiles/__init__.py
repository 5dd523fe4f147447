"""Author profiles: content/authors/<slug>.md, available to every template.

Each profile is YAML front matter (DESIGN.md §4) and a Markdown bio. Profiles are
read before any post, never built as pages of their own, and put in the context
as `author_profiles`, keyed by the author's slug: templates call
`author_profiles.get(author.slug)`. Every post's authors must have a profile.
"""

import logging
from dataclasses import replace

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Author

from plugins.front_matter import display_path, report
from plugins.front_matter.cache import cached, forget
from plugins.front_matter.reader import LINES

from .profiles import AuthorProfile, match_author

log = logging.getLogger(__name__)
PROFILES_DIR = "authors"


def load_profiles(generator):
    """At the articles generator's start, before any post is read."""
    profiles = {}
    paths = generator.get_files([PROFILES_DIR], extensions=generator.readers.extensions)
    for path in sorted(paths):
        profile = generator.readers.read_file(
            base_path=generator.path, path=path, content_class=AuthorProfile, context=generator.context
        )
        if not getattr(profile, "name", None):
            continue  # reported by front matter: profile without name
        profile.author = Author(profile.name, generator.settings)
        twin = profiles.get(profile.author.slug)
        if twin:
            log.error('%s:%s: name: "%s" is also the name in %s (give each author one profile)',
                      display_path(profile), profile.metadata.get(LINES, {}).get(("name",), 1),
                      profile.name, display_path(twin))
            continue
        profiles[profile.author.slug] = profile
    generator.context["author_profiles"] = profiles
    forget_posts_whose_authors_changed(generator, profiles)


def forget_posts_whose_authors_changed(generator, profiles):
    """A post from Pelican's content cache was matched to profiles when it was read:
    read it again if the match would differ now (a profile renamed or removed)."""
    for path, post in cached(generator):
        if isinstance(post, Article):
            written = [author.name for author in post.metadata.get("authors", [])]
            now = [getattr(match_author(name, profiles)[0], "name", None) for name in written]
            if now != [author.name for author in post.authors]:
                forget(generator, path)


def check_authors(content):
    """Each author of a post has a profile (matched on name or file slug)."""
    if not isinstance(content, Article):
        return
    profiles = content._context.get("author_profiles", {})
    authors = []
    for author in getattr(content, "authors", []):
        profile, problem = match_author(author.name, profiles)
        if problem:
            line = content.metadata.get(LINES, {}).get(("authors",), 1)
            report(replace(problem, line=line), display_path(content))
        authors.append(profile.author if profile else author)
    if authors:
        content.authors = authors
        content.author = authors[0]


def register():
    signals.article_generator_init.connect(load_profiles)
    signals.content_object_init.connect(check_authors)
