"""Sizes and upload progress for people (publishing/progress.py)."""

import io

import pytest

from publishing.progress import Progress, human_bytes, plural


@pytest.mark.parametrize(
    "n, text",
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1000, "1.0 kB"),
        (1_234_567, "1.2 MB"),
        (5 * 10**12, "5.0 TB"),
    ],
)
def test_human_bytes(n, text):
    assert human_bytes(n) == text


def test_plural():
    assert (plural(1, "file"), plural(0, "file"), plural(3, "file")) == (
        "1 file",
        "0 files",
        "3 files",
    )


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_in_a_log_progress_prints_the_first_file_each_tenth_and_the_last():
    log = io.StringIO()
    progress = Progress(files=100, total_bytes=100_000, stream=log)
    for i in range(100):
        progress.advance(f"file-{i}", 1000)
    progress.close()
    lines = log.getvalue().splitlines()
    assert lines[0] == "  [  1/100]   1%  1.0 kB of 100.0 kB  file-0"
    assert lines[-1] == "  [100/100] 100%  100.0 kB of 100.0 kB  file-99"
    assert len(lines) == 11  # the first file, then 10%, 20%, ..., 100%


def test_on_a_terminal_progress_redraws_one_line():
    screen = Terminal()
    progress = Progress(files=2, total_bytes=30, stream=screen)
    progress.advance("a.html", 10)
    progress.advance("b.html", 20)
    progress.close()
    text = screen.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "[2/2] 100%  30 bytes of 30 bytes  b.html" in text


def test_files_without_bytes_still_count():
    log = io.StringIO()
    progress = Progress(files=2, total_bytes=0, stream=log)
    progress.advance("empty-1", 0)
    progress.advance("empty-2", 0)
    assert log.getvalue().splitlines()[-1].startswith("  [2/2] 100%")
