"""Comments in the built HTML: where the section, the script and the counts go, and
where they never go. The browser tests (tests/browser/test_comments.py) run them
against a real Isso server."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from pelican.settings import read_settings

from tests.conftest import ROOT, Site, build, front_matter, text

SERVER = "https://comments.commentary.example.org"
COMMENTS = {"url": SERVER, "moderation": True, "privacy_note": "We keep comments on our own server & nowhere else.",
            "reply_email": "letters@commentary.example.org"}
ARTICLE = "2024/05/what-sanctions-can-and-cannot-do/"
NO_COMMENTS = "2026/10/elections-and-alliances-2027/"  # `comments: false`
HIDDEN = "2026/02/correction-arctic-shipping-figures/"
DRAFT = "drafts/ports-as-power/"
HOSTILE = ROOT / "tests" / "fixtures" / "sites" / "hostile_text" / "content"


@pytest.fixture(scope="module")
def commented(tmp_path_factory):
    """The sample publication, published with a comment server."""
    out = tmp_path_factory.mktemp("commented")
    build(ROOT / "publishconf.py", out, COMMENTS=COMMENTS)
    return Site(out, read_settings(str(ROOT / "publishconf.py"), override={"COMMENTS": COMMENTS}))


def straight(s):
    """Text with typogrify's curly quotes made straight again."""
    return s.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))


def server_scripts(page):
    return [s for s in page.find_all("script", src=True) if s["src"].startswith(SERVER)]


def comment_markup(page):
    """Everything on a page that belongs to comments."""
    return (page.select(".comments, #isso-thread, .comment-count, [data-isso], [data-isso-id]")
            + [s for s in page.find_all("script", src=True) if "isso" in s["src"] or "/js/embed" in s["src"]])


def test_without_a_comment_server_no_page_has_any_trace_of_comments(site):
    assert site.settings["COMMENTS"]["url"] == ""  # the sample publication ships with comments off
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        assert comment_markup(site.html(str(path.relative_to(site.root)))) == [], path


def test_the_article_page_ends_with_leave_a_reply(commented):
    page = commented.html(ARTICLE)
    article, section = page.select_one("article.post"), page.select_one("section.comments")
    assert article in section.parents
    after = [e for e in section.find_all_next() if article in e.parents and section not in e.parents]
    assert after == []  # nothing of the post comes after the comments
    heading = section.find("h2")
    assert text(heading) == "Leave a Reply" and section["aria-labelledby"] == heading["id"]
    thread = section.select_one("#isso-thread")
    assert thread["data-isso-id"] == "/" + ARTICLE
    assert thread["data-title"] == "What Sanctions Can and Cannot Do"
    assert thread.select_one("#isso-root")  # Isso puts the comments there, before its form
    note = text(section.select_one(".comments-note"))
    assert "moderated" in note and "We keep comments on our own server & nowhere else." in note


def test_the_script_comes_from_the_comment_server_only_and_brings_no_css(commented):
    page = commented.html(ARTICLE)
    scripts = page.find_all("script", src=True)
    assert len(server_scripts(page)) == 1
    embed = server_scripts(page)[0]
    assert embed["src"] == SERVER + "/js/embed.min.js"
    assert embed["data-isso"] == SERVER + "/"
    assert embed["data-isso-css"] == "false"  # our stylesheet styles the widget
    assert embed["data-isso-vote"] == "false" and embed["data-isso-sorting"] == "oldest"
    assert {urlsplit(s["src"]).netloc for s in scripts} <= {urlsplit(SERVER).netloc, ""}
    assert not page.find("link", href=lambda h: h and SERVER in h)


def test_without_javascript_the_section_offers_to_reply_by_email(commented):
    page = commented.html(ARTICLE)
    link = page.select_one("#isso-root .comments-fallback a")
    assert text(link) == "Reply by email"
    mailto = urlsplit(link["href"])
    assert (mailto.scheme, mailto.path) == ("mailto", "letters@commentary.example.org")
    query = parse_qs(mailto.query)
    assert query["subject"] == ["Re: What Sanctions Can and Cannot Do"]
    assert query["body"][0].startswith("In reply to https://commentary.example.org/" + ARTICLE)


def test_without_a_reply_address_the_fallback_says_what_is_needed(tmp_path):
    out = build(ROOT / "publishconf.py", tmp_path, PATH=str(HOSTILE), COMMENTS={**COMMENTS, "reply_email": ""})
    page = Site(out, {"SITEURL": ""}).html("2024/06/hostile/")
    fallback = page.select_one("#isso-root .comments-fallback")
    assert not fallback.find("a") and "needs JavaScript" in text(fallback)


def test_a_post_with_comments_false_has_no_section_and_no_script(commented):
    assert front_matter(ROOT / "content/posts/2026/elections-and-alliances-2027.md")["comments"] is False
    page = commented.html(NO_COMMENTS)
    assert page.select_one("h1.post-title")  # the page itself is there
    assert comment_markup(page) == []


def test_hidden_posts_take_comments_and_drafts_do_not(commented):
    assert commented.html(HIDDEN).select_one("#isso-thread")["data-isso-id"] == "/" + HIDDEN
    assert comment_markup(commented.html(DRAFT)) == []


def test_pages_and_the_404_page_load_nothing_from_the_comment_server(commented):
    for url in ("about/", "contributors/", "404.html", "archives/"):
        page = commented.html(url)
        assert comment_markup(page) == [], url


@pytest.mark.parametrize("listing", ["", "category/foreign-policy/", "tag/sanctions/", "authors/helena-varga/"])
def test_listings_count_the_comments_of_each_post_that_takes_them(commented, listing):
    page = commented.html(listing)
    scripts = server_scripts(page)
    assert [s["src"] for s in scripts] == [SERVER + "/js/count.min.js"]
    assert scripts[0]["data-isso"] == SERVER + "/"
    summaries = page.select(".post-summary")
    assert summaries
    for summary in summaries:
        url = summary.select_one(".post-summary-title a")["href"]
        count = summary.select_one(".comment-count a")
        if url.endswith("/" + NO_COMMENTS):
            assert count is None
        else:
            assert count["href"] == url + "#isso-thread"
            assert count["data-isso-id"] == urlsplit(url).path
            assert text(count) == "Comments"


def test_the_post_without_comments_is_listed_without_a_count(commented):
    summaries = commented.html("tag/elections/").select(".post-summary")
    assert [s.select_one(".comment-count") for s in summaries] == [None]


def test_titles_with_markup_and_quotes_are_text_in_the_thread_and_the_email(tmp_path):
    out = build(ROOT / "publishconf.py", tmp_path, PATH=str(HOSTILE), COMMENTS=COMMENTS)
    html = (out / "2024/06/hostile/index.html").read_text(encoding="utf-8")
    page = Site(out, {"SITEURL": ""}).html("2024/06/hostile/")
    title = front_matter(HOSTILE / "posts" / "hostile.md")["title"]
    assert straight(page.select_one("#isso-thread")["data-title"]) == title
    subject = parse_qs(urlsplit(page.select_one(".comments-fallback a")["href"]).query)["subject"]
    assert [straight(s) for s in subject] == [f"Re: {title}"]
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ({"url": "comments.example.org", "moderaton": False},
         ["comments: COMMENTS.moderaton: unknown key (did you mean 'moderation'?)",
          "comments: COMMENTS.url: 'comments.example.org' is not the http(s) address of a server "
          '(write it in full, e.g. "https://comments.example.org", or "" for no comments)']),
        ({"url": "http://localhost:8080"},
         ["comments: COMMENTS.url: the site at https://commentary.example.org cannot use a comment server "
          "on this computer (localhost:8080) (set the production address in publishconf.py)"]),
    ],
)
def test_bad_settings_fail_the_build_naming_each_key(tmp_path, caplog, comments, expected):
    caplog.set_level(logging.ERROR)
    with pytest.raises(SystemExit):
        build(ROOT / "publishconf.py", tmp_path, PATH=str(HOSTILE), COMMENTS=comments)
    errors = [r.getMessage() for r in caplog.records if r.name.startswith("plugins.comments")]
    assert errors == expected
