"""Image copies made ahead (plugins/images/ahead.py): in a forked process at the lowest
priority, into the cache the images generator then reads."""

import multiprocessing
import os
import time
from types import SimpleNamespace

from PIL import Image

from plugins.images import ahead, process
from plugins.images.variants import plan


def publication(tmp_path):
    """Settings of a content folder with two pictures (one in a subfolder), a stray
    text file, a hidden folder and an unreadable "picture"."""
    content = tmp_path / "content"
    (content / "images" / "post").mkdir(parents=True)
    (content / "images" / ".hidden").mkdir()
    Image.new("RGB", (1000, 500), "navy").save(content / "images" / "wide.jpg")
    Image.new("RGB", (300, 300), "teal").save(content / "images" / "post" / "square.png")
    Image.new("RGB", (300, 300), "red").save(content / "images" / ".hidden" / "skip.png")
    (content / "images" / "notes.txt").write_text("not a picture")
    (content / "images" / "broken.jpg").write_bytes(b"not a picture either")
    return {
        "PATH": str(content),
        "STATIC_PATHS": ["images", "missing-folder"],
        "IMAGE_CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": ["plugins.parallel", "plugins.images"],
    }


def expected_copies(settings):
    paths = set()
    for name, size in [("images/wide.jpg", (1000, 500)), ("images/post/square.png", (300, 300))]:
        source = os.path.join(settings["PATH"], name)
        own, webp = plan(name, *size)
        paths |= {process.cache_path(process.digest(source), v, settings["IMAGE_CACHE_PATH"]) for v in [*own, *webp]}
    return paths


def test_every_missing_copy_of_every_image_is_made_and_nothing_else(tmp_path):
    settings = publication(tmp_path)
    assert [os.path.relpath(p, settings["PATH"]) for p in ahead.sources(settings)] == [
        "images/broken.jpg", "images/wide.jpg", "images/post/square.png"]
    made = ahead.make(settings, multiprocessing.Value("b", 0))
    assert set(made) == expected_copies(settings) and len(made) == 2 * 3 + 2 * 1
    assert all(os.path.getsize(path) > 0 for path in made)
    # Made once: a second pass finds them all in the cache.
    assert ahead.make(settings, multiprocessing.Value("b", 0)) == []


def test_nothing_is_made_once_stopped(tmp_path):
    settings = publication(tmp_path)
    assert ahead.make(settings, multiprocessing.Value("b", 1)) == []
    assert not os.path.exists(settings["IMAGE_CACHE_PATH"])


def test_the_copies_are_made_in_a_process_at_the_lowest_priority(tmp_path):
    settings = publication(tmp_path)
    ahead.start(SimpleNamespace(settings=settings))
    try:
        child = ahead._ahead["child"]
        deadline = time.monotonic() + 10
        while os.getpriority(os.PRIO_PROCESS, child.pid) != 19 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == 19
        assert os.getpriority(os.PRIO_PROCESS, 0) != 19  # the build's own process keeps its priority
    finally:
        made = ahead.finish()
    # finish() stops it: whatever it made is whole and in the cache.
    assert set(made) <= expected_copies(settings)
    assert all(os.path.getsize(path) > 0 for path in made)
    assert not [p for p in (tmp_path / "cache").rglob("*.part")]
    assert ahead.finish() == []  # joined once


def test_no_process_without_the_parallel_plugin(tmp_path):
    settings = {**publication(tmp_path), "PLUGINS": ["plugins.images"]}
    ahead.start(SimpleNamespace(settings=settings))
    assert "child" not in ahead._ahead
    assert ahead.finish() == []
