"""Precompressed copies and their cache (publishing/compress.py): the pure parts."""

import gzip
import io
from pathlib import Path

import brotli
import pytest

from publishing import PublishError
from publishing.cli import precompress
from publishing.compress import (
    DEFAULT_EXTENSIONS,
    Options,
    Summary,
    cache_path,
    check_precompress,
    compress,
    describe,
    keep_copy,
    stale_entries,
    text_files,
    wanted,
)
from publishing.config import check_target

SHA = "ab" + "0" * 62
OTHER = "cd" + "1" * 62
EXTENSIONS = frozenset({".html", ".css", ".js", ".xml", ".json", ".svg"})


@pytest.mark.parametrize(
    "name, size, expected",
    [
        ("index.html", 20, True),
        ("feeds/all.atom.xml", 5000, True),
        ("theme/js/search.js", 3000, True),
        ("PAGE.HTML", 100, True),  # suffixes match whatever their case
        ("index.html", 19, False),  # under the minimum
        ("robots.txt", 5000, False),
        ("photo.jpg", 50_000, False),
        ("index.html.gz", 5000, False),  # a copy is never compressed again
        ("index.html.br", 5000, False),
        ("Makefile", 5000, False),
    ],
)
def test_which_files_get_copies(name, size, expected):
    assert wanted(name, size, EXTENSIONS, 20) is expected


def test_cache_entries_are_sharded_by_the_first_two_hex_digits(tmp_path):
    assert cache_path(tmp_path, SHA, ".br") == tmp_path / "ab" / f"{SHA}.br"
    assert cache_path(tmp_path, SHA, ".gz") == tmp_path / "ab" / f"{SHA}.gz"


@pytest.mark.parametrize(
    "original, copy, keep", [(100, 40, True), (100, 99, True), (100, 100, False), (20, 27, False)]
)
def test_a_copy_is_kept_only_when_smaller_than_its_file(original, copy, keep):
    assert keep_copy(original, copy) is keep


def test_copies_are_reproducible_and_decompress_to_the_file():
    data = b"<p>The same paragraph, again and again.</p>\n" * 50
    for encoding, decompress in ((".gz", gzip.decompress), (".br", brotli.decompress)):
        first = compress(data, encoding)
        assert compress(data, encoding) == first
        assert decompress(first) == data
        assert len(first) < len(data)
    assert compress(data, ".gz")[4:8] == b"\0\0\0\0"  # no timestamp in the gzip header


def test_stale_entries_are_those_this_run_did_not_use():
    names = [
        f"ab/{SHA}.gz",
        f"ab/{SHA}.br",
        f"cd/{OTHER}.gz",
        f"cd/{OTHER}.br",
        "cd/notes.txt",  # not ours: never touched
        f"ab/{OTHER}.gz",  # in the wrong shard: not ours either
        f"cd/.{OTHER}.gz.x1y2",  # an unfinished write of another run
        "README",
    ]
    assert stale_entries(names, {SHA}) == [f"cd/{OTHER}.br", f"cd/{OTHER}.gz"]
    assert stale_entries(names, {SHA, OTHER}) == []


def test_the_settings_take_defaults_and_the_cache_path_is_taken_from_the_project(tmp_path):
    options, problems = check_precompress({}, tmp_path)
    assert problems == []
    assert options == Options(DEFAULT_EXTENSIONS, 20, tmp_path / "cache" / "compressed")
    options, problems = check_precompress(
        {
            "PRECOMPRESS_TEXT_EXTENSIONS": [".HTML", ".txt"],
            "PRECOMPRESS_MIN_SIZE": 0,
            "PRECOMPRESS_CACHE_PATH": "/var/cache/site",
        },
        tmp_path,
    )
    assert problems == []
    assert options == Options(frozenset({".html", ".txt"}), 0, Path("/var/cache/site"))


@pytest.mark.parametrize(
    "setting, value, fix",
    [
        ("PRECOMPRESS_TEXT_EXTENSIONS", "html", "give a set of file suffixes with their dot"),
        ("PRECOMPRESS_TEXT_EXTENSIONS", {"html"}, "give a set of file suffixes with their dot"),
        ("PRECOMPRESS_MIN_SIZE", -1, "give the smallest file size to compress in bytes"),
        ("PRECOMPRESS_MIN_SIZE", "20", "give the smallest file size to compress in bytes"),
        ("PRECOMPRESS_CACHE_PATH", "", "give a folder for the cached copies"),
    ],
)
def test_bad_settings_name_the_file_the_setting_and_the_fix(tmp_path, setting, value, fix):
    _, problems = check_precompress({setting: value}, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(f"publishconf.py: {setting}: {value!r} is not valid (")
    assert fix in problems[0]


def test_text_files_lists_what_to_compress_and_counts_the_small_ones(tmp_path):
    for name, size in {
        "index.html": 500,
        "a/b/page.html": 20,
        "a/tiny.css": 19,
        "photo.jpg": 900,
        "robots.txt": 90,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    options = Options(EXTENSIONS, 20, tmp_path / "cache")
    found, skipped = text_files(tmp_path, options)
    assert found == [Path("a/b/page.html"), Path("index.html")]
    assert skipped == 1


def test_the_summary_line_gives_the_counts_and_where_the_cache_is(tmp_path):
    options = Options(EXTENSIONS, 20, tmp_path / "cache" / "compressed")
    summary = Summary(
        compressed=3, reused=1997, skipped=2, copies=3998, bytes=43_300_000, seconds=0.5
    )
    summary.original_bytes = 218_700_000
    assert describe(summary, options, tmp_path) == (
        "Precompressed 2000 text files (218.7 MB) in 0.5 s: 3 compressed, 1997 reused from "
        "cache/compressed/; 3998 .gz and .br copies, 43.3 MB; 2 files under 20 bytes left as "
        "they are."
    )


def test_github_pages_gets_no_copies(tmp_path):
    (tmp_path / "index.html").write_text("<p>A page long enough to compress.</p>" * 10)
    pages, problems = check_target("pages", {"method": "ghpages"})
    assert problems == []
    out = io.StringIO()
    options = Options(EXTENSIONS, 20, tmp_path / "cache")
    assert precompress(tmp_path, options, pages, out) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    assert "GitHub Pages compresses by itself" in out.getvalue()


def test_a_cache_that_cannot_be_written_stops_the_publish_and_says_why(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>A page long enough to compress.</p>" * 10)
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    local, problems = check_target("local", {"method": "local", "path": "/srv/blog"})
    assert problems == []
    options = Options(EXTENSIONS, 20, tmp_path / "cache")
    with pytest.raises(PublishError) as raised:
        precompress(site, options, local, io.StringIO())
    message = str(raised.value)
    assert message.startswith("Could not make the precompressed copies: ")
    assert f"Check that {tmp_path / 'cache'} can be written" in message
    assert "PRECOMPRESS_CACHE_PATH in publishconf.py" in message
    assert message.endswith("Nothing was sent.")
