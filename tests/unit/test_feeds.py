"""The feeds plugin's pure parts: absolute links, ids, the catalog and the three formats."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from plugins.feeds.catalog import Catalog, Feed, base_urls, feed_files, settings_of
from plugins.feeds.entries import (
    Entry,
    Person,
    Picture,
    absolute_srcset,
    absolutize,
    entry_id,
    is_absolute_uri,
    xml_safe,
)
from plugins.feeds.formats import (
    AtomFeed,
    RssFeed,
    item_fields,
    json_feed,
    json_feed_text,
    json_text,
)
from plugins.front_matter.licenses import LICENSES

BASE = "https://example.org/2024/05/a-post/"
LONDON = ZoneInfo("Europe/London")


# --- Absolute links ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "absolute"),
    [
        ('<a href="/about/">', '<a href="https://example.org/about/">'),
        ('<a href="../other/">', '<a href="https://example.org/2024/05/other/">'),
        ('<a href="#fn:1">', '<a href="https://example.org/2024/05/a-post/#fn:1">'),
        ("<img src='pic.jpg' alt=\"A & B\">", '<img src="https://example.org/2024/05/a-post/pic.jpg" alt="A &amp; B">'),
        ("<img src=/images/x.jpg />", '<img src="https://example.org/images/x.jpg"/>'),
        ('<A HREF="/x?a=1&amp;b=2">', '<a href="https://example.org/x?a=1&amp;b=2">'),
        ('<video poster="/p.jpg" controls>', '<video poster="https://example.org/p.jpg" controls>'),
        ('<blockquote cite="/source/">', '<blockquote cite="https://example.org/source/">'),
    ],
)
def test_relative_addresses_become_absolute(written, absolute):
    assert absolutize(written, BASE) == absolute


@pytest.mark.parametrize(
    "untouched",
    [
        '<a href="https://other.example.com/x">x</a>',
        '<a href="mailto:editor@example.org">mail</a>',
        "<p class=\"x\">No links &amp; &#8217;entities&#8217; stay as they were.</p>",
        "<!-- <a href=\"/in-a-comment/\"> --><p>text</p>",
        "<script>var a = '<a href=\"/x\">';</script>",
    ],
)
def test_everything_else_stays_byte_for_byte(untouched):
    assert absolutize(untouched, BASE) == untouched


def test_positions_hold_across_lines_and_many_tags():
    markup = '<p>One\n<a href="/a/">a</a>\n\n  <img\n src="b.png" alt="">\ntext &amp; more</p>\n<a href="https://x.org/">x</a>'
    assert absolutize(markup, BASE) == (
        '<p>One\n<a href="https://example.org/a/">a</a>\n\n  <img src="https://example.org/2024/05/a-post/b.png" alt="">'
        '\ntext &amp; more</p>\n<a href="https://x.org/">x</a>'
    )


QUICK_SCAN = [
    '<p>Text with <a href="/a/">a link</a>, <em>emphasis</em> &amp; <span class="caps">NATO</span>.</p>',
    '<figure><picture><source type="image/webp" srcset="/i-480w.webp 480w, /i-960w.webp 960w" sizes="100vw">'
    '<img src="/i.jpg" alt="A &gt; B" width="960" height="540" loading="lazy"></picture></figure>',
    '<a title="a > b" href="../x/">x</a> <a title=\'it\'s "q"\' href=y>y</a> <IMG SRC=/z.png>',
    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>\n<a\n  href="/multi/line/"\n>m</a>',
    '<blockquote cite="/source/"><p>Quoted.</p></blockquote><p>1 &lt; 2 and 3 > 2</p><br/><hr />',
    '<a href="https://other.example.com/">absolute</a><a data-href="/not-an-address/">data</a>',
]


@pytest.mark.parametrize("markup", [*QUICK_SCAN, '<!-- <a href="/c/"> --><a href="/d/">', '<script>x("<a href=/e/>")</script>'])
def test_the_quick_scan_changes_what_the_parser_changes(markup):
    from plugins.feeds.entries import _parsed

    assert absolutize(markup, BASE) == _parsed(markup, BASE)


@pytest.mark.parametrize(
    ("srcset", "absolute"),
    [
        ("a.jpg 1x, /b.jpg 2x", "https://example.org/2024/05/a-post/a.jpg 1x, https://example.org/b.jpg 2x"),
        ("/a-480w.jpg 480w,/a-960w.jpg 960w", "https://example.org/a-480w.jpg 480w, https://example.org/a-960w.jpg 960w"),
        ("/only.jpg", "https://example.org/only.jpg"),
        ("/a.jpg, /b.jpg 2x", "https://example.org/a.jpg, https://example.org/b.jpg 2x"),
        ("/img,with,commas.jpg 1x", "https://example.org/img,with,commas.jpg 1x"),
    ],
)
def test_srcset_candidates_each_become_absolute(srcset, absolute):
    assert absolute_srcset(srcset, BASE) == absolute
    assert absolutize(f'<img srcset="{srcset}">', BASE) == f'<img srcset="{absolute}">'


def test_text_loses_only_what_xml_cannot_carry():
    assert xml_safe("Bell\x07 and\x0b tab\tnew\nline é <&>") == "Bell and tab\tnew\nline é <&>"
    assert xml_safe(None) == ""


# --- Ids -----------------------------------------------------------------------------------


def test_default_id_is_a_tag_uri_of_date_and_file_name():
    date = dt.datetime(2024, 9, 17, 0, 0, tzinfo=LONDON)
    assert entry_id(None, "commentary.example.org", date, "arctic-shipping") == (
        "tag:commentary.example.org,2024-09-17:arctic-shipping"
    )
    assert entry_id(None, "example.org", date, "été 2024") == "tag:example.org,2024-09-17:%C3%A9t%C3%A9%202024"


def test_explicit_id_wins():
    date = dt.datetime(2024, 9, 17, tzinfo=LONDON)
    assert entry_id("https://old.example.org/?p=42", "example.org", date, "x") == "https://old.example.org/?p=42"


@pytest.mark.parametrize("value", ["tag:old.example.org,2019:42", "https://old.example.org/?p=42", "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"])
def test_absolute_uris(value):
    assert is_absolute_uri(value)


@pytest.mark.parametrize("value", ["42", "old post", "/2019/01/post/", "https://old.example.org/a post", ""])
def test_not_absolute_uris(value):
    assert not is_absolute_uri(value)


# --- Settings and catalog -------------------------------------------------------------


def test_settings_are_merged_and_mistakes_named():
    merged, problems = settings_of({"FEEDS": {"stylesheet": "", "page": "feeds/", "id_authority": 3}})
    assert merged["stylesheet"] == "" and merged["page_url"] == "feeds/" and merged["id_authority"] == ""
    assert any("unknown key 'page'" in p for p in problems)
    assert any("FEEDS['id_authority'] must be text" in p for p in problems)
    assert settings_of({})[1] == []


@pytest.mark.parametrize(
    ("siteurl", "feed_domain", "expected"),
    [
        ("https://example.org", "https://example.org", ("https://example.org", "https://example.org")),
        ("", "http://localhost:8000", ("http://localhost:8000", "http://localhost:8000")),
        ("https://example.org/blog/", "https://feeds.example.org", ("https://example.org/blog", "https://feeds.example.org")),
    ],
)
def test_base_urls(siteurl, feed_domain, expected):
    assert base_urls({"SITEURL": siteurl, "FEED_DOMAIN": feed_domain}) == expected


SETTINGS = {
    **DEFAULT_CONFIG,
    "FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_ALL_JSON": "feeds/all.json", "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml", "CATEGORY_FEED_RSS": "feeds/category/{slug}.rss.xml",
    "CATEGORY_FEED_JSON": "feeds/category/{slug}.json",
    "AUTHOR_FEED_ATOM": "feeds/author/{slug}.atom.xml", "AUTHOR_FEED_RSS": None,
    "TAG_FEED_ATOM": None, "TAG_FEED_RSS": None,
    "CATEGORY_FEED_RSS_URL": "rss/{slug}/",
}


def test_feed_files_follow_the_settings():
    files = feed_files(SETTINGS, "category", "security", "https://example.org")
    assert [(f.format, f.path, f.url) for f in files] == [
        ("atom", "feeds/category/security.atom.xml", "https://example.org/feeds/category/security.atom.xml"),
        ("rss", "feeds/category/security.rss.xml", "https://example.org/rss/security/"),
        ("json", "feeds/category/security.json", "https://example.org/feeds/category/security.json"),
    ]
    assert [f.mime_type for f in files] == ["application/atom+xml", "application/rss+xml", "application/feed+json"]
    assert feed_files(SETTINGS, "tag", "x", "https://example.org") == ()


def test_a_page_offers_the_site_feed_and_its_own():
    security, jane, ann, trade = (
        Category("Security", SETTINGS), Author("Jane Roe", SETTINGS), Author("Ann Lee", SETTINGS), Tag("Trade", SETTINGS),
    )

    def feed(kind, thing):
        slug = thing.slug if thing else ""
        return Feed(kind, slug, str(thing or "Site"), kind, "https://example.org/", feed_files(SETTINGS, kind, slug, "https://example.org"))

    catalog = Catalog([feed("site", None), feed("category", security), feed("author", jane), feed("author", ann),
                       feed("tag", trade)], [], None, "https://example.org")
    assert [f.kind for f in catalog.for_page()] == ["site"]
    assert [f.slug for f in catalog.for_page(category=security)] == ["", "security"]
    assert [f.slug for f in catalog.for_page(author=jane)] == ["", "jane-roe"]
    assert catalog.for_page(tag=trade) == catalog.for_page(), "tags have no feed in these settings"
    assert [f.name for f in catalog.of_kind("author")] == ["Jane Roe", "Ann Lee"]
    assert catalog.at("https://example.org/rss/security/")[0].name == "Security"


# --- Formats ---------------------------------------------------------------------------------


def sample_entry(**changes):
    published = dt.datetime(2024, 9, 17, 8, 30, tzinfo=LONDON)
    picture = Picture(
        url="https://example.org/images/ice.jpg", mime_type="image/jpeg", length=4321, width=1200, height=675,
        alt='Ice & "snow"', caption="Caption <b>not bold</b>", credit="Some Forum & Co.",
        credit_url="https://forum.example.net/1", license=LICENSES["CC-BY-SA-2.0"],
    )
    fields = dict(
        id="tag:example.org,2024-09-17:ice", url="https://example.org/2024/09/ice/", title="Ice & <Snow>",
        summary="<p>The <em>summary</em> &amp; more.</p>", content="<p>The content.</p>",
        published=published, updated=published + dt.timedelta(days=3), language="en",
        authors=(Person("Nadia Rahimi", "https://example.org/authors/nadia-rahimi/", "https://example.org/images/n.jpg"),
                 Person("Kenji Hale", "https://example.org/authors/kenji-hale/")),
        category="Security", tags=("Arctic", "R&D"), license=LICENSES["CC-BY-NC-SA-4.0"], image=picture,
    )
    return Entry(**{**fields, **changes})


def written(feed_class, entry):
    feed = feed_class(title="Site", link="https://example.org/", description="About", feed_url="https://example.org/f",
                      stylesheets=["https://example.org/theme/feed.xsl"])
    feed.add_item(title="", link="", description="")
    feed.items[0].update(item_fields(entry))
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


ATOM = {"a": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/"}


def test_atom_entry_names_every_author_license_and_picture():
    xml = written(AtomFeed, sample_entry())
    assert '<?xml-stylesheet href="https://example.org/theme/feed.xsl" type="text/xsl"' in xml
    entry = etree.fromstring(xml.encode()).find("a:entry", ATOM)
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert entry.findtext("a:title", namespaces=ATOM) == "Ice & <Snow>"
    assert [(a.findtext("a:name", namespaces=ATOM), a.findtext("a:uri", namespaces=ATOM)) for a in entry.findall("a:author", ATOM)] == [
        ("Nadia Rahimi", "https://example.org/authors/nadia-rahimi/"), ("Kenji Hale", "https://example.org/authors/kenji-hale/")]
    links = {link.get("rel"): link for link in entry.findall("a:link", ATOM)}
    assert links["license"].get("href") == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert (links["enclosure"].get("href"), links["enclosure"].get("length"), links["enclosure"].get("type")) == (
        "https://example.org/images/ice.jpg", "4321", "image/jpeg")
    assert entry.findtext("a:rights", namespaces=ATOM).startswith("Creative Commons Attribution-NonCommercial-ShareAlike 4.0")
    assert entry.findtext("a:id", namespaces=ATOM) == "tag:example.org,2024-09-17:ice"
    assert entry.findtext("a:published", namespaces=ATOM) == "2024-09-17T08:30:00+01:00"
    assert entry.findtext("a:updated", namespaces=ATOM) == "2024-09-20T08:30:00+01:00"
    assert [c.get("term") for c in entry.findall("a:category", ATOM)] == ["Security", "Arctic", "R&D"]
    credit = entry.find("media:content/media:credit", ATOM)
    assert credit.text == "Some Forum & Co."


RSS_NS = {
    "dc": "http://purl.org/dc/elements/1.1/", "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/", "cc": "http://backend.userland.com/creativeCommonsRssModule",
    "dcterms": "http://purl.org/dc/terms/",
}


def test_rss_item_names_every_author_license_and_picture():
    item = etree.fromstring(written(RssFeed, sample_entry()).encode()).find("channel/item")
    assert [c.text for c in item.findall("dc:creator", RSS_NS)] == ["Nadia Rahimi", "Kenji Hale"]
    guid = item.find("guid")
    assert (guid.text, guid.get("isPermaLink")) == ("tag:example.org,2024-09-17:ice", "false")
    assert item.findtext("description") == "<p>The <em>summary</em> &amp; more.</p>"
    assert item.findtext("content:encoded", namespaces=RSS_NS) == "<p>The content.</p>"
    assert item.findtext("cc:license", namespaces=RSS_NS) == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert item.findtext("dcterms:modified", namespaces=RSS_NS) == "2024-09-20T08:30:00+01:00"
    enclosure = item.find("enclosure")
    assert (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")) == ("https://example.org/images/ice.jpg", "4321", "image/jpeg")
    media = item.find("media:content", RSS_NS)
    assert media.get("fileSize") == "4321" and media.get("medium") == "image"
    assert media.findtext("media:description", namespaces=RSS_NS) == "Caption <b>not bold</b>"
    assert media.findtext("media:credit", namespaces=RSS_NS) == "Some Forum & Co."
    lic = media.find("media:license", RSS_NS)
    assert (lic.text, lic.get("href")) == ("CC BY-SA 2.0", "https://creativecommons.org/licenses/by-sa/2.0/")


def test_a_picture_used_with_permission_says_so():
    picture = sample_entry().image
    entry = sample_entry(image=Picture(**{**picture.__dict__, "license": LICENSES["LicenseRef-All-Rights-Reserved"]}),
                         license=LICENSES["LicenseRef-All-Rights-Reserved"], updated=None)
    item = etree.fromstring(written(RssFeed, entry).encode()).find("channel/item")
    assert item.find("cc:license", RSS_NS) is None
    assert item.findtext("dc:rights", namespaces=RSS_NS) == "All rights reserved"
    assert item.findtext("media:content/media:license", namespaces=RSS_NS).startswith("Used with permission")
    assert item.find("dcterms:modified", RSS_NS) is None


def test_json_item():
    feed = json_feed({"title": "Site", "home_page_url": "https://example.org/", "feed_url": "https://example.org/f.json",
                      "description": "", "language": "en"}, [sample_entry()], "https://example.org/feeds/#x")
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and "description" not in feed
    item = json.loads(json.dumps(feed))["items"][0]
    assert item["summary"] == "The summary & more."
    assert item["date_published"] == "2024-09-17T08:30:00+01:00"
    assert item["authors"] == [
        {"name": "Nadia Rahimi", "url": "https://example.org/authors/nadia-rahimi/", "avatar": "https://example.org/images/n.jpg"},
        {"name": "Kenji Hale", "url": "https://example.org/authors/kenji-hale/"},
    ]
    assert item["tags"] == ["Security", "Arctic", "R&D"]
    assert item["image"] == "https://example.org/images/ice.jpg"
    assert item["_license"]["id"] == "CC-BY-NC-SA-4.0" and item["_license"]["about"] == "https://example.org/feeds/#x"
    assert item["_image"]["credit"] == "Some Forum & Co." and item["_image"]["license"]["id"] == "CC-BY-SA-2.0"


# --- Items written once per build, shared by every feed that lists them ----------------------

TWO = (sample_entry(), sample_entry(id="tag:example.org,2024-09-18:two", url="https://example.org/2024/09/two/",
                                    title="Two", updated=None, image=None, authors=()))


def feed_with(feed_class, entries, made_items=None):
    feed = feed_class(title="Site", link="https://example.org/", description="About", feed_url="https://example.org/f")
    for entry in entries:
        feed.add_item(title="", link="", description="")
        feed.items[-1].update(item_fields(entry))
    if made_items is not None:
        feed.made_items = made_items
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


OTHER_FORMAT = {AtomFeed: RssFeed, RssFeed: AtomFeed}


@pytest.mark.parametrize("feed_class", [AtomFeed, RssFeed])
def test_shared_items_write_the_same_feeds(feed_class):
    made = {}
    first, second = feed_with(feed_class, TWO, made), feed_with(feed_class, TWO[1:], made)
    assert len(made) == 1 + 2  # the format, and one text per entry, made by the first feed
    assert (first, second) == (feed_with(feed_class, TWO), feed_with(feed_class, TWO[1:]))
    made[(TWO[0].id, TWO[0].url)] = b"<kept/>"  # the next feed takes its item from what was made
    assert "<kept/>" in feed_with(feed_class, TWO, made)
    feed_with(OTHER_FORMAT[feed_class], TWO, made)  # another format: the texts of this one are dropped
    assert b"<kept/>" not in made.values()


@pytest.mark.parametrize("entries", [(), TWO[:1], TWO], ids=["none", "one", "two"])
def test_json_feed_text_is_the_feed_as_json_writes_it(entries):
    channel = {"title": "Site", "home_page_url": "https://example.org/", "feed_url": "https://example.org/f.json",
               "description": "About", "language": "en"}
    made = {}
    expected = json_text(json_feed(channel, entries, "https://example.org/feeds/#x"))
    assert json_feed_text(channel, entries, "https://example.org/feeds/#x", made) == expected
    assert json_feed_text(channel, entries, "https://example.org/feeds/#x", made) == expected  # from `made`
    assert len(made) == (1 + len(entries) if entries else 0)
