"""Spread the build over every core: posts are read by forked workers (reading.py);
the render cache's writer (plugins/render_cache) writes the feeds in a forked
process and shares the pages with a twin of the build (child.py) when `enabled`.

And end the build's process quickly: at `finalized` every object of the build is
moved out of the garbage collector's sight (gc.freeze), so the collections Python
runs as it exits do not walk them all once more (0.6 s at 5,000 posts)."""

import gc
import os

from pelican import signals

from . import reading
from .reading import MIN_FILES  # noqa: F401  (fewer posts than this: no fork pays)


def enabled(settings):
    """Whether this build spreads its work over more than one process."""
    return "plugins.parallel" in settings.get("PLUGINS", ()) and hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def read_articles_in_parallel(generator):
    reading.install(generator, "ARTICLE")


def let_go(pelican):
    gc.freeze()


def take_back(pelican):
    gc.unfreeze()  # a process that builds again (tests) collects the last build's garbage


def register():
    signals.article_generator_init.connect(read_articles_in_parallel)
    signals.initialized.connect(take_back)
    signals.finalized.connect(let_go)
