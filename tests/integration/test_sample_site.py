"""The sample publication, built with the publish settings, parsed as readers get it."""

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import CONTENT, front_matter, sample_posts, text

SITEURL = "https://commentary.example.org"


def expected_url(path, meta):
    """A post's permalink per the contract: /<year>/<month>/<slug>/, drafts under /drafts/."""
    slug = meta.get("slug") or Path(path).stem
    if meta.get("status") == "draft":
        return f"drafts/{slug}/"
    date = meta["date"]
    if isinstance(date, str):
        date = dt.datetime.fromisoformat(date)
    return f"{date:%Y}/{date:%m}/{slug}/"


def published(posts):
    return [(p, m) for p, m in posts if m.get("status", "published") == "published"]


POSTS = sample_posts()


def test_sample_publication_is_big_enough_to_show_every_feature():
    listed = published(POSTS)
    assert len(listed) >= 8
    assert len({m["category"] for _, m in listed}) >= 3
    assert len({str(m["date"])[:4] for _, m in listed}) >= 4
    assert any(isinstance(m["authors"], list) and len(m["authors"]) >= 2 for _, m in listed)
    assert sum(1 for _, m in listed if m.get("original")) >= 2
    assert all(m.get("image") for _, m in POSTS)
    post_license = {p: m.get("license", "CC-BY-NC-SA-4.0") for p, m in POSTS}
    assert sum(1 for p, m in POSTS if m["image"]["license"] != post_license[p]) >= 2


@pytest.mark.parametrize("path, meta", POSTS, ids=[p.stem for p, _ in POSTS])
def test_every_post_is_at_its_permalink(site, path, meta):
    page = site.html(expected_url(path, meta))
    assert text(page.find("h1")) == meta["title"]
    byline = [a.get_text() for a in page.select(".post-byline a")]
    assert byline == authors_of(meta)


def authors_of(meta):
    return meta["authors"] if isinstance(meta["authors"], list) else [meta["authors"]]


def profiles():
    """{name: slug} from content/authors/<slug>.md."""
    return {front_matter(p)["name"]: p.stem for p in sorted((CONTENT / "authors").glob("*.md"))}


def test_every_author_has_a_page_with_their_profile(site):
    authors = {a for _, m in published(POSTS) for a in authors_of(m)}
    assert len(authors) >= 4
    for name in authors:
        page = site.html(f"authors/{profiles()[name]}/")
        assert page.find("h1").get_text(" ", strip=True) == name
        card = page.select_one(".author-card")
        assert card is not None and card.select_one(".author-bio").get_text(" ", strip=True)
        listed = {a["href"] for a in page.select(".post-summary-title a")}
        mine = {"/" + expected_url(p, m) for p, m in published(POSTS) if name in authors_of(m)}
        assert listed == mine


def test_home_page_lists_the_newest_posts_first(site):
    home = site.html("")
    times = [t["datetime"] for t in home.select(".post-summary .post-date")]
    assert len(times) == min(10, len(published(POSTS)))
    assert times == sorted(times, reverse=True)
    newest = max(published(POSTS), key=lambda pm: str(pm[1]["date"]))
    first = home.select_one(".post-summary-title a")["href"]
    assert first == "/" + expected_url(*newest)


def test_site_feed_lists_every_published_post(site):
    feed = site.feed("feeds/all.atom.xml")
    assert feed.bozo == 0, feed.bozo_exception
    links = {e.link for e in feed.entries}
    assert links == {SITEURL + "/" + expected_url(p, m) for p, m in published(POSTS)}


def test_hidden_and_draft_posts_are_built_but_never_listed(site):
    unlisted = [(p, m) for p, m in POSTS if m.get("status") in ("hidden", "draft")]
    assert {m["status"] for _, m in unlisted} == {"hidden", "draft"}
    home = site.path("").read_text(encoding="utf-8")
    feed = site.path("feeds/all.atom.xml").read_text(encoding="utf-8")
    for path, meta in unlisted:
        url = expected_url(path, meta)
        assert site.path(url).is_file()
        assert url not in home and url not in feed


def test_pages_have_clean_permalinks(site):
    for slug, title in [("about", "About"), ("contributors", "Contributors"), ("reuse-licensing", "Reuse & licensing")]:
        assert site.html(f"{slug}/").find("h1").get_text(" ", strip=True) == title


def test_contributors_page_lists_every_profile_with_post_count(site):
    page = site.html("contributors/")
    names = [h.get_text(" ", strip=True) for h in page.select(".contributor-name")]
    assert len(names) >= 4 and names == sorted(names)
    assert sorted(names) == sorted(profiles())
    for item in page.select(".contributor"):
        name = item.select_one(".contributor-name").get_text(" ", strip=True)
        n = sum(1 for _, m in published(POSTS) if name in authors_of(m))
        assert item.select_one(".contributor-count").get_text() == f"{n} post{'' if n == 1 else 's'}"


def test_listings_paginate_with_clean_urls(tmp_path):
    from bs4 import BeautifulSoup

    from tests.conftest import ROOT, build

    out = build(ROOT / "publishconf.py", tmp_path, DEFAULT_PAGINATION=4)
    first = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert len(first.select(".post-summary")) == 4
    assert first.select_one('.pagination a[rel="next"]')["href"] == "/page/2/"
    second = BeautifulSoup((out / "page" / "2" / "index.html").read_text(), "html.parser")
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "/"
    assert "Page 2 of 3" in second.select_one(".pagination").get_text()
    assert (out / "category" / "foreign-policy" / "index.html").is_file()
