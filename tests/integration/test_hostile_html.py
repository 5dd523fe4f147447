"""A site whose bodies hold raw HTML that must not reach readers, and links to files
that do not exist: each is an error naming the file, the line and the fix; what is
published holds none of it; an allowed embed host and BODY_HTML = "trusted" let
things through."""

import logging

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, build, reset_pelican_logging

HOSTILE = ROOT / "tests" / "fixtures" / "sites" / "hostile_html" / "content"
OFF = '; if every author is trusted, BODY_HTML = "trusted" in pelicanconf.py turns this check off'
YOUTUBE = "www.youtube-nocookie.com"

BODY_ERRORS = [
    f"content/authors/jane-researcher.md:5: body: <script> would run in readers' browsers (remove it{OFF})",
    f"content/pages/contact.md:6: body: <form> is not allowed (remove it, or write the same in Markdown{OFF})",
    f"content/pages/contact.md:6: body: <input> is not allowed (remove it, or write the same in Markdown{OFF})",
    f"content/posts/2024/script.md:9: body: <script> would run in readers' browsers (remove it{OFF})",
    f"content/posts/2024/event-handler.md:9: body: onerror attribute on <img> would run in readers' browsers (remove it{OFF})",
    f"content/posts/2024/attribute-list.md:8: body: onmouseover attribute on <p> would run in readers' browsers (remove it{OFF})",
    "content/posts/2024/javascript-link.md:7: body: javascript: URL in <a href> would run in readers' browsers"
    f" (remove it, or link to an https:// address{OFF})",
    "content/posts/2024/summary-link.md:6: summary: javascript: URL in <a href> would run in readers' browsers"
    f" (remove it, or link to an https:// address{OFF})",
    "content/posts/2024/data-url.md:9: body: data: URL in <img src> is not allowed"
    f" (put the file under content/ and link to it with {{static}}{OFF})",
    'content/posts/2024/other-host-iframe.md:9: body: <iframe src="https://other.host/embed/123"> loads a page from other.host'
    f" (remove it, or add other.host to EMBED_HOSTS in pelicanconf.py{OFF})",
    "content/posts/2024/object.md:9: body: <object> is not allowed"
    f" (remove it, or show the page in an <iframe> from a host in EMBED_HOSTS{OFF})",
    "content/posts/2024/styled.md:7: body: style attribute on <p> is not allowed"
    f" (remove it: the theme's stylesheet styles every page{OFF})",
    f"content/posts/2024/styled.md:9: body: <style> is not allowed (remove it: the theme's stylesheet styles every page{OFF})",
    'content/posts/2024/remote-image.md:9: body: <img src="https://other.host/chart.png"> loads a picture from other.host'
    f" (save the picture under content/images/ and write its path instead{OFF})",
]
YOUTUBE_ERROR = (
    f'content/posts/2024/youtube-iframe.md:9: body: <iframe src="https://{YOUTUBE}/embed/abc123"> loads a page from {YOUTUBE}'
    f" (remove it, or add {YOUTUBE} to EMBED_HOSTS in pelicanconf.py{OFF})"
)
LINK_ERRORS = [
    "content/posts/2024/missing-links.md:7: body: {filename}../2023/missing.md links to a file that does not exist"
    " (check the path, relative to this file)",
    "content/posts/2024/missing-links.md:9: body: {static}/images/missing.png links to a file that does not exist"
    " (check the path, from content/)",
    "content/authors/jane-researcher.md:6: body: {filename}../posts/2024/nowhere.md links to a file that does not exist"
    " (check the path, relative to this file)",
]


def build_hostile(out, caplog, **override):
    """(the messages of the build, the reason it failed)."""
    reset_pelican_logging()
    caplog.clear()
    caplog.set_level(logging.WARNING)
    with pytest.raises(SystemExit) as failed:
        build(ROOT / "pelicanconf.py", out, PATH=str(HOSTILE), **override)
    return [(r.levelname, r.name, r.getMessage()) for r in caplog.records], str(failed.value)


def assert_reported(messages, expected):
    ours = [m for level, name, m in messages if name.startswith("plugins.")]
    for message in expected:
        assert ours.count(message) == 1, f"{message!r} reported {ours.count(message)} times"
    assert len(ours) == len(expected), "unexpected messages:\n" + "\n".join(m for m in ours if m not in expected)
    assert [m for level, name, m in messages if not name.startswith("plugins.")] == []  # Pelican adds nothing


def body_of(out, url):
    page = BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one(".post-body") or page.select_one("main")


def test_each_case_is_an_error_with_file_line_and_fix(tmp_path, caplog):
    messages, failed = build_hostile(tmp_path, caplog)
    assert_reported(messages, [*BODY_ERRORS, YOUTUBE_ERROR, *LINK_ERRORS])
    assert failed == f"{len(BODY_ERRORS) + 1 + len(LINK_ERRORS)} errors and 0 warnings reported above: the build failed."


def test_what_is_published_holds_none_of_it(tmp_path, caplog):
    build_hostile(tmp_path, caplog)
    pages = [f"2024/03/{p.stem}" for p in (HOSTILE / "posts" / "2024").glob("*.md")] + ["contact", "authors/jane-researcher"]
    for url in pages:
        body = body_of(tmp_path, url)
        assert body is not None, url
        for element in body.find_all(True):
            assert element.name not in ("script", "style", "iframe", "object", "embed", "form", "input"), url
            for name, value in element.attrs.items():
                assert not name.startswith("on") and name != "style", (url, element)
                if name in ("href", "src"):
                    assert not value.lower().startswith(("javascript:", "data:", "https://other.host")), (url, element)
    summary = BeautifulSoup((tmp_path / "category" / "tests" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not [a for a in summary.find_all("a") if a.get("href", "").startswith("javascript:")]
    assert body_of(tmp_path, "2024/03/event-handler").img.attrs == {"src": "/images/sun.jpg", "alt": "The sun"}


def test_links_to_files_that_exist_are_resolved(tmp_path, caplog):
    build_hostile(tmp_path, caplog)
    body = body_of(tmp_path, "2024/03/good-links")
    assert [a["href"] for a in body.find_all("a")] == ["/about/", "/2024/03/script/"]
    assert body.img["src"] == "/images/sun.jpg"
    assert (tmp_path / "images" / "sun.jpg").is_file()
    assert not (tmp_path / "images" / "missing.png").exists()


def test_an_iframe_from_an_embed_host_is_published(tmp_path, caplog):
    messages, _ = build_hostile(tmp_path, caplog, EMBED_HOSTS=[YOUTUBE])
    assert_reported(messages, [*BODY_ERRORS, *LINK_ERRORS])
    (iframe,) = body_of(tmp_path, "2024/03/youtube-iframe").find_all("iframe")
    assert iframe.attrs == {
        "src": f"https://{YOUTUBE}/embed/abc123", "title": "A talk", "width": "560", "height": "315",
        "allow": "encrypted-media; picture-in-picture", "referrerpolicy": "strict-origin-when-cross-origin",
        "allowfullscreen": "",
    }
    assert body_of(tmp_path, "2024/03/other-host-iframe").iframe.attrs == {"width": "560", "height": "315"}  # no src


def test_trusted_bodies_are_published_as_written(tmp_path, caplog):
    messages, failed = build_hostile(tmp_path, caplog, BODY_HTML="trusted")
    assert_reported(messages, LINK_ERRORS)  # file links are checked all the same
    assert failed == "3 errors and 0 warnings reported above: the build failed."
    assert body_of(tmp_path, "2024/03/script").script.string == "alert('body')"
    assert body_of(tmp_path, "2024/03/event-handler").img["onerror"] == "alert(1)"
    assert body_of(tmp_path, "2024/03/other-host-iframe").iframe["src"] == "https://other.host/embed/123"


def test_a_wrong_setting_is_an_error_and_the_check_stays_on(tmp_path, caplog):
    messages, _ = build_hostile(tmp_path, caplog, BODY_HTML="off", EMBED_HOSTS=["https://www.youtube-nocookie.com/"])
    ours = [m for _, name, m in messages if name == "plugins.sanitize"]
    assert ours == [
        "sanitize: BODY_HTML: must be \"checked\" or \"trusted\", not 'off' (the check stays on)",
        "sanitize: EMBED_HOSTS: 'https://www.youtube-nocookie.com/' is not a host name"
        ' (write the host alone, e.g. "www.youtube-nocookie.com")',
    ]
    assert body_of(tmp_path, "2024/03/script").script is None


def test_the_content_cache_reports_the_same_on_every_build(tmp_path, caplog):
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "generator",
             "CACHE_PATH": str(tmp_path / "cache")}
    first, _ = build_hostile(tmp_path / "out", caplog, **cache)
    second, _ = build_hostile(tmp_path / "out", caplog, **cache)
    assert sorted(first) == sorted(second)
    assert_reported(second, [*BODY_ERRORS, YOUTUBE_ERROR, *LINK_ERRORS])


# What cleaning changes in the sample publication: only how two characters of
# Markdown's footnotes are written (nh3 writes a character reference as the
# character, or as the named reference of a no-break space). Feeds carry them escaped.
SPELLINGS = [("&amp;#8617;", "↩"), ("&amp;#160;", "&amp;nbsp;"), ("&#8617;", "↩"), ("&#160;", "&nbsp;")]


def test_the_sample_publication_is_published_as_written(site, tmp_path):
    trusted = build(ROOT / "publishconf.py", tmp_path, BODY_HTML="trusted")
    compared = respelled = 0
    for path in sorted(site.root.rglob("*")):
        relative = path.relative_to(site.root)
        if path.suffix not in (".html", ".xml", ".json") or relative.parts[0] == "pagefind":
            continue
        checked, written = path.read_text(encoding="utf-8"), (trusted / relative).read_text(encoding="utf-8")
        for before, after in SPELLINGS:
            respelled += written.count(before)
            written = written.replace(before, after)
        assert checked == written, relative
        compared += 1
    assert compared > 100 and respelled > 0
