"""`invoke bench` on a small publication: both builds run, ours without a warning."""

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from bench.run import Progress, describe, markdown_table, measure, text_table
from tasks import build_options
from tests.conftest import ROOT

N = 12


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """(folder, result) of one benchmark run on N generated posts, kept for inspection."""
    folder = tmp_path_factory.mktemp("bench")
    return folder, measure(N, build_options("cache"), seed=5, keep=folder, progress=Progress(stream=None))


def test_our_builds_of_the_generated_posts_log_no_warning(bench):
    folder, _ = bench
    for name in ("ours-cold", "ours-rebuild"):
        log = (folder / f"{name}.log").read_text(encoding="utf-8")
        assert f"Processed {N} articles" in log
        assert not re.search(r"WARNING|ERROR|CRITICAL", log), log


def test_every_generated_post_is_published_by_both(bench):
    folder, _ = bench
    posts = sorted((folder / "content" / "posts").rglob("*.md"))
    assert len(posts) == N
    for post in posts:
        slug = post.stem
        ours = list((folder / "out-ours").glob(f"*/*/{slug}/index.html"))
        assert len(ours) == 1, slug
        assert (folder / "out-vanilla" / f"{slug}.html").is_file(), slug


def test_the_rebuild_shows_the_edit_and_reads_the_cache(bench):
    folder, _ = bench
    assert (folder / "cache" / "ArticlesGenerator").is_file()
    assert (folder / "cache-vanilla" / "ArticlesGenerator").is_file()
    edited = [p for p in (folder / "out-ours").rglob("index.html") if b"A correction was made" in p.read_bytes()]
    assert len(edited) == 1
    body = BeautifulSoup(edited[0].read_text(encoding="utf-8"), "html.parser").select_one(".post-body")
    assert "A correction was made to one figure" in body.get_text()


def test_the_table_gives_both_times_the_ratios_and_the_targets(bench):
    _, result = bench
    for build in (result.ours_cold, result.vanilla_cold, result.ours_rebuild, result.vanilla_rebuild):
        assert build.cpu_seconds > 0 and build.seconds > 0 and build.peak_bytes > 20 * 2**20
    table = text_table([result])
    rows = table.splitlines()[2:]
    assert len(rows) == 5 and all(row.startswith("12 ") for row in rows)
    for measure_name in ("cold build", "rebuild after one edit", "cold build, CPU time", "rebuild, CPU time", "peak memory"):
        assert measure_name in table
    ratios = result.ratios()
    assert f"{ratios['cold']:.2f}×" in table and f"{ratios['memory']:.2f}×" in table
    markdown = markdown_table([result]).splitlines()
    assert markdown[0].startswith("| posts | measure | ours | vanilla Pelican |")
    assert len(markdown) == 2 + 5 and all(line.count("|") == 7 for line in markdown)


def test_invoke_bench_has_help():
    shown = subprocess.run([sys.executable, "-m", "invoke", "--help", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert shown.returncode == 0
    for option in ("--posts", "--markdown", "--seed", "--keep", "--without"):
        assert option in shown.stdout


def test_each_measure_of_repeated_runs_is_their_median():
    from bench.run import Build, median

    runs = [Build(1.0, 2.0, 300), Build(5.0, 1.0, 900), Build(2.0, 8.0, 100)]
    assert median(runs) == Build(2.0, 2.0, 300)


def test_repeated_rounds_each_start_from_empty_caches(tmp_path):
    import io

    stream = io.StringIO()
    result = measure(6, build_options("cache"), seed=7, keep=tmp_path, progress=Progress(stream=stream), repeat=2)
    assert result.rounds == 2
    said = stream.getvalue()
    for step in ("our cold build", "vanilla cold build", "our rebuild after editing", "vanilla rebuild after editing"):
        assert f"6 posts, round 1 of 2: {step}" in said and f"6 posts, round 2 of 2: {step}" in said
    cold = (tmp_path / "ours-cold.log").read_text(encoding="utf-8")  # the second round's
    assert "Processed 6 articles" in cold
    edited = [p for p in (tmp_path / "content" / "posts").rglob("*.md") if "A correction was made" in p.read_text()]
    assert len(edited) == 1 and edited[0].read_text().count("A correction was made") == 2  # edited in each round
    assert "Each figure is the median of 2 runs (each from empty caches)." in describe([result])

    import contextlib

    from bench.run import one_round

    (tmp_path / "cache" / "left-by-an-earlier-round").write_text("kept?")
    builds = one_round(tmp_path, build_options("cache"), edited[0], lambda what: contextlib.nullcontext())
    assert sorted(builds) == ["ours-cold", "ours-rebuild", "vanilla-cold", "vanilla-rebuild"]
    assert not (tmp_path / "cache" / "left-by-an-earlier-round").exists()
