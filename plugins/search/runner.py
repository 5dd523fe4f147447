"""Running Pagefind: one bundle per shard, two shards at a time, cached bundles reused.

Pagefind reads a folder of symbolic links to exactly the shard's files, so it
indexes the pages Pelican wrote in this build and nothing else (no stale page of
an older build, no draft). Bundles are built in the cache (<CACHE_PATH>/search/
<shard>-<key>/, never changed once complete) and copied into <output>/pagefind/<shard>/.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from plugins.site.files import link_or_copy

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
TIMEOUT = 600  # seconds, per shard


@dataclass
class Report:
    indexed: list = field(default_factory=list)  # shards Pagefind ran on
    reused: list = field(default_factory=list)  # shards copied from the cache
    errors: list = field(default_factory=list)  # (shard, message)


def pagefind_binary():
    """The Pagefind executable of the pagefind[bin] package (or $PAGEFIND_BINARY_PATH)."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise FileNotFoundError("no Pagefind executable found")
    return binary


def pagefind_version(binary):
    result = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def read_inputs(output_path, paths):
    """([(path, size, digest of its bytes)] of the files Pagefind will index, [paths missing])."""
    files, missing = [], []
    for path in paths:
        try:
            data = (Path(output_path) / path).read_bytes()
        except FileNotFoundError:
            missing.append(path)
            continue
        if MARKER in data:
            files.append((path, len(data), hashlib.sha256(data).digest()))
    return files, missing


def run_pagefind(binary, output_path, paths, bundle):
    """Index `paths` (relative to output_path) into the folder `bundle`; None or Pagefind's error."""
    with tempfile.TemporaryDirectory(prefix="pagefind-site-") as site:
        for path in paths:
            link = Path(site, path)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(Path(output_path, path).resolve())
        command = [str(binary), "--site", site, "--output-path", str(bundle), *OPTIONS]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
    return None


def publish(bundle, target):
    """Put a finished bundle in the output, without Pagefind's unused interface files."""
    shutil.copytree(
        bundle,
        target,
        copy_function=link_or_copy,
        ignore=lambda folder, names: [n for n in names if n in UNUSED_FILES],
    )


def build_bundles(output_path, shards, cache_root=None, reuse=False, workers=None):
    """Write <output>/pagefind/<shard>/ for every shard ({shard: [paths]}).

    With a cache_root, bundles are built there and kept; with `reuse`, a shard whose
    key has a bundle there is copied instead of indexed again. Returns a Report.
    """
    report = Report()
    binary = pagefind_binary()
    inputs = {}
    for shard, paths in shards.items():
        files, missing = read_inputs(output_path, paths)
        if missing:
            report.errors.append(
                (shard, f"{len(missing)} page(s) missing from the output, e.g. {missing[0]}")
            )
        elif not files:
            report.errors.append(
                (
                    shard,
                    f"none of its {len(paths)} page(s) has a data-pagefind-body element (mark the text in its template)",
                )
            )
        else:
            inputs[shard] = files
    target = Path(output_path, BUNDLES_DIR)
    shutil.rmtree(target, ignore_errors=True)  # bundles of an older build, or its single index
    target.mkdir(parents=True)

    cache = Path(cache_root) if cache_root else None
    keys, cached = {}, set()
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        version = pagefind_version(binary)
        keys = {
            shard: shard_key(version, OPTIONS, [(path, digest) for path, _, digest in files])
            for shard, files in inputs.items()
        }
        cached = {p.name for p in cache.iterdir()}
    todo = to_rebuild(keys, cached if reuse else set()) if cache else sorted(inputs)

    def index(shard):
        paths = [path for path, _, _ in inputs[shard]]
        if not cache:
            error = run_pagefind(binary, output_path, paths, target / shard)
            for name in UNUSED_FILES:
                (target / shard / name).unlink(missing_ok=True)
            return error
        entry = cache / entry_name(shard, keys[shard])
        work = Path(tempfile.mkdtemp(prefix=f".new-{shard}-", dir=cache))
        try:
            error = run_pagefind(binary, output_path, paths, work / "bundle")
            if error is None:
                shutil.rmtree(entry, ignore_errors=True)
                (work / "bundle").rename(entry)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return error

    sizes = {shard: sum(size for _, size, _ in inputs[shard]) for shard in todo}
    order = biggest_first(sizes)
    with ThreadPoolExecutor(
        max_workers=max(1, min(workers or os.cpu_count() or 1, len(order) or 1))
    ) as pool:
        for shard, error in zip(order, pool.map(index, order), strict=True):
            if error:
                report.errors.append((shard, error))
            else:
                report.indexed.append(shard)
    if cache:
        failed = {shard for shard, _ in report.errors}
        for shard in sorted(set(inputs) - failed):
            try:
                publish(cache / entry_name(shard, keys[shard]), target / shard)
            except OSError as error:  # e.g. pruned meanwhile by a build of other content
                report.errors.append((shard, f"could not copy its bundle from {cache} ({error})"))
                continue
            if shard not in todo:
                report.reused.append(shard)
        for name in stale(keys, {p.name for p in cache.iterdir()}):
            shutil.rmtree(cache / name, ignore_errors=True)
    return report
