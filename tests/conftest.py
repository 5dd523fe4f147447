"""Shared fixtures: one real build of the sample publication per session."""

import json
import logging
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.log import FatalLogger, LimitFilter
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def reset_pelican_logging():
    """Pelican keeps log dedup and --fatal state per process; start each build clean."""
    LimitFilter._raised_messages = set()
    LimitFilter._group_count = defaultdict(int)
    FatalLogger.fatal_lvl = logging.CRITICAL + 1


@pytest.fixture(autouse=True)
def _fresh_pelican_logging():
    reset_pelican_logging()


def build(conf, out, **override):
    """Build with a settings file (and overrides) into `out`, in this process."""
    settings = read_settings(
        str(conf),
        override={"OUTPUT_PATH": str(out), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, **override},
    )
    Pelican(settings).run()
    return Path(out)


class Site:
    """A built site, with helpers that parse what it wrote."""

    def __init__(self, root, settings):
        self.root = root
        self.settings = settings

    def path(self, url):
        """The file behind a site-relative URL such as `2024/05/slug/`."""
        url = url.removeprefix(self.settings["SITEURL"]).lstrip("/")
        return self.root / (url + "index.html" if url.endswith("/") or not url else url)

    def html(self, url):
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")

    def feed(self, url):
        return feedparser.parse(self.path(url).read_bytes())


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The sample publication, built once with the publish settings."""
    out = tmp_path_factory.mktemp("site")
    reset_pelican_logging()
    build(ROOT / "publishconf.py", out)
    return Site(out, read_settings(str(ROOT / "publishconf.py")))


def text(element):
    """An element's text as the author wrote it: typogrify's curly quotes and
    no-break spaces undone, whitespace collapsed."""
    undo = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(element.get_text().split()).translate(undo)


def front_matter(path):
    """The YAML front matter of a Markdown file, parsed independently of Pelican."""
    text = Path(path).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))


def sample_posts():
    """(path, front matter) of every post in the sample publication."""
    return [(p, front_matter(p)) for p in sorted((CONTENT / "posts").rglob("*.md"))]


PROJECT_FILES = ["content", "theme", "plugins", "publishing", "pelicanconf.py", "publishconf.py", "tasks.py", "requirements.txt"]


def copy_project(folder):
    """Copy what the tasks need of the project into `folder`."""
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, folder / name)
    return folder


@pytest.fixture
def project(tmp_path):
    """A throwaway copy of the project, so tasks may write into it."""
    return copy_project(tmp_path)


def invoke(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True
    )


_PAGEFIND_UNORDERED = re.compile(r"(^|/)pagefind/[^/]+/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta)$")


def same_search_index(files):
    """{path: bytes} of a built site without what Pagefind (1.5.2) writes in another order
    on every run: the filter chunks (hash-map order; each page's filters are in its
    fragment too, which is compared), the metadata naming them by digest, and those
    digests in pagefind-entry.json."""
    comparable = {}
    for name, data in files.items():
        if _PAGEFIND_UNORDERED.search(name):
            continue
        if name.endswith("pagefind-entry.json") and "pagefind/" in name:
            entry = json.loads(data)
            for language in entry["languages"].values():
                language.pop("hash")
            data = json.dumps(entry, sort_keys=True).encode()
        comparable[name] = data
    return comparable
