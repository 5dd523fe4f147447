"""Author profiles: content/authors/<slug>.md, available to every template.

Each profile is YAML front matter (DESIGN.md §4) and a Markdown bio. Profiles are
never built as articles or pages; templates look them up by author slug in
`author_profiles`, e.g. `author_profiles.get(author.slug)`.
"""

from pelican import signals

from .generator import ProfilesGenerator


def get_generators(pelican):
    return ProfilesGenerator


def register():
    signals.get_generators.connect(get_generators)
