"""Release ids, pruning and rollback choices (publishing/releases.py)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from publishing.releases import (
    is_release_id,
    new_release_id,
    newest_first,
    released_at,
    rollback_choice,
    sort_entries,
    to_prune,
)

NOW = datetime(2025, 5, 26, 14, 23, 1, 987654, tzinfo=UTC)
A, B, C, D = (
    "20250101T090000Z-aaaaaaa",
    "20250201T090000Z-bbbbbbb",
    "20250301T090000Z-ccccccc",
    "20250401T090000Z-ddddddd",
)


def test_a_release_id_is_the_utc_time_and_the_commit():
    assert new_release_id(NOW, "1A2B3C4") == "20250526T142301Z-1a2b3c4"
    local = NOW.astimezone(timezone(timedelta(hours=2)))
    assert new_release_id(local, "1a2b3c4") == "20250526T142301Z-1a2b3c4"
    assert released_at("20250526T142301Z-1a2b3c4") == NOW.replace(microsecond=0)


def test_a_project_outside_git_still_gets_an_id():
    assert new_release_id(NOW, None) == "20250526T142301Z-nogit"
    assert is_release_id(new_release_id(NOW, None))


def test_a_new_id_sorts_after_every_existing_one():
    same_second = new_release_id(NOW, "1a2b3c4", ["20250526T142301Z-0000000"])
    assert same_second == "20250526T142302Z-1a2b3c4"
    ahead = new_release_id(NOW, "1a2b3c4", ["20250601T000000Z-fffffff"])
    assert ahead == "20250601T000001Z-1a2b3c4"
    assert new_release_id(NOW, "1a2b3c4", [A]) == "20250526T142301Z-1a2b3c4"


@pytest.mark.parametrize(
    "name, ok",
    [
        (A, True),
        ("20250101T090000Z-nogit", True),
        ("20250101T090000Z-aaaaaaa.partial", False),
        ("current", False),
        ("2025-01-01-aaaaaaa", False),
        ("", False),
    ],
)
def test_release_id_shape(name, ok):
    assert is_release_id(name) is ok


def test_entries_of_the_releases_folder_split_into_releases_and_unfinished_uploads():
    """A target with no history (published before it was kept): complete releases count."""
    ids, unfinished = sort_entries([A, C, "lost+found", f"{D}.partial", B, "notes.partial"])
    assert ids == [C, B, A]
    assert unfinished == [f"{D}.partial"]


def test_a_release_counts_only_once_it_has_been_live():
    # A and B were live before C, the live one; D was uploaded and its publish stopped.
    ids, unfinished = sort_entries([A, B, C, D, f"{D}.partial"], was_live=[A, B], live=C)
    assert ids == [C, B, A]
    assert unfinished == [D, f"{D}.partial"]


def test_the_history_counts_only_releases_still_there():
    ids, unfinished = sort_entries([B, C], was_live=[A, B, "", "garbled line"], live=C)
    assert (ids, unfinished) == ([C, B], [])


def test_a_new_target_with_an_empty_history_has_nothing_but_unfinished_uploads():
    assert sort_entries([A], was_live=[], live=None) == ([], [A])
    assert sort_entries([A], was_live=[], live=A) == ([A], [])


def test_pruning_keeps_the_newest_and_never_the_live_release():
    assert to_prune([A, B, C, D], D, 2) == [B, A]
    assert to_prune([A, B, C, D], A, 2) == [B]  # rolled back to the oldest: it stays
    assert to_prune([A, B], B, 5) == []
    assert to_prune([D, A, C, B], D, 1) == [C, B, A]


def test_rollback_goes_to_the_release_before_the_live_one():
    assert rollback_choice([A, B, C], C) == B
    assert rollback_choice([A, B, C], B) == A
    with pytest.raises(ValueError, match="oldest release"):
        rollback_choice([A, B, C], A)
    with pytest.raises(ValueError, match="no release is live"):
        rollback_choice([A, B], None)
    with pytest.raises(ValueError, match="no releases"):
        rollback_choice([], None)


@pytest.mark.parametrize("to, expected", [(A, A), ("202501", A), ("bbbb", B), ("CCCCCCC", C)])
def test_rollback_to_an_id_its_start_or_its_commit(to, expected):
    assert rollback_choice([A, B, C, D], D, to) == expected


def test_rollback_to_names_that_do_not_fit():
    with pytest.raises(ValueError, match='no release matches "zzz"'):
        rollback_choice([A, B], B, "zzz")
    with pytest.raises(ValueError, match="matches 3 releases"):
        rollback_choice([A, B, C], C, "20250")
    with pytest.raises(ValueError, match="already live"):
        rollback_choice([A, B], B, B)


def test_newest_first_orders_by_time():
    assert newest_first([B, D, A, C]) == [D, C, B, A]


def test_rollback_never_goes_to_a_release_that_was_never_live():
    ids, unfinished = sort_entries([A, B, C, D], was_live=[A], live=B)  # C and D never live
    assert rollback_choice(ids, B, None, unfinished) == A
    for to in (C, "2025030", "ddddddd"):
        with pytest.raises(ValueError, match=r"never became live .*the next publish removes it"):
            rollback_choice(ids, B, to, unfinished)
    with pytest.raises(ValueError, match="never became live"):
        rollback_choice(ids, B, "20250401", [f"{D}.partial"])
    assert rollback_choice(ids, B, "aaaa", unfinished) == A
