"""Comments in a real Chromium against a real Isso server: post through the form,
reload, count, moderate, escape, read without JavaScript, use with a keyboard, axe.

Each site is the sample publication built with COMMENTS pointing at its own Isso
(on 127.0.0.1, with a database in a temporary folder) and served on 127.0.0.1."""

import functools
import http.server
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import (
    AXE,
    RUN_AXE,
    Handler,
    color_scheme,
    media,
    requests_made,
)
from tests.browser.test_validity import vnu
from tests.comments_server import IssoServer
from tests.conftest import ROOT, build, reset_pelican_logging

REPLY_EMAIL = "letters@commentary.example.org"
NO_COMMENTS = "/2026/10/elections-and-alliances-2027/"  # `comments: false`
WAIT = 20  # seconds a page may take to show what Isso sends


class CommentedSite:
    """The sample publication served on 127.0.0.1, its comments on a real Isso;
    `handler` serves its files (test_csp.py: with the headers of its `_headers`)."""

    def __init__(self, folder, moderation, handler=Handler):
        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.isso = IssoServer(folder, self.base, moderation=moderation).start()
        out = folder / "site"
        reset_pelican_logging()
        build(ROOT / "publishconf.py", out, SITEURL=self.base, FEED_DOMAIN=self.base,
              COMMENTS={"url": self.isso.url, "moderation": moderation, "reply_email": REPLY_EMAIL})
        self.out = out
        self.http.RequestHandlerClass = functools.partial(handler, directory=str(out))
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self):
        self.http.shutdown()
        self.isso.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = CommentedSite(tmp_path_factory.mktemp("comments-open"), moderation=False)
    yield site
    site.close()


@pytest.fixture(scope="module")
def moderated(tmp_path_factory):
    site = CommentedSite(tmp_path_factory.mktemp("comments-moderated"), moderation=True)
    yield site
    site.close()


@pytest.fixture
def light(browser):
    color_scheme(browser, "light")
    browser.set_window_size(1280, 900)
    yield browser


def wait(browser, condition, message):
    return WebDriverWait(browser, WAIT).until(lambda d: condition(d), message)


def open_thread(browser, url):
    """Open an article and wait until Isso has shown its form and the comments."""
    browser.get(url)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#isso-thread > .isso-postbox"), f"no form on {url}")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".comments-fallback"), "the fallback stayed")


def comment_texts(browser):
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#isso-root .isso-comment > .isso-text-wrapper > .isso-text")]


def post_through_the_form(browser, text, author=None):
    form = browser.find_element(By.CSS_SELECTOR, "#isso-thread > .isso-postbox")
    form.find_element(By.CSS_SELECTOR, "textarea").send_keys(text)
    if author:
        form.find_element(By.CSS_SELECTOR, "input[name=author]").send_keys(author)
    form.find_element(By.CSS_SELECTOR, "input[type=submit]").click()


def wait_for_comment(browser, text):
    wait(browser, lambda d: text in comment_texts(d), f"{text!r} not shown; shown: {comment_texts(browser)}")


def count_link(browser, path):
    return browser.find_element(By.CSS_SELECTOR, f'.comment-count a[data-isso-id="{path}"]')


# --- Posting, keeping, counting ------------------------------------------------

def test_a_comment_posted_through_the_form_is_shown_kept_and_counted(site, light):
    path = "/2024/05/what-sanctions-can-and-cannot-do/"
    open_thread(light, site.base + path)
    assert comment_texts(light) == []
    post_through_the_form(light, "Sanctions bite slowly; this post explains why.", author="Ada Reader")
    wait_for_comment(light, "Sanctions bite slowly; this post explains why.")
    assert light.find_element(By.CSS_SELECTOR, "#isso-root .isso-author").text == "Ada Reader"

    open_thread(light, site.base + path)  # a new page load: the comment comes from the server
    wait_for_comment(light, "Sanctions bite slowly; this post explains why.")
    assert [c["text"] for c in site.isso.thread(path)["replies"]] == ["<p>Sanctions bite slowly; this post explains why.</p>"]

    light.get(site.base + "/")
    wait(light, lambda d: count_link(d, path).text == "One Comment", "no count on the home page")
    other = "/2022/05/why-mercosur-keeps-negotiating/"
    wait(light, lambda d: count_link(d, other).text == "0 Comments", "no count for a post without comments")
    count_link(light, path).click()
    wait(light, lambda d: d.current_url == site.base + path + "#isso-thread", "the count does not lead to the comments")


def test_comments_are_threaded_with_the_newest_thread_last_and_the_form_after_them(site, light):
    path = "/2023/03/coast-guards-south-china-sea/"
    first = site.isso.post(path, "The first thread.", author="One")
    site.isso.post(path, "The second thread.", author="Two")
    site.isso.post(path, "A reply in the first thread.", author="Three", parent=first["id"])
    open_thread(light, site.base + path)
    wait_for_comment(light, "The second thread.")
    top = light.find_elements(By.CSS_SELECTOR, "#isso-root > .isso-comment")
    assert [t.find_element(By.CSS_SELECTOR, ".isso-text").text for t in top] == ["The first thread.", "The second thread."]
    reply = top[0].find_element(By.CSS_SELECTOR, ".isso-follow-up .isso-comment .isso-text")
    assert reply.text == "A reply in the first thread."
    order = light.execute_script("""
      const root = document.querySelector('#isso-root'), form = document.querySelector('#isso-thread > .isso-postbox');
      return root.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING;""")
    assert order, "the form comes before the comments"
    fields = [e.get_attribute("name") for e in light.find_elements(By.CSS_SELECTOR, "#isso-thread > .isso-postbox .isso-input-wrapper input")]
    assert fields == ["author", "email", "website"]
    labels = [e.text for e in light.find_elements(By.CSS_SELECTOR, "#isso-thread > .isso-postbox .isso-input-wrapper label")]
    assert labels == ["Name (optional)", "E-mail (optional)", "Website (optional)"]


def test_a_script_in_a_comment_is_shown_as_text(site, light):
    path = "/2022/10/europes-winter-gas-test/"
    open_thread(light, site.base + path)
    post_through_the_form(light, "<script>alert(1)</script>")
    wait_for_comment(light, "<script>alert(1)</script>")
    for _ in range(2):
        assert light.find_elements(By.CSS_SELECTOR, "#isso-root script") == []
        with pytest.raises(NoAlertPresentException):
            light.switch_to.alert.text  # noqa: B018 - reading it is the check
        open_thread(light, site.base + path)
        wait_for_comment(light, "<script>alert(1)</script>")


# --- Where Isso loads, and where it does not -------------------------------------

def test_the_article_loads_isso_from_the_comment_server_only_and_no_isso_css(site, light):
    light.get_log("performance"), light.get_log("browser")  # drop earlier entries
    open_thread(light, site.base + "/2024/09/arctic-shipping-after-the-ice/")
    urls = requests_made(light)
    hosts = {urlsplit(u).netloc for u in urls if u.startswith("http")}
    assert hosts == {urlsplit(site.base).netloc, urlsplit(site.isso.url).netloc}, hosts
    from_isso = [urlsplit(u).path for u in urls if u.startswith(site.isso.url)]
    assert "/js/embed.min.js" in from_isso
    assert not [p for p in from_isso if p.endswith(".css")]  # data-isso-css="false"
    assert light.find_elements(By.CSS_SELECTOR, "link#isso-style") == []
    severe = [e["message"] for e in light.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


@pytest.mark.parametrize("path", [NO_COMMENTS, "/about/", "/archives/"])
def test_pages_that_take_no_comments_contact_no_comment_server(site, light, path):
    light.get_log("performance")
    light.get(site.base + path)
    light.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    assert light.find_elements(By.CSS_SELECTOR, "#isso-thread, .isso-postbox, textarea") == []
    assert [u for u in requests_made(light) if u.startswith(site.isso.url)] == []


def test_the_home_page_loads_only_the_count_script(site, light):
    light.get_log("performance")
    light.get(site.base + "/")
    wait(light, lambda d: count_link(d, "/2023/07/enlargement-fatigue-revisited/").text.endswith("Comments"), "no count")
    from_isso = [urlsplit(u).path for u in requests_made(light) if u.startswith(site.isso.url)]
    assert sorted(set(from_isso)) == ["/count", "/js/count.min.js"]
    assert light.find_elements(By.CSS_SELECTOR, f'.post-summary a[data-isso-id="{NO_COMMENTS}"]') == []


# --- Moderation --------------------------------------------------------------------

def test_with_moderation_a_comment_waits_for_approval(moderated, light):
    path = "/2024/05/what-sanctions-can-and-cannot-do/"
    open_thread(light, moderated.base + path)
    assert "moderated" in light.find_element(By.CSS_SELECTOR, ".comments-note").text
    post_through_the_form(light, "Please approve me.", author="Patient Reader")
    wait_for_comment(light, "Please approve me.")  # the writer sees it, marked as waiting
    assert light.find_element(By.CSS_SELECTOR, "#isso-root .isso-note").text == "Comment in queue for moderation."

    open_thread(light, moderated.base + path)
    assert comment_texts(light) == []  # not shown to readers
    light.get(moderated.base + "/")
    wait(light, lambda d: count_link(d, path).text == "0 Comments", "a waiting comment was counted")

    assert len(moderated.isso.approve_all()) == 1
    open_thread(light, moderated.base + path)
    wait_for_comment(light, "Please approve me.")
    assert light.find_element(By.CSS_SELECTOR, "#isso-root .isso-note").text == ""


# --- Without JavaScript ------------------------------------------------------------

def test_without_javascript_the_section_offers_to_reply_by_email(site, light):
    path = "/2025/04/critical-minerals-producer-power/"
    light.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        light.get(site.base + path)
        link = light.find_element(By.CSS_SELECTOR, "#comments .comments-fallback a")
        assert link.is_displayed() and link.text == "Reply by email"
        title = light.find_element(By.CSS_SELECTOR, ".post-title").text
        mailto = urlsplit(link.get_attribute("href"))
        assert (mailto.scheme, mailto.path) == ("mailto", REPLY_EMAIL)
        assert parse_qs(mailto.query)["subject"] == [f"Re: {title}"]
        assert light.find_elements(By.CSS_SELECTOR, ".isso-postbox") == []
    finally:
        light.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    open_thread(light, site.base + path)  # with scripts, the form takes the link's place
    assert not light.find_elements(By.CSS_SELECTOR, ".comments-fallback")


# --- Keyboard, screen readers, theme ---------------------------------------------------

def test_a_reader_can_comment_with_the_keyboard_alone(site, light):
    path = "/2023/07/enlargement-fatigue-revisited/"
    open_thread(light, site.base + path)
    # Tabbing on from the last link before the section, with no comment yet, the
    # next stop is the form's text box.
    light.execute_script("""
      const section = document.querySelector('#comments');
      const before = [...document.querySelectorAll('a[href], button, input, textarea, select')].filter(e =>
        e.checkVisibility() && (section.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING));
      before.at(-1).focus();""")
    ActionChains(light).send_keys(Keys.TAB).perform()
    active = light.switch_to.active_element
    assert active.get_attribute("class") == "isso-textarea", active.get_attribute("outerHTML")[:300]
    outlines = []
    for step in ["Typed, not clicked.", Keys.TAB, "Kim Keys", Keys.TAB, Keys.TAB, Keys.TAB]:
        ActionChains(light).send_keys(step).perform()
        element = light.switch_to.active_element
        outlines.append(light.execute_script("return getComputedStyle(arguments[0]).outlineStyle", element))
    assert light.switch_to.active_element.get_attribute("type") == "submit"
    assert "none" not in outlines, outlines
    ActionChains(light).send_keys(Keys.ENTER).perform()
    wait_for_comment(light, "Typed, not clicked.")
    assert light.find_element(By.CSS_SELECTOR, "#isso-root .isso-author").text == "Kim Keys"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_an_article_with_the_widget_and_comments(site, browser, scheme):
    path = "/2025/01/diplomatie-climatique-apres-la-cop/"
    if not site.isso.thread(path)["replies"]:
        parent = site.isso.post(path, "Une première réponse, avec un *peu* de Markdown.", author="Camille",
                                website="https://example.org")
        site.isso.post(path, "A reply to it.", author="Jo", parent=parent["id"])
    color_scheme(browser, scheme)
    try:
        open_thread(browser, site.base + path)
        wait_for_comment(browser, "A reply to it.")
        browser.execute_script(AXE)
        browser.set_script_timeout(30)
        violations = browser.execute_async_script(RUN_AXE)
    finally:
        color_scheme(browser, "light")
    assert violations == [], violations


def test_the_widget_takes_the_theme_colors_and_print_hides_it(site, browser):
    path = "/2024/09/arctic-shipping-after-the-ice/"
    style = """const s = getComputedStyle(document.querySelector(arguments[0]));
               return [s.backgroundColor, s.color];"""
    colors = {}
    for scheme in ("light", "dark"):
        color_scheme(browser, scheme)
        open_thread(browser, site.base + path)
        body = browser.execute_script(style, "body")
        textarea = browser.execute_script(style, "#isso-thread .isso-textarea")
        submit = browser.execute_script(style, "#isso-thread input[type=submit]")
        assert textarea == body  # the page's own colors, not Isso's white box
        colors[scheme] = (textarea, submit)
    assert colors["light"] != colors["dark"]
    media(browser, "print")
    try:
        assert not browser.find_element(By.ID, "comments").is_displayed()
    finally:
        color_scheme(browser, "light")


def test_the_pages_with_comments_are_valid_html(site):
    article = site.out / "2024/05/what-sanctions-can-and-cannot-do/index.html"
    messages = vnu(article, site.out / "index.html")
    assert [f"{m['type']}: {m['message']}" for m in messages] == []
