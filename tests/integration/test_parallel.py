"""The build spread over processes (plugins/parallel): posts read by forked workers,
feeds written by a forked process, pages shared with a twin of the build. The same
site, the same messages, the same exit status as a build in one process."""

import json
import os
import subprocess
import sys

import pytest

from bench.run import Progress, prepare
from plugins.parallel.reading import MIN_FILES
from tests.integration.test_content_cache import build_options, render_counts, tree

N = MIN_FILES + 16


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel")
    publication = prepare(folder, N, 3, Progress(stream=None))
    return folder, publication


def pelican(folder, out, *extra):
    return subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(out), *extra],
        cwd=folder, capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"},
    )


def without_parallel(folder):
    from pelican.settings import read_settings

    plugins = read_settings(str(folder / "publishconf.py"))["PLUGINS"]
    assert "plugins.parallel" in plugins
    return ["-e", "PLUGINS=" + json.dumps([p for p in plugins if p != "plugins.parallel"])]


def test_workers_read_the_posts_into_the_same_site(site):
    folder, _ = site
    parallel = pelican(folder, folder / "out-parallel", "--debug")
    serial = pelican(folder, folder / "out-serial", *without_parallel(folder))
    assert parallel.returncode == 0 and serial.returncode == 0, parallel.stderr + serial.stderr
    assert f"Processed {N} articles" in parallel.stdout
    assert f"Reading {N - N // 2} of {N} files in 1 worker processes" in parallel.stdout.replace("\n", " ") or (
        os.cpu_count() > 2 and "worker processes" in parallel.stdout
    )
    assert "Writing pages in 2 processes" in parallel.stdout
    assert tree(folder / "out-parallel") == tree(folder / "out-serial")  # sitemap.xml included
    written = [line for line in parallel.stdout.splitlines() if "Writing" in line and "out-parallel" in line]
    assert len(written) == len(set(written)) > N  # each file's message once, from whichever process wrote it


def test_the_render_cache_counts_what_every_process_wrote(site, tmp_path):
    folder, _ = site
    cache = build_options(tmp_path / "cache")
    reused, rendered, uncacheable = render_counts(pelican(folder, tmp_path / "cold", *cache, "-v").stdout)
    assert (reused, uncacheable) == (0, 0) and rendered > 3 * N  # pages, and feeds from the feeds' process
    assert render_counts(pelican(folder, tmp_path / "warm", *cache, "-v").stdout) == (rendered, 0, 0)
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")


@pytest.mark.parametrize("newest", [0, 1], ids=["newest", "second newest"])
def test_a_page_that_fails_to_render_fails_the_build_whichever_process_renders_it(site, tmp_path, newest):
    folder, publication = site
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n'
        "{% block content %}{% if article.slug == FAIL_SLUG %}{{ article.no_such_thing() }}{% endif %}"
        "{{ super() }}{% endblock %}\n", encoding="utf-8")
    # Article pages are written newest first, each by whichever process reaches it first.
    slug = os.path.splitext(os.path.basename(publication.posts[-1 - newest]))[0]  # posts: oldest first
    result = pelican(folder, tmp_path / "out", "--debug", "-e", f"THEME_TEMPLATES_OVERRIDES={json.dumps([str(templates)])}",
                     f'FAIL_SLUG="{slug}"')
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Writing pages in 2 processes" in log
    assert "no_such_thing" in log


def test_a_problem_in_a_post_a_worker_read_is_reported_once_and_fails_the_build(site):
    folder, publication = site
    last = folder / "content" / sorted(publication.posts)[-1]  # in the workers' share
    text = last.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    broken = "\n".join("license: CC-BY-9.9" if line.startswith("license:") else line for line in head.splitlines())
    last.write_text(f"{broken}\n---\n{body}", encoding="utf-8")
    try:
        result = pelican(folder, folder / "out-broken")
    finally:
        last.write_text(text, encoding="utf-8")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert log.count("CC-BY-9.9") == 1, log  # reported by the worker, printed by the build
    assert f"{last.name}:8: license:" in log  # its own file and line


def test_without_a_process_to_spare_the_build_does_it_all_itself(site, tmp_path):
    folder, _ = site
    serial = folder / "out-serial"
    if not serial.exists():
        assert pelican(folder, serial, *without_parallel(folder)).returncode == 0
    script = (
        "import os, sys\n"
        "def no_fork():\n"
        "    raise OSError(11, 'Resource temporarily unavailable')\n"
        "os.fork = no_fork\n"
        "from pelican import main\n"
        f"sys.argv = ['pelican', 'content', '-s', 'publishconf.py', '-o', {str(tmp_path / 'out')!r}, '-v']\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "400"})
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    for what in ("files in this process", "Writing pages in one process", "Writing the feeds in this process"):
        assert what in log.replace("\n", " ")
    assert tree(tmp_path / "out") == tree(serial)  # as the build in one process wrote it


PROBE = '''
import json, os
from pelican import signals
from plugins.render_cache import post_pages_written

seen = {"sent": [], "posts": []}

def posts(generator):
    seen["posts"] = [os.path.join(generator.output_path, a.save_as) for a in generator.articles]
    seen["main"] = os.getpid()

def sent(writer):
    whole = [p for p in seen["posts"] if os.path.exists(p) and open(p).read().rstrip().endswith("</html>")]
    seen["sent"].append({"pid": os.getpid(), "whole": len(whole), "lists": writer.articles_written})

def report(pelican):
    with open(os.environ["PROBE_REPORT"], "w") as f:
        json.dump({"main": seen["main"], "posts": len(seen["posts"]), "sent": seen["sent"]}, f)

def register():
    signals.article_generator_finalized.connect(posts)
    post_pages_written.connect(sent)
    signals.finalized.connect(report)
'''


@pytest.mark.parametrize("parallel", [True, False])
def test_the_search_index_hears_once_every_posts_page_is_written(site, tmp_path, parallel):
    """post_pages_written (plugins/render_cache), which starts the search index on the
    posts while the lists are written: sent once, in the build's process, when every
    post's page is whole on disk, by both processes' writes."""
    from pelican.settings import read_settings

    folder, _ = site
    (folder / "probe.py").write_text(PROBE)
    plugins = read_settings(str(folder / "publishconf.py"))["PLUGINS"]
    plugins = [p for p in plugins if parallel or p != "plugins.parallel"] + ["probe"]
    report = tmp_path / "report.json"
    os.environ["PROBE_REPORT"] = str(report)
    try:
        built = pelican(folder, tmp_path / "out", "--debug", "-e", "PLUGINS=" + json.dumps(plugins))
    finally:
        del os.environ["PROBE_REPORT"]
    assert built.returncode == 0, built.stdout + built.stderr
    found = json.loads(report.read_text())
    assert found["posts"] == N
    assert found["sent"] == [{"pid": found["main"], "whole": N, "lists": False}]
    assert ("Writing pages in 2 processes" in built.stdout) == parallel
