"""Publish every image of the site as its responsive, metadata-free copies."""

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

from pelican.generators import Generator

from plugins.front_matter.normalize import image_size

from . import ahead, process
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
        jobs = []
        for static in images:
            try:
                source_digest = process.digest(static.source_path)
                width, height = image_size(static.source_path)
            except OSError as error:
                self._report(static, featured, error)
                continue
            variants = copies(static.save_as, width, height, featured=static.save_as in featured)
            jobs += [(static, source_digest, v) for v in variants]

        published = []  # (cache path, made by this build) per job
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for (static, _, _), outcome in zip(jobs, pool.map(self._copy, jobs), strict=True):
                if isinstance(outcome, Exception):
                    self._report(static, featured, outcome)
                    continue
                published.append(outcome)
        _copies[:] = published

    def _copy(self, job):
        static, source_digest, variant = job
        try:
            cached, made = process.cached_copy(static.source_path, source_digest, variant, self.cache_dir)
            process.publish(cached, self.output_path, variant)
            return cached, made
        except OSError as error:  # Pillow raises OSError subclasses for bad files
            return error

    def _featured_images(self):
        """{image path: [posts that feature it]}."""
        users = {}
        everything = chain(self.context.get("articles", []), self.context.get("hidden_articles", []),
                           self.context.get("drafts", []), self.context.get("pages", []))
        for content in everything:
            image = getattr(content, "image", None)
            if image:
                users.setdefault(image.src, []).append(content.relative_source_path)
        return users

    def _report(self, static, featured, error):
        posts = ", ".join(featured.get(static.save_as, [])) or "no post's front matter"
        log.error("images: %s: is not an image that can be read (%s); featured by %s (replace the file)",
                  static.relative_source_path, error, posts)


def report_copies(pelican):
    """finalized: how many copies this build made (here or ahead) and how many it found."""
    made_ahead = set(ahead.finish())
    made = sum(1 for path, new in _copies if new or path in made_ahead)
    log.info("images: %d copies made, %d taken from the cache", made, len(_copies) - made)
    _copies.clear()
