"""Build one generated publication with our settings and with vanilla Pelican; compare.

Each build runs in its own subprocess (`python -m pelican`), timed from start to
exit; its CPU time and peak memory (the largest resident set of the build or of a
process it started and waited for) are what the kernel reports when the process is
reaped (`os.wait4`). The steps:

1. a temporary copy of the project: pelicanconf.py, publishconf.py, plugins/,
   theme/ and content/ minus its posts, profiles, pages and images, which are
   replaced by `generate.generate(n)`; plus a plain settings file for vanilla;
2. cold builds, with empty caches: ours (publish settings and the build options
   `invoke build` uses) and vanilla's (default theme, typogrify, default feeds,
   pagination 10, pelican-yaml-metadata, Pelican's generator-level content cache);
3. one post edited, then a rebuild of each using its cache, into the folder of its
   cold build: vanilla's in place, ours as `invoke build` and `livereload` do once
   they have built twice (a build goes into the folder of the build before last,
   removing at its end what it did not write: plugins/sweep).
"""

import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import generate

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["pelicanconf.py", "publishconf.py", "plugins", "theme"]
GENERATED_CONTENT = {"posts", "authors", "pages", "images"}  # replaced in the copy; the rest is copied
OURS = "publishconf.py"
TARGETS = {"cold": 1.0, "rebuild": 0.5, "memory": 1.3}
REBUILD_LIMIT_AT_1000 = 2.0  # seconds

VANILLA_SETTINGS = '''\
"""Vanilla Pelican on the benchmark's posts: defaults, plus what reading them needs."""
SITENAME = "Meridian Commentary"
SITEURL = "https://commentary.example.org"
FEED_DOMAIN = SITEURL
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
SLUGIFY_SOURCE = "basename"  # slugs from file names, as in our settings
TYPOGRIFY = True
DEFAULT_PAGINATION = 10
PLUGINS = ["pelican.plugins.yaml_metadata"]  # reads the same YAML front matter
THEME_TEMPLATES_OVERRIDES = ["vanilla-templates"]  # the Contributors page's `template:`
CONTENT_CACHING_LAYER = "generator"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache-vanilla"
'''
VANILLA_CONTRIBUTORS = '{% extends "page.html" %}\n'


@dataclass(frozen=True)
class Build:
    seconds: float  # wall time, start to exit
    cpu_seconds: float  # user + system time of the build and the processes it waited for
    peak_bytes: int  # the largest resident set of the build or of one of those processes


@dataclass(frozen=True)
class Result:
    posts: int
    words: int
    ours_cold: Build
    vanilla_cold: Build
    ours_rebuild: Build
    vanilla_rebuild: Build
    rounds: int = 1  # the builds are the medians of this many runs

    def ratios(self):
        return {
            "cold": self.ours_cold.seconds / self.vanilla_cold.seconds,
            "rebuild": self.ours_rebuild.seconds / self.vanilla_rebuild.seconds,
            "cold_cpu": self.ours_cold.cpu_seconds / self.vanilla_cold.cpu_seconds,
            "rebuild_cpu": self.ours_rebuild.cpu_seconds / self.vanilla_rebuild.cpu_seconds,
            "memory": max(self.ours_cold.peak_bytes, self.ours_rebuild.peak_bytes)
            / max(self.vanilla_cold.peak_bytes, self.vanilla_rebuild.peak_bytes),
        }

    def met(self):
        """{target: met?}, including the rebuild's absolute limit at 1,000 posts."""
        ratios = self.ratios()
        met = {name: ratios[name] <= limit for name, limit in TARGETS.items()}  # on wall time
        if self.posts <= 1000:
            met["rebuild"] = met["rebuild"] and self.ours_rebuild.seconds < REBUILD_LIMIT_AT_1000
        return met


class BuildFailed(RuntimeError):
    pass


class Progress:
    """One status line that rewrites itself on a terminal (plain lines elsewhere),
    with the time since the start; `ticking` keeps it moving during a long step."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.tty = bool(stream) and stream.isatty()
        self.start = time.perf_counter()

    def __call__(self, message):
        if not self.stream:
            return
        line = f"[{time.perf_counter() - self.start:6.1f} s] {message}"
        self.stream.write("\r\033[K" + line if self.tty else line + "\n")
        self.stream.flush()

    @contextlib.contextmanager
    def ticking(self, message):
        self(message)
        stop = threading.Event()

        def tick():
            while not stop.wait(1.0):
                self(message)

        ticker = threading.Thread(target=tick, daemon=True) if self.tty else None
        if ticker:
            ticker.start()
        try:
            yield
        finally:
            stop.set()
            if ticker:
                ticker.join()

    def done(self):
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def prepare(workdir, n, seed, progress):
    """The project copy with `n` generated posts; returns the path of the edited post."""
    workdir = Path(workdir)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, workdir / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, workdir / part)
    content = workdir / "content"
    content.mkdir()
    for entry in (ROOT / "content").iterdir():
        if entry.name not in GENERATED_CONTENT:
            (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, content / entry.name)
    progress(f"generating {n} posts")
    publication = generate.generate(n, seed, site_license=_site_license())
    generate.write_publication(
        publication, content, progress=lambda done, total: progress(f"writing files {done}/{total}")
    )
    (workdir / "vanillaconf.py").write_text(VANILLA_SETTINGS, encoding="utf-8")
    (workdir / "vanilla-templates").mkdir()
    (workdir / "vanilla-templates" / "contributors.html").write_text(VANILLA_CONTRIBUTORS)
    return publication


def _site_license():
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "publishconf.py"))["SITE_LICENSE"]


def pelican(workdir, settings, output, extra, log_name):
    """Run one build in a subprocess: its wall time and peak memory."""
    args = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", str(output), *extra]
    log_path = Path(workdir) / f"{log_name}.log"
    env = {**os.environ, "COLUMNS": "200"}
    with open(log_path, "w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=workdir, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "".join(log_path.read_text(encoding="utf-8").splitlines(keepends=True)[-30:])
        raise BuildFailed(f"{log_name} failed (exit {process.returncode}); end of {log_path}:\n{tail}")
    return Build(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)  # Linux: maxrss in KiB


def measure(n, ours_extra, seed=1, keep=None, progress=None, repeat=1):
    """Generate `n` posts, build them both ways, cold and after one edit; `repeat` rounds
    (each from empty caches, ours and vanilla's builds taking turns), the median of each."""
    progress = progress or Progress(stream=None)
    workdir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        publication = prepare(workdir, n, seed, progress)
        edited = workdir / "content" / publication.posts[len(publication.posts) // 2]
        rounds = []
        for round_number in range(1, repeat + 1):
            label = f"{n:,} posts" + (f", round {round_number} of {repeat}" if repeat > 1 else "")
            rounds.append(one_round(workdir, ours_extra, edited, lambda what, label=label: progress.ticking(f"{label}: {what}")))
        names = ("ours-cold", "vanilla-cold", "ours-rebuild", "vanilla-rebuild")
        return Result(n, publication.words, *(median([r[name] for r in rounds]) for name in names), rounds=repeat)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def one_round(workdir, ours_extra, edited, step):
    """Cold builds from empty caches, `edited` edited, rebuilds: {name: Build}."""
    for folder in ("out-ours", "out-vanilla", "cache", "cache-vanilla"):
        shutil.rmtree(workdir / folder, ignore_errors=True)
    builds = {}

    def run(name, settings, output, extra, what):
        with step(what):
            builds[name] = pelican(workdir, settings, workdir / output, extra, name)

    run("ours-cold", OURS, "out-ours", ours_extra, "our cold build")
    run("vanilla-cold", "vanillaconf.py", "out-vanilla", [], "vanilla cold build")
    edited.write_text(generate.edit_post(edited.read_text(encoding="utf-8")), encoding="utf-8")
    run("ours-rebuild", OURS, "out-ours", ours_extra, f"our rebuild after editing {edited.name}")
    run("vanilla-rebuild", "vanillaconf.py", "out-vanilla", [], f"vanilla rebuild after editing {edited.name}")
    return builds


def median(builds):
    """The median of each measure of several runs of one build."""
    return Build(
        statistics.median(b.seconds for b in builds),
        statistics.median(b.cpu_seconds for b in builds),
        int(statistics.median(b.peak_bytes for b in builds)),
    )


# --- Reporting ------------------------------------------------------------------------


def machine():
    """One line: CPU, cores, memory, Python and Pelican versions."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
        with open("/proc/meminfo", encoding="utf-8") as info:
            kb = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
        memory = f", {kb / 1024 ** 2:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    from pelican import __version__ as pelican_version

    return (f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()}, "
            f"Python {platform.python_version()}, Pelican {pelican_version}")


def rows(result):
    ratios, met = result.ratios(), result.met()

    def mark(name):
        return "met" if met[name] else "MISSED"

    limit = f" and < {REBUILD_LIMIT_AT_1000:.0f} s" if result.posts <= 1000 else ""
    ours_peak = max(result.ours_cold.peak_bytes, result.ours_rebuild.peak_bytes)
    vanilla_peak = max(result.vanilla_cold.peak_bytes, result.vanilla_rebuild.peak_bytes)
    return [
        [f"{result.posts:,}", "cold build", f"{result.ours_cold.seconds:.1f} s", f"{result.vanilla_cold.seconds:.1f} s",
         f"{ratios['cold']:.2f}×", f"≤ {TARGETS['cold']}× ({mark('cold')})"],
        [f"{result.posts:,}", "rebuild after one edit", f"{result.ours_rebuild.seconds:.1f} s",
         f"{result.vanilla_rebuild.seconds:.1f} s", f"{ratios['rebuild']:.2f}×",
         f"≤ {TARGETS['rebuild']}×{limit} ({mark('rebuild')})"],
        [f"{result.posts:,}", "cold build, CPU time", f"{result.ours_cold.cpu_seconds:.1f} s",
         f"{result.vanilla_cold.cpu_seconds:.1f} s", f"{ratios['cold_cpu']:.2f}×", "—"],
        [f"{result.posts:,}", "rebuild, CPU time", f"{result.ours_rebuild.cpu_seconds:.1f} s",
         f"{result.vanilla_rebuild.cpu_seconds:.1f} s", f"{ratios['rebuild_cpu']:.2f}×", "—"],
        [f"{result.posts:,}", "peak memory", f"{ours_peak / 2**20:.0f} MB", f"{vanilla_peak / 2**20:.0f} MB",
         f"{ratios['memory']:.2f}×", f"≤ {TARGETS['memory']}× ({mark('memory')})"],
    ]


HEADER = ["posts", "measure", "ours", "vanilla Pelican", "ours / vanilla", "target"]


def text_table(results):
    table = [HEADER] + [row for result in results for row in rows(result)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(results):
    lines = ["| " + " | ".join(HEADER) + " |", "| --- | --- | ---: | ---: | ---: | --- |"]
    lines += ["| " + " | ".join(row) + " |" for result in results for row in rows(result)]
    return "\n".join(lines)


def describe(results, note=""):
    words = ", ".join(f"{r.posts:,} posts ({r.words / r.posts:,.0f} words on average)" for r in results)
    lines = [f"{words}; 30 authors, 12 categories, 80 tags, 20 featured pictures.", f"Machine: {machine()}."]
    if results and results[0].rounds > 1:
        lines.append(f"Each figure is the median of {results[0].rounds} runs (each from empty caches).")
    return "\n".join([*lines, note] if note else lines)
