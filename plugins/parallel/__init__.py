"""Spread the build over every core: posts are read by forked workers (reading.py);
the render cache's writer (plugins/render_cache) writes the feeds in a forked
process and shares the pages with a twin of the build (child.py) when `enabled`."""

import os

from pelican import signals

from . import reading
from .reading import MIN_FILES  # noqa: F401  (fewer posts than this: no fork pays)


def enabled(settings):
    """Whether this build spreads its work over more than one process."""
    return "plugins.parallel" in settings.get("PLUGINS", ()) and hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def read_articles_in_parallel(generator):
    reading.install(generator, "ARTICLE")


def register():
    signals.article_generator_init.connect(read_articles_in_parallel)
