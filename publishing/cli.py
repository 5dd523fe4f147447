"""`invoke publish`, `invoke releases` and `invoke rollback`, step by step.

publish: check the settings, build with publishconf.py into a fresh folder, write
the precompressed copies (.gz, .br; from the cache when a file is unchanged), run
the gate, compare with what is live, then (unless --dry-run) upload a new release,
make it live atomically and prune old releases. Any failure raises PublishError
before the live site changes.
"""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from publishing import PublishError
from publishing.compress import check_precompress, compress_site, describe
from publishing.config import SOURCE, check_gate, choose_target
from publishing.gate import check_site
from publishing.manifest import diff, fold_copies, scan
from publishing.progress import Progress, human_bytes, plural
from publishing.releases import PARTIAL, new_release_id, released_at, rollback_choice, to_prune
from publishing.targets import open_target

NOTHING_SENT = "Nothing was sent."


def load_settings(root):
    from pelican.settings import read_settings

    return read_settings(str(Path(root) / SOURCE))


def commit_of(root):
    """(short sha of HEAD or None, whether tracked files have uncommitted changes)."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    )
    if head.returncode:
        return None, False
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return head.stdout.strip(), bool(status.stdout.strip())


# What a publish build adds to publishconf.py, and `invoke check` with it: any warning
# fails, drafts are left out (pelicanconf.py, BUILD_DRAFTS), and no page allows the
# script of livereload's server (LIVERELOAD_SCRIPT). One `-e`: Pelican keeps the last.
GATE_SETTINGS = ('STRICT={"fail_on": "warning"}', "BUILD_DRAFTS=false", 'LIVERELOAD_SCRIPT=""')


def build(root, folder):
    """Build with the publish settings into `folder`; fail on any error or warning."""
    root = Path(root)
    command = [sys.executable, "-m", "pelican", str(root / "content"), "-s", str(root / SOURCE)]
    command += ["-o", str(folder), "-e", *GATE_SETTINGS]
    # Log lines stay whole (path:line: field: ...) when the output is not a terminal.
    env = os.environ if sys.stdout.isatty() else {**os.environ, "COLUMNS": "200"}
    sys.stdout.flush()
    if subprocess.run(command, cwd=root, env=env, check=False).returncode:
        raise PublishError(f"Gate failed: the build reported the problems above. {NOTHING_SENT}")


def precompress(folder, options, target, out=None, root=None):
    """Write the .gz and .br copies beside the build's text files (none for GitHub
    Pages, which compresses by itself and would not keep them); the Summary or None."""
    out = out or sys.stdout
    if target.method == "ghpages":
        print("No precompressed copies: GitHub Pages compresses by itself.", file=out, flush=True)
        return None
    try:
        summary = compress_site(folder, options, out)
    except OSError as error:
        raise PublishError(
            f"Could not make the precompressed copies: {error}. Check that {options.cache} "
            "can be written (or set PRECOMPRESS_CACHE_PATH in publishconf.py to a folder "
            f"that can); deleting it is safe. {NOTHING_SENT}"
        ) from error
    print(describe(summary, options, root), file=out, flush=True)
    return summary


def source_of(root, page):
    """The content file a page was most likely built from (its slug is the file name), or None."""
    parts = page.split("/")
    if len(parts) < 2 or parts[-1] != "index.html":
        return None
    found = sorted(Path(root, "content").rglob(f"{parts[-2]}.md"))
    return found[0].relative_to(root).as_posix() if len(found) == 1 else None


def gate(folder, settings, out=None, root=None):
    """Check a build; raise PublishError listing every problem."""
    out = out or sys.stdout
    options, problems = check_gate(settings.get("PUBLISH_GATE"))
    if problems:
        raise PublishError("\n".join(problems))
    report = check_site(folder, settings["SITEURL"], options["max_page_weight"])
    if report.problems:
        lines = []
        for problem in report.problems:
            source = root and source_of(root, problem.path)
            lines.append(f"{problem} (page built from {source})" if source else str(problem))
        listing = "\n".join(lines)
        raise PublishError(
            f"{listing}\nGate failed: {plural(len(report.problems), 'problem')} in the build "
            f"(listed above, by file of the build). {NOTHING_SENT}"
        )
    page, weight = report.heaviest
    print(
        f"Gate passed: {report.pages} pages, every internal link and anchor resolves; "
        f"{plural(report.feeds, 'feed')} parse; heaviest page {page} at {human_bytes(weight)} "
        f"(budget {human_bytes(options['max_page_weight'])}).",
        file=out,
        flush=True,
    )


@dataclass
class Plan:
    """What a publish will do: the release, the changes against what is live, the pruning."""

    target: object
    state: object
    manifest: dict
    changes: object
    release: str
    pruned: list
    commit: str | None
    dirty: bool

    def summary(self, url):
        return {
            "release": self.release,
            "files": len(self.manifest),
            "bytes": sum(entry.size for entry in self.manifest.values()),
            "sent": len(self.changes.to_send),
            "bytes_sent": self.changes.bytes_to_send,
            "removed": len(self.changes.removed),
            "pruned": self.pruned,
            "url": url,
        }


def make_plan(dest, target, build_dir, root):
    state = dest.state(manifest=True)
    if state.problem:
        raise PublishError(f"{target.name}: {state.problem}. {NOTHING_SENT}")
    dest.stage(build_dir)
    manifest = scan(build_dir, dest.digest)
    commit, dirty = commit_of(root)
    release = new_release_id(datetime.now(UTC), commit, state.ids)
    keep = target.options.get("keep")
    pruned = to_prune([*state.ids, release], release, keep) if keep else []
    changes = diff(state.manifest, manifest)
    return Plan(target, state, manifest, changes, release, pruned, commit, dirty)


def show_plan(plan, out, dest):
    """The dry run's report: counts and bytes, then every file added, changed or removed."""
    changes = plan.changes
    print(f"Dry run: release {plan.release} on {plan.target.name} would", file=out)
    for label, rows in (
        ("add", changes.added),
        ("change", changes.changed),
        ("remove", changes.removed),
    ):
        total = sum(size for _, size in rows)
        print(f"  {label:<7}{plural(len(rows), 'file'):>12}  {human_bytes(total)}", file=out)
    print(f"  {'keep':<7}{plural(changes.unchanged, 'file'):>12}  unchanged", file=out)
    for mark, rows in (("+", changes.added), ("~", changes.changed), ("-", changes.removed)):
        for path, size, copies in fold_copies(rows):
            also = f", with {' '.join(copies)}" if copies else ""
            print(f"    {mark} {path}  ({human_bytes(size)}{also})", file=out)
    then = "then become live"
    if plan.state.live:
        then += f" (replacing {plan.state.live})"
    if plan.pruned:
        keep = plan.target.options["keep"]
        then += f"; {plural(len(plan.pruned), 'old release')} would be removed to keep {keep}"
        then += f": {', '.join(plan.pruned)}"
    print(f"  {then}.", file=out)
    for leftover in plan.state.unfinished:
        print(f"  The {unfinished(leftover, dest)} would be removed first.", file=out)
    print("Dry run: nothing was sent.", file=out, flush=True)


def unfinished(name, dest):
    """How `releases` and `publish` name a release that never became live."""
    if name.endswith(PARTIAL):
        return f"unfinished upload {name} (never live)"
    return f"unfinished release {name} ({dest.never_live})"


def send(dest, plan, build_dir, out):
    """Upload the release with progress, make it live, prune."""
    upload_release(dest, plan, build_dir, out)
    make_live(dest, plan, out)


def upload_release(dest, plan, build_dir, out):
    """Remove what earlier publishes left unfinished, then upload the release: complete
    on the target, not live (the first half of `send`)."""
    for leftover in dest.prepare(plan.state):
        print(f"Removed the {unfinished(leftover, dest)}.", file=out)
    changes = plan.changes
    if plan.target.method == "ghpages":
        files = plural(len(plan.manifest), "file")
        print(f"Committing {files} with ghp-import and pushing to {dest.where()}.", file=out)
    else:
        print(
            f"Uploading release {plan.release}: {plural(len(changes.to_send), 'file')} to send "
            f"({human_bytes(changes.bytes_to_send)}), {changes.unchanged} unchanged.",
            file=out,
            flush=True,
        )
    progress = Progress(len(changes.to_send), changes.bytes_to_send, out)
    dest.upload(build_dir, plan.release, plan.state, progress)


def make_live(dest, plan, out):
    """Make the uploaded release live, then prune (the second half of `send`)."""
    kept = dest.activate(plan.release, plan.pruned)
    if kept:
        print(
            f"Warning: could not remove old release(s) {', '.join(kept)}: remove them by hand.",
            file=out,
        )
        plan.pruned = [r for r in plan.pruned if r not in kept]


def deploy(build_dir, target, settings, root, dry_run=False, out=None, started=None):
    """Publish an already checked build to `target`; a dict summarising what was done."""
    out = out or sys.stdout
    started = started or time.monotonic()
    with open_target(target, root) as dest:
        print(
            f"Comparing with what is live on {target.name} ({dest.where()}).", file=out, flush=True
        )
        plan = make_plan(dest, target, build_dir, root)
        if plan.dirty:
            note = f"release {plan.release} names commit {plan.commit}"
            print(f"Note: uncommitted changes are published; {note}.", file=out)
        if dry_run:
            show_plan(plan, out, dest)
            return plan.summary(settings["SITEURL"] + "/")
        send(dest, plan, build_dir, out)
    summary = plan.summary(settings["SITEURL"] + "/")
    elapsed = time.monotonic() - started
    print(
        f"Published {plan.release} to {target.name} ({dest.where()}) in {elapsed:.1f} s:\n"
        f"  {plural(summary['files'], 'file')} ({human_bytes(summary['bytes'])}) live; "
        f"{summary['sent']} sent ({human_bytes(summary['bytes_sent'])}), "
        f"{summary['removed']} removed, {plan.changes.unchanged} unchanged",
        file=out,
    )
    if plan.pruned:
        keep = target.options["keep"]
        print(f"  old releases removed (keep {keep}): {', '.join(plan.pruned)}", file=out)
    print(f"  Live at {summary['url']}", file=out, flush=True)
    return summary


def publish(root, target=None, dry_run=False, out=None):
    """Build, gate and deploy; the `invoke publish` task."""
    started = time.monotonic()
    out = out or sys.stdout
    root = Path(root)
    settings = load_settings(root)
    chosen = choose_target(settings, target)
    _, problems = check_gate(settings.get("PUBLISH_GATE"))
    compression, more = check_precompress(settings, root)
    if problems + more:
        raise PublishError("\n".join(problems + more))
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        folder = Path(tmp) / "site"
        print(f"Building with {SOURCE} into a fresh folder.", file=out, flush=True)
        build(root, folder)
        precompress(folder, compression, chosen, out, root)
        gate(folder, settings, out, root)
        return deploy(folder, chosen, settings, root, dry_run=dry_run, out=out, started=started)


def releases(root, target=None, out=None):
    """List the releases on a target, newest first, the live one marked."""
    out = out or sys.stdout
    settings = load_settings(root)
    chosen = choose_target(settings, target)
    with open_target(chosen, root) as dest:
        state = dest.state()
    if not state.ids:
        print(
            f"No releases on {chosen.name} ({dest.where()}) yet: invoke publish makes the first.",
            file=out,
        )
    else:
        print(f"Releases on {chosen.name} ({dest.where()}), newest first:", file=out)
        for release in state.ids:
            live = release == state.live
            when = f"{released_at(release):%Y-%m-%d %H:%M:%S} UTC"
            print(f"  {'*' if live else ' '} {release}  {when}{'  live' if live else ''}", file=out)
        if state.live is None:
            print("  (none of them is live)", file=out)
    for leftover in state.unfinished:
        print(f"  {unfinished(leftover, dest)}: removed by the next publish", file=out)
    return state


def rollback(root, target=None, to=None, out=None):
    """Make an earlier release live again (the one before the live one, or --to)."""
    out = out or sys.stdout
    settings = load_settings(root)
    chosen = choose_target(settings, target)
    with open_target(chosen, root) as dest:
        state = dest.state()
        try:
            choice = rollback_choice(state.ids, state.live, to, state.unfinished)
        except ValueError as error:
            where = f"{chosen.name} ({dest.where()})"
            raise PublishError(f"Rollback on {where}: {error}. Nothing changed.") from error
        dest.rollback(choice, state)
    print(
        f"Rolled back {chosen.name}: {choice} is live again (was {state.live}).\n"
        f"  Live at {settings['SITEURL']}/",
        file=out,
        flush=True,
    )
    return choice
