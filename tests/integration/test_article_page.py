"""The article page of the sample publication, top to bottom, as parsed HTML."""

from urllib.parse import parse_qs, urlsplit

from tests.conftest import text

SITEURL = "https://commentary.example.org"
COWRITTEN = "2024/09/arctic-shipping-after-the-ice/"
SANCTIONS = "2024/05/what-sanctions-can-and-cannot-do/"


def test_header_has_category_title_byline_affiliations_dates_and_reading_time(site):
    page = site.html(COWRITTEN)
    header = page.select_one(".post-header")
    assert text(header.select_one(".post-category")) == "Security"
    assert [a["href"] for a in header.select(".post-byline a")] == ["/authors/nadia-rahimi/", "/authors/kenji-hale/"]
    assert [text(li) for li in header.select(".byline-affiliations li")] == [
        "Nadia Rahimi: Visiting Fellow at the Meridian Centre for Global Affairs",
        "Kenji Hale: Associate Researcher at the Meridian Centre for Global Affairs"]
    assert header.select_one(".post-date")["datetime"] == "2024-09-17T00:00:00+01:00"
    assert header.select_one(".post-updated time")["datetime"].startswith("2026-02-10T15:30")
    assert text(header.select_one(".post-reading-time")).endswith("min read")


def test_featured_figure_with_dimensions_caption_and_credit_line(site):
    figure = site.html(COWRITTEN).select_one(".figure-featured")
    img = figure.img
    assert (img["width"], img["height"]) == ("1200", "675") and img["alt"]
    assert img["fetchpriority"] == "high"
    credit = figure.select_one(".figure-credit")
    assert text(credit) == "Photo by Meridian Commentary / CC BY-SA 4.0"
    assert [a["href"] for a in credit.select("a")] == [f"{SITEURL}/reuse-licensing/", "https://creativecommons.org/licenses/by-sa/4.0/"]


def test_footnotes_have_back_links_and_headings_have_anchors(site):
    page = site.html("2023/03/coast-guards-south-china-sea/")
    refs = page.select("sup[id^=fnref] a")
    assert refs and all(page.find(id=a["href"][1:]) for a in refs)
    backs = page.select(".footnote-backref")
    assert len(backs) == len(refs) and all(page.find(id=a["href"][1:]) for a in backs)
    assert all(h.select_one("a.headerlink")["href"] == f"#{h['id']}" for h in page.select(".post-body h2"))


def test_original_article_box_and_license_notice(site):
    page = site.html(SANCTIONS)
    box = page.select_one(".original")
    assert text(box).startswith("Read Amara Lind's full article")
    assert "at Statecraft Quarterly" in text(box)
    notice = page.select_one(".license")
    lic = notice.select_one('a[rel="license"]')
    assert lic["href"] == "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert text(lic) == "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License"
    assert notice.select_one(".license-badge img")["src"] == "/theme/badges/cc-by-nc-nd.svg"
    assert "featured image is not covered by this license" in text(notice)


def test_all_rights_reserved_post_and_picture(site):
    page = site.html("2025/04/critical-minerals-producer-power/")
    assert "© 2025 Tomás Ferreira. All rights reserved." in text(page.select_one(".license"))
    assert text(page.select_one(".figure-credit")).endswith("/ used with permission")


def test_one_bio_card_per_author_with_initials_when_there_is_no_photo(site):
    cards = site.html(COWRITTEN).select(".author-card")
    assert [text(c.select_one(".author-name")) for c in cards] == ["Nadia Rahimi", "Kenji Hale"]
    assert cards[0].select_one("img.avatar")["src"] == "/images/authors/nadia-rahimi.jpg"
    assert text(cards[1].select_one(".avatar-initials")) == "KH"
    amara = site.html(SANCTIONS).select_one(".author-card")
    assert "https://orcid.org/0000-0002-1825-0097" in [a["href"] for a in amara.select(".author-links a")]
    assert len(amara.select(".author-books li")) == 2


def test_neighbours_related_posts_share_links_and_citation(site):
    page = site.html(COWRITTEN)
    assert page.select_one(".post-nav-prev")["href"] == f"/{SANCTIONS}"
    assert page.select_one(".post-nav-next")["href"] == "/2025/01/diplomatie-climatique-apres-la-cop/"
    related = [a["href"] for a in page.select(".related a")]
    assert len(related) == 3 and f"/{COWRITTEN}" not in related
    shares = {text(a): a["href"] for a in page.select(".share a")}
    assert list(shares) == ["Email", "Mastodon", "Bluesky", "LinkedIn", "X", "Facebook"]
    linkedin = parse_qs(urlsplit(shares["LinkedIn"]).query)
    assert linkedin["url"] == [f"{SITEURL}/{COWRITTEN}"]
    assert text(page.select_one(".cite-text")) == (
        f'Rahimi, Nadia, and Kenji Hale. 2024. "Arctic Shipping After the Ice." Meridian Commentary, 17 September. {SITEURL}/{COWRITTEN}.')


def test_the_404_page_helps(site):
    page = site.html("404.html")
    assert text(page.find("h1")) == "Page not found"
    assert page.select_one('a[href="/archives/"]')
    assert len(page.select(".page-body ul")[0].select("li")) == 4


def test_the_byline_gives_the_positions_held_when_the_post_was_published(site):
    old = text(site.html("2023/07/enlargement-fatigue-revisited/").select_one(".byline-affiliations li"))
    new = text(site.html("2026/10/elections-and-alliances-2027/").select_one(".byline-affiliations li"))
    assert old == "Helena Varga: Visiting Researcher at the Meridian Centre for Global Affairs; Member of the Danube Policy Forum"
    assert new == "Helena Varga: Research Fellow at the Meridian Centre for Global Affairs; Member of the Danube Policy Forum"
    card = site.html("2023/07/enlargement-fatigue-revisited/").select_one(".author-card .author-affiliations")
    assert "Research Fellow" in text(card) and "Visiting Researcher" not in text(card)  # the bio box is about now
