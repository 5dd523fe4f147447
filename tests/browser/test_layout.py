"""Responsive, dark, printable, light: what a reader's browser does with our pages."""

import re
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import color_scheme, media, requests_made, screenshot

ARTICLE = "/2024/09/arctic-shipping-after-the-ice/"


@pytest.mark.parametrize("width", [320, 375, 768, 1280, 1920])
@pytest.mark.parametrize("path", ["/", ARTICLE, "/authors/tomas-ferreira/", "/archives/"])
def test_no_horizontal_scrolling(served, browser, path, width):
    base, _ = served
    color_scheme(browser, "light")
    browser.set_window_size(width, 900)
    browser.get(base + path)
    inner = browser.execute_script("return window.innerWidth")
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= inner, f"{path} at {width}px is {scroll}px wide"
    browser.set_window_size(1280, 900)


def body_colors(browser):
    return browser.execute_script("const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]")


def test_dark_scheme_swaps_the_colors(served, browser):
    base, _ = served
    color_scheme(browser, "light")
    browser.get(base + ARTICLE)
    light = body_colors(browser)
    color_scheme(browser, "dark")
    browser.get(base + ARTICLE)
    dark = body_colors(browser)
    assert light == ["rgb(253, 252, 249)", "rgb(29, 31, 35)"]
    assert dark == ["rgb(22, 24, 28)", "rgb(232, 230, 225)"]


def visible(browser, selector):
    return [e.is_displayed() for e in browser.find_elements(By.CSS_SELECTOR, selector)]


def test_print_keeps_title_authors_date_license_and_permalink_and_hides_navigation(served, browser):
    base, _ = served
    browser.get(base + ARTICLE)
    media(browser, "print")
    try:
        for selector in (".post-title", ".post-byline", ".post-date", ".license", ".print-only"):
            assert visible(browser, selector) == [True], selector
        assert base + ARTICLE in browser.find_element(By.CSS_SELECTOR, ".print-only").text
        for selector in (".site-nav", ".share", ".post-nav", ".related", ".skip-link", ".post-tags"):
            assert not any(visible(browser, selector)), selector
    finally:
        color_scheme(browser, "light")
    assert visible(browser, ".print-only") == [False]


@pytest.mark.parametrize("path", ["/", ARTICLE, "/authors/amara-lind/", "/no-such-page/"])
def test_pages_need_one_stylesheet_no_code_and_no_other_host(served, browser, path):
    base, _ = served
    browser.get_log("performance"), browser.get_log("browser")  # drop earlier entries
    browser.get(base + path)
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")  # load lazy images
    browser.implicitly_wait(0)
    urls = requests_made(browser)
    assert urls, "no request recorded"
    hosts = {urlsplit(u).netloc for u in urls if not u.startswith("data:")}
    assert hosts == {urlsplit(base).netloc}, hosts
    assert browser.execute_script("return [...document.scripts].filter(s => s.type !== 'application/ld+json').length") == 0
    assert len([u for u in urls if u.endswith(".css")]) == 1
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    if path == "/no-such-page/":  # the page itself answers 404, by design
        errors = [m for m in errors if not m.startswith(base + path + " ")]
    assert errors == []


def test_an_article_page_weighs_under_30_kb_with_its_stylesheet(served):
    """A typical post (one author, ~500 words, a quotation, a footnote, one picture)."""
    _, out = served
    page = out / "2024" / "05" / "what-sanctions-can-and-cannot-do" / "index.html"
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.read_text())
    assert stylesheets == ["/theme/css/main.css"]
    html, css = page.stat().st_size, (out / "theme" / "css" / "main.css").stat().st_size
    assert html + css < 30 * 1024, (html, css)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_article_page(served, browser, width, scheme):
    base, _ = served
    color_scheme(browser, scheme)
    browser.set_window_size(width, 900)
    browser.get(base + ARTICLE)
    browser.execute_script("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    browser.execute_async_script("const done = arguments[0]; Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(done)")
    path = screenshot(browser, f"article-{width}-{scheme}")
    browser.set_window_size(1280, 900)
    color_scheme(browser, "light")
    assert path.stat().st_size > 20_000
