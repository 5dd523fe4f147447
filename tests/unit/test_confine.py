"""plugins/confine/paths.py: which links under content/ are refused, and what a
generator may find."""

import os

import pytest

from plugins.confine.paths import confined, links, shown, shown_link, under, within


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "project" / "content"
    (folder / "images" / "album").mkdir(parents=True)
    (folder / "images" / "sun.jpg").write_text("sun")
    (folder / "images" / "album" / "one.jpg").write_text("one")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "key").write_text("secret")
    return folder


def refused(folder, patterns=()):
    return {r.link: r.message for r in links(folder, patterns)[1]}


def test_within_resolves_links_and_dot_dots(content, tmp_path):
    assert within(content / "images" / "sun.jpg", content)
    assert within(content, content)
    assert not within(content / ".." / "private" / "key", content)
    assert not within(tmp_path / "project" / "content-other", content)  # a prefix is not a parent
    (content / "images" / "key").symlink_to(tmp_path / "private" / "key")
    assert not within(content / "images" / "key", content)


def test_a_content_folder_without_links_has_nothing_refused(content):
    assert links(content) == ([], [])


def test_links_outside_missing_and_looping_are_refused_and_others_kept(content, tmp_path):
    images = content / "images"
    (images / "key").symlink_to(tmp_path / "private" / "key")
    (images / "private").symlink_to(tmp_path / "private")
    (images / "gone.jpg").symlink_to("nowhere.jpg")
    (images / "again").symlink_to(".")
    (images / "same.jpg").symlink_to("sun.jpg")
    (images / "latest").symlink_to("album")
    found, _ = links(content)
    assert sorted(found) == sorted(os.path.join("images", n) for n in ("key", "private", "gone.jpg", "again", "same.jpg", "latest"))
    assert refused(content) == {
        os.path.join("images", "key"): f"is a link to {tmp_path / 'private' / 'key'}, outside content/",
        os.path.join("images", "private"): f"is a link to {tmp_path / 'private'}, outside content/",
        os.path.join("images", "gone.jpg"): "is a link to content/images/nowhere.jpg, which does not exist",
        os.path.join("images", "again"): "is a link to content/images, a folder that holds the link itself",
    }


def test_a_link_to_a_folder_that_holds_folder_links_is_refused(content):
    (content / "a").mkdir()
    (content / "b").mkdir()
    (content / "a" / "to-b").symlink_to("../b")
    (content / "b" / "to-a").symlink_to("../a")
    assert refused(content) == {
        os.path.join("a", "to-b"): "is a link to content/b, a folder that holds links to folders",
        os.path.join("b", "to-a"): "is a link to content/a, a folder that holds links to folders",
    }


def test_ignored_names_are_not_looked_at(content, tmp_path):
    (content / "images" / ".key").symlink_to(tmp_path / "private" / "key")
    (content / ".git").mkdir()
    (content / ".git" / "key").symlink_to(tmp_path / "private" / "key")
    assert refused(content, [".*"]) == {}
    assert len(refused(content)) == 2


def test_messages_show_paths_from_the_project_and_links_where_they_are(content, tmp_path):
    (content / "images" / "key").symlink_to(tmp_path / "private" / "key")
    assert shown(content / "images" / "album", content) == "content/images/album"
    assert shown(str(tmp_path / "private"), content) == str(tmp_path / "private")
    assert shown_link(content / "images" / "key", content) == "content/images/key"


def test_under():
    assert under("images/a", ["images"])
    assert under("images", ["images"])
    assert not under("images-2/a", ["images"])


def walk_like_pelican(base):
    """What Pelican's get_files does: os.walk following links, with folder exclusions."""
    def get_files(paths, exclude=None, extensions=None):
        excluded = {os.path.split(os.path.join(base, e)) for e in exclude or []}
        found = set()
        for path in paths:
            for folder, folders, files in os.walk(os.path.join(base, path), followlinks=True):
                folders[:] = [f for f in folders if (folder, f) not in excluded]
                found |= {os.path.relpath(os.path.join(folder, f), base) for f in files}
        return found
    return get_files


def test_confined_walks_into_no_refused_link_and_finds_no_file_from_outside(content, tmp_path):
    images = content / "images"
    (images / "key").symlink_to(tmp_path / "private" / "key")
    (images / "private").symlink_to(tmp_path / "private")
    (images / "loop").symlink_to("..")
    (images / "loop2").symlink_to("..")  # with two, an unguarded walk doubles at every level
    (images / "latest").symlink_to("album")
    (images / "album" / "key").symlink_to(tmp_path / "private" / "key")  # also found through "latest"
    bad = [r.link for r in links(content)[1]]
    found = confined(walk_like_pelican(str(content)), str(content), bad, True, ["images"])
    assert found == {os.path.join("images", "sun.jpg"), os.path.join("images", "album", "one.jpg"),
                     os.path.join("images", "latest", "one.jpg")}


def test_a_refused_link_named_in_the_settings_is_not_walked(content, tmp_path):
    (content / "extra").symlink_to(tmp_path / "private")
    bad = [r.link for r in links(content)[1]]
    assert confined(walk_like_pelican(str(content)), str(content), bad, True, ["extra", "images/"]) == {
        os.path.join("images", "sun.jpg"), os.path.join("images", "album", "one.jpg")}
