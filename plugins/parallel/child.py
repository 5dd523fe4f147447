"""Run part of the build in a forked process while the build goes on, then join it.

A Child runs one function; a Twin goes on with the build's own code (the writer
shares the pages with it). Either sees the build as it was at the fork. What it
returns comes back pickled; the messages it logs are replayed in the build when it
is joined, so they are printed once and counted by plugins/strict.
"""

import atexit
import contextlib
import logging
import multiprocessing
import os
import pickle
import signal
import sys
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


class Twin:
    """A fork that goes on running the build's own code from the point of the fork
    until it calls `leave(result)`; the build gets that result with `join()`."""

    def __init__(self, what):
        self.what = what
        fd, self.file = tempfile.mkstemp(prefix="pelican-child-", suffix=".pickle")
        os.close(fd)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        try:
            self.pid = os.fork()
        except OSError:
            os.unlink(self.file)
            raise
        self.inside = self.pid == 0
        if self.inside:
            # Should the fork ever end some other way than by `leave` (an exception
            # out of the build's code), it ends there, without the build's exit handlers.
            atexit.register(os._exit, 1)
            self.collect = Collect()
            logging.getLogger().handlers = [self.collect]

    def leave(self, result):
        """In the fork: hand `result` and the messages logged to the build, and end."""
        status = 1
        try:
            with open(self.file, "wb") as f:
                pickle.dump((result, self.collect.records), f, pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)

    def kill(self):
        """End the fork at once (the build is failing)."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.unlink(self.file)

    def join(self):
        """(finished, what the fork left with); its messages are logged here. A fork
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


class Claims:
    """Shares out a sequence of tasks that a build and its twin both go through in the
    same order: each task is done by the process that reaches it first. Make it
    before the fork."""

    def __init__(self):
        self.next = multiprocessing.Value("q", 0)  # in memory both processes share, with a lock
        self.finished = multiprocessing.Value("q", 0)  # tasks done, by either process
        self.reached = 0

    def claim(self):
        """Whether this process does the next task of the sequence."""
        index, self.reached = self.reached, self.reached + 1
        with self.next.get_lock():
            if self.next.value > index:  # the other process was there first
                return False
            self.next.value = index + 1
            return True

    def done(self):
        """The task this process claimed last is done."""
        with self.finished.get_lock():
            self.finished.value += 1


class Child(Twin):
    """A fork that runs `work()` and leaves with what it returns."""

    def __init__(self, work, what):
        super().__init__(what)
        if self.inside:
            result = None
            try:
                result = work()
            except Exception:
                log.exception("%s failed", what)
            finally:
                self.leave(result)  # whatever happened: the fork never returns
