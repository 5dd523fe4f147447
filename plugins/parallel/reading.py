"""Read posts on every core: Markdown and typogrify are most of a cold build.

Pelican reads a generator's files one by one in `generate_context`. When it is
about to read the first one that its content cache does not hold, `install`'s
reader forks workers (child.py; they see the same settings, context, profiles and
plugins) that read the last part of the remaining files while the build reads the
first part, and hands each result back when Pelican asks for that file. The build then goes on exactly as if it had read
the file itself: the same objects, signals already sent, the same messages.

- Messages a worker logs are replayed in the build, in file order, so they are
  printed once and plugins/strict counts them.
- A file a worker could not read, or did not return as a post, is read again by
  the build itself, which reports it as usual.
- Posts travel back pickled without their context and settings (as in Pelican's
  content cache, plugins/front_matter/cache.py) and get the build's on arrival.
"""

import logging
import os

from pelican.contents import Content

from plugins.front_matter.cache import attach

from .child import Child, Collect, replay

log = logging.getLogger(__name__)
MIN_FILES = 32  # below this, forking costs more than it saves


def read_all(read, paths, kwargs, base_path):
    """[(path, content or None, [log records])]: None when the build must read it again."""
    root = logging.getLogger()
    results = []
    for path in paths:
        collect = Collect()
        saved, root.handlers = root.handlers, [collect]
        try:
            content = read(base_path=base_path, path=path, **kwargs)
            if not isinstance(content, Content):
                content = None
        except Exception:  # the build reads it again and reports it
            content = None
        finally:
            root.handlers = saved
        results.append((path, content, collect.records if content else []))
    return results


class Worker:
    """A forked process (child.py) reading `paths` while the build reads its own share."""

    def __init__(self, generator, read, paths, kwargs):
        self.generator, self.paths = generator, set(paths)
        self.child = Child(lambda: read_all(read, paths, kwargs, generator.path), f"Reading {len(paths)} posts")
        self.results = None

    def take(self, path):
        """(content, records) of `path`, or None when the build must read it itself."""
        if self.results is None:
            self.results = {}
            _, results = self.child.join()  # a worker that did not finish: the build reads its files
            for p, content, records in results or []:
                if content is not None:
                    attach(content, self.generator)
                    self.results[p] = (content, records)
        return self.results.pop(path, None)


def workers():
    return min(os.cpu_count() or 1, 4)


def install(generator, kind):
    """When the generator reads its first file not in its cache, fork workers that read
    the last (n-1)/n of the remaining ones while the build reads the first part itself."""
    original = generator.readers.read_file
    state = {"workers": None}

    def read_file(base_path, path, **kwargs):
        if state["workers"] is None:
            state["workers"] = []
            files = generator.get_files(generator.settings[f"{kind}_PATHS"],
                                        exclude=generator.settings[f"{kind}_EXCLUDES"])
            pending = [f for f in files if generator.get_cached_data(f, None) is None]
            n = workers()
            if len(pending) >= MIN_FILES and n > 1:
                share = len(pending) // n
                log.debug("Reading %d of %d files in %d worker processes", len(pending) - share, len(pending), n - 1)
                for i in range(1, n):
                    part = pending[i * share : (i + 1) * share if i < n - 1 else None]
                    try:
                        state["workers"].append(Worker(generator, original, part, kwargs))
                    except OSError as error:  # no process to spare: the build reads these itself
                        log.info("Reading %d files in this process (a worker could not start: %s)", len(part), error)
        for worker in state["workers"]:
            if path in worker.paths:
                taken = worker.take(path)
                if taken:
                    replay(taken[1])
                    return taken[0]
        return original(base_path=base_path, path=path, **kwargs)

    generator.readers.read_file = read_file
