"""Copies made ahead, on a core the build leaves idle.

From `initialized`, in builds that use several cores (plugins/parallel), a forked
process at the lowest priority (nice 19) makes the cached copies of every image under
STATIC_PATHS that the cache lacks, as the images generator would. The build's own
processes always come first: it runs where they leave a core idle (while the build
starts, between reading the posts and writing the pages). The images generator stops
it as it starts its own work and finds in the cache what it made; a copy both happen
to make is written twice, whole each time (process.render), with the same bytes.
Social cards are left to the generator: only featured images have one.
"""

import atexit
import logging
import multiprocessing
import os

from plugins import parallel
from plugins.confine.paths import within
from plugins.front_matter.normalize import image_size
from plugins.parallel.child import Child

from . import process
from .variants import copies, is_processed

log = logging.getLogger(__name__)
_ahead = {}  # this build's process ("child") and its "stop" flag


def sources(settings):
    """Every image file under STATIC_PATHS (each a file or a folder of the content), but
    dotfiles and files whose real path is outside the content (links: plugins/confine)."""
    found = []
    for static in settings.get("STATIC_PATHS", ()):
        start = os.path.join(settings["PATH"], static)
        if os.path.isfile(start):
            found += [start] if is_processed(start) else []
            continue
        for folder, folders, files in os.walk(start):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            found += [os.path.join(folder, name) for name in sorted(files)
                      if is_processed(name) and not name.startswith(".")]
    return [path for path in found if within(path, settings["PATH"])]


def missing(source, settings, cache_dir):
    """(its digest, variant) of each copy of `source` the cache lacks."""
    try:
        source_digest = process.digest(source)
        width, height = image_size(source)
    except OSError:  # the images generator reports it, with the posts that use it
        return []
    variants = copies(os.path.relpath(source, settings["PATH"]).replace(os.sep, "/"), width, height)
    return [(source_digest, v) for v in variants if not os.path.exists(process.cache_path(source_digest, v, cache_dir))]


def make(settings, stop):
    """Make the missing copies, image by image, until `stop` is set; the cache paths made."""
    cache_dir, made = process.cache_dir(settings), []
    for source in sources(settings):
        if stop.value:
            break
        for source_digest, variant in missing(source, settings, cache_dir):
            if stop.value:
                break
            try:
                path, new = process.cached_copy(source, source_digest, variant, cache_dir)
            except OSError:
                continue
            if new:
                made.append(path)
    return made


def start(pelican):
    """initialized: fork the process that makes copies ahead, at the lowest priority."""
    finish()  # one left by a build that failed (livereload builds again in its process)
    if not parallel.enabled(pelican.settings):
        return
    stop = multiprocessing.Value("b", 0, lock=False)  # in memory both processes share

    def work():
        os.nice(19)
        return make(pelican.settings, stop)

    try:
        _ahead["child"] = Child(work, "Making image copies ahead")
    except OSError as error:  # no process to spare: the images generator makes them all
        log.debug("images: no copies made ahead (%s)", error)
        return
    _ahead["stop"] = stop
    if not _ahead.get("atexit"):
        atexit.register(stop_making)  # should a build end without `finalized`
        _ahead["atexit"] = True


def stop_making():
    """The generator starts: the process ends after the copy it is making."""
    if "stop" in _ahead:
        _ahead["stop"].value = 1


def finish():
    """Wait for the process to end: the cache paths it made ([] without one)."""
    stop_making()
    child = _ahead.pop("child", None)
    _ahead.pop("stop", None)
    if child is None:
        return []
    finished, made = child.join()
    return made if finished and made else []
