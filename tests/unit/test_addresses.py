"""Addresses content may not take (plugins/front_matter/addresses.py)."""

import pytest
from pelican.settings import read_settings

from plugins.front_matter.addresses import page_clash, site_paths, slug_clashes
from tests.conftest import ROOT

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def test_the_site_paths_come_from_the_settings():
    taken = site_paths(SETTINGS)
    for name in ("search", "feeds", "tag", "category", "authors", "drafts", "archives", "page", "images",
                 "theme", "404.html", "robots.txt", "favicon.ico", "pagefind", "_headers", "sitemap.xml"):
        assert name in taken, name
    assert not [n for n in taken if "{" in n or not n]  # {slug}/, {date:%Y}/ are not names
    assert site_paths({**SETTINGS, "SEARCH_URL": "find/", "TEMPLATE_PAGES": {"search.html": "find/index.html"}})["find"]


@pytest.mark.parametrize("slug, clash", [
    ("search", "/search/ is where the site writes the page made from search.html"),
    ("tag", "/tag/ is where the site writes TAG_SAVE_AS"),
    ("1999", "/1999/ is the archive of the year 1999"),
    ("about", ""),
    ("reuse-licensing", ""),
])
def test_a_page_may_not_take_a_site_path(slug, clash):
    assert page_clash(slug, f"{slug}/index.html", SETTINGS) == clash


def test_names_without_an_address_or_sharing_one():
    uses = [("C++", "c", "a:7"), ("C#", "c", "a:8"), ("!!!", "", "a:9"), ("Trade", "trade", "a:10"),
            ("Trade", "trade", "b:3"), ("Security", "security", "b:4")]
    assert slug_clashes(uses) == [
        ("a:7", '"C++" and "C#" would share one address (…/c/)', "write them the same way, or rename one"),
        ("a:8", '"C#" and "C++" would share one address (…/c/)', "write them the same way, or rename one"),
        ("a:9", '"!!!" has no letters or digits for its address', "use a name with letters or digits"),
    ]
