"""Files in the output (links to kept files in a cache, a built folder swapped in, the
permissions of what is published) and the JSON files caches keep their notes in."""

import contextlib
import errno
import json
import os
import shutil
import stat

FILE_MODE, FOLDER_MODE = 0o644, 0o755  # what a published file and folder allow


def link_or_copy(source, target):
    """Make `target` the file `source` is: a hard link, or a copy across file systems.
    A kept file is never written in place, so the two can share their bytes. Where
    `target` is that link already (an output folder built into again), it is only
    touched: sweep.py keeps what a build touched or wrote."""
    try:
        if os.path.samestat(os.stat(source), os.stat(target)):
            touch(target)
            return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(target), exist_ok=True)
    unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_text(path, text):
    """Make the file `path` hold `text`. If it does already (a folder built into again),
    it is only touched; otherwise it is written as a new file, never through the old
    one, which may be a link to a kept file."""
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as f:
            if f.read(len(data) + 1) == data:
                touch(path)
                return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    unlink(path)
    with open(path, "wb") as f:
        f.write(data)


def load_json(path):
    """What `save_json` saved at `path`, or None if it is missing or damaged."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save_json(path, value):
    """Save `value` at `path` whole or not at all (a build may be stopped at any moment)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(f"{path}.part", "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False)
    os.replace(f"{path}.part", path)


def touch(path):
    """Mark `path` as part of this build (its change time is now) and change nothing
    else: not its modification time, which tells servers and rsync it is unchanged."""
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def unlink(path):
    """Remove `path` if it is there: a file about to be written anew may be a link to a
    kept file, which must not change."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def publishable(folder, sources=frozenset):
    """Give every file under `folder` FILE_MODE and every folder (and `folder` itself)
    FOLDER_MODE, whatever the modes of their sources or the umask were: a web server
    reads them as another user, and nothing published is executable or writable by
    others. Only what differs is changed (a change of mode is a change for sweep.py,
    which looks at change times: run this after it). A file that is one of the
    `sources` ((device, inode) pairs, e.g. of content/) under another name is replaced
    by a copy instead, so that a source never changes (`sources` is called for them the
    first time one is needed). Links are left as they are. Returns how many changed."""
    changed, shared = 0, None
    pending = [folder]
    while pending:
        current = pending.pop()
        if stat.S_IMODE(os.lstat(current).st_mode) != FOLDER_MODE:
            os.chmod(current, FOLDER_MODE)
            changed += 1
        for entry in os.scandir(current):
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                if stat.S_IMODE(info.st_mode) == FILE_MODE:
                    continue
                if info.st_nlink > 1 and shared is None:
                    shared = sources()
                if info.st_nlink > 1 and (info.st_dev, info.st_ino) in shared:
                    shutil.copyfile(entry.path, f"{entry.path}.part")
                    os.replace(f"{entry.path}.part", entry.path)
                os.chmod(entry.path, FILE_MODE)
                changed += 1
    return changed


def inodes(folder):
    """{(device, inode)} of every file under `folder` (links not followed)."""
    found = set()
    for parent, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                info = os.lstat(os.path.join(parent, name))
                found.add((info.st_dev, info.st_ino))
    return found


def swap_folders(fresh, target):
    """Put the folder `fresh` where `target` is, and `target` (if any) where `fresh` was,
    so that every file of the site can be read at every moment: a reader (the livereload
    server, a test, a browser) gets the old site or the new one, never a missing file.
    Linux exchanges the two names in one step (renameat2 with RENAME_EXCHANGE); where
    that is not available, two renames leave `target` missing for a moment."""
    fresh, target = os.fspath(fresh), os.fspath(target)
    if os.path.lexists(target) and _exchange(fresh, target):
        return
    if os.path.lexists(target):
        aside = f"{fresh}.swap"
        os.rename(target, aside)
        os.rename(fresh, target)
        os.rename(aside, fresh)
    else:
        os.rename(fresh, target)


def _exchange(a, b):
    """Exchange the names `a` and `b` atomically; False where the system cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EXDEV):  # not supported here
        return False
    raise OSError(error, os.strerror(error), b)
