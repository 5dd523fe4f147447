"""Body HTML against the allow-list (pure): each dangerous case and its message, what
the cleaned body keeps, where a finding is in the source, and file links."""

import logging
from html.parser import HTMLParser

import pytest
from markdown import Markdown
from pelican.settings import read_settings

from plugins.front_matter.reader import LINES, PROBLEMS
from plugins.sanitize import HeldWarnings, checked, embed_hosts, setting_problems
from plugins.sanitize.links import candidates, link_pattern, links, missing
from plugins.sanitize.policy import SWITCH, clean, findings, host_of, lines, scheme_of
from tests.conftest import CONTENT, ROOT

YOUTUBE = "www.youtube-nocookie.com"


def found(body, hosts=()):
    return [(f.message, f.hint.removesuffix(f"; {SWITCH}")) for f in findings(body, hosts)]


@pytest.mark.parametrize(("body", "message", "fix"), [
    ("<p>Hi</p><script>alert(1)</script>", "<script> would run in readers' browsers", "remove it"),
    ('<img src="a.jpg" alt="A" onerror="alert(1)">', "onerror attribute on <img> would run in readers' browsers", "remove it"),
    ('<p onmouseover="x()">Hi</p>', "onmouseover attribute on <p> would run in readers' browsers", "remove it"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: URL in <a href> would run in readers' browsers",
     "remove it, or link to an https:// address"),
    ('<a href=" JaVa&#x09;Script:alert(1)">x</a>', "javascript: URL in <a href> would run in readers' browsers",
     "remove it, or link to an https:// address"),
    ('<a href="vbscript:x">x</a>', "vbscript: URL in <a href> would run in readers' browsers",
     "remove it, or link to an https:// address"),
    ('<img src="data:image/png;base64,AAAA" alt="A">', "data: URL in <img src> is not allowed",
     "put the file under content/ and link to it with {static}"),
    ('<a href="data:text/html,<b>x</b>">x</a>', "data: URL in <a href> is not allowed",
     "put the file under content/ and link to it with {static}"),
    ('<a href="ftp://example.org/f">x</a>', "ftp: URL in <a href> is not allowed",
     "link to an http(s), mailto: or tel: address, or to a file of this site"),
    ('<img src="x.jpg" alt="A" credit="Me" credit_url="javascript:alert(1)" license="CC0-1.0">',
     "javascript: URL in <img credit_url> would run in readers' browsers", "remove it, or link to an https:// address"),
    ('<iframe src="https://other.host/embed/1"></iframe>', '<iframe src="https://other.host/embed/1"> loads a page from other.host',
     "remove it, or add other.host to EMBED_HOSTS in pelicanconf.py"),
    ('<iframe src="//Other.Host/v"></iframe>', '<iframe src="//Other.Host/v"> loads a page from other.host',
     "remove it, or add other.host to EMBED_HOSTS in pelicanconf.py"),
    ('<iframe src="javascript:alert(1)"></iframe>', "javascript: URL in <iframe src> would run in readers' browsers",
     "remove it, or link to an https:// address"),
    ("<iframe></iframe>", "<iframe> has no src", "give it an https:// src on a host in EMBED_HOSTS, or remove it"),
    ('<object data="movie.swf"></object>', "<object> is not allowed",
     "remove it, or show the page in an <iframe> from a host in EMBED_HOSTS"),
    ('<embed src="movie.swf">', "<embed> is not allowed", "remove it, or show the page in an <iframe> from a host in EMBED_HOSTS"),
    ("<style>body { display: none }</style>", "<style> is not allowed", "remove it: the theme's stylesheet styles every page"),
    ('<p style="position: fixed">x</p>', "style attribute on <p> is not allowed", "remove it: the theme's stylesheet styles every page"),
    ('<td style="color: red">x</td>', "style attribute on <td> is not allowed", "remove it: the theme's stylesheet styles every page"),
    ('<img src="https://other.host/chart.png" alt="A chart">', '<img src="https://other.host/chart.png"> loads a picture from other.host',
     "save the picture under content/images/ and write its path instead"),
    ('<img src="\\\\other.host\\x.png" alt="A">', '<img src="\\\\other.host\\x.png"> loads a picture from other.host',
     "save the picture under content/images/ and write its path instead"),
    ('<img src="a.jpg" srcset="https://other.host/a.jpg 2x" alt="A">', "srcset attribute on <img> is not allowed", "remove it"),
    ('<a href="/x/" target="_blank">x</a>', "target attribute on <a> is not allowed", "remove it"),
    ('<form action="/go"></form>', "<form> is not allowed", "remove it, or write the same in Markdown"),
    ("<svg><circle r='1'/></svg>", "<svg> is not allowed", "remove it, or write the same in Markdown"),
])
def test_each_dangerous_case_has_its_message(body, message, fix):
    assert found(body) == [(message, fix)]


def test_every_hint_says_how_to_turn_the_check_off():
    (finding,) = findings("<script>x</script>")
    assert finding.hint == 'remove it; if every author is trusted, BODY_HTML = "trusted" in pelicanconf.py turns this check off'


def test_iframes_from_an_embed_host():
    video = f'<iframe src="https://{YOUTUBE}/embed/abc" title="A talk" width="560" height="315" ' \
            'allow="encrypted-media" loading="lazy" referrerpolicy="strict-origin" sandbox="allow-scripts" allowfullscreen></iframe>'
    assert found(video, [YOUTUBE]) == []
    assert found(video.replace("https:", "http:"), [YOUTUBE]) == [
        (f'<iframe src="http://{YOUTUBE}/embed/abc"> is not an https address', "write https://")]
    assert found(video.replace('title="A talk"', 'srcdoc="&lt;script&gt;x&lt;/script&gt;"'), [YOUTUBE]) == [
        ("srcdoc attribute on <iframe> is not allowed", "remove it")]
    assert found(video.replace('loading="lazy"', 'onload="x()"'), [YOUTUBE]) == [
        ("onload attribute on <iframe> would run in readers' browsers", "remove it")]
    assert found(video, ["www.youtube.com"])[0][0] == f'<iframe src="https://{YOUTUBE}/embed/abc"> loads a page from {YOUTUBE}'


def test_a_long_address_is_shortened_in_the_message():
    (message, _), = found(f'<iframe src="https://other.host/{"x" * 100}"></iframe>')
    assert message == f'<iframe src="https://other.host/{"x" * 40}…"> loads a page from other.host'


def test_all_of_it_is_reported_in_order():
    body = '<p onclick="a()">x</p><script>b()</script><a href="javascript:c()">y</a>'
    assert [m for m, _ in found(body)] == [
        "onclick attribute on <p> would run in readers' browsers",
        "<script> would run in readers' browsers",
        "javascript: URL in <a href> would run in readers' browsers",
    ]


def test_what_nh3_publishes():
    hosts = [YOUTUBE]
    assert clean("<p>Hi</p><script>alert(1)</script>") == "<p>Hi</p>"
    assert clean('<img src="a.jpg" alt="A" onerror="alert(1)">') == '<img src="a.jpg" alt="A">'
    assert clean('<a href="java&#x09;script:alert(1)">x</a>') == "<a>x</a>"
    assert clean('<img src="https://other.host/a.png" alt="A">') == '<img alt="A">'
    assert clean('<img src="//other.host/a.png" alt="A">') == '<img alt="A">'
    assert clean('<img src="x.jpg" alt="A" credit="Me" credit_url="javascript:x" license="CC0-1.0">') == \
        '<img src="x.jpg" alt="A" credit="Me" license="CC0-1.0">'
    assert clean('<p style="color: red">x</p>') == "<p>x</p>"
    assert clean('<table><tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>') == \
        '<table><tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>'
    assert clean('<iframe src="https://other.host/x">fallback</iframe><object data="m.swf">m</object>', hosts) == "<iframe>fallback</iframe>"
    assert clean('<iframe src="https://other.host/x">fallback</iframe>') == ""
    assert clean(f'<iframe src="https://{YOUTUBE}/embed/a" allowfullscreen></iframe>', hosts) == \
        f'<iframe src="https://{YOUTUBE}/embed/a" allowfullscreen=""></iframe>'
    assert clean('<a href="/x/" rel="license" target="_blank">x</a>') == '<a href="/x/" rel="license">x</a>'
    assert clean('<p>a <!-- a note --> b</p>') == "<p>a  b</p>"


class Tree(HTMLParser):
    """A body as a list of events, character references resolved: what a reader gets."""

    def __init__(self, body):
        super().__init__(convert_charrefs=True)
        self.events = []
        self.feed(body)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, [(k, v or "") for k, v in attrs]))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))


def markdown():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return Markdown(**settings["MARKDOWN"])


EVERYTHING_MARKDOWN_WRITES = """\
# A heading {#top .lead}

[TOC]

Text with a note[^1], *emphasis*, **strong**, `code & <tags>`, an HTML abbreviation and
a [link](https://example.org/a?b=1&c=2 "Title"), a [mail](mailto:a@example.org),
a [local one]({filename}/posts/2024/x.md#part) and an image ![Alt "text"]({static}/images/x.jpg){width=300 loading=lazy}.

![A chart](images/p/chart.png){caption="A caption" credit="Meridian Centre" credit_url="https://example.org/" license="CC-BY-4.0"}

| Left | Centre | Right |
|:-----|:------:|------:|
| 1    | 2      | 3     |

```python
print("quotes" & 'more' < 3)
```

> A quotation
> over two lines.

<blockquote cite="https://example.org/source"><p>Another, in HTML.</p></blockquote>

1. One
2. Two

- A
- B

Term
: not a definition list (no extension), just text

<details><summary>More</summary><p>Hidden <del>old</del> <ins>new</ins> H<sub>2</sub>O x<sup>2</sup></p></details>

<figure><img src="images/a.jpg" alt="A" width="10" height="10"><figcaption>A figure</figcaption></figure>

<p>Line<br>break</p><hr>

*[HTML]: Hypertext Markup Language

[^1]: A note with a [link](https://example.org/).
"""


def test_markdown_with_our_extensions_passes_and_comes_out_as_it_went_in():
    body = markdown().convert(EVERYTHING_MARKDOWN_WRITES)
    for tag in ('class="toc"', "footnote-backref", "<abbr", 'class="highlight"', 'class="align-center"',
                'class="table-scroll"', "headerlink", "<details>", 'credit_url="https://example.org/"'):
        assert tag in body  # the sample covers what it claims to
    assert findings(body) == []
    assert Tree(clean(body)).events == Tree(body).events


@pytest.mark.parametrize("path", sorted(p.relative_to(CONTENT) for p in CONTENT.rglob("*.md")), ids=str)
def test_the_sample_publication_passes_unchanged(path):
    text = (CONTENT / path).read_text(encoding="utf-8")
    body = markdown().convert(text.split("\n---\n", 1)[1])
    assert findings(body) == []
    assert Tree(clean(body)).events == Tree(body).events


@pytest.mark.parametrize("body", [
    '<p><a href="https://example.org/" title="T">x</a> <img src="a.jpg" alt="A" onerror="x"></p>',
    '<iframe src="https://other.host/x" width="1"></iframe><p style="color: red" class="c">x</p>',
    "<script>x</script><p>y</p>",
])
def test_the_quick_look_finds_what_the_parser_finds(body):
    # A comment makes the parser look (bodies as Markdown writes them get the quick look).
    assert findings(body) == findings(body + "<!-- -->")


def test_schemes_and_hosts():
    assert scheme_of("JavaScript:x") == "javascript"
    assert scheme_of("\x01 java\tscript:x") == "javascript"
    assert scheme_of("{static}/images/x.jpg") == ""
    assert scheme_of("/a:b") == ""
    assert host_of("https://Other.Host:8080/x") == "other.host"
    assert host_of("//other.host/x") == host_of("\\\\other.host/x") == host_of("/\\other.host/x") == "other.host"
    assert host_of("/images/x.jpg") == host_of("mailto:a@b.org") == ""


def test_lines_of_findings_in_the_source():
    source = "---\ntitle: <script> in a title\n---\nText\n\n<SCRIPT>a()</script>\n\n<script>b()</script>\n<b>"
    start = source.index("Text")
    assert lines([("<script",), ("<script",), ("<nowhere", "<b>"), ("<nothing",)], source, start) == [6, 8, 9, 1]
    assert lines([("a?b=1&c=2",)], "x\n[l](a?b=1&amp;c=2)") == [2]


def test_settings():
    assert setting_problems({}) == []
    assert setting_problems({"BODY_HTML": "trusted", "EMBED_HOSTS": [YOUTUBE, "player.vimeo.com"]}) == []
    assert setting_problems({"BODY_HTML": "off", "EMBED_HOSTS": ["https://www.youtube.com/embed", 3]}) == [
        ("BODY_HTML", "must be \"checked\" or \"trusted\", not 'off'", "the check stays on"),
        ("EMBED_HOSTS", "'https://www.youtube.com/embed' is not a host name", 'write the host alone, e.g. "www.youtube-nocookie.com"'),
        ("EMBED_HOSTS", "3 is not a host name", 'write the host alone, e.g. "www.youtube-nocookie.com"'),
    ]
    assert setting_problems({"EMBED_HOSTS": YOUTUBE})[0][1] == f"must be a list of host names, not {YOUTUBE!r}"
    assert embed_hosts({"EMBED_HOSTS": ["WWW.YouTube-NoCookie.com", "https://x.org/", YOUTUBE]}) == (YOUTUBE,)
    assert embed_hosts({}) == ()


def test_a_readers_output_checked_with_lines(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    source = tmp_path / "post.md"
    source.write_text("---\ntitle: T\nsummary: S\n---\nIntro.\n\n<script>x()</script>\n\n[gone]({filename}gone.md)\n")
    metadata = {"summary": '<p><a href="javascript:y()">S</a></p>', LINES: {("summary",): 3}}
    body, metadata = checked('<p>Intro.</p>\n<script>x()</script>\n<p><a href="{filename}gone.md">gone</a></p>',
                             metadata, str(source), settings)
    assert body == '<p>Intro.</p>\n\n<p><a href="{filename}gone.md">gone</a></p>'
    assert metadata["summary"] == "<p><a>S</a></p>"
    assert [(p.line, p.field, p.message) for p in metadata[PROBLEMS]] == [
        (7, "body", "<script> would run in readers' browsers"),
        (3, "summary", "javascript: URL in <a href> would run in readers' browsers"),
    ]
    assert metadata["file_links"] == (("filename", "{filename}gone.md", "gone.md"),)

    trusted = {**settings, "BODY_HTML": "trusted"}
    body, metadata = checked("<script>x()</script>", {}, str(source), trusted)
    assert body == "<script>x()</script>"
    assert PROBLEMS not in metadata


def test_file_links_and_what_they_name():
    pattern = link_pattern(read_settings(str(ROOT / "pelicanconf.py"))["INTRASITE_LINK_REGEX"])
    body = ('<a href="{filename}../2023/old.md#part">a</a> <img alt="x" src="{static}/images/a%20b.jpg"> '
            '<a href="{tag}russia">t</a> <a href="https://example.org/{filename}">e</a> <a href=\'{attach}f.pdf\'>f</a>')
    found = links(body, pattern)
    assert found == [("filename", "{filename}../2023/old.md#part", "../2023/old.md#part"),
                     ("static", "{static}/images/a%20b.jpg", "/images/a%20b.jpg"),
                     ("attach", "{attach}f.pdf", "f.pdf")]
    assert candidates("../2023/old.md#part", "posts/2024") == ["posts/2023/old.md"]
    assert candidates("/images/a%20b.jpg", "posts/2024") == ["images/a%20b.jpg", "images/a b.jpg"]
    generated = {"posts/2023/old.md": object()}
    static = {"images/a b.jpg": object()}
    assert missing(found, "posts/2024", generated, static) == [("attach", "{attach}f.pdf", "f.pdf")]
    assert missing(found, "posts/2024", {}, {"posts/2023/old.md": 1}) == [found[1], found[2]]  # {filename} may name a static file
    assert missing([("static", "{static}../2023/old.md", "../2023/old.md")], "posts/2024", generated, {}) != []


def test_pelicans_missing_file_warnings_wait_for_the_link_check():
    logger = logging.getLogger("tests.sanitize.held")
    logger.propagate = False
    seen = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger.addHandler(handler)
    held = HeldWarnings()
    logger.filters.insert(0, held)
    try:
        for url in ("reported.md", "again.md", "other.md"):
            logger.warning(HeldWarnings.MESSAGE, url)
        logger.warning("Something else")
        assert seen == ["Something else"]
        held.release({"reported.md"}, {"again.md"}, logger)
        assert seen == ["Something else", "Unable to find 'other.md', skipping url replacement."]
        logger.warning(HeldWarnings.MESSAGE, "reported.md")
        logger.warning(HeldWarnings.MESSAGE, "again.md")  # written again and still missing: said
        assert seen[2:] == ["Unable to find 'again.md', skipping url replacement."]
    finally:
        logger.removeHandler(handler)
        logger.filters.remove(held)
