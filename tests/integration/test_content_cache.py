"""Pelican's content cache, as `invoke build` uses it: same output, same errors.

Builds run in subprocesses with the options tasks.py passes (`build_options`).
"""

import gzip
import os
import pickle
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from bs4 import BeautifulSoup
from PIL import Image

from tasks import build_options
from tests.conftest import invoke, same_search_index

ARCTIC = "content/posts/2024/arctic-shipping-after-the-ice.md"
CORRECTION = "content/posts/2026/correction-arctic-shipping-figures.md"


def pelican(project, out, *extra, settings="publishconf.py"):
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", str(out), *extra],
        cwd=project, capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def posts_read(log):
    """The posts Pelican read from their files (not from its cache), from a --debug log."""
    return sorted(set(re.findall(r"Read file (posts/\S+\.md) -> Article", log)))


def tree(folder):
    """{path: bytes} of every file written; sitemap.xml with its build times masked, the
    search index without what Pagefind orders differently on each run."""
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    for name in [n for n in files if n.split(".xml")[0] == "sitemap"]:
        files[name] = without_build_times(files[name], name)
    return same_search_index(files)


def without_build_times(data, name):
    """pelican-sitemap gives pages without a date the time of the build as <lastmod>,
    so no two builds write the same sitemap.xml; everything else in it must match."""
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    elif name.endswith(".br"):  # written by pelican-precompress, which needs Brotli
        import brotli

        data = brotli.decompress(data)
    now = datetime.now(UTC)

    def mask(match):
        when = datetime.fromisoformat(match.group(1).decode())
        return b"<lastmod>BUILD TIME</lastmod>" if abs(when - now) < timedelta(minutes=30) else match.group(0)

    masked = re.sub(rb"<lastmod>([^<]+)</lastmod>", mask, data)
    assert masked.count(b"BUILD TIME") < data.count(b"<lastmod>")  # posts keep their own dates
    return masked


def edit(project, path, old, new):
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_cached_rebuild_writes_exactly_the_files_of_a_full_build(project, tmp_path):
    cache = build_options(tmp_path / "cache")
    pelican(project, tmp_path / "cold", *cache)
    warm_log = pelican(project, tmp_path / "warm", *cache, "--debug")
    assert posts_read(warm_log) == []
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")

    # A new title and address for a post that another (cached) post links to,
    # and a new first paragraph, which listings show as its summary.
    edit(project, ARCTIC, "title: Arctic Shipping After the Ice", "title: Arctic Shipping Beyond the Ice\nslug: arctic-shipping-beyond-the-ice")
    edit(project, ARCTIC, "Each summer brings", "Every summer brings")
    (project / "content/posts/2026/ports-as-power.md").unlink()
    rebuilt_log = pelican(project, tmp_path / "rebuilt", *cache, "--debug")
    assert posts_read(rebuilt_log) == ["posts/2024/arctic-shipping-after-the-ice.md"]
    with open(tmp_path / "cache" / "ArticlesGenerator", "rb") as saved:
        cached_paths = pickle.load(saved).keys()
    assert "posts/2024/arctic-shipping-after-the-ice.md" in cached_paths
    assert "posts/2026/ports-as-power.md" not in cached_paths  # deleted posts leave the cache
    pelican(project, tmp_path / "full")

    rebuilt, full = tree(tmp_path / "rebuilt"), tree(tmp_path / "full")
    assert rebuilt.keys() == full.keys()
    assert [name for name in full if rebuilt[name] != full[name]] == []
    correction = next(v for k, v in full.items() if k.endswith("correction-arctic-shipping-figures/index.html"))
    assert b"/2024/09/arctic-shipping-beyond-the-ice/" in correction
    assert any(k.endswith(".atom.xml") for k in full)


def test_a_problem_is_reported_on_every_build_not_only_the_first(project):
    edit(project, "content/posts/2023/coast-guards-south-china-sea.md", "  license: CC0-1.0", "  license: CC-BY-NC-4.0")
    for _ in range(2):
        built = invoke(project, "build")
        assert built.returncode == 0, built.stdout + built.stderr
        assert "image.license: CC BY-NC 4.0 is more restrictive than the post's CC BY 4.0" in built.stdout

    edit(project, "content/posts/2024/what-sanctions-can-and-cannot-do.md", "authors: [Amara Lind]", "authors: [Amara Lynd]")
    for _ in range(2):
        failed = invoke(project, "build")
        assert failed.returncode != 0
        assert '"Amara Lynd" has no profile in content/authors/ (did you mean "Amara Lind"?)' in failed.stdout


def test_a_renamed_profile_is_noticed_by_cached_posts(project):
    assert invoke(project, "build").returncode == 0
    edit(project, "content/authors/amara-lind.md", "name: Amara Lind", "name: Amara Lind-Holm")
    failed = invoke(project, "build")
    assert failed.returncode != 0
    assert 'content/posts/2024/what-sanctions-can-and-cannot-do.md:4: authors: "Amara Lind" has no profile' in failed.stdout


def test_a_replaced_picture_gets_its_new_size(project):
    assert invoke(project, "build").returncode == 0
    picture = project / "content/images/arctic-shipping-after-the-ice/icebreaker.jpg"
    Image.new("RGB", (321, 123), "white").save(picture)
    assert invoke(project, "build").returncode == 0
    page = (project / "output/2024/09/arctic-shipping-after-the-ice/index.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="[^"]*icebreaker\.jpg"[^>]*width="321" height="123"', page)


def test_changed_settings_or_plugins_start_a_new_cache(project):
    assert invoke(project, "build").returncode == 0
    before = sorted(p.name for p in (project / "cache").iterdir())
    assert len([name for name in before if name.startswith("pelicanconf-")]) == 1
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("\nTYPOGRIFY = False\n")
    assert invoke(project, "build").returncode == 0
    after = sorted(p.name for p in (project / "cache").iterdir())
    assert len([name for name in after if name.startswith("pelicanconf-")]) == 1
    assert after != before
    page = (project / "output/2024/05/what-sanctions-can-and-cannot-do/index.html").read_text(encoding="utf-8")
    body = BeautifulSoup(page, "html.parser").select_one(".post-body").get_text()
    assert "Moscow's revenue" in body  # typogrify off: not curled, so not from the old cache


def render_counts(log):
    """(reused, rendered, not cacheable) from the render cache's line of a -v log."""
    found = re.search(r"Render cache: (\d+) files reused, (\d+) rendered,\s+(\d+) not cacheable", log)
    assert found, log
    return tuple(int(n) for n in found.groups())


def test_unchanged_pages_and_feeds_are_written_from_the_render_cache(project, tmp_path):
    cache = build_options(tmp_path / "cache")
    reused, rendered, uncacheable = render_counts(pelican(project, tmp_path / "cold", *cache, "-v"))
    assert (reused, uncacheable) == (0, 0) and rendered > 100
    total = rendered

    assert render_counts(pelican(project, tmp_path / "warm", *cache, "-v")) == (total, 0, 0)
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")

    # A sentence in a later section of a post: its page and the feeds that carry it
    # change; the lists that show its summary do not.
    edit(project, ARCTIC, "The three routes that are most often mentioned",
         "The three routes most often mentioned")
    reused, rendered, _ = render_counts(pelican(project, tmp_path / "edited", *cache, "-v"))
    assert reused + rendered == total
    assert 1 < rendered < total / 3  # its page and the feeds that carry it
    pelican(project, tmp_path / "full")
    edited, full = tree(tmp_path / "edited"), tree(tmp_path / "full")
    assert [name for name in full if edited.get(name) != full[name]] == []
    assert edited.keys() == full.keys()


def test_a_kept_feed_is_linked_into_the_output_and_never_written_through(project, tmp_path):
    cache, out, local = build_options(tmp_path / "cache"), tmp_path / "out", "pelicanconf.py"
    pelican(project, out, *cache, settings=local)
    pelican(project, out, *cache, settings=local)  # in place, as livereload builds: the kept feeds are linked
    feed = out / "feeds" / "all.atom.xml"
    assert feed.stat().st_nlink == 2
    kept = {path: path.read_bytes() for path in (tmp_path / "cache").rglob("rendered/files/*/*")}
    assert feed.read_bytes() in kept.values()
    inode = feed.stat().st_ino

    edit(project, ARCTIC, "The three routes that are most often mentioned", "The three routes we name")
    pelican(project, out, *cache, settings=local)  # the feed is written again where its link was
    assert b"The three routes we name" in feed.read_bytes()
    assert feed.stat().st_ino != inode  # a new file: the kept one (until the build is saved) is as it was
    changed = [path for path, data in kept.items() if path.exists() and path.read_bytes() != data]
    assert changed == []


def test_a_build_into_an_earlier_builds_folder_holds_exactly_a_full_builds_files(project, tmp_path):
    """As `invoke build` does: the next build goes into the folder of the build before
    last while the last one is served, and both link the same kept files."""
    cache, earlier, served = build_options(tmp_path / "cache"), tmp_path / "earlier", tmp_path / "served"
    pelican(project, earlier, *cache)
    pelican(project, served, *cache)
    serving = tree(served)
    (earlier / "stray" / "old.html").parent.mkdir()
    (earlier / "stray" / "old.html").write_text("from some earlier build")

    edit(project, ARCTIC, "title: Arctic Shipping After the Ice", "title: Arctic Shipping Beyond the Ice\nslug: arctic-shipping-beyond-the-ice")
    edit(project, ARCTIC, "The three routes that are most often mentioned", "The three routes we name")
    (project / "content/posts/2026/ports-as-power.md").unlink()
    log = pelican(project, earlier, *cache, "-v")
    assert re.search(r"Removed \d+ file\(s\) that this build did not write", log)
    pelican(project, tmp_path / "full")  # no cache, an empty folder

    rebuilt, full = tree(earlier), tree(tmp_path / "full")
    assert sorted(rebuilt.keys() - full.keys()) == [] and sorted(full.keys() - rebuilt.keys()) == []
    assert [name for name in full if rebuilt[name] != full[name]] == []
    assert [str(d) for d in earlier.rglob("*") if d.is_dir() and not any(d.iterdir())] == []
    assert tree(served) == serving  # nothing was written through a link into the served site


def test_a_static_file_pelican_finds_up_to_date_stays_in_the_folder(project, tmp_path):
    """With STATIC_CHECK_IF_MODIFIED Pelican leaves an unchanged static file alone:
    plugins/sweep must not take it for a file of an earlier build."""
    options = build_options(tmp_path / "cache", "STATIC_CHECK_IF_MODIFIED=true")
    pelican(project, tmp_path / "out", *options)
    first = tree(tmp_path / "out")
    assert "favicon.ico" in first
    log = pelican(project, tmp_path / "out", *options, "--debug")
    assert "is up to date, not copying" in log
    assert tree(tmp_path / "out").keys() == first.keys()
