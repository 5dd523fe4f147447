"""Tasks for authors, editors and the publisher: `invoke --list` shows them all.

Builds run Pelican in a subprocess, so edits to plugins are always picked up.
A build writes into a folder of its own (the one the build before last left) and
replaces the old output only when it succeeds: a failed build leaves the previous
site exactly as it was. `build`,
`preview` and `livereload` keep Pelican's content cache in cache/, so a rebuild
reads only the posts that changed; `check` always reads everything.
One task at a time writes output/, preview/ and cache/: `build`, `preview`, `check`,
`publish` and `clean` hold the project's build lock (cache/.build.lock), and a second
one exits at once naming the first; livereload's rebuilds wait for it.
"""

import contextlib
import hashlib
import importlib.metadata
import json
import os
import shlex
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import UnexpectedExit, task
from pelican.settings import read_settings
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
PREVIEW = ROOT / "preview"
LOCAL = ROOT / "pelicanconf.py"
PUBLISH = ROOT / "publishconf.py"
CACHE = ROOT / "cache"
DEFAULT_HOST, DEFAULT_PORT = "localhost", 8000  # FEED_DOMAIN in pelicanconf.py


def pelican(c, settings, output, *extra):
    """Run Pelican with the given settings file into `output`."""
    args = [sys.executable, "-m", "pelican", CONTENT, "-s", settings, "-o", output, *extra]
    # Log lines stay whole (path:line: field: ...) when the output is not a terminal.
    env = {} if sys.stdout.isatty() else {"COLUMNS": "200"}
    c.run(shlex.join(map(str, args)), env=env)


def build_options(folder, *overrides):
    """Pelican options of `build`, `preview`, `livereload` and `bench`: the generator-level
    content cache in `folder` (a post whose file is unchanged is not read again;
    plugins/front_matter/cache.py reads again those with problems or whose picture or
    authors changed), and DELETE_OUTPUT_DIRECTORY, as a build goes into the folder of
    the build before last (plugins/sweep removes what it did not write). `overrides`
    are more KEY=JSON settings: Pelican keeps only the last `-e`, so they join it."""
    return ["--cache-path", str(folder), "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
            'CONTENT_CACHING_LAYER="generator"', "GZIP_CACHE=false", "DELETE_OUTPUT_DIRECTORY=true", *overrides]


def cache_folder(settings):
    """cache/<settings>-<digest>: a new folder whenever the settings, the plugins or
    the installed packages change, since Pelican trusts its cache across such changes."""
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest = hashlib.sha256("\n".join([sys.version, *installed]).encode())
    for path in [LOCAL, PUBLISH, *sorted((ROOT / "plugins").rglob("*.py"))]:
        digest.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes())
    folder = CACHE / f"{settings.stem}-{digest.hexdigest()[:16]}"
    for stale in CACHE.glob(f"{settings.stem}-*"):
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    return folder


class BuildFailed(Exception):
    pass


# --- One build at a time (README "Tasks") ---------------------------------------

BUILD_LOCK = CACHE / ".build.lock"  # cache/ is git-ignored


def lock_holder(fd):
    """`(pid N): invoke TASK` of the process holding the lock open as `fd`, as it wrote
    it (its first moment, locked and not yet written, is waited out briefly)."""
    import time

    for _ in range(100):
        pid, _, task = os.pread(fd, 200, 0).decode(errors="replace").strip().partition(" ")
        if pid.isdigit() and process_exists(int(pid)):
            return f"(pid {pid}): {task}" if task else f"(pid {pid})"
        time.sleep(0.01)
    return "(pid unknown)"


def process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


@contextlib.contextmanager
def one_build_at_a_time(task, wait=False):
    """Hold the project's build lock while `task` runs, so that output/, preview/ and
    cache/ have one writer. If another task holds it, exit at once with status 1, or
    with `wait`, say so and wait for it. The lock is the kernel's (flock): a build that
    is killed frees it. The file only names the holder, for the message."""
    import fcntl

    CACHE.mkdir(exist_ok=True)
    fd = os.open(BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(fd)
            if not wait:
                sys.exit(f"Another build is running {holder}. "
                         f"Wait for it to finish, then run invoke {task} again.")
            print(f"Another build is running {holder}. Waiting for it to finish.", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        held = True
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} invoke {task}\n".encode(), 0)
        yield
    finally:
        if held:
            os.ftruncate(fd, 0)
        os.close(fd)  # frees the lock


def forked_pelican(settings, output, *extra):
    """Run Pelican in a child of this process, whose modules are already imported
    (`preload`): a rebuild in `livereload` starts in a few milliseconds."""
    import pelican as pelican_module

    args = [str(a) for a in [CONTENT, "-s", settings, "-o", output, *extra]]
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            pelican_module.main(args)
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise BuildFailed(f"Pelican exited with status {os.waitstatus_to_exitcode(status)}")


def preload(settings):
    """Import Pelican, the plugins and what they use, once, for `forked_pelican`."""
    import importlib

    import pelican.generators  # noqa: F401

    sys.path.insert(0, str(ROOT))
    for name in read_settings(str(settings))["PLUGINS"]:
        importlib.import_module(name if "." in name else f"pelican.plugins.{name}")


def build_into(c, settings, target, fork=False, overrides=()):
    """Build into the folder `target` held before the last build (or a fresh one), then
    swap it in place of `target`: a failed build leaves `target` as it was. The folder
    swapped out is kept as `<target>.spare` for the next build, which writes again only
    what changed and removes what it did not write (plugins/sweep). `overrides`: more
    KEY=JSON settings (`build_options`)."""
    from plugins.site.files import swap_folders

    for stray in target.parent.glob(f"{target.name}.new-*"):  # a killed build's (we hold the lock)
        shutil.rmtree(stray, ignore_errors=True)
    spare = target.with_name(f"{target.name}.spare")
    folder = spare if spare.is_dir() else Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
    try:
        options = build_options(cache_folder(settings), *overrides)
        if fork:
            forked_pelican(settings, folder, *options)
        else:
            pelican(c, settings, folder, *options)
    except BaseException:
        if folder != spare:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"Build failed: {target.relative_to(ROOT)}/ was left as it was.", file=sys.stderr)
        raise
    had_site = target.exists()
    swap_folders(folder, target)  # `folder` now holds the previous site, if there was one
    if had_site and folder != spare:
        folder.rename(spare)
    print(f"Built {target.relative_to(ROOT)}/ with {settings.name}.")


@task
def build(c):
    """Build the site with the local settings into output/."""
    with one_build_at_a_time("build"):
        build_into(c, LOCAL, OUTPUT)


@task
def preview(c):
    """Build the site with the publish settings into preview/."""
    with one_build_at_a_time("preview"):
        build_into(c, PUBLISH, PREVIEW)


@task
def check(c):
    """Strict build with the publish settings, as `publish` makes it (no drafts): any warning or error fails."""
    from publishing.cli import GATE_SETTINGS

    with one_build_at_a_time("check"), tempfile.TemporaryDirectory() as tmp:
        pelican(c, PUBLISH, tmp, "-e", *GATE_SETTINGS)
    print("Check passed: no warning, no error.")


@task(help={"host": "address to listen on", "port": "port to listen on"})
def serve(c, host=DEFAULT_HOST, port=DEFAULT_PORT):
    """Serve output/ at http://HOST:PORT (build it first)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    server = RootedHTTPServer(str(OUTPUT), (host, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving output/ at http://{host}:{port}/ (Ctrl-C stops).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"host": "address to listen on", "port": "port to listen on"})
def livereload(c, host=DEFAULT_HOST, port=DEFAULT_PORT):
    """Build, serve and rebuild on any change to content, theme, plugins or settings.

    Content and theme changes are built by a fork of this process, which has Pelican
    and the plugins imported already; a change to plugins or settings is built by a
    new Python, and so are all later builds (the imported code is out of date).
    The server adds a <script> to every page it serves, which reloads the page after a
    rebuild: its builds set LIVERELOAD_SCRIPT to it, so that the pages' policy allows
    that script (plugins/headers). The first build is made once the server has said
    what it will add, before it serves anything."""
    from livereload import Server

    preload(LOCAL)
    imported_code_is_current = True
    overrides = []

    def rebuild():
        # Pelican printed why a build failed: keep watching. A running build is waited
        # for, so no change goes unbuilt.
        with contextlib.suppress(UnexpectedExit, BuildFailed), one_build_at_a_time("livereload", wait=True):
            build_into(c, LOCAL, OUTPUT, fork=imported_code_is_current, overrides=overrides)

    def rebuild_code():
        nonlocal imported_code_is_current
        imported_code_is_current = False
        rebuild()

    class LiveServer(Server):
        # livereload (2.7.1) hands the <script> it adds to pages (bytes) to this method
        # only, as it starts serving: the policy allows exactly that script, not a copy.
        # tests/browser/test_livereload.py fails if a new livereload changes this.
        def get_web_handlers(self, script):
            overrides.append("LIVERELOAD_SCRIPT=" + json.dumps(script.decode()))
            rebuild()
            return super().get_web_handlers(script)

    server = LiveServer()
    for pattern in ("content/**/*", "theme/**/*"):
        server.watch(str(ROOT / pattern), rebuild)
    for pattern in ("plugins/**/*.py", "*.py"):
        server.watch(str(ROOT / pattern), rebuild_code)
    server.serve(host=host, port=int(port), root=str(OUTPUT))


@task
def clean(c):
    """Delete the built output/ and preview/ folders and their spares (never content)."""
    with one_build_at_a_time("clean"):
        for folder in (OUTPUT, PREVIEW, *ROOT.glob("output.*"), *ROOT.glob("preview.*")):
            shutil.rmtree(folder, ignore_errors=True)
    print("Removed output/, preview/ and their spare folders.")


@task(
    help={
        "title": "the post's title",
        "author": "an author's name, as in content/authors/ (repeat for co-authors)",
        "category": "the post's category",
    },
    iterable=["author"],
)
def new(c, title, author=None, category=None):
    """Write content/posts/<year>/<slug>.md with every field; never overwrites."""
    from plugins.front_matter.skeleton import new_post

    settings = read_settings(str(LOCAL))
    now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    path = CONTENT / "posts" / f"{now:%Y}" / f"{slug}.md"
    if path.exists():
        sys.exit(f"{path.relative_to(ROOT)} already exists: choose another title.")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = new_post(title, f"{now:%Y-%m-%d %H:%M}", author or None, category)
    with open(path, "x", encoding="utf-8") as f:
        f.write(text)
    print(path.relative_to(ROOT))


@task
def test(c):
    """Run the whole test suite."""
    c.run(shlex.join([sys.executable, "-m", "pytest"]))


def _publishing(step, **options):
    """Run one step of publishing/cli.py; a failure prints its reason and exits 1."""
    from publishing import PublishError, cli

    try:
        return getattr(cli, step)(ROOT, **options)
    except PublishError as error:
        sys.exit(str(error))


@task(help={"target": "a name in PUBLISH_TARGETS (default: PUBLISH_DEFAULT)",
            "dry_run": "show what would change on the target and send nothing"})
def publish(c, target=None, dry_run=False):
    """Build, check and deploy the site as a new release; nothing is sent if a check fails."""
    with one_build_at_a_time("publish"):
        _publishing("publish", target=target, dry_run=dry_run)


@task(help={"target": "a name in PUBLISH_TARGETS (default: PUBLISH_DEFAULT)"})
def releases(c, target=None):
    """List the releases on a target, newest first, the live one marked."""
    _publishing("releases", target=target)


@task(help={"target": "a name in PUBLISH_TARGETS (default: PUBLISH_DEFAULT)",
            "to": "the release to make live (an id, its start or its commit; default: the one before)"})
def rollback(c, target=None, to=None):
    """Make an earlier release live again."""
    _publishing("rollback", target=target, to=to)


@task(
    help={
        "posts": "how many posts to generate (default 1000); several sizes: --posts 1000,5000",
        "seed": "seed of the generated publication (same seed, same posts)",
        "markdown": "also write the table as Markdown to this file",
        "keep": "build in this folder and keep it (default: a temporary folder, removed)",
        "without": "leave this plugin out of our build, to see what it costs (repeatable)",
        "repeat": "run every build this many times, each from empty caches, and report the medians (default 1)",
    },
    iterable=["without"],
)
def bench(c, posts="1000", seed=1, markdown=None, keep=None, without=None, repeat="1"):
    """Time our build against vanilla Pelican's on N generated posts."""
    try:
        sizes = [int(n) for n in str(posts).split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        sys.exit(f"--posts {posts}: give a number of posts of at least 1, or several: --posts 1000,5000.")
    if not str(repeat).isdigit() or int(repeat) < 1:
        sys.exit(f"--repeat {repeat}: give how many times to run each build, at least 1.")
    from bench.run import BuildFailed, Progress, describe, markdown_table, measure, text_table

    overrides = []
    if without:
        plugins = read_settings(str(PUBLISH))["PLUGINS"]
        unknown = set(without) - set(plugins)
        if unknown:
            sys.exit(f"Not in PLUGINS: {', '.join(sorted(unknown))}.")
        overrides.append("PLUGINS=" + json.dumps([p for p in plugins if p not in without]))
    progress = Progress()
    try:
        results = [
            measure(n, build_options("cache", *overrides), int(seed), keep and Path(keep) / str(n), progress, int(repeat))
            for n in sizes
        ]
    except BuildFailed as failed:
        progress.done()
        sys.exit(str(failed))
    progress.done()
    note = f"Our build without {', '.join(without)}." if without else ""
    print(describe(results, note))
    print(text_table(results))
    if markdown:
        Path(markdown).write_text(f"{describe(results, note)}\n\n{markdown_table(results)}\n", encoding="utf-8")
        print(f"Wrote {markdown}.")


# --- Comments (Isso; README "Comments") ----------------------------------------

COMMENTS_DATA = ROOT / "comments-data"  # the preview server's database: no task deletes it
COMMENTS_PORT = 8080


@task(
    help={
        "port": f"port of the comment server (default {COMMENTS_PORT})",
        "export": "write every comment to this JSON file, then stop (the server need not run)",
        "database": "with --export: the Isso database to read (default comments-data/comments.db)",
    }
)
def comments(c, port=COMMENTS_PORT, export=None, database=None):
    """Run Isso, the comment server, for previews; comments are kept in comments-data/."""
    import secrets

    from plugins.comments.server import config_text, install, write_export
    from plugins.comments.settings import check

    if export:
        db = Path(database) if database else COMMENTS_DATA / "comments.db"
        if not db.is_file():
            sys.exit(f"{db} does not exist: name an Isso database with --database.")
        n = write_export(db, export)
        print(f"Wrote {n} comment{'' if n == 1 else 's'} from {db} to {export}.")
        return
    settings = read_settings(str(LOCAL))
    config, problems = check(settings.get("COMMENTS"), settings["SITEURL"])
    if problems:
        sys.exit("\n".join(f"pelicanconf.py: {key}: {message}" + (f" ({hint})" if hint else "")
                            for key, message, hint in problems))
    server = f"http://{DEFAULT_HOST}:{port}"
    isso = install(ROOT)
    COMMENTS_DATA.mkdir(exist_ok=True)
    password = secrets.token_urlsafe(12)
    cfg = COMMENTS_DATA / "isso.cfg"
    cfg.write_text(config_text(
        dbpath=COMMENTS_DATA / "comments.db",
        sites=[f"http://localhost:{DEFAULT_PORT}", f"http://127.0.0.1:{DEFAULT_PORT}"],
        listen=server, moderation=config["moderation"], admin_password=password, guard=False,
    ), encoding="utf-8")
    cfg.chmod(0o600)  # it holds the admin password
    print(f"Comment server at {server}/ for the site at http://localhost:{DEFAULT_PORT}/; "
          f"comments are kept in {COMMENTS_DATA.relative_to(ROOT)}/comments.db.")
    print(f"Moderation: {'on' if config['moderation'] else 'off'}. "
          f"Approve or delete comments at {server}/admin/ (password {password}).")
    if config["url"] != server:
        print(f'Local builds show comments when COMMENTS["url"] in pelicanconf.py is "{server}" '
              f'(now {config["url"] or "empty: no comments"}).')
    print("Ctrl-C stops the server.", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        c.run(shlex.join([str(isso), "-c", str(cfg), "run"]))
