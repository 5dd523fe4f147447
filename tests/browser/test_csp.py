"""The Content-Security-Policy enforced in a real Chromium: the home page, a post with
its comments (a real Isso on another origin), the search page and a feed work, and
Chromium reports no violation.

The site is the sample publication built with COMMENTS pointing at its own Isso, and
served on 127.0.0.1 with the headers of the `_headers` file it wrote (as Netlify or
Cloudflare Pages serve them), on top of the <meta> policy in every page. Violations are
collected by a listener that Chromium runs in every document before the page's own
code (`securitypolicyviolation` events), and from Chromium's log ("Refused to ...")."""

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import Handler, HeadersHandler, headers_file_rules, violations
from tests.browser.test_comments import (
    CommentedSite,
    count_link,
    open_thread,
    post_through_the_form,
    wait_for_comment,
)

WAIT = 20  # seconds a page may take to show what a script fetches
POST = "/2024/09/arctic-shipping-after-the-ice/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = CommentedSite(tmp_path_factory.mktemp("csp"), moderation=False, handler=HeadersHandler)
    yield site
    site.close()


def wait(browser, condition, message):
    return WebDriverWait(browser, WAIT).until(lambda d: condition(d), message)


def csp_header(site):
    (pattern, headers), = headers_file_rules(site.out)
    assert pattern == "/*"
    return dict(headers)["Content-Security-Policy"]


# --- What the pages are served with ------------------------------------------------

def test_pages_carry_the_policy_and_the_headers_name_the_comment_server(site):
    isso = site.isso.url
    assert urlsplit(isso).netloc != urlsplit(site.base).netloc  # another origin than the site's
    header = csp_header(site)
    directives = {d.split()[0]: d.split()[1:] for d in header.split("; ")}
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'", isso]
    assert directives["connect-src"] == ["'self'", isso]
    assert directives["style-src"] == directives["img-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    page = (site.out / POST.strip("/") / "index.html").read_text(encoding="utf-8")
    policy = header.removesuffix("; frame-ancestors 'none'")  # a <meta> policy cannot carry it
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    assert meta in page
    assert page.index(meta) < page.index("<link") < page.index("<script")


# --- No violation, and every feature still works -------------------------------------

def test_the_home_page_shows_comment_counts_without_a_violation(site, watched):
    watched.get(site.base + "/")
    wait(watched, lambda d: count_link(d, POST).text.endswith("Comments"), "no comment count")
    assert watched.find_element(By.TAG_NAME, "main").value_of_css_property("max-width") != "none"  # main.css applies
    assert violations(watched) == ([], [])


def test_comments_load_and_post_on_a_post_without_a_violation(site, watched):
    site.isso.post(POST, "Already there before the page loads.", author="Early Reader")
    open_thread(watched, site.base + POST)
    wait_for_comment(watched, "Already there before the page loads.")
    post_through_the_form(watched, "Posted under the policy.", author="Careful Reader")
    wait_for_comment(watched, "Posted under the policy.")
    assert [c["text"] for c in site.isso.thread(POST)["replies"]][-1] == "<p>Posted under the policy.</p>"
    # The widget is styled by the theme's own stylesheet (Isso's is off): the page's colors.
    style = "const s = getComputedStyle(document.querySelector(arguments[0])); return [s.backgroundColor, s.color];"
    assert watched.execute_script(style, "#isso-thread .isso-textarea") == watched.execute_script(style, "body")
    assert violations(watched) == ([], [])


def test_the_search_page_finds_posts_without_a_violation(site, watched):
    watched.get(site.base + "/search/?q=icebreaker+escort")
    wait(watched, lambda d: d.find_elements(By.CSS_SELECTOR, ".search-result-title a"), "no search results")
    first = watched.find_element(By.CSS_SELECTOR, ".search-result-title a")
    assert first.get_attribute("href") == site.base + POST
    field = watched.find_element(By.ID, "search-q")  # a second search, from the form
    field.clear()
    field.send_keys("sanctions\n")
    wait(watched, lambda d: "/search/?q=sanctions" in d.current_url and len(d.find_elements(By.CSS_SELECTOR, ".search-result-title a")) >= 2,
         "no results for the second search")
    assert violations(watched) == ([], [])


def test_a_feed_shows_as_a_styled_page_and_only_chromiums_own_banner_is_refused(site, watched):
    watched.get(site.base + "/feeds/all.atom.xml")
    wait(watched, lambda d: d.find_elements(By.CSS_SELECTOR, "main .entry"), "the feed was not shown as a page")
    main = watched.find_element(By.CSS_SELECTOR, "main")
    assert main.value_of_css_property("max-width") == "672px"  # 42rem: theme/css/feed.css applies
    events, _ = violations(watched)
    # Chromium 156 puts on XSLT pages an <xslt-warning-banner> of its own ("XSLT is going
    # away"), with inline styles and an inline event handler, which the policy refuses.
    # The XSL's own output has neither (tests/integration/test_headers.py).
    chromiums = [e for e in events if e["chromium_banner"] or e["directive"] == "script-src-attr"]
    assert [e for e in events if e not in chromiums] == []


# --- The checks can fail: what the policy refuses -----------------------------------

def test_an_inline_style_and_an_inline_script_are_refused_and_reported(site, watched):
    watched.get(site.base + "/about/")
    watched.execute_script("""
      const style = document.createElement("style");
      style.textContent = "body { background: rgb(255, 0, 0); }";
      document.head.append(style);
      const script = document.createElement("script");
      script.textContent = "document.body.dataset.injected = 'ran';";
      document.body.append(script);""")
    # Each is refused twice: by the <meta> policy and by the header's (both are enforced).
    wait(watched, lambda d: d.execute_script("return window.__violations.length") >= 4, "no violation reported")
    events, logged = violations(watched)
    assert sorted(e["directive"] for e in events) == ["script-src-elem"] * 2 + ["style-src-elem"] * 2
    assert len(logged) == 4
    assert watched.find_element(By.TAG_NAME, "body").value_of_css_property("background-color") != "rgba(255, 0, 0, 1)"
    assert watched.execute_script("return document.body.dataset.injected") is None


class WithoutWasm(HeadersHandler):
    """The site's headers, but a policy without 'wasm-unsafe-eval'."""

    def send_header(self, keyword, value):
        if keyword == "Content-Security-Policy":
            value = value.replace(" 'wasm-unsafe-eval'", "")
        super().send_header(keyword, value)


def test_without_wasm_unsafe_eval_the_search_cannot_run(site, watched):
    """Pagefind compiles WebAssembly (in the page and in its Web Worker): the one thing
    beyond 'self' that script-src allows, and why."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithoutWasm, directory=str(site.out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        watched.get(f"http://127.0.0.1:{server.server_address[1]}/search/?q=icebreaker+escort")
        logged = []
        wait(watched, lambda d: logged.extend(e["message"] for e in d.get_log("browser")) or
             any("WebAssembly" in m and "Content Security Policy" in m for m in logged), "no WebAssembly refused")
        assert watched.find_elements(By.CSS_SELECTOR, ".search-result-title a") == []
    finally:
        server.shutdown()


def test_the_meta_policy_alone_refuses_inline_code_where_a_host_sends_no_headers(served, watched):
    base, _ = served  # the plain test server: no headers, only the <meta> policy
    watched.get(base + "/about/")
    watched.execute_script("""
      const script = document.createElement("script");
      script.textContent = "document.body.dataset.injected = 'ran';";
      document.body.append(script);""")
    wait(watched, lambda d: d.execute_script("return window.__violations.length") >= 1, "no violation reported")
    events, logged = violations(watched)
    assert [e["directive"] for e in events] == ["script-src-elem"] and len(logged) == 1
    assert watched.execute_script("return document.body.dataset.injected") is None


def test_another_site_cannot_frame_a_page(site, served, watched, tmp_path):
    """frame-ancestors is read from the header only: the page with headers refuses to be
    framed; the same page from a host that sends none (the meta policy alone) is framed."""
    framed = {}
    for name, base in (("with headers", site.base), ("meta only", served[0])):
        (tmp_path / f"{len(framed)}.html").write_text(f'<!DOCTYPE html><title>Framing</title><iframe src="{base}/about/"></iframe>')
        framed[name] = f"{len(framed)}.html"
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        shown = {}
        for name, page in framed.items():
            watched.get(f"http://127.0.0.1:{other.server_address[1]}/{page}")
            frame = watched.find_element(By.TAG_NAME, "iframe")
            watched.switch_to.frame(frame)
            try:
                wait(watched, lambda d: d.execute_script("return document.readyState") == "complete", "the frame did not load")
                shown[name] = bool(watched.find_elements(By.CSS_SELECTOR, ".site-header"))
            finally:
                watched.switch_to.default_content()
        assert shown == {"with headers": False, "meta only": True}
    finally:
        other.shutdown()
