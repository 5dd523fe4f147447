"""Files in the output that are the same files as kept ones in a cache."""

import contextlib
import os
import shutil


def link_or_copy(source, target):
    """Make `target` the file `source` is: a hard link, or a copy across file systems.
    A kept file is never written in place, so the two can share their bytes."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def unlink(path):
    """Remove `path` if it is there: a file about to be written anew may be a link to a
    kept file, which must not change."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
