"""Publish every image of the site as its responsive, metadata-free copies."""

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

from pelican.generators import Generator

from plugins.front_matter import display_path, report
from plugins.front_matter.normalize import image_size, unreadable
from plugins.front_matter.reader import LINES
from plugins.front_matter.validate import Problem

from . import ahead, process
from .inline import line_of
from .variants import copies

log = logging.getLogger(__name__)
IMAGES_KEY = "images_to_publish"  # context key: Static objects kept from plain copying
_copies = []  # this build's: (cache path, made now) of each copy it published


class ImagesGenerator(Generator):
    """Writes the copies listed in variants.py for every image under STATIC_PATHS."""

    def generate_context(self):
        # The image list arrives with the static generator (see __init__.py).
        self.cache_dir = process.cache_dir(self.settings)

    def generate_output(self, writer):
        ahead.stop_making()  # it ends after the copy it is making; what it made is in the cache
        images = self.context.get(IMAGES_KEY, [])
        featured = self._featured_images()
        jobs, failed = [], {}  # failed: {static: PictureError}, one report per picture
        for static in images:
            try:
                width, height = image_size(static.source_path)  # its header only: it may be too large
                source_digest = process.digest(static.source_path)
            except OSError as error:
                failed[static] = unreadable(error, static.source_path)
                continue
            variants = copies(static.save_as, width, height, featured=static.save_as in featured)
            jobs += [(static, source_digest, v) for v in variants]

        published = []  # (cache path, made by this build) per job
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for (static, _, _), outcome in zip(jobs, pool.map(self._copy, jobs), strict=True):
                if isinstance(outcome, Exception):
                    failed.setdefault(static, unreadable(outcome, static.source_path))
                    continue
                published.append(outcome)
        _copies[:] = published
        for static, error in failed.items():
            self._report(static, error)

    def _copy(self, job):
        static, source_digest, variant = job
        try:
            cached, made = process.cached_copy(static.source_path, source_digest, variant, self.cache_dir)
            process.publish(cached, self.output_path, variant)
            return cached, made
        except Exception as error:  # a PictureError (process.render) or another error writing it
            return error

    def _contents(self):
        names = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages")
        return list(chain(*(self.context.get(name, []) for name in names)))

    def _featured_images(self):
        """{image path: [posts that feature it]}."""
        users = {}
        for content in self._contents():
            image = getattr(content, "image", None)
            if image:
                users.setdefault(image.src, []).append(content)
        return users

    def _report(self, static, error):
        """An error for each file that uses the picture: the front matter of each post that
        features it, each profile whose photo it is, each body that names it; or, when
        none does, the picture's own file."""
        path = static.relative_source_path
        said = set()
        for content in self._featured_images().get(path, []):
            line = content.metadata.get(LINES, {}).get(("image", "src"), 1)
            report(Problem(line, "image.src", f'"{path}" {error.message}', error.hint), display_path(content))
            said.add(content.source_path)
        for profile in self.context.get("author_profiles", {}).values():
            if getattr(profile, "photo", None) == path:
                line = profile.metadata.get(LINES, {}).get(("photo",), 1)
                report(Problem(line, "photo", f'"{path}" {error.message}', error.hint), display_path(profile))
                said.add(profile.source_path)
        for content in self._contents():
            if content.source_path in said:
                continue
            try:
                with open(content.source_path, encoding="utf-8") as f:
                    source = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            if path in source:
                report(Problem(line_of(source, path), f"image {path}", error.message, error.hint), display_path(content))
                said.add(content.source_path)
        if not said:
            project = os.path.dirname(self.settings["PATH"])
            log.error("%s: %s (%s, or remove it)", os.path.relpath(static.source_path, project),
                      error.message, error.hint)


def report_copies(pelican):
    """finalized: how many copies this build made (here or ahead) and how many it found."""
    made_ahead = set(ahead.finish())
    made = sum(1 for path, new in _copies if new or path in made_ahead)
    log.info("images: %d copies made, %d taken from the cache", made, len(_copies) - made)
    _copies.clear()
