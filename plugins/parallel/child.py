"""Run part of the build in a forked process while the build goes on, then join it.

The child sees the build as it was at the fork. What it returns comes back pickled;
the messages it logs are replayed in the build when it is joined, so they are
printed once and counted by plugins/strict.
"""

import contextlib
import logging
import os
import pickle
import tempfile

from pelican.log import FilteredMessage

log = logging.getLogger(__name__)


class Collect(logging.Handler):
    """Keeps log records, made picklable, to be replayed in the build."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def replay(records):
    for record in records:
        with contextlib.suppress(FilteredMessage):  # Pelican's filter of repeated messages
            logging.getLogger(record.name).handle(record)


class Child:
    def __init__(self, work, what):
        self.what = what
        fd, self.file = tempfile.mkstemp(prefix="pelican-child-", suffix=".pickle")
        os.close(fd)
        self.pid = os.fork()
        if self.pid == 0:
            status = 1
            try:
                root, collect = logging.getLogger(), Collect()
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
        """(finished, what the child returned); its messages are logged here. A child
        that did not finish (killed, or its result could not be pickled) returns
        (False, None) and the caller decides what that means."""
        _, status = os.waitpid(self.pid, 0)
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                return False, None
            with open(self.file, "rb") as f:
                result, records = pickle.load(f)
            replay(records)
            return True, result
        finally:
            os.unlink(self.file)
