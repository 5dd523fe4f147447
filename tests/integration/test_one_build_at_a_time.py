"""One build at a time: tasks that write output/, preview/ or cache/ hold the project's
build lock (cache/.build.lock, an flock); a second one exits at once naming the first,
and livereload's rebuilds wait for it.

A build is held at the point where it has the lock by stopping its processes (SIGSTOP):
nothing in the tasks knows about the tests, and no test depends on how long a build takes.
"""

import fcntl
import os
import signal
import subprocess
import sys
import time
import urllib.request

from tests.comments_server import free_port
from tests.conftest import invoke


def start(project, *args):
    """`invoke ARGS` in a process group of its own (to stop or kill it with its Pelican)."""
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_until(check, what, timeout=120):
    """Poll `check` (bounded) until it returns something true; return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def lock_names(project):
    """The pid the lock file names, or None."""
    try:
        pid = (project / "cache" / ".build.lock").read_text().split()[:1]
    except FileNotFoundError:
        return None
    return int(pid[0]) if pid and pid[0].isdigit() else None


def lock_is_held(project):
    with open(project / "cache" / ".build.lock", "rb") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def hold(project, builds, also=lambda: True):
    """The one of `builds` that took the lock, stopped while it holds it (once `also`)."""
    holder = wait_until(
        lambda: also() and next((b for b in builds if b.pid == lock_names(project)), None),
        "a build to take the lock",
    )
    os.killpg(holder.pid, signal.SIGSTOP)
    assert lock_is_held(project)  # by the stopped build: it has not finished
    return holder


def finish(process):
    os.killpg(process.pid, signal.SIGCONT)
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def assert_whole_site(project):
    """output/ has the home page, a page for every post and page, and the feed; no build's
    own folder is left behind."""
    output = project / "output"
    assert (output / "index.html").is_file()
    assert (output / "feeds" / "all.atom.xml").is_file()
    for source in [*(project / "content" / "posts").rglob("*.md"), *(project / "content" / "pages").glob("*.md")]:
        assert list(output.rglob(f"{source.stem}/index.html")), f"no page for {source}"
    assert not list(project.glob("output.new-*"))


def test_two_builds_started_together_one_builds_and_the_other_refuses(project):
    builds = [start(project, "build") for _ in range(2)]
    holder = hold(project, builds)
    (other,) = [b for b in builds if b is not holder]
    try:
        _, err = other.communicate(timeout=600)
    finally:
        code, out, _ = finish(holder)
    assert other.returncode == 1
    assert err.strip() == (
        f"Another build is running (pid {holder.pid}): invoke build. "
        "Wait for it to finish, then run invoke build again."
    )
    assert code == 0, out
    assert "Built output/ with pelicanconf.py." in out
    assert_whole_site(project)


def test_while_a_build_runs_every_task_that_writes_refuses_and_changes_nothing(project):
    holder = hold(project, [start(project, "build")], also=lambda: list(project.glob("output.new-*")))
    try:
        (building,) = project.glob("output.new-*")
        for task in ("build", "preview", "check", "clean", "publish"):
            result = invoke(project, task)
            assert result.returncode == 1, task
            assert f"Another build is running (pid {holder.pid}): invoke build." in result.stderr
            assert f"then run invoke {task} again." in result.stderr
            assert "Traceback" not in result.stderr
        assert building.is_dir()  # clean did not remove the running build's folder
        assert not (project / "preview").exists()
    finally:
        code, out, err = finish(holder)
    assert code == 0, out + err
    assert_whole_site(project)


def test_a_killed_build_leaves_no_lock_behind(project):
    build = start(project, "build")
    wait_until(lambda: lock_names(project) == build.pid and list(project.glob("output.new-*")), "the build to start")
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate()
    assert lock_names(project) == build.pid  # the file still names the dead build...
    assert list(project.glob("output.new-*"))  # ...which left its half-written folder

    again = invoke(project, "build")
    assert again.returncode == 0, again.stdout + again.stderr  # ...and does not block
    assert "Another build" not in again.stderr
    assert_whole_site(project)  # the dead build's folder is gone too
    assert lock_names(project) is None  # a build that ends leaves the file empty


def test_livereload_waits_for_a_running_build_then_builds(project):
    holder = hold(project, [start(project, "build")])
    port = free_port()
    log = project / "livereload.log"
    with log.open("w") as sink:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--host", "127.0.0.1", "--port", str(port)],
            cwd=project, stdout=sink, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        waiting = f"Another build is running (pid {holder.pid}): invoke build. Waiting for it to finish."
        wait_until(lambda: waiting in log.read_text() or watcher.poll() is not None, "livereload to wait")
        assert watcher.poll() is None, log.read_text()
        assert not (project / "output").exists()  # it has not built alongside the build
        code, out, err = finish(holder)
        assert code == 0, out + err

        def serving():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return watcher.poll() is not None

        wait_until(lambda: log.read_text().count("Built output/") and serving(), "livereload's build")
        assert watcher.poll() is None, log.read_text()
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
    assert "Traceback" not in log.read_text()
    assert_whole_site(project)
