"""`invoke comments`: a real Isso for previews, its data kept in comments-data/, and
`invoke comments --export`."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from plugins.comments.server import REQUIREMENTS, VENV, config_text, install
from tests.comments_server import approve_all, free_port, request, wait_until_up
from tests.conftest import ROOT, invoke

SITE = "http://localhost:8000"  # where `invoke serve` and `invoke livereload` put the site


class Task:
    """`invoke comments --port PORT` running in a copy of the project, as an author runs it."""

    def __init__(self, project, port):
        self.project, self.port = project, port
        self.url = f"http://localhost:{port}"
        self.output = project / f"invoke-comments-{port}.log"
        with open(self.output, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "invoke", "comments", "--port", str(port)],
                cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_up(self.url, self.process, self.output)

    def printed(self):
        return self.output.read_text()

    def stop(self):
        """Ctrl-C, as the author stops it (to the task and the server it started)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def author_project(project):
    """The project copy, with the comment server's requirements and virtualenv."""
    install(ROOT)
    shutil.copy(ROOT / REQUIREMENTS, project / REQUIREMENTS)
    (project / VENV).symlink_to(ROOT / VENV)
    return project


def test_invoke_comments_serves_the_local_site_and_keeps_comments_across_restarts(author_project, tmp_path):
    port, thread = free_port(), "/2024/05/a-post/"
    task = Task(author_project, port)
    try:
        printed = task.printed()
        assert f"Comment server at {task.url}/" in printed
        assert "comments-data/comments.db" in printed
        assert f'COMMENTS["url"] in pelicanconf.py is "{task.url}"' in printed  # how to see them locally
        for origin in (SITE, "http://127.0.0.1:8000"):
            _, _, headers = request("GET", f"{task.url}/config", origin=origin)
            assert headers["Access-Control-Allow-Origin"] == origin
            assert headers["Access-Control-Allow-Credentials"] == "true"
        status, body, _ = request("POST", f"{task.url}/new?uri={thread}",
                                  {"text": "Kept across restarts.", "author": "Ana", "title": "A post"}, origin=SITE)
        assert status == 202 and json.loads(body)["mode"] == 2  # moderation is on in pelicanconf.py
        _, body, _ = request("GET", f"{task.url}/?uri={thread}")
        assert json.loads(body)["replies"] == []  # waiting for approval: not shown
        password = re.search(r"\(password (\S+)\)", printed).group(1)  # as printed for the author
        assert len(approve_all(task.url, password)) == 1
    finally:
        task.stop()
    data = author_project / "comments-data"
    assert (data / "comments.db").is_file() and (data / "isso.cfg").is_file()

    result = invoke(author_project, "clean")
    assert result.returncode == 0 and (data / "comments.db").is_file()  # no task deletes it

    task = Task(author_project, port)
    try:
        _, body, _ = request("GET", f"{task.url}/?uri={thread}")
        assert [c["text"] for c in json.loads(body)["replies"]] == ["<p>Kept across restarts.</p>"]
    finally:
        task.stop()

    export = tmp_path / "comments.json"
    result = invoke(author_project, "comments", "--export", str(export))
    assert result.returncode == 0, result.stderr
    assert "Wrote 1 comment from" in result.stdout
    [comment] = json.loads(export.read_text())
    assert (comment["thread"], comment["title"], comment["parent"]) == (thread, "A post", None)
    assert (comment["author"], comment["text"], comment["status"]) == ("Ana", "Kept across restarts.", "published")


def test_export_names_a_missing_database(author_project):
    result = invoke(author_project, "comments", "--export", "out.json", "--database", "nowhere.db")
    assert result.returncode != 0 and "nowhere.db does not exist" in result.stderr


def test_isso_runs_under_gunicorn_as_in_production(tmp_path):
    """The README's systemd unit starts Isso with gunicorn from the same requirements."""
    install(ROOT)
    port = free_port()
    url, site = f"http://127.0.0.1:{port}", "https://commentary.example.org"
    config = tmp_path / "isso.cfg"
    config.write_text(config_text(dbpath=tmp_path / "comments.db", sites=[site], listen=url,
                                  moderation=False, admin_password="not-used", guard=True))
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(ROOT / VENV / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2", "--preload", "isso.run"],
            env={**os.environ, "ISSO_SETTINGS": str(config)}, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(url, server, log)
        status, body, headers = request("POST", f"{url}/new?uri=/2024/05/a-post/",
                                        {"text": "Served by gunicorn.", "title": "A post"}, origin=site)
        assert status == 201 and headers["Access-Control-Allow-Origin"] == site
        _, body, _ = request("GET", f"{url}/?uri=/2024/05/a-post/")
        assert [c["text"] for c in json.loads(body)["replies"]] == ["<p>Served by gunicorn.</p>"]
    finally:
        server.terminate()
        server.wait(15)
