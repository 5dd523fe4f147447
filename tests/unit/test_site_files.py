"""plugins/site/files.py: a built folder swapped in while readers read."""

import threading

from plugins.site.files import swap_folders


def site(folder, text):
    (folder / "2024/post").mkdir(parents=True)
    (folder / "2024/post/index.html").write_text(text)
    return folder


def test_swap_puts_the_new_site_in_place_and_the_old_one_aside(tmp_path):
    target, fresh = site(tmp_path / "output", "old"), site(tmp_path / "output.new", "new")
    swap_folders(fresh, target)
    assert (target / "2024/post/index.html").read_text() == "new"
    assert (fresh / "2024/post/index.html").read_text() == "old"


def test_swap_into_a_missing_target_moves_the_folder(tmp_path):
    fresh = site(tmp_path / "output.new", "new")
    swap_folders(fresh, tmp_path / "output")
    assert (tmp_path / "output/2024/post/index.html").read_text() == "new"
    assert not fresh.exists()


def test_a_reader_never_finds_a_page_missing_during_swaps(tmp_path):
    """What livereload's server and the browser need: the old page or the new one."""
    target, other = site(tmp_path / "output", "a"), site(tmp_path / "output.new", "b")
    page, misses, done = target / "2024/post/index.html", [], threading.Event()

    def read():
        while not done.is_set():
            try:
                page.read_text()
            except FileNotFoundError:
                misses.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(300):
            swap_folders(other, target)
    finally:
        done.set()
        reader.join()
    assert misses == []
    assert page.read_text() == "a"  # an even number of swaps
