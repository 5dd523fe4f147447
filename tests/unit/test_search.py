"""The pure parts of plugins/search: which bundle a page goes into, which bundles to rebuild."""

from datetime import datetime

import pytest

from plugins.search.shards import (
    PAGES,
    POSTS_PER_BUNDLE,
    biggest_first,
    bundle_order,
    bundle_paths,
    entry_name,
    group,
    shard_key,
    shard_of,
    stale,
    to_rebuild,
)

FILES = [("2024/05/a/index.html", b"<html>a</html>"), ("2024/09/b/index.html", b"<html>b</html>")]


def test_a_post_goes_into_its_years_bundle_and_a_page_into_pages():
    assert shard_of("article", datetime(2024, 12, 31, 23, 30)) == "2024"
    assert shard_of("article", datetime(1999, 1, 1)) == "1999"
    assert shard_of("page") == PAGES
    # A year with more posts than a bundle should hold is split (a rebuild indexes a whole bundle).
    assert shard_of("article", datetime(2024, 6, 30), POSTS_PER_BUNDLE) == "2024"
    assert shard_of("article", datetime(2024, 6, 30), POSTS_PER_BUNDLE + 1) == "2024h1"
    assert shard_of("article", datetime(2024, 7, 1), POSTS_PER_BUNDLE + 1) == "2024h2"
    assert shard_of("article", datetime(2024, 7, 1), 4 * POSTS_PER_BUNDLE + 1) == "2024q3"
    assert shard_of("article", datetime(2024, 12, 31), 4 * POSTS_PER_BUNDLE + 1) == "2024q4"
    assert bundle_order(["2023", "2024h1", "pages", "2024h2", "2022q4"]) == ["2024h2", "2024h1", "2023", "2022q4", "pages"]
    with pytest.raises(ValueError, match="draft"):
        shard_of("draft", datetime(2024, 1, 1))


def test_pages_are_grouped_by_bundle_once_each_and_unwritten_ones_left_out():
    entries = [
        ("2024", "2024/09/b/index.html"),
        ("pages", "about/index.html"),
        ("2024", "2024/05/a/index.html"),
        ("2024", "2024/05/a/index.html"),
        ("2023", ""),
    ]
    assert group(entries) == {
        "2024": ["2024/05/a/index.html", "2024/09/b/index.html"],
        "pages": ["about/index.html"],
    }


def test_the_newest_year_is_the_primary_bundle_and_pages_come_last():
    shards = {"pages": [], "2022": [], "2026": [], "2024": []}
    assert bundle_order(shards) == ["2026", "2024", "2022", "pages"]
    assert bundle_paths(shards)[0] == "pagefind/2026/"
    assert bundle_order({"pages": []}) == ["pages"]
    assert bundle_paths({}) == []


def test_the_key_changes_with_any_byte_path_version_or_option():
    key = shard_key("pagefind 1.4.0", ["--quiet"], FILES)
    assert key == shard_key("pagefind 1.4.0", ["--quiet"], list(FILES))
    others = [
        shard_key("pagefind 1.4.0", ["--quiet"], [FILES[0], (FILES[1][0], b"<html>B</html>")]),
        shard_key("pagefind 1.4.0", ["--quiet"], [FILES[0], ("2024/10/b/index.html", FILES[1][1])]),
        shard_key("pagefind 1.4.0", ["--quiet"], FILES[:1]),
        shard_key("pagefind 1.5.0", ["--quiet"], FILES),
        shard_key("pagefind 1.4.0", ["--quiet", "--force-language", "en"], FILES),
        # the same bytes split differently between two files
        shard_key(
            "pagefind 1.4.0",
            ["--quiet"],
            [(FILES[0][0], FILES[0][1] + b"<"), (FILES[1][0], FILES[1][1][1:])],
        ),
    ]
    assert key not in others and len(set(others)) == len(others)


def test_only_shards_without_a_finished_bundle_of_their_key_are_rebuilt():
    keys = {"2024": "k24", "2025": "k25new", "pages": "kp"}
    cached = {
        entry_name("2024", "k24"),
        entry_name("2025", "k25old"),
        entry_name("pages", "kp"),
        entry_name("2019", "k19"),
    }
    assert to_rebuild(keys, cached) == ["2025"]
    assert to_rebuild(keys, set()) == ["2024", "2025", "pages"]
    assert to_rebuild(keys, {entry_name(s, k) for s, k in keys.items()}) == []


def test_bundles_of_gone_shards_old_keys_and_leftovers_are_pruned():
    keys = {"2024": "k24", "pages": "kp"}
    cached = {"2024-k24", "2024-kold", "2019-k19", "pages-kp", ".new-2025-x1y2"}
    assert stale(keys, cached) == [".new-2025-x1y2", "2019-k19", "2024-kold"]


def test_the_biggest_shard_is_indexed_first():
    assert biggest_first({"2022": 10, "2026": 300, "pages": 10, "2024": 200}) == [
        "2026",
        "2024",
        "2022",
        "pages",
    ]
    assert biggest_first({}) == []


def test_a_busy_year_is_indexed_in_halves_and_a_quiet_one_whole():
    from types import SimpleNamespace

    from plugins.search import indexed_entries

    busy = [SimpleNamespace(date=datetime(2024, i % 12 + 1, 1), save_as=f"2024/{i}/index.html") for i in range(POSTS_PER_BUNDLE + 1)]
    quiet = [SimpleNamespace(date=datetime(2023, 3, 1), save_as="2023/a/index.html")]
    page = SimpleNamespace(save_as="about/index.html")
    shards = group(indexed_entries({"articles": busy + quiet, "pages": [page]}))
    assert sorted(shards) == ["2023", "2024h1", "2024h2", PAGES]
    assert len(shards["2024h1"]) + len(shards["2024h2"]) == POSTS_PER_BUNDLE + 1
    assert "2024/5/index.html" in shards["2024h1"] and "2024/6/index.html" in shards["2024h2"]
