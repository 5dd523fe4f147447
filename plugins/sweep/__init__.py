"""DELETE_OUTPUT_DIRECTORY at the end of the build instead of at its start.

Pelican empties the output folder before a build with DELETE_OUTPUT_DIRECTORY, so
every file is written again. With this plugin the folder keeps its files while the
build runs; at the end, each file the build neither wrote nor touched is removed
(OUTPUT_RETENTION's are kept), and so are the folders that are left empty. The
result is the same folder, but a file already right need not be made again: the
writers that link kept files (render cache, images, search) touch a link that is
already there instead (plugins/site/files.py), and none writes through a link.

A file counts as written or touched when its inode or its change time differs from
what they were when the build started (`snapshot`); nothing can set a change time
but the kernel, so a file left alone keeps both. Adding or removing another name of
a file changes its change time too: caches linked into the output remove what they
no longer keep before the snapshot (plugins/render_cache, earlier in PLUGINS, does
it as it starts). A writer that leaves a whole folder as it is says so with `keep`
(the search index, for a bundle that did not change).

Then, with or without DELETE_OUTPUT_DIRECTORY, every file of the output gets mode 0644
and every folder 0755, whatever their sources' modes or the umask were
(plugins/site/files.py `publishable`): last, as a change of mode is a change here too.
"""

import logging
import os

from pelican import signals

from plugins.site.files import inodes, publishable

log = logging.getLogger(__name__)

_build = {}


def snapshot(folder, retention=()):
    """{path: (inode, change time)} of every file under `folder`, but those under the
    names in `retention` at its top."""
    found = {}
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:
            continue
        for entry in entries:
            if current == folder and entry.name in retention:
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            else:
                stat = entry.stat(follow_symlinks=False)
                found[entry.path] = (stat.st_ino, stat.st_ctime_ns)
    return found


def untouched(before):
    """The files of `before` that are still there, as they were."""
    left = []
    for path, mark in before.items():
        try:
            stat = os.lstat(path)
        except FileNotFoundError:
            continue
        if (stat.st_ino, stat.st_ctime_ns) == mark:
            left.append(path)
    return left


def sweep(folder, before):
    """Remove the files of `before` that this build left alone, then the folders they
    leave empty (never `folder` itself). Returns how many files went."""
    stale = untouched(before)
    parents = set()
    for path in stale:
        os.unlink(path)
        parents.add(os.path.dirname(path))
    for parent in sorted(parents, key=len, reverse=True):  # deepest first
        while parent != folder and parent.startswith(folder + os.sep):
            try:
                os.rmdir(parent)
            except OSError:  # not empty (or gone already)
                break
            parent = os.path.dirname(parent)
    return len(stale)


def start(pelican):
    """initialized: take over Pelican's emptying of the output folder."""
    _build.clear()
    output, source = os.path.realpath(pelican.output_path), os.path.realpath(pelican.path)
    signals.finalized.connect(finish)  # connected now: after every plugin's own finalized
    # Pelican's own rule: never empty (nor change) a folder that holds the content.
    if os.path.commonpath([output, source]) == output:
        return
    _build.update(folder=pelican.output_path, content=pelican.path)
    if not pelican.delete_outputdir:
        return
    pelican.delete_outputdir = False
    _build.update(before=snapshot(pelican.output_path, pelican.output_retention))
    signals.static_generator_finalized.connect(keep_static_files)


def keep_static_files(generator):
    """Pelican leaves a static file in place when it finds it up to date
    (STATIC_CHECK_IF_MODIFIED, STATIC_CREATE_LINKS): it is part of the site all the same."""
    before = _build.get("before")
    if before is not None:
        for static in generator.staticfiles:
            before.pop(os.path.join(generator.output_path, static.save_as), None)


def keep(folder):
    """The files under `folder` (in the output) are part of this build as they are: a
    writer found them right and left them alone (the search index's unchanged bundles)."""
    if "before" in _build:
        _build.setdefault("kept", []).append(os.path.join(folder, ""))


def finish(pelican):
    folder, content = _build.pop("folder", None), _build.pop("content", None)
    before = _build.pop("before", None)
    if before is not None:
        kept = tuple(_build.pop("kept", ()))
        if kept:
            before = {path: mark for path, mark in before.items() if not path.startswith(kept)}
        removed = sweep(folder, before)
        if removed:
            log.info("Removed %d file(s) that this build did not write", removed)
    if folder and os.path.isdir(folder):
        changed = publishable(folder, lambda: inodes(content))
        if changed:
            log.debug("Gave %d file(s) and folder(s) of the output the modes 0644 and 0755", changed)


def register():
    signals.initialized.connect(start)
