"""Front matter is data: markup in it is shown as text and never breaks a page or a feed."""

import gzip
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pelican.settings import read_settings

from tests.conftest import ROOT, Site, build, front_matter, text

HOSTILE = ROOT / "tests" / "fixtures" / "sites" / "hostile_text" / "content"
POST = front_matter(HOSTILE / "posts" / "hostile.md")
PROFILE = front_matter(HOSTILE / "authors" / "zoe-obrien.md")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    build(ROOT / "publishconf.py", out, PATH=str(HOSTILE))
    return Site(out, read_settings(str(ROOT / "publishconf.py")))


def pages(site):
    return sorted(site.root.rglob("*.html"))


def test_no_page_contains_markup_from_front_matter(hostile):
    assert len(pages(hostile)) >= 5
    for page in pages(hostile):
        if "pagefind" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        scripts = soup.find_all("script")
        assert all(s.get("type") == "application/ld+json" or s.get("src", "").endswith("/js/search.js") for s in scripts), page
        assert not soup.find_all("b"), page
        for data in scripts:
            if data.get("type") == "application/ld+json":
                json.loads(data.string)  # still valid JSON, whatever the text


def test_hostile_text_keeps_json_ld_and_social_tags_exact(hostile):
    page = hostile.html("2024/06/hostile/")
    (data,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert data["image"]["caption"] == POST["image"]["caption"]
    assert data["image"]["creditText"] == POST["image"]["credit"]
    assert data["author"][0]["name"] == POST["authors"][0]
    assert data["author"][0]["affiliation"][0]["name"] == PROFILE["affiliations"][0]
    assert data["headline"] == 'Cats & Dogs: "Quoted" and \'Single\''.replace('"Quoted"', "\u201cQuoted\u201d").replace("'Single'", "\u2018Single\u2019")
    assert page.select_one('meta[property="og:image:alt"]')["content"] == POST["image"]["alt"]
    assert [m["content"] for m in page.select('meta[name="citation_author"]')] == POST["authors"]


def test_hostile_text_is_shown_as_text_on_the_article_page(hostile):
    page = hostile.html("2024/06/hostile/")
    image = POST["image"]
    assert page.select_one(".figure img")["alt"] == image["alt"]
    assert text(page.select_one(".figure-caption")) == image["caption"]
    assert "<script>alert('credit')</script> & Co." in text(page.select_one(".figure-credit"))
    assert page.select_one(".figure-credit a")["href"] == image["credit_url"]
    assert "<script>alert('publisher')</script> & Press" in text(page.select_one(".original"))
    assert page.select_one('meta[name="description"]')["content"].startswith("<script>alert(")
    assert text(page.select_one(".post-byline a")) == POST["authors"][0]
    assert text(page.select_one(".post-category a")) == POST["category"]
    assert [text(a) for a in page.select(".post-tags a")] == POST["tags"]


def test_hostile_profile_is_shown_as_text(hostile):
    page = hostile.html("2024/06/hostile/")
    card = page.select_one(".author-card")
    assert text(card.select_one(".author-affiliations li")) == PROFILE["affiliations"][0]
    assert text(card.select_one(".author-books cite")) == PROFILE["books"][0]["title"]
    assert "<b>Bold</b> & Sons" in text(card.select_one(".author-books li"))
    labels = [text(a) for a in card.select(".author-links a")]
    assert "<script>alert('label')</script> & Blog" in labels


def test_titles_with_quotes_and_ampersands(hostile):
    page = hostile.html("2024/06/hostile/")
    assert text(page.find("title")).startswith("Cats & Dogs")
    assert text(page.find("h1")) == 'Cats & Dogs: "Quoted" and \'Single\''


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/category/rd.atom.xml", "feeds/tag/qa-tag.rss.xml"])
def test_feeds_stay_well_formed(hostile, feed):
    raw = hostile.path(feed).read_bytes()
    etree.fromstring(raw)  # raises on anything not well-formed
    parsed = hostile.feed(feed)
    assert parsed.bozo == 0, parsed.bozo_exception
    entry = parsed.entries[0]
    assert text(BeautifulSoup(entry.title, "html.parser")) == 'Cats & Dogs: "Quoted" and \'Single\''
    assert POST["authors"][0] in entry.get("author", "")


TITLE = front_matter(HOSTILE / "posts" / "hostile-title.md")["title"]


def untypeset(string):
    """A string as the author wrote it (see conftest.text)."""
    return text(BeautifulSoup(f"<p>{string.replace('&', '&amp;').replace('<', '&lt;')}</p>", "html.parser"))


@pytest.mark.parametrize("url", ["2024/05/hostile-title/", "", "archives/", "category/rd/", "404.html", "2024/06/hostile/"])
def test_a_title_of_markup_is_text_on_every_page_that_lists_it(hostile, url):
    page = hostile.html(url)
    links = [a for a in page.select("main a") if urlsplit(a.get("href", "")).path.endswith("/2024/05/hostile-title/")]
    shown = [text(a) for a in links if not text(a).startswith("https:")] + ([text(page.find("h1"))] if url == "2024/05/hostile-title/" else [])
    assert shown and all(TITLE in s for s in shown), (url, shown)
    assert not page.select("main b")


def test_a_title_of_markup_is_text_in_title_feeds_json_ld_and_citations(hostile):
    page = hostile.html("2024/05/hostile-title/")
    assert text(page.find("title")).startswith(TITLE)
    (data,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert untypeset(data["headline"]) == TITLE
    assert untypeset(page.select_one('meta[name="citation_title"]')["content"]) == TITLE
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        (entry,) = [e for e in hostile.feed(feed).entries if e.link.endswith("/2024/05/hostile-title/")]
        assert untypeset(entry.title) == TITLE, feed
    items = json.loads(hostile.path("feeds/all.json").read_text(encoding="utf-8"))["items"]
    (item,) = [i for i in items if i["url"].endswith("/2024/05/hostile-title/")]
    assert untypeset(item["title"]) == TITLE
    ris = hostile.path("2024/05/hostile-title/cite.ris").read_text(encoding="utf-8")
    (title,) = [line for line in ris.splitlines() if line.startswith("TI  - ")]
    assert untypeset(title.removeprefix("TI  - ")) == TITLE


def test_a_title_of_markup_is_text_in_the_search_index(hostile):
    """Pagefind keeps the page's text, which the results page shows with textContent."""
    fragments = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for f in hostile.root.glob("pagefind/*/fragment/*")]
    (fragment,) = [f for f in fragments if f["url"].endswith("/2024/05/hostile-title/")]
    assert untypeset(fragment["meta"]["title"]) == TITLE
