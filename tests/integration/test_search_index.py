"""The search index in bundles (plugins/search): one per year and one for pages, each
rebuilt only when its pages change, with the cache options `invoke build` passes."""

import gzip
import json
import re
import time

import pytest

from tasks import build_options
from tests.conftest import ROOT, build, same_search_index
from tests.integration.test_content_cache import edit, pelican

GAS = "content/posts/2022/europes-winter-gas-test.md"


def bundle_files(out):
    """{path: bytes} of every file of every bundle."""
    folder = out / "pagefind"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def bundle_content(out):
    """bundle_files as two runs of Pagefind on the same pages agree on them."""
    return same_search_index({f"pagefind/{name}": data for name, data in bundle_files(out).items()})


def indexed_urls(bundle):
    """The page addresses a bundle holds, from its fragment files."""
    urls = []
    for fragment in (bundle / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.append(json.loads(data.removeprefix(b"pagefind_dcd"))["url"])
    return sorted(urls)


def reindexed(log):
    """The bundles Pagefind ran on, from the plugin's log line."""
    found = re.findall(
        r"search: indexed (\d+) bundle\(s\) ?([\w ]*), reused (\d+) from the cache", log
    )
    assert len(found) == 1, log
    count, names, _ = found[0]
    assert int(count) == len(names.split())
    return names.split()


def test_each_bundle_holds_its_years_posts_and_the_search_page_lists_them(tmp_path):
    out = build(ROOT / "publishconf.py", tmp_path / "out")
    assert indexed_urls(out / "pagefind" / "2024") == [
        "/2024/05/what-sanctions-can-and-cannot-do/",
        "/2024/09/arctic-shipping-after-the-ice/",
    ]
    # hidden posts are published, so found; drafts are not
    assert "/2026/02/correction-arctic-shipping-figures/" in indexed_urls(out / "pagefind" / "2026")
    assert not any("drafts" in url for b in (out / "pagefind").iterdir() for url in indexed_urls(b))
    assert indexed_urls(out / "pagefind" / "pages") == [
        "/about/",
        "/contributors/",
        "/reuse-licensing/",
    ]
    page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-url="/pagefind/2026/pagefind.js"' in page
    assert (
        'data-pagefind-merge="/pagefind/2025/ /pagefind/2024/ /pagefind/2023/ /pagefind/2022/ /pagefind/pages/"'
        in page
    )
    # our search.js needs only pagefind.js, not Pagefind's own interfaces
    assert not list((out / "pagefind").rglob("pagefind-ui.js"))


def test_a_rebuild_reindexes_only_the_bundles_whose_pages_changed(project, tmp_path):
    cache = build_options(tmp_path / "cache")
    cold = pelican(project, tmp_path / "cold", *cache, "-v")
    assert sorted(reindexed(cold)) == ["2022", "2023", "2024", "2025", "2026", "pages"]
    entries = sorted(p.name for p in (tmp_path / "cache" / "search").iterdir() if p.is_dir())
    assert [name.split("-")[0] for name in entries] == [
        "2022",
        "2023",
        "2024",
        "2025",
        "2026",
        "pages",
    ]

    warm = pelican(project, tmp_path / "warm", *cache, "-v")
    assert reindexed(warm) == []
    assert "reused 6 from the cache" in warm
    assert bundle_files(tmp_path / "warm") == bundle_files(tmp_path / "cold")

    edit(project, GAS, "Floating regasification terminals", "Floating regasification barges")
    edited = pelican(project, tmp_path / "edited", *cache, "-v")
    assert reindexed(edited) == ["2022"]
    after = sorted(p.name for p in (tmp_path / "cache" / "search").iterdir() if p.is_dir())
    assert [name for name in after if name not in entries] == [
        n for n in after if n.startswith("2022-")
    ]
    assert len(after) == 6  # the 2022 bundle of the old text is gone from the cache
    changed = {
        name.split("/")[0]
        for name, data in bundle_files(tmp_path / "edited").items()
        if bundle_files(tmp_path / "cold").get(name) != data
    }
    assert changed == {"2022"}

    # The edited build matches a build from scratch, without any cache.
    pelican(project, tmp_path / "full")
    assert bundle_content(tmp_path / "edited") == bundle_content(tmp_path / "full")
    filters = {  # left out of bundle_content's filter chunks, but in the pages' fragments
        page["url"]: page["filters"].get("category")
        for name, data in bundle_content(tmp_path / "full").items()
        if "/fragment/" in name
        for page in [json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))]
    }
    assert filters["/2022/10/europes-winter-gas-test/"] == ["Energy & Climate"]
    assert filters["/about/"] is None


def test_a_year_that_loses_its_last_post_loses_its_bundle(project, tmp_path):
    cache = build_options(tmp_path / "cache")
    pelican(project, tmp_path / "out", *cache)
    for post in (project / "content/posts/2023").iterdir():
        post.unlink()
    log = pelican(project, tmp_path / "out", *cache, "-v")
    assert "2023" not in reindexed(log)
    assert sorted(p.name for p in (tmp_path / "out" / "pagefind").iterdir()) == [
        "2022",
        "2024",
        "2025",
        "2026",
        "pages",
    ]
    assert "/pagefind/2023/" not in (tmp_path / "out" / "search" / "index.html").read_text(
        encoding="utf-8"
    )
    assert not [p for p in (tmp_path / "cache" / "search").iterdir() if p.name.startswith("2023-")]


def test_a_rebuild_into_the_same_folder_leaves_unchanged_bundles_as_they_are(project, tmp_path):
    cache, out = build_options(tmp_path / "cache"), tmp_path / "out"
    pelican(project, out, *cache)
    stamps = {p: (p.stat().st_ino, p.stat().st_ctime_ns) for p in (out / "pagefind").rglob("*") if p.is_file()}
    time.sleep(0.02)  # the kernel's clock for change times moves in ticks
    edit(project, GAS, "Floating regasification terminals", "Floating regasification barges")
    log = pelican(project, out, *cache, "-v")
    assert reindexed(log) == ["2022"]
    now = {p: (p.stat().st_ino, p.stat().st_ctime_ns) for p in (out / "pagefind").rglob("*") if p.is_file()}
    changed = {p.relative_to(out / "pagefind").parts[0] for p in stamps.keys() | now.keys() if stamps.get(p) != now.get(p)}
    assert changed == {"2022"}  # the other bundles' files were neither written nor touched, and stay
    pelican(project, tmp_path / "full")
    assert bundle_content(out) == bundle_content(tmp_path / "full")


@pytest.mark.parametrize("limit", [None, 1])
def test_pagefind_reads_exactly_the_pages_named_whatever_their_names(tmp_path, monkeypatch, limit):
    """run_pagefind names a shard's pages to Pagefind with --glob (escaped), or, for a
    list too long for one argument, as a folder of links: the same pages either way."""
    from plugins.search import runner

    if limit:
        monkeypatch.setattr(runner, "GLOB_LIMIT", limit)
    page = '<html lang="en"><body><main data-pagefind-body><p>Harbour {n}</p></main></body></html>'
    names = ["x,y/a{1}[2]*?.html", "we!rd #1/index.html", "l<t>/index.html", "plain/index.html", "left/out.html"]
    for n, name in enumerate(names):
        (tmp_path / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / name).write_text(page.replace("{n}", str(n)))
    assert runner.run_pagefind(runner.pagefind_binary(), tmp_path / "site", names[:4], tmp_path / "bundle") is None
    assert len(list((tmp_path / "bundle" / "fragment").iterdir())) == 4


def test_the_pagefind_executable_is_the_packages_own_found_without_importing_it(monkeypatch):
    import subprocess
    import sys

    from pagefind.service import get_executable

    from plugins.search.runner import pagefind_binary

    assert pagefind_binary() == get_executable()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/pagefind")
    assert str(pagefind_binary()) == "/opt/pagefind"
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    code = "import sys; from plugins.search.runner import pagefind_binary; pagefind_binary(); print('pagefind' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
