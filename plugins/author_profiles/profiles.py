"""Author profiles as content objects, and matching post authors to them."""

import os

from pelican.contents import Content

from plugins.front_matter.validate import Problem, did_you_mean


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
