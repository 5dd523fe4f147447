"""Run part of the build in a forked process while the build goes on, then join it.

The child sees the build as it was at the fork. What it returns comes back pickled;
the messages it logs are replayed in the build when it is joined, so they are
printed once and counted by plugins/strict. If it fails, the build logs why.
"""

import logging
import os
import pickle
import tempfile

from .reading import _Collect, replay

log = logging.getLogger(__name__)


class Child:
    def __init__(self, work, what):
        self.what = what
        fd, self.file = tempfile.mkstemp(prefix="pelican-child-", suffix=".pickle")
        os.close(fd)
        self.pid = os.fork()
        if self.pid == 0:
            status = 1
            try:
                root, collect = logging.getLogger(), _Collect()
                root.handlers = [collect]
                try:
                    result = work()
                except Exception:
                    log.exception("%s failed", what)
                    result = None
                with open(self.file, "wb") as f:
                    pickle.dump((result, collect.records), f, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)

    def join(self):
        """What the child returned (None if it failed); its messages are logged here."""
        _, status = os.waitpid(self.pid, 0)
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                log.error("%s: the worker process exited with status %s", self.what, status)
                return None
            with open(self.file, "rb") as f:
                result, records = pickle.load(f)
            replay(records)
            return result
        finally:
            os.unlink(self.file)
