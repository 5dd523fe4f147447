"""Manifests of folders and live releases, and what a deploy changes (publishing/manifest.py)."""

import hashlib
import subprocess

from publishing.manifest import (
    Entry,
    diff,
    digest_of,
    fold_copies,
    parse_git_tree,
    parse_listing,
    scan,
)


def write(folder, files):
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def test_scan_lists_every_file_with_size_and_sha256(tmp_path):
    write(tmp_path, {"index.html": b"<p>home</p>", "a/b/page.html": b"x" * 10})
    manifest = scan(tmp_path)
    assert manifest == {
        "a/b/page.html": Entry(10, hashlib.sha256(b"x" * 10).hexdigest()),
        "index.html": Entry(11, hashlib.sha256(b"<p>home</p>").hexdigest()),
    }


def test_git_digests_are_the_blob_ids_git_computes(tmp_path):
    data = b"hello\nworld\n"
    (tmp_path / "f").write_bytes(data)
    by_git = subprocess.run(
        ["git", "hash-object", str(tmp_path / "f")], capture_output=True, text=True, check=True
    )
    assert digest_of(data, "git") == by_git.stdout.strip()
    assert scan(tmp_path, "git")["f"].digest == by_git.stdout.strip()


def test_diff_sorts_files_into_added_changed_removed_and_counts_bytes():
    live = {"same": Entry(3, "s"), "edited": Entry(5, "old"), "gone": Entry(7, "g")}
    build = {"same": Entry(3, "s"), "edited": Entry(6, "new"), "fresh": Entry(11, "f")}
    changes = diff(live, build)
    assert changes.added == [("fresh", 11)]
    assert changes.changed == [("edited", 6)]
    assert changes.removed == [("gone", 7)]
    assert changes.unchanged == 1
    assert changes.bytes_to_send == 17
    assert changes.bytes_removed == 7
    assert not changes.empty


def test_a_first_publish_adds_everything_and_a_repeat_changes_nothing():
    build = {"a": Entry(1, "x"), "b": Entry(2, "y")}
    assert diff(None, build).added == [("a", 1), ("b", 2)]
    again = diff(build, dict(build))
    assert again.empty and again.unchanged == 2


def test_same_size_other_bytes_is_a_change():
    assert diff({"a": Entry(4, "one")}, {"a": Entry(4, "two")}).changed == [("a", 4)]


def test_the_server_listing_becomes_a_manifest():
    lines = [
        "exists",
        "live\treleases/20250101T000000Z-abc",
        "size\t12\tindex.html",
        "size\t3\tdir with space/a\tb.txt",
        "size\t5\tweird\\name",
        f"sum\t{'ab' * 32}  ./index.html",
        f"sum\t{'cd' * 32}  ./dir with space/a\tb.txt",
        # sha256sum escapes a backslash in a name and then starts the line with one
        f"sum\t\\{'ef' * 32}  ./weird\\\\name",
        "size\t9\tno-sum-line",
    ]
    assert parse_listing(lines) == {
        "index.html": Entry(12, "ab" * 32),
        "dir with space/a\tb.txt": Entry(3, "cd" * 32),
        "weird\\name": Entry(5, "ef" * 32),
    }


def test_a_git_tree_listing_becomes_a_manifest():
    output = (
        "100644 blob 1111111111111111111111111111111111111111      12\tindex.html\0"
        "100644 blob 2222222222222222222222222222222222222222       0\t.nojekyll\0"
        "160000 commit 3333333333333333333333333333333333333333       -\tsubmodule\0"
    )
    assert parse_git_tree(output) == {
        "index.html": Entry(12, "1" * 40),
        ".nojekyll": Entry(0, "2" * 40),
    }


def test_precompressed_copies_fold_into_their_file_for_display():
    rows = [("a.html", 100), ("a.html.br", 20), ("a.html.gz", 30), ("b.css.gz", 5), ("c.jpg", 7)]
    assert fold_copies(rows) == [
        ("a.html", 150, [".br", ".gz"]),
        ("b.css.gz", 5, []),
        ("c.jpg", 7, []),
    ]
