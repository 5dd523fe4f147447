"""What a folder (or a live release) holds, and what publishing a build would change.

A manifest maps each file's path (relative, with `/`) to its size and a digest of
its bytes. Releases on a server are listed by `sha256sum`; a git branch by the blob
ids of `git ls-tree`. `diff(live, build)` is what a dry run shows and what the
summary counts.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

DIGESTS = ("sha256", "git")


@dataclass(frozen=True)
class Entry:
    size: int
    digest: str


def digest_of(data, kind="sha256"):
    """sha256 hex, or the id git gives the bytes as a blob."""
    if kind == "git":
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    return hashlib.sha256(data).hexdigest()


def scan(folder, kind="sha256"):
    """The manifest of every file under `folder`."""
    folder = Path(folder)
    manifest = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            manifest[path.relative_to(folder).as_posix()] = Entry(len(data), digest_of(data, kind))
    return manifest


@dataclass
class Diff:
    """Files a deploy adds, changes and removes, as (path, size) pairs, sorted."""

    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def to_send(self):
        return self.added + self.changed

    @property
    def bytes_to_send(self):
        return sum(size for _, size in self.to_send)

    @property
    def bytes_removed(self):
        return sum(size for _, size in self.removed)

    @property
    def empty(self):
        return not (self.added or self.changed or self.removed)


def diff(live, build):
    """What replacing `live` (a manifest, or None when nothing is live) by `build` changes."""
    live = live or {}
    result = Diff()
    for path, entry in sorted(build.items()):
        old = live.get(path)
        if old is None:
            result.added.append((path, entry.size))
        elif old != entry:
            result.changed.append((path, entry.size))
        else:
            result.unchanged += 1
    result.removed = [
        (path, entry.size) for path, entry in sorted(live.items()) if path not in build
    ]
    return result


def _unescape(name):
    """Undo the escaping GNU sha256sum applies to names holding a backslash or newline."""
    out, chars = [], iter(name)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt == "n" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def parse_listing(lines):
    """A manifest from `size\\t<bytes>\\t<path>` and `sum\\t<sha256sum line>` lines
    (what the server prints for its live release; other lines are ignored)."""
    sizes, sums = {}, {}
    for line in lines:
        kind, _, rest = line.partition("\t")
        if kind == "size":
            size, _, path = rest.partition("\t")
            sizes[path] = int(size)
        elif kind == "sum":
            escaped = rest.startswith("\\")
            rest = rest.removeprefix("\\")
            digest, name = rest[:64], rest[66:].removeprefix("./")
            sums[_unescape(name) if escaped else name] = digest
    return {path: Entry(size, sums[path]) for path, size in sizes.items() if path in sums}


def parse_git_tree(output):
    """A manifest from `git ls-tree -r -l -z` output (blobs only)."""
    manifest = {}
    for record in output.split("\0"):
        if not record:
            continue
        info, _, path = record.partition("\t")
        _mode, kind, digest, size = info.split()
        if kind == "blob":
            manifest[path] = Entry(int(size), digest)
    return manifest


def fold_copies(rows, suffixes=(".br", ".gz")):
    """(path, size) rows with each precompressed copy folded into its file's row:
    [(path, bytes of the file and its copies, [copy suffixes])]. A copy whose file
    is not among the rows keeps a row of its own."""
    paths = {path for path, _ in rows}
    folded = {path: [size, []] for path, size in rows}
    for path, size in rows:
        for suffix in suffixes:
            base = path.removesuffix(suffix)
            if path.endswith(suffix) and base in paths:
                del folded[path]
                folded[base][0] += size
                folded[base][1].append(suffix)
    return [(path, size, sorted(copies)) for path, (size, copies) in folded.items()]
