"""Every feed of the sample publication, read by real parsers: feedparser, lxml with the
RFC 4287 RELAX NG schema, a JSON Feed 1.1 schema, libxslt with the theme's XSL.

What each feed should hold is worked out from the posts' front matter, not from the
plugin: scopes, order, titles, authors, licenses, pictures and ids.
"""

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pelican.settings import read_settings
from pelican.urlwrappers import Author, Category, Tag

from plugins.front_matter.licenses import LICENSES
from tests.conftest import CONTENT, ROOT, front_matter, sample_posts

DATA = ROOT / "tests" / "data"
SETTINGS = read_settings(str(ROOT / "publishconf.py"))
SITEURL = SETTINGS["SITEURL"]
FORMATS = {"atom": ".atom.xml", "rss": ".rss.xml", "json": ".json"}
SCOPE_DIRS = {"site": "", "category": "category/", "author": "author/", "tag": "tag/"}
PROFILES = {front_matter(p)["name"]: front_matter(p) for p in sorted((CONTENT / "authors").glob("*.md"))}


def when(value):
    """A front-matter date as an aware datetime in the site's time zone."""
    from zoneinfo import ZoneInfo

    text = str(value)
    parsed = dt.datetime.fromisoformat(text if len(text) > 10 else text + " 00:00")
    return parsed.replace(tzinfo=ZoneInfo(SETTINGS["TIMEZONE"]))


class Post:
    """What a reader should get for one published post, from its front matter alone."""

    def __init__(self, path, meta):
        self.meta = meta
        self.title = meta["title"]
        self.date = when(meta["date"])
        self.modified = when(meta["modified"]) if meta.get("modified") else None
        self.slug = meta.get("slug") or path.stem
        self.url = f"{SITEURL}/{self.date:%Y}/{self.date:%m}/{self.slug}/"
        self.id = f"tag:commentary.example.org,{self.date:%Y-%m-%d}:{path.stem}"
        self.authors = meta["authors"] if isinstance(meta["authors"], list) else [meta["authors"]]
        self.category = meta["category"]
        self.tags = meta.get("tags", [])
        self.license = LICENSES[meta.get("license", SETTINGS["SITE_LICENSE"])]
        self.image = meta.get("image")
        self.lang = meta.get("lang", "en")

    def author_url(self, name):
        return f"{SITEURL}/authors/{Author(name, SETTINGS).slug}/"


POSTS = sorted(
    (Post(p, m) for p, m in sample_posts() if m.get("status", "published") == "published"),
    key=lambda post: post.date, reverse=True,
)


def scopes():
    """{(kind, slug): [posts, newest first]} for every feed the site should have."""
    found = {("site", "all"): POSTS}
    for post in POSTS:
        found.setdefault(("category", Category(post.category, SETTINGS).slug), []).append(post)
        for name in post.authors:
            found.setdefault(("author", Author(name, SETTINGS).slug), []).append(post)
        for tag in post.tags:
            found.setdefault(("tag", Tag(tag, SETTINGS).slug), []).append(post)
    return found


SCOPES = scopes()
FEEDS = [(kind, slug, fmt) for kind, slug in SCOPES for fmt in FORMATS]
XML_FEEDS = [f for f in FEEDS if f[2] != "json"]


def feed_path(kind, slug, fmt):
    return f"feeds/{SCOPE_DIRS[kind]}{slug}{FORMATS[fmt]}"


def ids(feeds):
    return [feed_path(*f).removeprefix("feeds/") for f in feeds]


def same_text(feed_text, written):
    """Typogrify's curly quotes and no-break spaces undone, as the author wrote it."""
    undo = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})
    return " ".join(feed_text.translate(undo).split()) == " ".join(written.split())


def test_every_scope_has_each_format_on_its_own_path(site):
    assert len(SCOPES) >= 1 + 3 + 4 + 5, "site, categories, authors and tags"
    expected = {feed_path(*f) for f in FEEDS}
    written = {p.relative_to(site.root).as_posix() for p in (site.root / "feeds").rglob("*")
               if p.is_file() and p.name.endswith(tuple(FORMATS.values()))}
    assert written == expected
    assert len(expected) == len(FEEDS)


# --- feedparser: Atom and RSS ---------------------------------------------------------


@pytest.mark.parametrize(("kind", "slug", "fmt"), XML_FEEDS, ids=ids(XML_FEEDS))
def test_feedparser_reads_every_entry_with_authors_license_and_picture(site, kind, slug, fmt):
    feed = site.feed(feed_path(kind, slug, fmt))
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == ("atom10" if fmt == "atom" else "rss20")
    posts = SCOPES[(kind, slug)]
    assert [e.link for e in feed.entries] == [p.url for p in posts], "newest first, every post of the scope"
    assert feed.feed.language == "en"
    for entry, post in zip(feed.entries, posts, strict=True):
        assert same_text(entry.title, post.title)
        assert entry.id == post.id
        assert [a.name for a in entry.authors] == post.authors
        if fmt == "atom":
            assert [a.href for a in entry.authors] == [post.author_url(n) for n in post.authors]
        # Atom <link rel="license">, RSS creativeCommons:license: feedparser gives both as links.
        licenses = [link.href for link in entry.links if link.rel == "license"]
        assert licenses == ([post.license.url] if post.license.url else [])
        assert post.license.name in entry.rights
        assert [t.term for t in entry.tags] == [post.category, *post.tags]
        # Atom: xml:lang on the entry (feedparser gives it per text); RSS: dc:language.
        assert (entry.title_detail.language if fmt == "atom" else entry.language) == post.lang
        published = dt.datetime.fromisoformat(entry.published) if fmt == "atom" else None
        assert entry.published_parsed[:6] == post.date.astimezone(dt.UTC).timetuple()[:6]
        if published:
            assert published.utcoffset() == post.date.utcoffset()
        if post.modified:
            assert dt.datetime.fromisoformat(entry.updated) == post.modified
        assert entry.summary.strip() and entry.content[0].value.strip()
        check_picture(site, entry, post)


def check_picture(site, entry, post):
    image = post.image
    (enclosure,) = entry.enclosures
    served = site.root / image["src"]
    assert enclosure.href == f"{SITEURL}/{image['src']}"
    assert (enclosure.type, int(enclosure.length)) == ("image/jpeg", served.stat().st_size)
    (media,) = entry.media_content
    assert media["url"] == enclosure.href and media["filesize"] == enclosure.length
    assert [c["content"] for c in entry.media_credit] == [image["credit"]]
    lic = LICENSES[image["license"]]
    if lic.url:
        assert (entry.media_license["href"], entry.media_license["content"]) == (lic.url, lic.short)
    else:
        assert entry.media_license == {"content": "Used with permission (all rights reserved)"}
    # Readers that ignore Media RSS still show the figure, its caption and its credit line.
    figure = BeautifulSoup(entry.content[0].value, "html.parser").find("figure")
    assert figure.img["src"] == enclosure.href and figure.img["alt"]
    if image.get("caption"):
        assert same_text(figure.select_one(".figure-caption").get_text(), image["caption"])
    credit = figure.select_one(".figure-credit")
    assert same_text(credit.get_text(" "), f"Photo by {image['credit']} / {lic.short if lic.url else 'used with permission'}")
    assert not lic.url or credit.find("a", href=lic.url)


def test_every_entry_names_all_its_authors(site):
    cowritten = [p for p in POSTS if len(p.authors) > 1]
    assert cowritten, "the sample has a post by two authors"
    for fmt in ("atom", "rss"):
        feed = site.feed(feed_path("site", "all", fmt))
        for post in cowritten:
            (entry,) = [e for e in feed.entries if e.link == post.url]
            assert [a.name for a in entry.authors] == post.authors


def test_rss_guids_are_ids_not_permalinks(site):
    for kind, slug, fmt in XML_FEEDS:
        if fmt == "rss":
            channel = etree.parse(site.path(feed_path(kind, slug, fmt))).find("channel")
            guids = channel.findall("item/guid")
            assert guids and all(g.get("isPermaLink") == "false" for g in guids)


# --- Schemas: RFC 4287 and JSON Feed 1.1 ---------------------------------------------------


@pytest.fixture(scope="module")
def atom_schema():
    return etree.RelaxNG(file=str(DATA / "atom.rng"))


@pytest.fixture(scope="module")
def json_feed_schema():
    schema = json.loads((DATA / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_atom_feed_is_valid_rfc_4287(site, atom_schema):
    for kind, slug, fmt in FEEDS:
        if fmt == "atom":
            tree = etree.parse(site.path(feed_path(kind, slug, fmt)))
            assert atom_schema.validate(tree), f"{kind} {slug}: {atom_schema.error_log.last_error}"


def test_every_json_feed_is_json_feed_1_1_with_the_same_entries(site, json_feed_schema):
    for kind, slug, fmt in FEEDS:
        if fmt != "json":
            continue
        feed = json.loads(site.path(feed_path(kind, slug, fmt)).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in json_feed_schema.iter_errors(feed)]
        assert not errors, f"{kind} {slug}: {errors}"
        assert feed["feed_url"] == f"{SITEURL}/{feed_path(kind, slug, fmt)}"
        atom = site.feed(feed_path(kind, slug, "atom"))
        assert [i["id"] for i in feed["items"]] == [e.id for e in atom.entries]
        assert [i["title"] for i in feed["items"]] == [e.title for e in atom.entries]
        for item, post in zip(feed["items"], SCOPES[(kind, slug)], strict=True):
            assert item["url"] == post.url
            assert [a["name"] for a in item["authors"]] == post.authors
            for author in item["authors"]:
                assert author["url"] == post.author_url(author["name"])
                photo = PROFILES[author["name"]].get("photo")
                assert author.get("avatar") == (f"{SITEURL}/{photo}" if photo else None)
            assert item["tags"] == [post.category, *post.tags]
            assert item["language"] == post.lang
            assert dt.datetime.fromisoformat(item["date_published"]) == post.date
            assert item["_license"]["id"] == post.license.id
            assert item["_license"].get("url", "") == post.license.url
            assert item["image"] == f"{SITEURL}/{post.image['src']}"
            assert item["_image"]["credit"] == post.image["credit"]
            assert item["_image"]["license"]["id"] == post.image["license"]
            assert item["_image"]["size_in_bytes"] == (site.root / post.image["src"]).stat().st_size
            assert "<figcaption>" in item["content_html"] and "<" not in item["summary"]


# --- Content: absolute addresses -----------------------------------------------------------


def entry_html(site, kind, slug, fmt):
    """The HTML of every entry of one feed: content and summary."""
    if fmt == "json":
        items = json.loads(site.path(feed_path(kind, slug, fmt)).read_text(encoding="utf-8"))["items"]
        return [i["content_html"] for i in items]
    feed = site.feed(feed_path(kind, slug, fmt))
    return [part for e in feed.entries for part in (e.content[0].value, e.summary)]


def addresses(markup):
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(True):
        for name in ("href", "src", "poster", "cite"):
            if tag.get(name) is not None:
                yield tag[name]
        if tag.get("srcset"):
            yield from (candidate.split()[0] for candidate in tag["srcset"].split(", "))


def test_every_address_in_feed_content_is_absolute(site):
    checked = 0
    for kind, slug, fmt in FEEDS:
        for markup in entry_html(site, kind, slug, fmt):
            for url in addresses(markup):
                assert urlsplit(url).scheme in ("https", "mailto"), f"{feed_path(kind, slug, fmt)}: {url}"
                checked += 1
    assert checked > 100


def test_in_page_anchors_point_into_the_post(site):
    feed = site.feed(feed_path("site", "all", "atom"))
    entry = next(e for e in feed.entries if "coast-guards" in e.link)
    links = [a["href"] for a in BeautifulSoup(entry.content[0].value, "html.parser").select("a[href*='#fn']")]
    assert links and all(link.startswith(entry.link + "#fn") for link in links)


# --- For people: XSL, <link>s in pages, the /feeds/ page -------------------------------------


@pytest.fixture(scope="module")
def feed_xsl(site):
    return etree.XSLT(etree.parse(site.path("theme/feed.xsl")))


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_stylesheet_shows_a_feed_as_a_page(site, feed_xsl, fmt):
    path = feed_path("author", "kenji-hale", fmt)
    raw = site.path(path).read_text(encoding="utf-8")
    assert f'<?xml-stylesheet href="{SITEURL}/theme/feed.xsl" type="text/xsl"' in raw
    page = BeautifulSoup(str(feed_xsl(etree.parse(site.path(path)))), "html.parser")
    assert page.find("h1").get_text() == "Meridian Commentary: posts by Kenji Hale"
    assert page.select_one(".notice code").get_text() == f"{SITEURL}/{path}"
    posts = SCOPES[("author", "kenji-hale")]
    entries = page.select(".entry")
    assert [e.h2.a["href"] for e in entries] == [p.url for p in posts]
    assert all(same_text(e.h2.get_text(), p.title) for e, p in zip(entries, posts, strict=True))
    cowritten = next(e for e, p in zip(entries, posts, strict=True) if len(p.authors) > 1)
    assert "by Nadia Rahimi and Kenji Hale" in cowritten.select_one(".meta").get_text()
    assert all(e.img["src"].startswith(f"{SITEURL}/images/") for e in entries)


def alternates(page):
    return [(link["type"], link["href"]) for link in page.select('head link[rel="alternate"]')]


def formats_of(kind, slug):
    return [(t, f"{SITEURL}/{feed_path(kind, slug, fmt)}") for fmt, t in
            (("atom", "application/atom+xml"), ("rss", "application/rss+xml"), ("json", "application/feed+json"))]


SITE_FEEDS = formats_of("site", "all")


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("", []),
        ("category/security/", formats_of("category", "security")),
        ("tag/arctic/", formats_of("tag", "arctic")),
        ("authors/amara-lind/", formats_of("author", "amara-lind")),
        ("2024/09/arctic-shipping-after-the-ice/", formats_of("category", "security")),
    ],
)
def test_pages_advertise_the_site_feed_and_their_own(site, url, own):
    assert alternates(site.html(url)) == SITE_FEEDS + own


def test_every_page_advertises_the_site_feeds(site):
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert alternates(soup)[:3] == SITE_FEEDS, page.relative_to(site.root)


def test_the_feeds_page_lists_every_feed(site):
    page = site.html("feeds/")
    linked = [a["href"] for a in page.select(".feed-table a.feed-file")]
    assert sorted(linked) == sorted(f"{SITEURL}/{feed_path(*f)}" for f in FEEDS)
    for href in linked:
        assert site.path(href).is_file()
    authors = page.find(id="feeds-author").find_next("table")
    assert [th.get_text() for th in authors.select("thead th")] == ["Author", "Atom", "RSS", "JSON Feed"]
    rows = authors.select("tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == sorted(n for n in PROFILES if any(n in p.authors for p in POSTS))
    assert [a["href"] for a in rows[0].select("td a")] == [u for _, u in formats_of("author", "amara-lind")]
    assert rows[0].th.a["href"] == f"{SITEURL}/authors/amara-lind/"
    assert page.find(id="json-feed-extensions")


def test_feed_files_are_what_the_pages_link_to(site):
    for _, href in alternates(site.html("2024/09/arctic-shipping-after-the-ice/")):
        assert site.path(href).is_file(), href
    assert Path(site.path(f"{SITEURL}/feeds/all.json")).read_text(encoding="utf-8").startswith("{")
