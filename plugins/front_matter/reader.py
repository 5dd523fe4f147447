"""pelican-yaml-metadata's reader, with every value checked before Pelican sees it."""

import os

from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAMLMetadataReader
from pelican.utils import pelican_open

from .schema import AUTHOR, PAGE, POST
from .validate import Problem, check, parse

# Keys under which the reader hands problems and key lines to the plugin.
PROBLEMS, LINES = "front_matter_problems", "front_matter_lines"
PROFILES_DIR = "authors"
# A post is words: a long report is some 200 KB. A file far above this is a mistake
# (a pasted export, a picture saved as .md) that would cost the build its memory.
MAX_BYTES = 4 * 1024 * 1024


def kind_of(source_path, settings):
    """"post", "page", "author" or None, from the folder a file sits in under PATH."""
    relative = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
    top = relative.split("/", 1)[0]
    if top in settings["ARTICLE_PATHS"]:
        return POST
    if top in settings["PAGE_PATHS"]:
        return PAGE
    return AUTHOR if top == PROFILES_DIR else None


class FrontMatterReader(YAMLMetadataReader):
    def read(self, source_path):
        kind = kind_of(source_path, self.settings)
        size = os.path.getsize(source_path)
        if size > MAX_BYTES:
            return self._refused(kind, source_path, Problem(
                1, "file", f"is {size / 2**20:.1f} MiB (the limit is {MAX_BYTES // 2**20} MiB)",
                "a post is text: keep data and pictures in their own files"))
        try:
            with pelican_open(source_path) as text:
                match = HEADER_RE.fullmatch(text)
        except UnicodeDecodeError as error:
            line = error.object[: error.start].count(b"\n") + 1
            return self._refused(kind, source_path, Problem(
                line, "file", f"is not UTF-8 text (byte {error.object[error.start]:#04x} cannot be read)",
                "save the file as UTF-8 in your editor"))
        if kind is None:
            return super().read(source_path)
        if not text.lstrip().startswith("---"):
            return self._refused(kind, source_path, Problem(
                1, "front matter", "is missing: the file does not start with a --- line",
                "start the file with its fields between two --- lines: see README.md, Writing a post"))
        if not match:
            opening = text[: text.index("---")].count("\n") + 1
            return self._refused(kind, source_path, Problem(
                opening, "front matter", f"the --- on line {opening} has no closing --- line",
                "end the fields with a line of three hyphens, before the body"))

        first_line = text[: match.start("metadata")].count("\n") + 1
        data, lines, problems = parse(match.group("metadata"), first_line)
        clean = {}
        if data is not None:
            ctx = {
                "content_path": self.settings["PATH"],
                "site_license": self.settings.get("SITE_LICENSE"),
                "slug": os.path.splitext(os.path.basename(source_path))[0],
            }
            clean, more = check(data, kind, lines, ctx)
            problems += more
        metadata = self._parse_yaml_metadata({**self._stand_ins(kind, source_path, clean), **clean}, source_path)
        metadata[PROBLEMS] = tuple(problems)
        metadata[LINES] = lines
        return self._md.reset().convert(match.group("content")), metadata

    def _refused(self, kind, source_path, problem):
        """An empty body and stand-in fields for a file whose front matter cannot be read."""
        metadata = self._parse_yaml_metadata(self._stand_ins(kind, source_path, {}), source_path)
        return "", {**metadata, PROBLEMS: (problem,), LINES: {}}

    @staticmethod
    def _stand_ins(kind, source_path, clean):
        """Values that keep a broken post buildable, so that Pelican adds no second
        message for a problem already reported; the build fails on the first."""
        stand_ins = {"title": os.path.basename(source_path)}
        if kind == POST:
            stand_ins["date"] = "1970-01-01"
        return stand_ins if kind in (POST, PAGE) else {}
