"""Real readers against the published site served over HTTP on 127.0.0.1: newsboat, a
feed reader from Debian, run headless, and Chromium opening a feed through its XSL.

The site is built with the publish settings, its address (SITEURL, FEED_DOMAIN) set to
the local server's, as it would be on the real host.
"""

import functools
import os
import sqlite3
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, build
from tests.integration.test_feeds import SCOPES, same_text


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(site address, output folder): the publish build, served while the module runs."""
    root = tmp_path_factory.mktemp("served")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    address = f"http://127.0.0.1:{server.server_address[1]}"
    build(ROOT / "publishconf.py", root, SITEURL=address, FEED_DOMAIN=address)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield address, root
    server.shutdown()
    server.server_close()
    thread.join()


def newsboat(tmp_path, feed_url):
    """Run newsboat headless on one feed (its own HOME and cache); return what it printed
    and the entries it stored: [(title, author, link)]."""
    home = tmp_path / "home"
    home.mkdir()
    urls, cache = tmp_path / "urls", tmp_path / "cache.db"
    urls.write_text(feed_url + "\n", encoding="utf-8")
    run = subprocess.run(
        ["newsboat", "-u", str(urls), "-c", str(cache), "-C", "/dev/null", "-x", "reload", "print-unread"],
        env={**os.environ, "HOME": str(home)}, capture_output=True, text=True, timeout=120, check=True,
    )
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT title, author, url FROM rss_item WHERE feedurl = ? ORDER BY pubDate DESC",
                          (feed_url,)).fetchall()
    return run.stdout.strip(), rows


def expected(address, kind, slug):
    posts = SCOPES[(kind, slug)]
    return [p.url.replace("https://commentary.example.org", address) for p in posts], posts


@pytest.mark.parametrize(
    ("kind", "slug", "path"),
    [
        ("site", "all", "feeds/all.atom.xml"),
        ("category", "security", "feeds/category/security.atom.xml"),
        ("author", "kenji-hale", "feeds/author/kenji-hale.atom.xml"),
    ],
)
def test_newsboat_lists_every_entry_with_title_and_authors(served, tmp_path, kind, slug, path):
    address, _ = served
    printed, rows = newsboat(tmp_path, f"{address}/{path}")
    urls, posts = expected(address, kind, slug)
    assert printed == f"{len(posts)} unread articles"
    assert [url for _, _, url in rows] == urls
    for (title, author, _), post in zip(rows, posts, strict=True):
        assert same_text(title, post.title)
        assert author == ", ".join(post.authors)  # newsboat joins the Atom <author>s
    assert any(len(p.authors) > 1 for p in posts)


def test_newsboat_reads_the_rss_feed_of_a_category(served, tmp_path):
    address, _ = served
    printed, rows = newsboat(tmp_path, f"{address}/feeds/category/security.rss.xml")
    urls, posts = expected(address, "category", "security")
    assert printed == f"{len(posts)} unread articles"
    assert [url for _, _, url in rows] == urls
    for (title, author, _), post in zip(rows, posts, strict=True):
        assert same_text(title, post.title)
        # newsboat keeps one dc:creator of several (feedparser reads them all: test_feeds.py).
        assert author in post.authors


def test_chromium_shows_a_feed_through_the_stylesheet(served, tmp_path):
    address, _ = served
    run = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", f"{address}/feeds/author/kenji-hale.atom.xml"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    page = BeautifulSoup(run.stdout, "html.parser")
    assert page.find("h1").get_text() == "Meridian Commentary: posts by Kenji Hale"
    urls, _ = expected(address, "author", "kenji-hale")
    assert [a["href"] for a in page.select(".entry h2 a")] == urls
    assert all(img["src"].startswith(f"{address}/images/") for img in page.select(".entry img"))
