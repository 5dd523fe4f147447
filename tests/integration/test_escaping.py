"""Front matter is data: markup in it is shown as text and never breaks a page or a feed."""

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
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<b>" not in html, page.relative_to(hostile.root)


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
