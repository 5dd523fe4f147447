"""Author profiles as content objects, and matching post authors to them."""

import datetime as dt
import os
from dataclasses import dataclass

from pelican.contents import Content

from plugins.front_matter.validate import Problem, did_you_mean


@dataclass(frozen=True)
class Affiliation:
    """A position; `start` and `end` (dates, or None) bound it when it was held only for a time."""

    title: str
    start: dt.date | None = None
    end: dt.date | None = None

    def __str__(self):
        return self.title

    def held_on(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def affiliations(values):
    """Validated front-matter values (text, or mappings of title, from, until) as Affiliations."""

    def day(text):
        return dt.date.fromisoformat(str(text)[:10]) if text else None

    return [Affiliation(v) if isinstance(v, str) else Affiliation(v["title"], day(v.get("from")), day(v.get("until")))
            for v in values or [] if isinstance(v, str) or "title" in v]


class AuthorProfile(Content):
    """One author's profile: front-matter fields as attributes, bio as `content`.

    The file name is the profile's slug. `author` (set by the loader) is the
    Pelican Author whose page shows the profile.
    """

    mandatory_properties = ("name",)

    def __init__(self, content, metadata=None, *args, source_path=None, **kwargs):
        metadata = dict(metadata or {})
        if source_path:
            metadata.setdefault("slug", os.path.splitext(os.path.basename(source_path))[0])
        super().__init__(content, metadata, *args, source_path=source_path, **kwargs)

    def is_valid(self):
        # A profile is never written on its own: the author's page shows it.
        return self._has_valid_mandatory_properties()

    @property
    def url(self):
        # The author's own address from front matter, not a page of this site.
        return self.metadata.get("url", "")

    @property
    def bio(self):
        return self.content

    @property
    def positions(self):
        return affiliations(self.metadata.get("affiliations"))

    def affiliations_on(self, when):
        """The positions held on a date (a post's): what its byline shows."""
        day = when.date() if isinstance(when, dt.datetime) else when
        return [a for a in self.positions if a.held_on(day)]

    @property
    def current_affiliations(self):
        return self.affiliations_on(dt.date.today())


def match_author(name, profiles):
    """(profile, problem): the profile for a name written in a post's `authors`.

    A name matches a profile's `name` or its file slug; otherwise the problem
    suggests the closest known name.
    """
    for profile in profiles.values():
        if name in (profile.name, profile.slug):
            return profile, None
    names = sorted(p.name for p in profiles.values())
    hint = did_you_mean(name, names, "add a profile in content/authors/ or check the spelling")
    return None, Problem(1, "authors", f'"{name}" has no profile in content/authors/', hint)
