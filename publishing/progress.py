"""Upload progress and sizes, for people.

On a terminal the progress line is redrawn in place; in a log (CI, a pipe) a line
is printed for the first file, at every further tenth of the bytes, and at the end.
"""

import sys

UNITS = ("bytes", "kB", "MB", "GB", "TB")


def human_bytes(n):
    """1234567 -> '1.2 MB' (powers of 1000, as file managers show them)."""
    if n < 1000:
        return f"{n} byte" if n == 1 else f"{n} bytes"
    value = float(n)
    for unit in UNITS[1:]:
        value /= 1000
        if value < 1000 or unit == UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Progress:
    """Counts files and bytes as they are sent, against the totals expected."""

    STEPS = 10

    def __init__(self, files, total_bytes, stream=None):
        self.files, self.total = files, total_bytes
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.done = self.sent = 0
        self.shown_step = -1

    def percent(self):
        if self.total:
            return min(100, self.sent * 100 // self.total)
        return 100 if self.done >= self.files else 0

    def line(self, name):
        width = len(str(self.files))
        return (
            f"  [{self.done:>{width}}/{self.files}] {self.percent():>3}%  "
            f"{human_bytes(self.sent)} of {human_bytes(self.total)}  {name}"
        )

    def advance(self, name, size):
        """One more file sent."""
        self.done += 1
        self.sent += size
        if self.tty:
            self.stream.write("\r\033[K" + self.line(name)[:160])
            self.stream.flush()
            return
        step = self.percent() * self.STEPS // 100
        if self.done == 1 or step > self.shown_step or self.done == self.files:
            self.shown_step = step
            print(self.line(name), file=self.stream, flush=True)

    def close(self):
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
