"""axe-core in real Chromium: no violation on any kind of page, light or dark."""

import pytest

from tests.browser.conftest import AXE, RUN_AXE, color_scheme

PAGES = {
    "home": "/",
    "article": "/2024/05/what-sanctions-can-and-cannot-do/",
    "co-written article": "/2024/09/arctic-shipping-after-the-ice/",
    "author": "/authors/amara-lind/",
    "category": "/category/foreign-policy/",
    "tag": "/tag/arctic/",
    "archives": "/archives/",
    "year": "/2024/",
    "contributors": "/contributors/",
    "page": "/reuse-licensing/",
    "404": "/no-such-page/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violation(served, browser, name, scheme):
    base, _ = served
    color_scheme(browser, scheme)
    browser.get(base + PAGES[name])
    browser.execute_script(AXE)
    browser.set_script_timeout(30)
    violations = browser.execute_async_script(RUN_AXE)
    assert violations == [], violations


def test_the_check_itself_finds_violations(browser):
    browser.get("data:text/html,<title>x</title><img src='x.png'><a href='#'></a>")
    browser.execute_script(AXE)
    found = {v["id"] for v in browser.execute_async_script(RUN_AXE)}
    assert {"image-alt", "html-has-lang"} <= found


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(served, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    base, _ = served
    color_scheme(browser, "light")
    browser.get(base + PAGES["article"])
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    assert focused.is_displayed() and focused.rect["y"] >= 0
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", focused)
    assert outline not in ("", "none")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_every_link_shows_where_focus_is(served, browser):
    base, _ = served
    browser.get(base + PAGES["article"])
    styles = browser.execute_script("""
      return [...document.querySelectorAll('a[href]')].filter(a => a.checkVisibility()).slice(0, 40).map(a => {
        a.focus(); const s = getComputedStyle(a); return a === document.activeElement ? s.outlineStyle + ' ' + s.outlineWidth : 'unfocusable';
      });""")
    assert styles and all(s.split()[0] not in ("none", "unfocusable") and s.split()[1] != "0px" for s in styles), styles
