"""Findable and citable: sitemap, robots, canonical links, social cards, JSON-LD,
Highwire tags, BibTeX and RIS files, and the search index."""

import json

import bibtexparser
import pytest
import rispy
from lxml import etree

from tests.conftest import sample_posts, text

SITEURL = "https://commentary.example.org"
COWRITTEN = "2024/09/arctic-shipping-after-the-ice/"
SANCTIONS = "2024/05/what-sanctions-can-and-cannot-do/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def html_pages(site):
    return [p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html") if "pagefind" not in p.parts]


def jsonld(page):
    scripts = page.select('script[type="application/ld+json"]')
    return [json.loads(s.string) for s in scripts]


def test_sitemap_lists_published_posts_and_pages_with_dates(site):
    tree = etree.fromstring(site.path("sitemap.xml").read_bytes())
    entries = {u.findtext("s:loc", namespaces=SITEMAP_NS): u.findtext("s:lastmod", namespaces=SITEMAP_NS) for u in tree.findall("s:url", SITEMAP_NS)}
    listed = [m for _, m in sample_posts() if m.get("status", "published") == "published"]
    posts = [u for u in entries if u.startswith(SITEURL + "/20") and u.count("/") > 5]
    assert len(posts) == len(listed)
    assert entries[f"{SITEURL}/{COWRITTEN}"].startswith("2026-02-10T15:30")  # the modified date
    assert f"{SITEURL}/about/" in entries
    assert not [u for u in entries if "/drafts/" in u or u.endswith(("404.html", "/search/"))]


def test_robots_points_to_the_sitemap(site):
    robots = site.path("robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


def test_every_page_has_one_canonical_link_to_itself(site):
    for path in html_pages(site):
        links = site.html(path).select('link[rel="canonical"]')
        assert len(links) == 1, path
        assert links[0]["href"] == f"{SITEURL}/{path.removesuffix('index.html')}", path


def meta(page, key):
    return [m["content"] for m in page.select(f'meta[property="{key}"], meta[name="{key}"]')]


def test_social_cards_of_a_co_written_post(site):
    page = site.html(COWRITTEN)
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == ["Arctic Shipping After the Ice"]
    assert meta(page, "article:published_time") == ["2024-09-17T00:00:00+01:00"]
    assert meta(page, "article:modified_time") == ["2026-02-10T15:30:00+00:00"]
    assert meta(page, "article:author") == [f"{SITEURL}/authors/nadia-rahimi/", f"{SITEURL}/authors/kenji-hale/"]
    assert meta(page, "og:image") == [f"{SITEURL}/images/arctic-shipping-after-the-ice/icebreaker-card.jpg"]
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == (["1200"], ["630"])
    assert meta(page, "og:image:alt")[0].startswith("A ship with a red hull")
    assert meta(page, "twitter:card") == ["summary_large_image"]


def test_every_page_has_social_tags(site):
    for path in html_pages(site):
        page = site.html(path)
        for key in ("og:title", "og:type", "og:url", "og:description", "twitter:card"):
            assert len(meta(page, key)) == 1, (path, key)


def test_blog_posting_json_ld(site):
    (data,) = jsonld(site.html(SANCTIONS))
    assert (data["@context"], data["@type"]) == ("https://schema.org", "BlogPosting")
    assert data["headline"] == "What Sanctions Can and Cannot Do"
    assert data["datePublished"] == "2024-05-21T14:00:00+01:00"
    assert data["license"] == "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    (author,) = data["author"]
    assert author["@type"] == "Person" and author["url"] == f"{SITEURL}/authors/amara-lind/"
    assert "https://orcid.org/0000-0002-1825-0097" in author["sameAs"]
    assert {"@type": "Organization", "name": "Senior Fellow at the Meridian Centre for Global Affairs"} in author["affiliation"]
    assert data["publisher"]["name"].startswith("Meridian Centre")
    image = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["contentUrl"] == f"{SITEURL}/images/what-sanctions-can-and-cannot-do/locked-ledger.jpg"
    assert (image["creditText"], image["creator"]["name"]) == ("Meridian Commentary", "Meridian Commentary")
    assert image["license"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert data["isBasedOn"]["publisher"]["name"] == "Statecraft Quarterly"
    cowritten = jsonld(site.html(COWRITTEN))[0]
    assert [a["name"] for a in cowritten["author"]] == ["Nadia Rahimi", "Kenji Hale"]
    assert cowritten["image"]["acquireLicensePage"] == f"{SITEURL}/reuse-licensing/"
    assert cowritten["dateModified"] == "2026-02-10T15:30:00+00:00"


def test_person_and_website_json_ld(site):
    (person,) = jsonld(site.html("authors/amara-lind/"))
    assert (person["@type"], person["name"]) == ("Person", "Amara Lind")
    (home,) = jsonld(site.html(""))
    assert home["@type"] == "WebSite"
    assert home["potentialAction"]["target"]["urlTemplate"] == f"{SITEURL}/search/?q={{search_term_string}}"


def test_json_ld_is_valid_on_every_page(site):
    for path in html_pages(site):
        for data in jsonld(site.html(path)):
            assert data["@context"] == "https://schema.org"


def test_highwire_citation_tags(site):
    page = site.html(COWRITTEN)
    assert meta(page, "citation_title") == ["Arctic Shipping After the Ice"]
    assert meta(page, "citation_author") == ["Nadia Rahimi", "Kenji Hale"]
    assert meta(page, "citation_publication_date") == ["2024/09/17"]
    assert meta(page, "citation_journal_title") == ["Meridian Commentary"]
    assert meta(page, "citation_public_url") == [f"{SITEURL}/{COWRITTEN}"]


def test_bibtex_and_ris_round_trip_through_real_parsers(site):
    bib = bibtexparser.parse_string(site.path(COWRITTEN + "cite.bib").read_text())
    assert not bib.failed_blocks
    (entry,) = bib.entries
    fields = {f.key: f.value for f in entry.fields}
    assert fields["author"] == "Rahimi, Nadia and Hale, Kenji"
    assert fields["title"] == "Arctic Shipping After the Ice"
    assert (fields["year"], fields["url"]) == ("2024", f"{SITEURL}/{COWRITTEN}")
    (record,) = rispy.loads(site.path(COWRITTEN + "cite.ris").read_text())
    assert record["type_of_reference"] == "BLOG"
    assert record["authors"] == ["Rahimi, Nadia", "Hale, Kenji"]
    assert (record["title"], record["year"], record["urls"]) == ("Arctic Shipping After the Ice", "2024", [f"{SITEURL}/{COWRITTEN}"])
    links = [a["href"] for a in site.html(COWRITTEN).select(".cite-files a")]
    assert links == [f"/{COWRITTEN}cite.bib", f"/{COWRITTEN}cite.ris"]


def test_search_index_covers_posts_and_pages_only(site):
    # One Pagefind bundle per year of posts and one for pages (tests/integration/test_search_index.py).
    bundles = sorted(p.name for p in (site.root / "pagefind").iterdir())
    assert bundles == ["2022", "2023", "2024", "2025", "2026", "pages"]
    assert all((site.root / "pagefind" / name / "pagefind.js").is_file() for name in bundles)
    post = site.html(SANCTIONS)
    assert post.select_one("[data-pagefind-body]").name == "article"
    assert [text(e) for e in post.select('[data-pagefind-filter="author"]')] == ["Amara Lind"]
    assert [text(e) for e in post.select('[data-pagefind-filter="category"]')] == ["Foreign Policy"]
    assert site.html("").select("[data-pagefind-body]") == []
    assert site.html("about/").select("[data-pagefind-body]")


@pytest.mark.parametrize("path", ["", SANCTIONS, "authors/amara-lind/", "archives/"])
def test_only_the_search_page_loads_code(site, path):
    scripts = site.html(path).select("script")
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    assert [s["src"] for s in site.html("search/").select("script[src]")] == ["/theme/js/search.js"]
