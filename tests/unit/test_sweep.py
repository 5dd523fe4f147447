"""plugins/sweep: what a build into an earlier build's folder did not write goes."""

import os
import time

from plugins import sweep as plugin
from plugins.site.files import link_or_copy
from plugins.sweep import snapshot, sweep


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_files_the_build_left_alone_go_with_the_folders_they_leave_empty(tmp_path):
    out, kept = tmp_path / "out", tmp_path / "kept"
    rewritten = write(out / "index.html", "old")
    replaced = write(out / "2024/09/post/index.html", "old")
    gone = write(out / "2019/01/deleted-post/index.html", "old")
    stray = write(out / "tag/old-tag/index.html", "old")
    retained = write(out / ".well-known/security.txt", "kept by OUTPUT_RETENTION")
    linked = out / "feeds/all.atom.xml"
    link_or_copy(write(kept / "feed", "feed"), linked)
    before = snapshot(str(out), retention=[".well-known"])
    assert str(retained) not in before and len(before) == 5

    time.sleep(0.02)  # the kernel's clock for change times moves in ticks
    rewritten.write_text("new")  # written through (a file of this folder only)
    os.unlink(replaced)
    replaced.write_text("new")  # a new file where the old one was
    link_or_copy(kept / "feed", linked)  # already that link: only touched
    write(out / "2025/new-post/index.html", "new")  # not in the snapshot: never removed

    assert sweep(str(out), before) == 2
    assert not gone.exists() and not stray.exists()
    assert not (out / "2019").exists() and not (out / "tag").exists()  # left empty, removed
    assert rewritten.read_text() == replaced.read_text() == "new"
    assert linked.read_text() == "feed" and os.path.samefile(linked, kept / "feed")
    assert retained.exists() and (out / "2025/new-post/index.html").exists()


def test_touching_a_link_keeps_its_modification_time(tmp_path):
    source = write(tmp_path / "kept", "text")
    link_or_copy(source, tmp_path / "out/file")
    modified = os.stat(source).st_mtime_ns
    time.sleep(0.02)
    link_or_copy(source, tmp_path / "out/file")
    assert os.stat(tmp_path / "out/file").st_mtime_ns == modified


def test_an_empty_or_missing_folder_sweeps_nothing(tmp_path):
    assert snapshot(str(tmp_path / "missing")) == {}
    (tmp_path / "empty").mkdir()
    assert sweep(str(tmp_path / "empty"), snapshot(str(tmp_path / "empty"))) == 0
    assert (tmp_path / "empty").is_dir()


def test_a_folder_a_writer_keeps_as_it_is_stays(tmp_path):
    out = tmp_path / "out"
    bundle = write(out / "pagefind/2024/pagefind.js", "unchanged bundle")
    old = write(out / "pagefind/2019/pagefind.js", "an older bundle")
    other = write(out / "pagefind/2024-other/pagefind.js", "not under the kept folder")
    plugin._build.update(folder=str(out), before=snapshot(str(out)))
    plugin.keep(str(out / "pagefind/2024"))
    plugin.finish(None)
    assert bundle.exists() and not old.exists() and not other.exists()
    assert plugin._build == {}
    plugin.keep(str(out / "pagefind/2024"))  # outside a build: nothing to keep
    assert plugin._build == {}
