"""Running Pagefind: one bundle per shard, one shard per core, cached bundles reused.

Pagefind is told exactly the shard's files (a --glob naming each), so it indexes the
pages Pelican wrote in this build and nothing else (no stale page of an older build,
no draft). Bundles are built in the cache (<CACHE_PATH>/search/<shard>-<key>/, never
changed once complete) and linked into <output>/pagefind/<shard>/.
"""

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from plugins.site.files import link_or_copy, load_json, save_json

from .shards import (
    BUNDLES_DIR,
    MARKER,
    UNUSED_FILES,
    biggest_first,
    entry_name,
    shard_key,
    stale,
    to_rebuild,
)

OPTIONS = ("--quiet",)
KNOWN = "inputs.json"  # in the cache: what read_inputs learnt of each page
TIMEOUT = 600  # seconds, per shard


@dataclass
class Report:
    indexed: list = field(default_factory=list)  # shards Pagefind ran on
    reused: list = field(default_factory=list)  # shards taken from the cache
    unchanged: list = field(default_factory=list)  # of those, the ones already in the output as they are
    errors: list = field(default_factory=list)  # (shard, message)


def pagefind_binary():
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, or the one the pagefind[bin]
    package installs (found without importing the pagefind package, which brings asyncio:
    a twentieth of a rebuild's time)."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    package = importlib.util.find_spec("pagefind_bin")
    for folder in (package and package.submodule_search_locations) or ():
        for name in ("pagefind_extended", "pagefind"):
            if Path(folder, name).is_file():
                return Path(folder, name)
    raise FileNotFoundError("no Pagefind executable found")


def pagefind_version(binary):
    result = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def read_inputs(output_path, paths, known=None):
    """([(path, size, digest of its bytes)] of the files Pagefind will index, [paths missing]).

    `known` ({path: [inode, size, mtime, marked, digest]}, updated here) spares reading a
    file that is still the same: the build never writes a file in place, so a file with
    the inode, size and modification time it had is the file it was."""
    files, missing = [], []
    known = {} if known is None else known
    for path in paths:
        full = os.path.join(output_path, path)
        try:
            stat = os.stat(full)
        except FileNotFoundError:
            missing.append(path)
            continue
        mark = [stat.st_ino, stat.st_size, stat.st_mtime_ns]
        seen = known.get(path)
        if seen is None or seen[:3] != mark:
            with open(full, "rb") as f:
                data = f.read()
            seen = known[path] = [*mark, MARKER in data, hashlib.sha256(data).hexdigest()]
        if seen[3]:
            files.append((path, seen[1], bytes.fromhex(seen[4])))
    return files, missing


def run_pagefind(binary, output_path, paths, bundle):
    """Index `paths` (relative to output_path) into the folder `bundle`; None or Pagefind's error.

    Pagefind reads the output folder but only the files its --glob names; a list too
    long for one argument of a command goes as a folder of links to those files."""
    pattern = "{" + ",".join(_GLOB_SPECIAL.sub(r"\\\g<0>", path) for path in paths) + "}"
    if len(pattern.encode()) < GLOB_LIMIT:
        return _pagefind(binary, ["--site", str(output_path), "--glob", pattern], bundle)
    with tempfile.TemporaryDirectory(prefix="pagefind-site-") as site:
        for path in paths:
            link = Path(site, path)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(Path(output_path, path).resolve())
        return _pagefind(binary, ["--site", site], bundle)


def _pagefind(binary, site, bundle):
    command = [str(binary), *site, "--output-path", str(bundle), *OPTIONS]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
    return None


_GLOB_SPECIAL = re.compile(r"[\\*?\[\]{},<>]")  # escaped in Pagefind's globs (a "!" must not be)
GLOB_LIMIT = 100_000  # bytes: Linux takes up to 128 KiB in one argument


def publish(bundle, target):
    """Put a finished bundle in the output, without Pagefind's unused interface files."""
    shutil.copytree(
        bundle,
        target,
        copy_function=link_or_copy,
        ignore=lambda folder, names: [n for n in names if n in UNUSED_FILES],
    )


def same_bundle(entry, bundle):
    """Whether the output's `bundle` folder is what `publish` makes of the cache's `entry`:
    the same files, each a link to the entry's (a cached entry never changes)."""

    def files(folder):
        found = {}
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                found[os.path.relpath(path, folder)] = os.lstat(path).st_ino
        return found

    try:
        published = files(bundle)
    except OSError:
        return False
    expected = {path: inode for path, inode in files(entry).items() if path not in UNUSED_FILES}
    return bool(published) and published == expected


class Bundles:
    """<output>/pagefind/<shard>/ for every shard: shards are added as their pages are
    written (the posts' before the lists are, the pages' at the end) and indexed in
    threads meanwhile; `finish` puts the bundles in the output and returns a Report.

    With a cache_root, bundles are built there and kept; with `reuse`, a shard whose
    key has a bundle there is taken from it instead of indexed again."""

    def __init__(self, output_path, cache_root=None, reuse=False, workers=None):
        self.output_path, self.report = output_path, Report()
        self.binary = pagefind_binary()
        self.target = Path(output_path, BUNDLES_DIR)
        self.cache = Path(cache_root) if cache_root else None
        if not self.cache:  # Pagefind writes straight into the output: no bundle of an older build there
            shutil.rmtree(self.target, ignore_errors=True)
        self.target.mkdir(parents=True, exist_ok=True)
        self.version, self.cached, self.known = None, set(), {}
        if self.cache:
            self.cache.mkdir(parents=True, exist_ok=True)
            self.version = pagefind_version(self.binary)
            if reuse:
                self.cached = {p.name for p in self.cache.iterdir() if p.is_dir()}
                self.known = load_json(self.cache / KNOWN) or {}
        self.shards, self.keys, self.indexed, self.jobs = {}, {}, set(), {}
        self.pool = ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1, thread_name_prefix="search index")

    def add(self, shards):
        """Index these shards ({shard: [paths]}, their pages written), biggest first."""
        self.shards.update(shards)
        for shard in biggest_first({shard: len(paths) for shard, paths in shards.items()}):
            self.jobs[shard] = self.pool.submit(self.index, shard)

    def index(self, shard):
        """None, or why the shard has no bundle."""
        paths = self.shards[shard]
        files, missing = read_inputs(self.output_path, paths, self.known)
        if missing:
            return f"{len(missing)} page(s) missing from the output, e.g. {missing[0]}"
        if not files:
            return f"none of its {len(paths)} page(s) has a data-pagefind-body element (mark the text in its template)"
        paths = [path for path, _, _ in files]
        if not self.cache:
            error = run_pagefind(self.binary, self.output_path, paths, self.target / shard)
            for name in UNUSED_FILES:
                (self.target / shard / name).unlink(missing_ok=True)
            self.indexed.add(shard)
            return error
        key = self.keys[shard] = shard_key(self.version, OPTIONS, [(path, digest) for path, _, digest in files])
        if not to_rebuild({shard: key}, self.cached):
            return None
        entry = self.cache / entry_name(shard, key)
        work = Path(tempfile.mkdtemp(prefix=f".new-{shard}-", dir=self.cache))
        try:
            error = run_pagefind(self.binary, self.output_path, paths, work / "bundle")
            if error is None:
                shutil.rmtree(entry, ignore_errors=True)
                (work / "bundle").rename(entry)
                self.indexed.add(shard)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return error

    def finish(self):
        """Wait for every shard, put the bundles in the output, forget stale ones: the Report.
        An unexpected error of a shard's thread is raised here."""
        report = self.report
        try:
            for shard, job in self.jobs.items():
                error = job.result()
                if error:
                    report.errors.append((shard, error))
                elif shard in self.indexed:
                    report.indexed.append(shard)
        finally:
            self.pool.shutdown()
        if self.cache:
            failed = {shard for shard, _ in report.errors}
            published = sorted(self.keys.keys() - failed)
            for shard in published:
                entry, bundle = self.cache / entry_name(shard, self.keys[shard]), self.target / shard
                if shard not in self.indexed and same_bundle(entry, bundle):
                    report.reused.append(shard)
                    report.unchanged.append(shard)
                    continue
                try:
                    shutil.rmtree(bundle, ignore_errors=True)
                    publish(entry, bundle)
                except OSError as error:  # e.g. pruned meanwhile by a build of other content
                    report.errors.append((shard, f"could not copy its bundle from {self.cache} ({error})"))
                    continue
                if shard not in self.indexed:
                    report.reused.append(shard)
            for other in {p.name for p in self.target.iterdir()} - set(published):  # an older build's
                shutil.rmtree(self.target / other, ignore_errors=True)
            for name in stale(self.keys, {p.name for p in self.cache.iterdir() if p.is_dir()}):
                shutil.rmtree(self.cache / name, ignore_errors=True)
            pages = {path for paths in self.shards.values() for path in paths}
            save_json(self.cache / KNOWN, {path: seen for path, seen in self.known.items() if path in pages})
        report.indexed.sort()
        return report
