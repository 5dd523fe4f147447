"""Tasks for authors, editors and the publisher: `invoke --list` shows them all.

Builds run Pelican in a subprocess, so edits to plugins are always picked up.
A build writes into a fresh folder and replaces the old output only when it
succeeds: a failed build leaves the previous site exactly as it was.
"""

import contextlib
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
DEFAULT_HOST, DEFAULT_PORT = "localhost", 8000  # FEED_DOMAIN in pelicanconf.py


def pelican(c, settings, output, *extra):
    """Run Pelican with the given settings file into `output`."""
    args = [sys.executable, "-m", "pelican", CONTENT, "-s", settings, "-o", output, *extra]
    # Log lines stay whole (path:line: field: ...) when the output is not a terminal.
    env = {} if sys.stdout.isatty() else {"COLUMNS": "200"}
    c.run(shlex.join(map(str, args)), env=env)


def build_into(c, settings, target):
    """Build into a fresh sibling folder, then swap it in place of `target`."""
    fresh = Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
    try:
        pelican(c, settings, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"Build failed: {target.relative_to(ROOT)}/ was left as it was.", file=sys.stderr)
        raise
    old = target.with_name(f"{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {target.relative_to(ROOT)}/ with {settings.name}.")


@task
def build(c):
    """Build the site with the local settings into output/."""
    build_into(c, LOCAL, OUTPUT)


@task
def preview(c):
    """Build the site with the publish settings into preview/."""
    build_into(c, PUBLISH, PREVIEW)


@task
def check(c):
    """Strict build with the publish settings: any warning or error fails."""
    with tempfile.TemporaryDirectory() as tmp:
        pelican(c, PUBLISH, tmp, "-e", 'STRICT={"fail_on": "warning"}')
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
    """Build, serve and rebuild on any change to content, theme, plugins or settings."""
    from livereload import Server

    def rebuild():
        with contextlib.suppress(UnexpectedExit):  # Pelican printed why; keep watching
            build_into(c, LOCAL, OUTPUT)

    rebuild()
    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", "*.py"):
        server.watch(str(ROOT / pattern), rebuild)
    server.serve(host=host, port=int(port), root=str(OUTPUT))


@task
def clean(c):
    """Delete the built output/ and preview/ folders (never content)."""
    for folder in (OUTPUT, PREVIEW):
        shutil.rmtree(folder, ignore_errors=True)
    print("Removed output/ and preview/.")


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
