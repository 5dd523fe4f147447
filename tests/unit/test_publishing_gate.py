"""The checks a build must pass before it is published (publishing/gate.py), on tiny sites."""

import gzip
import json

import brotli
import pytest

from publishing.gate import (
    Site,
    check_compressed,
    check_feeds,
    check_links,
    check_site,
    parse_pages,
    srcset_urls,
)

SITEURL = "https://example.org"
STYLE = b"body { background: url('../img/bg.png'); } @import 'more.css';"


def page(body, head=""):
    return f"<!doctype html>\n<html><head>{head}</head>\n<body>\n{body}\n</body></html>\n"


def make(tmp_path, files):
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return tmp_path


def link_problems(folder, siteurl=SITEURL):
    return [str(p) for p in check_links(Site(folder, siteurl), parse_pages(folder))]


def test_links_that_resolve_pass(tmp_path):
    make(
        tmp_path,
        {
            "index.html": page(
                '<a href="posts/one/">relative</a> <a href="/posts/one/#intro">root</a>'
                ' <a href="https://example.org/posts/one/index.html">absolute</a>'
                ' <a href="http://example.org/about">other scheme, folder without slash</a>'
                ' <a href="#top">top</a> <a href="#">nothing</a> <a href="">self</a>'
                ' <a href="https://elsewhere.org/missing/">external</a> <a href="mailto:x@example.org">mail</a>'
                ' <img src="img/a%20b.png" srcset="img/a%20b.png 1x, /img/big.png 2x" alt="">'
                ' <a name="legacy"></a> <a href="#legacy">named anchor</a>',
                '<link rel="stylesheet" href="/css/main.css"><meta property="og:url" content="https://example.org/">',
            ),
            "posts/one/index.html": page('<h2 id="intro">Intro</h2><a href="../../about/">up</a>'),
            "about/index.html": page("<p>About</p>"),
            "img/a b.png": b"png",
            "img/big.png": b"png",
            "css/main.css": STYLE,
        },
    )
    assert link_problems(tmp_path) == []


def test_broken_links_and_anchors_name_the_page_line_and_target(tmp_path):
    make(
        tmp_path,
        {
            "index.html": page(
                '<a href="/posts/two/">gone</a>\n<a href="posts/one/#nope">bad anchor</a>\n'
                '<a href="#here">fine</a> <span id="here"></span>\n<img src="https://example.org/img/x.png" alt="">',
                '<link rel="alternate" href="/feeds/all.atom.xml">',
            ),
            "posts/one/index.html": page('<h2 id="intro">Intro</h2>'),
        },
    )
    assert link_problems(tmp_path) == [
        'index.html:2: <link> link "/feeds/all.atom.xml" is broken: the build has no feeds/all.atom.xml',
        'index.html:4: <a> link "/posts/two/" is broken: the build has no posts/two/index.html',
        'index.html:5: <a> link "posts/one/#nope": posts/one/index.html has no element with id="nope"',
        'index.html:7: <img> link "https://example.org/img/x.png" is broken: the build has no img/x.png',
    ]


def test_a_site_in_a_subfolder_checks_links_under_its_path(tmp_path):
    make(
        tmp_path,
        {
            "index.html": page(
                '<a href="/blog/about/">in</a> <a href="/elsewhere/">out</a> <a href="about/">rel</a>'
            ),
            "about/index.html": page(""),
        },
    )
    assert link_problems(tmp_path, "https://example.org/blog") == [
        """index.html:4: <a> link "/elsewhere/" points outside the site's path /blog/"""
    ]


def test_srcset_candidates():
    assert srcset_urls("a.jpg 1x, b.jpg 2x,c.jpg") == ["a.jpg", "b.jpg", "c.jpg"]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2025-01-01T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><updated>2025-01-01T00:00:00Z</updated><link href="https://example.org/a/"/></entry>
</feed>"""


def test_feeds_that_parse_pass_and_broken_ones_are_named(tmp_path):
    make(
        tmp_path,
        {
            "feeds/all.atom.xml": ATOM,
            "feeds/broken.atom.xml": ATOM.replace("<title>A</title>", "<title>A & B</title>"),
            "sitemap.xml": "<urlset>\n<url></urlset>",
            "feed.json": json.dumps(
                {"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}
            ),
            "bad-feed.json": json.dumps({"version": "https://jsonfeed.org/version/1.1"}),
            "data.json": '{"a": 1,\n "b": }',
            "feeds/all.atom.xml.gz": gzip.compress(ATOM.encode()),
        },
    )
    problems, feeds = check_feeds(tmp_path)
    text = [str(p) for p in problems]
    assert feeds == 4
    assert text[0] == 'bad-feed.json: JSON Feed without an "items" list'
    assert text[1] == 'bad-feed.json: JSON Feed without a "title"'
    assert text[2].startswith("data.json:2: not valid JSON")
    assert text[3].startswith("feeds/broken.atom.xml:3: feedparser rejects this feed: ")
    assert text[4] == "sitemap.xml:2: not well-formed XML (column 7): mismatched tag"
    assert len(text) == 5


def test_pages_over_the_weight_budget_are_named_with_what_weighs(tmp_path):
    make(
        tmp_path,
        {
            "index.html": page(
                '<img src="/img/photo.jpg" alt=""><a href="/big/">links are not weight</a>',
                '<link rel="stylesheet" href="/css/main.css">',
            ),
            "big/index.html": page("<p>small page</p>"),
            "img/photo.jpg": b"j" * 5000,
            "img/bg.png": b"p" * 700,
            "css/main.css": STYLE,
            "css/more.css": b"p { color: red }",
        },
    )
    report = check_site(tmp_path, SITEURL, max_page_weight=5000)
    assert [p.path for p in report.problems] == ["index.html"]
    message = report.problems[0].message
    assert message.startswith("weighs 6.0 kB (HTML ")
    assert "CSS 78 bytes, images 5.7 kB" in message
    assert "over the budget of 5.0 kB; the biggest file is img/photo.jpg (5.0 kB)" in message
    assert 'PUBLISH_GATE["max_page_weight"]' in message
    assert report.heaviest[0] == "index.html"
    assert check_site(tmp_path, SITEURL, max_page_weight=10_000).problems == []


def test_a_page_heavier_than_all_it_loads_is_named_as_the_biggest_file(tmp_path):
    make(tmp_path, {"index.html": page("<p>" + "x" * 9000 + "</p>", '<link rel="stylesheet" href="/css/main.css">'),
                    "css/main.css": STYLE})
    (problem,) = check_site(tmp_path, SITEURL, max_page_weight=5000).problems
    assert "; the biggest file is index.html (9." in problem.message


@pytest.mark.parametrize(
    "copy, data, message",
    [
        (
            "a.html.gz",
            gzip.compress(b"<p>old</p>"),
            "does not match a.html (a stale precompressed copy)",
        ),
        ("a.html.br", b"not brotli at all", "does not decompress"),
        ("gone.html.gz", gzip.compress(b"x"), "precompressed copy of a missing file gone.html"),
    ],
)
def test_precompressed_copies_must_hold_their_files_bytes(tmp_path, copy, data, message):
    make(
        tmp_path, {"a.html": "<p>new</p>", "a.html.br": brotli.compress(b"<p>new</p>"), copy: data}
    )
    problems = check_compressed(tmp_path)
    assert len(problems) == 1 and problems[0].path == copy
    assert message in problems[0].message


def test_a_build_without_a_home_page_fails(tmp_path):
    make(tmp_path, {"about/index.html": page("")})
    assert [str(p) for p in check_site(tmp_path, SITEURL, 10**6).problems] == [
        "index.html: missing: the build has no home page"
    ]


def test_of_alternative_images_only_the_heaviest_counts(tmp_path):
    from publishing.gate import page_weight

    make(
        tmp_path,
        {
            "index.html": page(
                '<picture><source type="image/webp" srcset="/i/a.webp 1x, /i/a2.webp 2x">'
                '<img src="/i/a.jpg" srcset="/i/a.jpg 1x, /i/a2.jpg 2x" alt=""></picture>'
                '<img src="/i/b.jpg" srcset="/i/b-small.jpg 400w, /i/b.jpg 800w" alt="">'
                '<video poster="/i/poster.jpg"><source src="/v.webm"><source src="/v.mp4"></video>'
            ),
            "i/a.webp": b"w" * 100,
            "i/a2.webp": b"w" * 300,
            "i/a.jpg": b"j" * 200,
            "i/a2.jpg": b"j" * 600,
            "i/b-small.jpg": b"b" * 50,
            "i/b.jpg": b"b" * 80,
            "i/poster.jpg": b"p" * 7,
            "v.webm": b"v" * 1000,
            "v.mp4": b"v" * 1500,
        },
    )
    site = Site(tmp_path, SITEURL)
    total, kinds, heaviest = page_weight(site, "index.html", parse_pages(tmp_path)["index.html"])
    assert kinds["images"] == 600 + 80 + 7
    assert kinds["other"] == 1500
    assert heaviest == ("v.mp4", 1500)
    assert total == kinds["HTML"] + 600 + 80 + 7 + 1500
