"""Search across Pagefind's bundles (one per year of posts, one for pages) in a real Chromium."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import Handler
from tests.browser.test_search import results


def search_for(browser, base, query):
    browser.get(base + "/search/")
    field = WebDriverWait(browser, 15).until(ready.element_to_be_clickable((By.ID, "search-q")))
    field.send_keys(query)
    WebDriverWait(browser, 15).until(
        ready.text_to_be_present_in_element((By.CSS_SELECTOR, ".search-status"), query)
    )
    return results(browser)


def test_a_word_of_an_old_post_and_a_word_of_a_page_are_both_found(served, browser):
    base, _ = served
    # "regasification" is only in a 2022 post, "abridgement" only on a page:
    # neither is in the primary bundle (2026) the search page loads first.
    assert search_for(browser, base, "regasification") == [
        (
            "Gas, Grids and Good Intentions: Europe’s Winter Test",
            base + "/2022/10/europes-winter-gas-test/",
        )
    ]
    # Bundles without the word answer with Pagefind's longest-prefix fallback ("a"),
    # ranked below the real match (see the README, "Search").
    assert search_for(browser, base, "abridgement")[0] == (
        "Reuse & licensing",
        base + "/reuse-licensing/",
    )


def test_the_category_filter_counts_and_finds_posts_of_every_year(served, browser):
    base, _ = served
    browser.get(base + "/search/")
    security = WebDriverWait(browser, 15).until(
        ready.element_to_be_clickable((By.CSS_SELECTOR, 'input[name="category"][value="Security"]'))
    )
    labels = [
        label.text
        for label in browser.find_elements(
            By.CSS_SELECTOR, '.search-filter[data-filter="category"] label'
        )
    ]
    # counts add up over the bundles: Security has a post in 2023, 2024 and 2026;
    # the draft of 2026 (Trade & Economy) is not indexed.
    assert "Security (3)" in labels and "Trade & Economy (2)" in labels
    security.click()
    WebDriverWait(browser, 15).until(
        ready.text_to_be_present_in_element((By.CSS_SELECTOR, ".search-status"), "3 results")
    )
    assert sorted(url.removeprefix(base) for _, url in results(browser)) == [
        "/2023/03/coast-guards-south-china-sea/",
        "/2024/09/arctic-shipping-after-the-ice/",
        "/2026/02/correction-arctic-shipping-figures/",
    ]


def test_pagefinds_code_is_loaded_once_for_all_bundles(served, browser):
    base, _ = served
    browser.get(base + "/")
    Handler.served_paths.clear()  # count from here, as the server saw it (the worker's requests too)
    search_for(browser, base, "sanctions")
    fetched = [path.split("?")[0] for path in Handler.served_paths if path.startswith("/pagefind/")]
    assert sorted(path for path in fetched if path.endswith(("pagefind.js", "pagefind-worker.js", ".pagefind"))) == [
        "/pagefind/2026/pagefind-worker.js",
        "/pagefind/2026/pagefind.js",
        "/pagefind/2026/wasm.en.pagefind",
    ]
    entries = sorted(path for path in fetched if path.endswith("pagefind-entry.json"))
    assert entries == [
        f"/pagefind/{name}/pagefind-entry.json"
        for name in ["2022", "2023", "2024", "2025", "2026", "pages"]
    ]
