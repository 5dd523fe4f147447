"""Site search in a real Chromium: Pagefind's index, our results list, and the fallback."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import AXE, RUN_AXE, color_scheme


def results(browser):
    WebDriverWait(browser, 15).until(ready.presence_of_element_located((By.CSS_SELECTOR, ".search-result-title a")))
    return [(a.text, a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, ".search-result-title a")]


def test_typing_a_query_finds_the_expected_post_first(served, browser):
    base, _ = served
    color_scheme(browser, "light")
    browser.get(base + "/search/")
    field = WebDriverWait(browser, 15).until(ready.element_to_be_clickable((By.ID, "search-q")))
    field.send_keys("icebreaker escort")
    first_title, first_url = results(browser)[0]
    assert first_title == "Arctic Shipping After the Ice"
    assert first_url == base + "/2024/09/arctic-shipping-after-the-ice/"
    meta = browser.find_element(By.CSS_SELECTOR, ".search-result-meta").text
    assert "Nadia Rahimi" in meta and "Kenji Hale" in meta and "2024" in meta
    assert browser.find_element(By.CSS_SELECTOR, ".search-result-excerpt mark")


def test_the_header_field_and_the_filters(served, browser):
    base, _ = served
    browser.get(base + "/about/")
    field = browser.find_element(By.ID, "site-search-q")
    field.send_keys("sanctions\n")
    WebDriverWait(browser, 15).until(ready.url_contains("/search/?q=sanctions"))
    assert len(results(browser)) >= 2
    browser.find_element(By.CSS_SELECTOR, 'input[name="author"][value="Helena Varga"]').click()
    WebDriverWait(browser, 15).until(lambda b: all("Helena Varga" in m.text for m in b.find_elements(By.CSS_SELECTOR, ".search-result-meta")))
    assert [t for t, _ in results(browser)] == ["Elections and Alliances: A Checklist for 2027"]


def test_the_search_page_is_accessible_with_results(served, browser):
    base, _ = served
    for scheme in ("light", "dark"):
        color_scheme(browser, scheme)
        browser.get(base + "/search/?q=arctic")
        results(browser)
        browser.execute_script(AXE)
        assert browser.execute_async_script(RUN_AXE) == []
    color_scheme(browser, "light")


def test_without_javascript_the_field_gives_way_to_the_archives(served, browser):
    base, _ = served
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(base + "/")
        assert not browser.find_element(By.CSS_SELECTOR, ".site-search").is_displayed()
        fallback = browser.find_element(By.CSS_SELECTOR, ".site-search-fallback a")
        assert fallback.is_displayed() and fallback.get_attribute("href") == base + "/archives/"
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    browser.get(base + "/")
    assert browser.find_element(By.CSS_SELECTOR, ".site-search").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".site-search-fallback").is_displayed()
