"""Read content/authors/*.md into the shared context as `author_profiles`."""

import os

from pelican.contents import Content
from pelican.generators import Generator

PROFILES_DIR = "authors"


class AuthorProfile(Content):
    """One author's profile: front-matter fields as attributes, bio as `content`.

    The file name is the profile's slug, so it matches Pelican's author slug.
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


class ProfilesGenerator(Generator):
    """Puts {slug: AuthorProfile} in the context; writes nothing itself."""

    def generate_context(self):
        profiles = {}
        for path in sorted(self.get_files([PROFILES_DIR], extensions=self.readers.extensions)):
            profile = self.readers.read_file(
                base_path=self.path,
                path=path,
                content_class=AuthorProfile,
                context=self.context,
            )
            if profile.is_valid():
                profiles[profile.slug] = profile
        self.context["author_profiles"] = profiles
