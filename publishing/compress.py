"""Precompressed copies of a built site's text files, made when publishing, with a cache.

Beside each text file (its suffix in PRECOMPRESS_TEXT_EXTENSIONS, at least
PRECOMPRESS_MIN_SIZE bytes) go `<file>.gz` (gzip level 9, no timestamp, so the same
file always gives the same bytes) and `<file>.br` (Brotli quality 11), for servers
that serve them (nginx `gzip_static`, `brotli_static`). A copy that would not be
smaller than its file is left out.

Compressing is slow (Brotli 11 above all), so the copies are cached by the sha256 of
the file's bytes in PRECOMPRESS_CACHE_PATH, as `<first 2 hex>/<sha256>.gz|.br`: a
publish compresses only the files whose bytes changed, on every core, and then drops
from the cache what it no longer uses. `compress_site(folder, options)` does it all.
"""

import gzip
import hashlib
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from publishing.config import SOURCE
from publishing.progress import Progress, human_bytes, plural

ENCODINGS = (".gz", ".br")
# The cache is keyed by the file's bytes only: after changing these, delete the cache.
GZIP_LEVEL = 9
BROTLI_QUALITY = 11
DEFAULT_EXTENSIONS = frozenset({".html", ".css", ".js", ".xml", ".json", ".svg"})
DEFAULT_MIN_SIZE = 20  # as pelican-precompress: below it, headers outweigh any saving
DEFAULT_CACHE = Path("cache", "compressed")  # under the project
ENTRY = re.compile(r"[0-9a-f]{64}\.(gz|br)")
SHARD = re.compile(r"[0-9a-f]{2}")


@dataclass(frozen=True)
class Options:
    extensions: frozenset
    min_size: int
    cache: Path


@dataclass
class Summary:
    """What a run did: files compressed now, taken from the cache, too small to
    compress; copies written and their bytes; the text files' own bytes."""

    compressed: int = 0
    reused: int = 0
    skipped: int = 0
    copies: int = 0
    bytes: int = 0
    original_bytes: int = 0
    pruned: int = 0
    seconds: float = 0.0

    @property
    def files(self):
        return self.compressed + self.reused


def check_precompress(settings, root):
    """(Options, problems) from the PRECOMPRESS_* settings; missing ones take defaults,
    a relative cache path is taken from the project folder `root`."""
    problems = []
    extensions = settings.get("PRECOMPRESS_TEXT_EXTENSIONS", DEFAULT_EXTENSIONS)
    if not (
        isinstance(extensions, set | frozenset | list | tuple)
        and all(isinstance(e, str) and re.fullmatch(r"\.[^./\\]+", e) for e in extensions)
    ):
        problems.append(
            f"{SOURCE}: PRECOMPRESS_TEXT_EXTENSIONS: {extensions!r} is not valid "
            '(give a set of file suffixes with their dot, e.g. {".html", ".css"})'
        )
        extensions = DEFAULT_EXTENSIONS
    min_size = settings.get("PRECOMPRESS_MIN_SIZE", DEFAULT_MIN_SIZE)
    if not isinstance(min_size, int) or isinstance(min_size, bool) or min_size < 0:
        problems.append(
            f"{SOURCE}: PRECOMPRESS_MIN_SIZE: {min_size!r} is not valid "
            f"(give the smallest file size to compress in bytes, e.g. {DEFAULT_MIN_SIZE})"
        )
        min_size = DEFAULT_MIN_SIZE
    cache = settings.get("PRECOMPRESS_CACHE_PATH", str(DEFAULT_CACHE))
    if not isinstance(cache, str | os.PathLike) or not str(cache).strip():
        problems.append(
            f"{SOURCE}: PRECOMPRESS_CACHE_PATH: {cache!r} is not valid "
            '(give a folder for the cached copies, e.g. "cache/compressed")'
        )
        cache = DEFAULT_CACHE
    options = Options(frozenset(e.lower() for e in extensions), min_size, Path(root, cache))
    return options, problems


def wanted(name, size, extensions, min_size):
    """Whether a file of the build gets compressed copies."""
    return Path(name).suffix.lower() in extensions and size >= min_size


def cache_path(cache, digest, encoding):
    """Where the `encoding` (.gz or .br) copy of the bytes with this sha256 is cached."""
    return Path(cache, digest[:2], f"{digest}{encoding}")


def keep_copy(original_size, copy_size):
    """A copy is worth serving only if it is smaller than its file."""
    return copy_size < original_size


def compress(data, encoding):
    """The .gz or .br copy of `data`; the same bytes always give the same copy."""
    if encoding == ".gz":
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    import brotli

    return brotli.compress(data, quality=BROTLI_QUALITY)


def stale_entries(names, used):
    """Of the cache's entries (relative paths `ab/<sha256>.gz`), those whose digest is
    not in `used`; anything not named like an entry is never touched."""
    stale = []
    for name in names:
        shard, _, entry = name.partition("/")
        ours = SHARD.fullmatch(shard) and ENTRY.fullmatch(entry) and entry.startswith(shard)
        if ours and entry.split(".")[0] not in used:
            stale.append(name)
    return sorted(stale)


def write_atomically(path, data):
    """Write `path` whole or not at all (a killed run leaves no truncated entry)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_copies(source, digest, cache):
    """Compress one file both ways into the cache. Run in worker threads: zlib and
    Brotli let go of the GIL while they work, so two threads take half the time of
    one, as fast as two processes and without sending the bytes between them."""
    data = Path(source).read_bytes()
    for encoding in ENCODINGS:
        write_atomically(cache_path(cache, digest, encoding), compress(data, encoding))


def text_files(folder, options):
    """(wanted, skipped): relative paths of the files to compress and the number of
    text files under the minimum size."""
    found, skipped = [], 0
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(base, name)
            if not path.is_file() or path.suffix.lower() not in options.extensions:
                continue
            if wanted(name, path.stat().st_size, options.extensions, options.min_size):
                found.append(path.relative_to(folder))
            else:
                skipped += 1
    return sorted(found), skipped


def prune(cache, used):
    """Remove cached copies no file of this run used, and emptied shards; the count."""
    if not cache.is_dir():
        return 0
    names = [
        f"{shard.name}/{entry.name}"
        for shard in cache.iterdir()
        if shard.is_dir()
        for entry in shard.iterdir()
    ]
    stale = stale_entries(names, used)
    for name in stale:
        (cache / name).unlink(missing_ok=True)
    for shard in cache.iterdir():
        if shard.is_dir() and SHARD.fullmatch(shard.name) and not any(shard.iterdir()):
            shard.rmdir()
    return len(stale)


def compress_site(folder, options, out=None, workers=None):
    """Write the .gz and .br copies beside the text files of the build in `folder`,
    compressing only what the cache lacks; a Summary of what was done."""
    out = out or sys.stdout
    started = time.monotonic()
    folder = Path(folder)
    summary = Summary()
    files, summary.skipped = text_files(folder, options)
    digests = {}
    for rel in files:
        data = (folder / rel).read_bytes()
        digests[rel] = hashlib.sha256(data).hexdigest()
        summary.original_bytes += len(data)
    misses = {}  # digest -> the first file with those bytes
    for rel, digest in digests.items():
        if digest not in misses and not all(
            cache_path(options.cache, digest, e).is_file() for e in ENCODINGS
        ):
            misses[digest] = rel
    if misses:
        sizes = {digest: (folder / rel).stat().st_size for digest, rel in misses.items()}
        print(
            f"Compressing {len(misses)} of {plural(len(files), 'text file')} "
            f"({human_bytes(sum(sizes.values()))}) with gzip and Brotli: "
            "the cache has no copies of their bytes.",
            file=out,
            flush=True,
        )
        progress = Progress(len(misses), sum(sizes.values()), out)
        # Biggest first, so no long file is left to run alone at the end.
        order = sorted(misses, key=lambda d: -sizes[d])
        with ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
            jobs = {
                pool.submit(cache_copies, folder / misses[d], d, options.cache): d for d in order
            }
            for job in as_completed(jobs):
                job.result()
                progress.advance(misses[jobs[job]].as_posix(), sizes[jobs[job]])
        progress.close()
    for rel, digest in digests.items():
        size = (folder / rel).stat().st_size
        for encoding in ENCODINGS:
            data = cache_path(options.cache, digest, encoding).read_bytes()
            if keep_copy(size, len(data)):
                (folder / rel).with_name(rel.name + encoding).write_bytes(data)
                summary.copies += 1
                summary.bytes += len(data)
        if misses.get(digest) == rel:
            summary.compressed += 1
        else:
            summary.reused += 1
    summary.pruned = prune(options.cache, set(digests.values()))
    summary.seconds = time.monotonic() - started
    return summary


def describe(summary, options, root=None):
    """The line publishing prints once the copies are made."""
    where = options.cache
    if root is not None and where.is_relative_to(root):
        where = where.relative_to(root)
    line = (
        f"Precompressed {plural(summary.files, 'text file')} "
        f"({human_bytes(summary.original_bytes)}) in {summary.seconds:.1f} s: "
        f"{summary.compressed} compressed, {summary.reused} reused from {where.as_posix()}/; "
        f"{summary.copies} .gz and .br copies, {human_bytes(summary.bytes)}"
    )
    if summary.skipped:
        line += (
            f"; {plural(summary.skipped, 'file')} under {options.min_size} bytes left as they are"
        )
    return line + "."
