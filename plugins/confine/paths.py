"""Which paths under content/ may be read. Pure: file-system reads only, no Pelican.

Everything under content/ is untrusted (DESIGN.md §6). A file is read only where its
real path (every symbolic link resolved) is inside content/. `links` finds every
symbolic link under content/ and says which ones are refused:

- a link whose target is outside content/ (`ln -s /etc/shadow content/images/x`);
- a link whose target does not exist;
- a link to a folder that holds the link itself (a loop), or that holds links to
  folders: walking it could go on for ever (two folders linked to each other) or
  publish a tree many times over. A link to a folder inside content/ that holds no
  link to a folder is followed, as Pelican follows it.
"""

import fnmatch
import os
from dataclasses import dataclass


def within(path, folder):
    """Whether `path`, every link resolved, is `folder` or inside it."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class Refused:
    link: str  # the link, relative to content/ (with os.sep)
    message: str
    hint: str


def ignored(name, patterns):
    """Whether a file or folder name is one Pelican's IGNORE_FILES leaves out."""
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def shown(path, content):
    """A path as messages show it: from the project folder when inside content/
    (content/images/2024), as it is otherwise (/etc/shadow)."""
    if within(path, content):
        project = os.path.dirname(os.path.realpath(content))
        return os.path.relpath(os.path.realpath(path), project).replace(os.sep, "/")
    return path


def shown_link(path, content):
    """A link as messages show it: its own place (the link itself not followed)."""
    own = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
    return os.path.relpath(own, os.path.dirname(os.path.realpath(content))).replace(os.sep, "/")


def links(content, patterns=()):
    """(every symbolic link under `content`, the refused ones), each relative to
    `content`; names matching `patterns` (IGNORE_FILES) are never looked at, as
    Pelican never reads them. Links are not followed by this walk."""
    found, refused = [], []
    for folder, folders, files in os.walk(content):
        folders[:] = sorted(f for f in folders if not ignored(f, patterns))
        for name in sorted(folders + files):
            if ignored(name, patterns):
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path):
                relative = os.path.relpath(path, content)
                found.append(relative)
                problem = _refusal(path, content)
                if problem:
                    refused.append(Refused(relative, *problem))
    return found, refused


def _refusal(link, content):
    """(message, hint) when the link must not be followed, else None."""
    target = os.path.realpath(link)
    if not within(target, content):
        return f"is a link to {target}, outside content/", "copy the file into content/ instead"
    if not os.path.exists(target):
        return (f"is a link to {shown(target, content)}, which does not exist",
                "remove the link, or put the file it names back")
    if os.path.isdir(target):
        if within(os.path.dirname(link), target):
            return (f"is a link to {shown(target, content)}, a folder that holds the link itself",
                    "remove the link: it makes an endless loop")
        if _holds_folder_links(target):
            return (f"is a link to {shown(target, content)}, a folder that holds links to folders",
                    "link to each of those folders itself, or copy the folder")
    return None


def _holds_folder_links(folder):
    for parent, folders, _ in os.walk(folder):
        if any(os.path.islink(os.path.join(parent, f)) for f in folders):
            return True
    return False


def under(path, folders):
    """Whether the relative `path` is one of `folders` or inside one."""
    path = os.path.normpath(path)
    return any(path == f or path.startswith(f + os.sep) for f in folders)


def confined(get_files, base, refused, has_links, paths, exclude=None, extensions=None):
    """What Pelican's `Generator.get_files(paths, exclude, extensions)` finds, walked
    into no refused link (each one is excluded as Pelican excludes a folder, so the walk
    never starts down a loop or out of content/), and without any file whose real path
    is outside `base` or missing."""
    if isinstance(paths, str):
        paths = [paths]
    paths = [os.path.normpath(p) if p else p for p in paths]
    paths = [p for p in paths if not (p and under(p, refused))]
    found = get_files(paths, exclude=[*(exclude or []), *refused], extensions=extensions)
    if not has_links:  # every path found is a plain file of content/
        return found
    return {f for f in found if within(os.path.join(base, f), base) and os.path.exists(os.path.join(base, f))}
