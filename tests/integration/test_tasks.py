"""The invoke tasks, run as an author runs them, on a copy of the project."""

import re
import subprocess
import sys

import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, invoke, text


def test_new_writes_a_post_that_builds_once_its_placeholders_are_filled(project):
    made = invoke(project, "new", "Ports, Power & Policy: A Test", "--author", "Amara Lind", "--author", "Kenji Hale", "--category", "Security")
    assert made.returncode == 0, made.stderr
    relative = made.stdout.strip()
    assert re.fullmatch(r"content/posts/\d{4}/ports-power-policy-a-test\.md", relative)
    post = project / relative
    meta = yaml.safe_load(post.read_text().split("\n---", 1)[0].removeprefix("---"))
    assert meta["title"] == "Ports, Power & Policy: A Test"
    assert meta["authors"] == ["Amara Lind", "Kenji Hale"]
    assert meta["category"] == "Security"
    assert meta["status"] == "draft"

    source = post.read_text().replace("images/TODO/picture.jpg", "images/ports-as-power/harbour-map.jpg")
    post.write_text(source.replace("TODO: ", ""))
    built = invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    page = project / "output" / "drafts" / "ports-power-policy-a-test" / "index.html"
    assert text(BeautifulSoup(page.read_text(), "html.parser").h1) == "Ports, Power & Policy: A Test"


def test_new_refuses_to_overwrite_an_existing_post(project):
    first = invoke(project, "new", "Same Title")
    assert first.returncode == 0, first.stderr
    post = project / first.stdout.strip()
    post.write_text("the author's work")
    again = invoke(project, "new", "Same Title")
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert post.read_text() == "the author's work"


def test_build_preview_and_check_pass_on_the_sample_publication(project):
    for task in ("build", "preview", "check"):
        result = invoke(project, task)
        assert result.returncode == 0, f"{task}: {result.stdout}{result.stderr}"
        assert "WARNING" not in result.stdout + result.stderr
    assert (project / "output" / "index.html").is_file()
    assert "https://commentary.example.org/" in (project / "preview" / "index.html").read_text()


def test_build_goes_into_the_folder_of_the_build_before_last(project):
    """The folder a build replaces is kept as output.spare; the next build writes into it
    and removes what it did not write (plugins/sweep)."""
    post = "2022/05/why-mercosur-keeps-negotiating/index.html"  # a post no other links to
    for _ in range(2):
        assert invoke(project, "build").returncode == 0
    spare = project / "output.spare"
    assert (spare / post).is_file() and (project / "output" / post).is_file()
    (spare / "stray.html").write_text("left by hand")
    (project / "content/posts/2022/why-mercosur-keeps-negotiating.md").unlink()
    assert invoke(project, "build").returncode == 0
    assert not (project / "output" / post).exists() and not (project / "output/stray.html").exists()
    assert (project / "output/index.html").is_file()
    assert (spare / post).is_file()  # the site that was served until now
    assert invoke(project, "clean").returncode == 0
    assert not [p.name for p in project.iterdir() if p.name.startswith("output")]


def test_every_task_has_a_one_line_help():
    listing = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True, text=True).stdout
    for task in ("build", "preview", "serve", "livereload", "clean", "new", "check", "test"):
        line = next(row for row in listing.splitlines() if row.split()[:1] == [task])
        assert len(line.split(None, 1)) == 2, f"{task} has no help line"


def _wait_for(check, process, timeout=60):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        assert process.poll() is None, "livereload stopped"
        time.sleep(0.05)
    return False


def test_livereload_rebuilds_after_a_post_and_after_a_plugin_is_saved(project):
    from tests.comments_server import free_port

    port = free_port()
    post = project / "content/posts/2024/arctic-shipping-after-the-ice.md"
    page = lambda: next((project / "output").glob("2024/*/arctic-shipping-after-the-ice/index.html"), None)  # noqa: E731
    log = project / "livereload.log"
    process = subprocess.Popen([sys.executable, "-m", "invoke", "livereload", "--host", "127.0.0.1", "--port", str(port)],
                               cwd=project, stdout=log.open("w"), stderr=subprocess.STDOUT, text=True)

    def serving():  # the watcher starts with the server: a change before it would go unseen
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        assert _wait_for(lambda: page() is not None and serving(), process)
        post.write_text(post.read_text() + "\n\nLivereloadMarkerOne\n")  # built by a fork of the task
        assert _wait_for(lambda: "LivereloadMarkerOne" in page().read_text(), process)
        plugin = project / "plugins/site/text.py"  # a code change: built by a new Python
        plugin.write_text(plugin.read_text() + "\n")
        post.write_text(post.read_text() + "\n\nLivereloadMarkerTwo\n")
        assert _wait_for(lambda: "LivereloadMarkerTwo" in page().read_text(), process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    out = log.read_text()
    assert "ERROR" not in out, out


def test_bench_refuses_a_number_of_posts_that_is_not_one(project):
    for bad in ("abc", "0", "1000,x"):
        result = invoke(project, "bench", "--posts", bad)
        assert result.returncode == 1
        assert f"--posts {bad}: give a number of posts of at least 1" in result.stderr
        assert "Traceback" not in result.stderr
    for bad in ("x", "0", "-2"):
        result = invoke(project, "bench", "--repeat", bad)
        assert result.returncode == 1
        assert f"--repeat {bad}: give how many times to run each build, at least 1." in result.stderr
        assert "Traceback" not in result.stderr
