"""Precompressed copies of the sample publication, as `invoke publish` makes them.

The publication is built once with publishconf.py (which makes no copies); each test
compresses fresh copies of that build with the real settings and a cache of its own.
"""

import dataclasses
import gzip
import io
import random
import shutil
from pathlib import Path

import brotli
import pytest

from publishing import cli
from publishing.compress import ENCODINGS, cache_path, check_precompress, compress_site
from publishing.gate import check_compressed
from publishing.manifest import digest_of
from tests.conftest import copy_project

DECOMPRESS = {".gz": gzip.decompress, ".br": brotli.decompress}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def built(tmp_path_factory, project):
    folder = tmp_path_factory.mktemp("built") / "site"
    cli.build(project, folder)
    return folder


@pytest.fixture
def options(project, tmp_path):
    """The settings of publishconf.py, with a cache in this test's folder."""
    found, problems = check_precompress(cli.load_settings(project), project)
    assert problems == []
    return dataclasses.replace(found, cache=tmp_path / "cache")


def fresh(built, tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(built, folder)
    return folder


def copies(folder):
    """{copy's path: its bytes} for every .gz and .br file."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.suffix in ENCODINGS
    }


def test_the_build_itself_has_no_copies(built):
    assert copies(built) == {}


def test_every_copy_decompresses_to_its_file_and_a_second_run_reuses_them(built, options, tmp_path):
    first_site = fresh(built, tmp_path, "first")
    out = io.StringIO()
    first = compress_site(first_site, options, out)
    made = copies(first_site)
    for name in ("index.html", "theme/css/main.css", "feeds/all.atom.xml", "sitemap.xml"):
        assert f"{name}.gz" in made and f"{name}.br" in made, name
    assert any(name.endswith(".js.br") for name in made)
    for name, data in made.items():
        original = (first_site / name).with_suffix("")
        assert original.suffix in options.extensions, name  # no copies of pictures
        assert DECOMPRESS[Path(name).suffix](data) == original.read_bytes(), name
    assert check_compressed(first_site) == []  # what the gate will check

    distinct = {digest_of((first_site / n).with_suffix("").read_bytes()) for n in made}
    assert first.compressed == len(distinct) > 100
    assert first.compressed + first.reused == first.files
    assert (first.copies, first.bytes) == (len(made), sum(map(len, made.values())))
    assert "Compressing " in out.getvalue() and " 100% " in out.getvalue()  # progress

    second_site = fresh(built, tmp_path, "second")
    out = io.StringIO()
    second = compress_site(second_site, options, out)
    assert (second.compressed, second.reused, second.pruned) == (0, first.files, 0)
    assert copies(second_site) == made  # the same bytes, from the cache
    assert "Compressing" not in out.getvalue()


def test_editing_one_file_recompresses_only_that_file(built, options, tmp_path):
    compress_site(fresh(built, tmp_path, "before"), options, io.StringIO())
    site = fresh(built, tmp_path, "after")
    home = site / "index.html"
    old = digest_of(home.read_bytes())
    home.write_text(home.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    new = digest_of(home.read_bytes())

    summary = compress_site(site, options, io.StringIO())
    assert summary.compressed == 1
    assert summary.pruned == 2  # the old home page's .gz and .br
    for encoding in ENCODINGS:
        copy = (site / f"index.html{encoding}").read_bytes()
        assert DECOMPRESS[encoding](copy) == home.read_bytes()
        assert cache_path(options.cache, new, encoding).is_file()
        assert not cache_path(options.cache, old, encoding).exists()
    assert check_compressed(site) == []


def test_small_files_and_copies_that_would_not_be_smaller_are_left_out(built, options, tmp_path):
    plain = compress_site(fresh(built, tmp_path, "plain"), options, io.StringIO())
    site = fresh(built, tmp_path, "site")
    (site / "tiny.html").write_text("<p>Short.</p>")  # 13 bytes: under the minimum
    (site / "badge.svg").write_bytes(b"<svg/>" * 3)  # 18 bytes
    noise = random.Random(8).randbytes(200)  # compresses to more than it is
    (site / "noise.json").write_bytes(noise)

    summary = compress_site(site, options, io.StringIO())
    assert summary.skipped == plain.skipped + 2
    assert summary.files == plain.files + 1
    for name in ("tiny.html", "badge.svg", "noise.json"):
        for encoding in ENCODINGS:
            assert not (site / f"{name}{encoding}").exists(), name + encoding
    assert len(gzip.compress(noise, 9)) >= len(noise)  # the reason noise.json has none
    assert len(brotli.compress(noise, quality=11)) >= len(noise)
