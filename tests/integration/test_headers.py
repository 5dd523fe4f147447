"""Security headers in a real build (plugins/headers): the <meta> policy in every page,
the `_headers` file, and no inline script or style anywhere in what the build writes,
so that the policy blocks nothing of ours (tests/browser/test_csp.py runs it)."""

import re

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from plugins.headers import policy_for
from plugins.headers.policy import for_meta
from publishing.gate import check_site
from tests.conftest import ROOT, build, reset_pelican_logging

META = {"http-equiv": "Content-Security-Policy"}


def headers_of(folder):
    """{name: value} of the `_headers` file's one rule, "/*"."""
    text = (folder / "_headers").read_text(encoding="utf-8")
    rules = re.findall(r"^(/\S*)\n((?:[ \t]+.+\n)+)", text, re.M)
    assert [pattern for pattern, _ in rules] == ["/*"]
    return dict(line.strip().split(": ", 1) for line in rules[0][1].splitlines())


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def inline_code(document):
    """Every inline script, inline style and script URL of a parsed document."""
    found = [f"<style> {s.get_text()[:40]!r}" for s in document.find_all("style")]
    found += [f"<{e.name} style=...>" for e in document.find_all(style=True)]
    found += [f"<script> {s.get_text()[:40]!r}" for s in document.find_all("script")
              if not s.get("src") and s.get("type") != "application/ld+json"]
    for element in document.find_all(True):
        found += [f"<{element.name} {name}=...>" for name in element.attrs if name.lower().startswith("on")]
        found += [f"<{element.name} {name}={value!r}>" for name, value in element.attrs.items()
                  if isinstance(value, str) and value.strip().lower().startswith(("javascript:", "data:"))]
    return found


def test_the_build_writes_the_headers_file_with_the_pages_policy(site):
    headers = headers_of(site.root)
    assert list(headers) == ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                             "X-Frame-Options", "Permissions-Policy"]
    meta = for_meta(policy_for(site.settings))
    assert headers["Content-Security-Policy"] == meta + "; frame-ancestors 'none'"
    assert "'unsafe-inline'" not in meta and "'unsafe-eval'" not in meta


def test_every_page_has_the_policy_first_in_its_head(site):
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 20
    expected = for_meta(policy_for(site.settings))
    wrong = {}
    for path in pages:
        head = soup(path).head
        tags = head.find_all(["meta", "link", "script", "style", "title"])
        if not (tags[0].get("charset") and tags[1].attrs == {**META, "content": expected}):
            wrong[path.relative_to(site.root).as_posix()] = str(tags[:2])
    assert wrong == {}


def test_no_page_has_inline_script_or_style(site):
    pages = sorted(site.root.rglob("*.html"))
    found = {p.relative_to(site.root).as_posix(): inline_code(soup(p)) for p in pages}
    assert {page: code for page, code in found.items() if code} == {}
    jsonld = sum(len(soup(p).find_all("script", type="application/ld+json")) for p in pages)
    assert jsonld > 10  # JSON-LD data blocks stay: browsers do not run them, so CSP lets them be


def test_pictures_and_stylesheets_load_nothing_inline_or_from_elsewhere(site):
    svgs = sorted(site.root.rglob("*.svg"))
    assert svgs
    for path in svgs:
        document = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert inline_code(document) == [] and not document.find_all("script"), path
    sheets = sorted(site.root.rglob("*.css"))
    assert {p.name for p in sheets} >= {"main.css", "feed.css"}
    for path in sheets:
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8"))
        assert [u for u in urls if re.match(r"[a-z]+:", u)] == [], path  # no data:, no other host


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/tag/arctic.atom.xml"])
def test_a_feed_shown_in_a_browser_takes_its_styles_from_a_file_beside_the_xsl(site, feed):
    xsl = site.root / "theme" / "feed.xsl"
    assert b"<style" not in xsl.read_bytes() and b"style=" not in xsl.read_bytes()
    page = BeautifulSoup(str(etree.XSLT(etree.parse(str(xsl)))(etree.parse(str(site.root / feed)))), "html.parser")
    assert inline_code(page) == []
    sheet = page.select('head link[rel="stylesheet"]')
    assert [link["href"] for link in sheet] == [f"{site.settings['SITEURL']}/theme/css/feed.css"]
    assert (site.root / "theme" / "css" / "feed.css").is_file()


def test_the_publish_gate_takes_the_headers_file(site):
    report = check_site(site.root, site.settings["SITEURL"], site.settings["PUBLISH_GATE"]["max_page_weight"])
    assert [str(p) for p in report.problems if "_headers" in p.path] == []


def test_a_rebuild_keeps_the_headers_file_and_follows_the_comment_server(tmp_path):
    out = tmp_path / "out"
    comments = {"url": "https://comments.example.org/isso/", "moderation": True}
    reset_pelican_logging()
    build(ROOT / "publishconf.py", out, COMMENTS=comments)
    first = headers_of(out)["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval' https://comments.example.org;" in first
    assert "connect-src 'self' https://comments.example.org;" in first
    page = soup(out / "2024" / "09" / "arctic-shipping-after-the-ice" / "index.html")
    assert page.find("meta", attrs=META)["content"] + "; frame-ancestors 'none'" == first
    assert page.find("script", src="https://comments.example.org/isso/js/embed.min.js")

    reset_pelican_logging()
    build(ROOT / "publishconf.py", out, COMMENTS=comments)  # the same again: the file is left as it is...
    assert headers_of(out)["Content-Security-Policy"] == first  # ...and plugins/sweep keeps it

    reset_pelican_logging()
    build(ROOT / "publishconf.py", out)  # without comments: the file is written anew
    assert "comments.example.org" not in headers_of(out)["Content-Security-Policy"]
    assert "comments.example.org" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_publish_build_never_allows_livereloads_script(tmp_path):
    """Even with LIVERELOAD_SCRIPT left set in publishconf.py, `invoke publish` (and
    `check`) build with it empty (publishing/cli.py, GATE_SETTINGS)."""
    from publishing import cli
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    with (project / "publishconf.py").open("a") as settings:
        settings.write('\nLIVERELOAD_SCRIPT = "<script>reload()</script>"\n')
    cli.build(project, tmp_path / "out")
    (meta,) = soup(tmp_path / "out" / "index.html").find_all("meta", attrs=META)
    assert "sha256-" not in meta["content"]
    assert meta["content"] == for_meta(policy_for({**cli.load_settings(project), "LIVERELOAD_SCRIPT": ""}))
