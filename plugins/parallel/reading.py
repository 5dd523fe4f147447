"""Read posts on every core: Markdown and typogrify are most of a cold build.

Pelican reads a generator's files one by one in `generate_context`. When it is
about to read the first one that its content cache does not hold, `prefetch`
reads all the others in worker processes forked from the build (they see the
same settings, context, profiles and plugins) and hands each result back when
Pelican asks for that file. The build then goes on exactly as if it had read
the file itself: the same objects, signals already sent, the same messages.

- Messages a worker logs are replayed in the build, in file order, so they are
  printed once and plugins/strict counts them.
- A file a worker could not read, or did not return as a post, is read again by
  the build itself, which reports it as usual.
- Posts travel back pickled without their context and settings (as in Pelican's
  content cache, plugins/front_matter/cache.py) and get the build's on arrival.
"""

import contextlib
import logging
import os
import pickle
import tempfile

from pelican.contents import Content
from pelican.log import FilteredMessage

from plugins.front_matter.cache import attach

log = logging.getLogger(__name__)
MIN_FILES = 32  # below this, forking costs more than it saves


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def read_all(read, paths, kwargs, base_path):
    """[(path, content or None, [log records])]: None when the build must read it again."""
    root = logging.getLogger()
    results = []
    for path in paths:
        collect = _Collect()
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
    """A forked process reading `paths` into a temporary file the build loads."""

    def __init__(self, generator, read, paths, kwargs):
        self.generator, self.paths = generator, set(paths)
        fd, self.file = tempfile.mkstemp(prefix="pelican-read-", suffix=".pickle")
        os.close(fd)
        self.pid = os.fork()
        if self.pid == 0:  # the worker: read, write, leave without running any cleanup
            status = 1
            try:
                results = read_all(read, paths, kwargs, generator.path)
                with open(self.file, "wb") as f:
                    pickle.dump(results, f, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        self.results = None

    def take(self, path):
        """(content, records) of `path`, or None when the build must read it itself."""
        if self.results is None:
            _, status = os.waitpid(self.pid, 0)
            self.results = {}
            if os.waitstatus_to_exitcode(status) == 0:
                with open(self.file, "rb") as f:
                    for p, content, records in pickle.load(f):
                        if content is not None:
                            attach(content, self.generator)
                            self.results[p] = (content, records)
            os.unlink(self.file)
        return self.results.pop(path, None)


def workers():
    return min(os.cpu_count() or 1, 4)


def replay(records):
    for record in records:
        with contextlib.suppress(FilteredMessage):  # Pelican's filter of repeated messages
            logging.getLogger(record.name).handle(record)


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
                    state["workers"].append(Worker(generator, original, part, kwargs))
        for worker in state["workers"]:
            if path in worker.paths:
                taken = worker.take(path)
                if taken:
                    replay(taken[1])
                    return taken[0]
        return original(base_path=base_path, path=path, **kwargs)

    generator.readers.read_file = read_file
