"""The Isso comment server: its virtualenv, its configuration, its comments exported.

Isso runs from its own virtualenv (.venv-isso/, from requirements-isso.txt), apart
from Pelican's: it is a server with its own dependencies, installed the same way on
the production host. Used by `invoke comments` and by the tests; no Pelican imports.
"""

import configparser
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

REQUIREMENTS = "requirements-isso.txt"
VENV = ".venv-isso"
STAMP = "requirements.sha256"  # in the virtualenv: the requirements it was installed from


def executable(root):
    return Path(root) / VENV / "bin" / "isso"


def install(root, say=print):
    """Make sure root/.venv-isso has exactly requirements-isso.txt; return Isso's path.

    Does nothing when the virtualenv was installed from the same file; otherwise
    creates it if needed and runs pip (which reads only PyPI)."""
    root = Path(root)
    venv, requirements = root / VENV, root / REQUIREMENTS
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = venv / STAMP
    if executable(root).is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
        return executable(root)
    say(f"Installing Isso into {VENV}/ from {REQUIREMENTS} ...")
    if not (venv / "bin" / "python").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-r", str(requirements)], check=True)
    stamp.write_text(digest + "\n")
    return executable(root)


def config_text(*, dbpath, sites, listen, moderation, admin_password, guard=True):
    """An isso.cfg for a server at `listen` (http://host:port) that serves comments
    to the pages of `sites` (their origins, for CORS), keeping them in `dbpath`.

    `guard` is Isso's rate limit (2 new comments a minute from one address): on in
    production, off where one person writes many comments (previews, tests)."""
    config = configparser.ConfigParser(interpolation=None)
    config["general"] = {
        "dbpath": str(dbpath),
        "host": "\n" + "\n".join(sites),
        "notify": "stdout",  # the log names each new comment, with links to approve or delete it
        "max-age": "15m",  # a reader may edit or delete their own comment for 15 minutes
    }
    config["moderation"] = {"enabled": str(bool(moderation)).lower(), "purge-after": "30d"}
    config["server"] = {"listen": listen, "public-endpoint": listen}
    config["guard"] = {"enabled": str(bool(guard)).lower()}
    config["admin"] = {"enabled": "true", "password": admin_password}
    out = io.StringIO()
    out.write("# Written by `invoke comments` (plugins/comments/server.py); edits are overwritten.\n")
    config.write(out)
    return out.getvalue()


EXPORT_SQL = """
SELECT threads.uri AS thread, threads.title AS title, comments.id AS id, comments.parent AS parent,
       datetime(comments.created, 'unixepoch') AS created,
       datetime(comments.modified, 'unixepoch') AS modified,
       CASE comments.mode WHEN 1 THEN 'published' WHEN 2 THEN 'awaiting approval' ELSE 'deleted' END AS status,
       comments.author AS author, comments.email AS email, comments.website AS website,
       comments.text AS text
FROM comments JOIN threads ON threads.id = comments.tid
ORDER BY threads.uri, comments.id
"""


def export(dbpath):
    """Every comment in an Isso database, oldest first within each thread, as dicts
    (the text as the reader wrote it, in Markdown; times in UTC)."""
    uri = Path(dbpath).resolve().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(EXPORT_SQL)]


def write_export(dbpath, path):
    comments = export(dbpath)
    Path(path).write_text(json.dumps(comments, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(comments)
