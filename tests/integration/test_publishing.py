"""`invoke publish`, `releases` and `rollback` against real destinations.

An OpenSSH server started here on 127.0.0.1 (a throwaway host key and user key, its
own port), real rsync, a bare git repository standing in for GitHub, and a web
server whose document root is a target's `current` symlink. The sample
publication is built and gated once for the module; tests that need `invoke
publish` itself run it on a git copy of the project.
"""

import dataclasses
import functools
import getpass
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publishing import PublishError, cli
from publishing.compress import check_precompress, compress_site
from publishing.config import check_target
from publishing.targets import open_target
from tests.conftest import ROOT, copy_project, invoke

SITEURL = "https://commentary.example.org"
SETTINGS = {"SITEURL": SITEURL, "PUBLISH_GATE": {"max_page_weight": 1_000_000}}
SSHD = "/usr/sbin/sshd"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class SSHServer:
    """sshd on 127.0.0.1 with its own keys and config; logins as the current user, by key."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.user = getpass.getuser()
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host_key"))
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "user_key"))
        shutil.copy(folder / "user_key.pub", folder / "authorized_keys")
        host_key = (folder / "host_key.pub").read_text().split()[:2]
        (folder / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {' '.join(host_key)}\n")
        (folder / "sshd_config").write_text(
            f"Port {self.port}\n"
            "ListenAddress 127.0.0.1\n"
            f"HostKey {folder / 'host_key'}\n"
            f"PidFile {folder / 'sshd.pid'}\n"
            f"AuthorizedKeysFile {folder / 'authorized_keys'}\n"
            "PermitRootLogin prohibit-password\n"
            "PubkeyAuthentication yes\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "UsePAM no\n"
            "StrictModes no\n"
            "LogLevel INFO\n"
        )
        self.log = folder / "sshd.log"
        assert Path(SSHD).is_file(), (
            "sshd is missing: apt-get install openssh-server (.ci/run does)"
        )
        # sshd needs its privilege separation folder (Debian's service makes it at boot).
        try:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        except PermissionError as error:
            raise AssertionError(
                "sshd needs /run/sshd: run the tests as root, or create it"
            ) from error
        self.process = subprocess.Popen(
            [SSHD, "-D", "-f", str(folder / "sshd_config"), "-E", str(self.log)]
        )
        self.ssh_options = [
            "-F", "/dev/null",
            "-i", str(folder / "user_key"),
            "-o", "IdentitiesOnly=yes",
            "-o", f"UserKnownHostsFile={folder / 'known_hosts'}",
            "-o", "StrictHostKeyChecking=yes",
        ]  # fmt: skip
        for _ in range(100):  # until it accepts a login
            probe = subprocess.run(
                [
                    "ssh",
                    "-o",
                    "BatchMode=yes",
                    "-p",
                    str(self.port),
                    *self.ssh_options,
                    f"{self.user}@127.0.0.1",
                    "true",
                ],
                capture_output=True,
                check=False,
            )
            if probe.returncode == 0:
                break
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.1)
        else:
            raise AssertionError(f"sshd did not accept a login: {self.log.read_text()}")

    def logins(self):
        return self.log.read_text().count("Accepted publickey")

    def target(self, path, **options):
        spec = {
            "method": "rsync",
            "user": self.user,
            "host": "127.0.0.1",
            "port": self.port,
            "path": str(path),
            "keep": 5,
            "ssh_options": self.ssh_options,
            **options,
        }
        return spec

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class WebServer:
    """An HTTP server whose document root is a target's `current` symlink."""

    def __init__(self, docroot):
        handler = functools.partial(Quiet, directory=str(docroot))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path):
        url = f"http://127.0.0.1:{self.server.server_address[1]}/{path}"
        with urllib.request.urlopen(url) as response:
            return response.read()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = SSHServer(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    """The server's disk: one folder per target."""
    return tmp_path_factory.mktemp("srv")


@pytest.fixture(scope="module")
def web(srv):
    """web(name): an HTTP server serving srv/<name>/current, started on first use."""
    servers = {}

    def serve(name):
        if name not in servers:
            servers[name] = WebServer(srv / name / "current")
        return servers[name]

    yield serve
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="module")
def built(tmp_path_factory, project):
    """The sample publication, built with publishconf.py, precompressed and gated, once."""
    folder = tmp_path_factory.mktemp("built") / "site"
    cli.build(project, folder)
    options, problems = check_precompress(cli.load_settings(project), project)
    assert problems == []
    cache = tmp_path_factory.mktemp("compressed")
    compress_site(folder, dataclasses.replace(options, cache=cache), io.StringIO())
    cli.gate(folder, SETTINGS, io.StringIO())
    return folder


@pytest.fixture(scope="module")
def remote_git(tmp_path_factory):
    bare = tmp_path_factory.mktemp("github") / "site.git"
    run("git", "init", "--quiet", "--bare", str(bare))
    return bare


@pytest.fixture(scope="module")
def project(tmp_path_factory, sshd, srv, remote_git):
    """A git copy of the project whose publishconf.py targets the servers of this module."""
    folder = copy_project(tmp_path_factory.mktemp("project"))
    targets = {
        name: sshd.target(srv / name, keep=3)
        for name in ("staging", "gate", "dry", "rollback", "stopped")
    }
    targets["slow"] = sshd.target(srv / "slow", bwlimit=100)  # KiB/s: slow enough to stop halfway
    targets["pages"] = {"method": "ghpages", "remote": "origin", "branch": "gh-pages"}
    targets["folder"] = {"method": "local", "path": str(srv / "folder"), "keep": 2}
    targets["stopped-folder"] = {"method": "local", "path": str(srv / "stopped-folder"), "keep": 3}
    with open(folder / "publishconf.py", "a", encoding="utf-8") as conf:
        conf.write(f"\nPUBLISH_TARGETS = {targets!r}\nPUBLISH_DEFAULT = 'staging'\n")
    for command in (
        ["init", "--quiet"],
        ["config", "user.name", "Test Publisher"],
        ["config", "user.email", "publisher@example.org"],
        ["add", "--all"],
        ["commit", "--quiet", "-m", "The publication"],
        ["remote", "add", "origin", str(remote_git)],
    ):
        run("git", *command, cwd=folder)
    return folder


def target(spec, name="t"):
    chosen, problems = check_target(name, spec)
    assert problems == []
    return chosen


def variant(built, tmp_path, text=None):
    """A copy of the build, with a file naming it (to tell releases apart) if `text`."""
    folder = Path(tempfile.mkdtemp(prefix=f"{text or 'build'}-", dir=tmp_path))
    shutil.copytree(built, folder, dirs_exist_ok=True)
    if text:
        (folder / "release.txt").write_text(text)
    return folder


def deploy(folder, spec, root=None, dry_run=False):
    out = io.StringIO()
    summary = cli.deploy(folder, target(spec), SETTINGS, root or ROOT, dry_run=dry_run, out=out)
    return summary, out.getvalue()


def snapshot(folder):
    """Every entry under a folder: path, kind, inode, size, mtime, symlink target."""
    rows = []
    for base, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(base, name)
            st = path.lstat()
            link = os.readlink(path) if path.is_symlink() else None
            rows.append(
                (
                    str(path.relative_to(folder)),
                    st.st_mode,
                    st.st_ino,
                    st.st_size,
                    st.st_mtime_ns,
                    link,
                )
            )
    return sorted(rows)


def live(folder):
    return os.readlink(Path(folder) / "current")


def release_dirs(folder):
    return sorted(p.name for p in (Path(folder) / "releases").iterdir() if p.is_dir())


def history(folder):
    """The ids in the target's history of releases that were live."""
    return (Path(folder) / "releases" / ".live-history").read_text().split()


# --- rsync over SSH ------------------------------------------------------------------


def test_publish_builds_checks_and_makes_the_new_release_live(project, srv, web):
    result = invoke(project, "publish", "--target", "staging")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Precompressed " in out and " reused from cache/compressed/" in out
    assert out.index("Precompressed ") < out.index("Gate passed:")  # the gate checks the copies
    assert "Gate passed:" in out and "every internal link and anchor resolves" in out
    assert "Uploading release " in out
    assert "  [  1/" in out and "100%" in out  # progress, file by file

    (release,) = release_dirs(srv / "staging")
    assert live(srv / "staging") == f"releases/{release}"
    assert f"Published {release} to staging (" in out
    assert " files (" in out and " live; " in out and " s:" in out  # files, bytes, time
    assert f"Live at {SITEURL}/" in out

    home = web("staging").get("index.html")
    assert b"Meridian Commentary" in home
    assert home == (srv / "staging" / "releases" / release / "index.html").read_bytes()
    for copy in (
        "index.html.gz",
        "index.html.br",
        "theme/css/main.css.br",
        "feeds/all.atom.xml.gz",
    ):
        assert (srv / "staging" / "current" / copy).is_file(), copy

    listing = invoke(project, "releases", "--target", "staging")
    assert listing.returncode == 0, listing.stderr
    assert f"* {release}" in listing.stdout and "live" in listing.stdout


def test_unchanged_files_are_hard_links_to_the_previous_release(built, sshd, srv, tmp_path):
    spec = sshd.target(srv / "links")
    first, _ = deploy(variant(built, tmp_path, "one"), spec)
    second, out = deploy(variant(built, tmp_path, "two"), spec)
    assert (first["sent"], second["sent"]) == (first["files"], 1)  # only release.txt differs
    assert second["bytes_sent"] == len("two")
    old, new = (srv / "links" / "releases" / r for r in (first["release"], second["release"]))
    assert (old / "index.html").stat().st_ino == (new / "index.html").stat().st_ino
    assert (old / "release.txt").stat().st_ino != (new / "release.txt").stat().st_ino
    assert (new / "release.txt").read_text() == "two"
    assert "[1/1] 100%  3 bytes of 3 bytes  release.txt" in out
    assert oct((new / "index.html").stat().st_mode)[-3:] == "644"  # readable by the web server
    assert oct(new.stat().st_mode)[-3:] == "755"


def test_a_failing_gate_sends_nothing(project, built, sshd, srv):
    deploy(built, sshd.target(srv / "gate"))
    before, logins = snapshot(srv / "gate"), sshd.logins()
    post = project / "content" / "posts" / "2024" / "what-sanctions-can-and-cannot-do.md"
    original = post.read_text()
    post.write_text(
        original + "\nSee [the data](/2024/05/no-such-post/) and [note](#no-such-note).\n"
    )
    try:
        result = invoke(project, "publish", "--target", "gate")
    finally:
        post.write_text(original)
    assert result.returncode != 0
    page = "2024/05/what-sanctions-can-and-cannot-do/index.html"
    source = "(page built from content/posts/2024/what-sanctions-can-and-cannot-do.md)"
    assert (
        f'<a> link "/2024/05/no-such-post/" is broken: the build has no 2024/05/no-such-post/index.html {source}'
        in result.stderr
    )
    assert f"{page}:" in result.stderr and 'has no element with id="no-such-note"' in result.stderr
    assert "Gate failed: 2 problems in the build" in result.stderr
    assert "Nothing was sent." in result.stderr
    assert snapshot(srv / "gate") == before
    assert sshd.logins() == logins  # not even a connection


def test_a_build_with_errors_sends_nothing(project, built, sshd, srv):
    deploy(built, sshd.target(srv / "gate"))
    before, logins = snapshot(srv / "gate"), sshd.logins()
    post = project / "content" / "posts" / "2024" / "what-sanctions-can-and-cannot-do.md"
    original = post.read_text()
    post.write_text(original.replace("authors: [Amara Lind]", "authors: [Amara Lynd]", 1))
    try:
        result = invoke(project, "publish", "--target", "gate")
    finally:
        post.write_text(original)
    assert "authors: [Amara Lynd]" not in original  # the edit took
    assert result.returncode != 0
    assert "Amara Lynd" in result.stdout + result.stderr
    assert "Gate failed: the build reported the problems above. Nothing was sent." in result.stderr
    assert snapshot(srv / "gate") == before
    assert sshd.logins() == logins


def test_a_dry_run_shows_the_changes_and_changes_nothing(project, built, sshd, srv):
    spec = sshd.target(srv / "dry")
    first, _ = deploy(built, spec)
    before = snapshot(srv / "dry")
    page = project / "content" / "pages" / "about.md"
    original = page.read_text()
    page.write_text(original + "\nA new closing paragraph.\n")
    try:
        result = invoke(project, "publish", "--target", "dry", "--dry-run")
    finally:
        page.write_text(original)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Dry run: release " in out
    assert "    ~ about/index.html  (" in out and ", with .br .gz)" in out
    changed = re.search(r"^  change +(\d+) files +\S+ \w*B", out, re.M)
    assert changed and int(changed[1]) >= 3  # at least the page and its two compressed copies
    for label in ("add", "remove"):
        assert re.search(rf"^  {label} +\d+ files? +\d", out, re.M), label
    assert re.search(r"^  keep +\d+ files +unchanged$", out, re.M)
    assert f"then become live (replacing {first['release']})" in out
    assert "Dry run: nothing was sent." in out
    assert snapshot(srv / "dry") == before


def test_a_transfer_killed_halfway_leaves_the_live_release_serving(
    project, built, sshd, srv, web, tmp_path
):
    # A first release that shares no file with the build, so the whole build must go.
    small = tmp_path / "small"
    small.mkdir()
    (small / "index.html").write_text("<!doctype html><title>Before</title><p>The site before.")
    (small / "release.txt").write_text("before")
    first, _ = deploy(small, sshd.target(srv / "slow"))
    assert web("slow").get("release.txt") == b"before"
    before_live = live(srv / "slow")

    publisher = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish", "--target", "slow"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    try:
        for line in publisher.stdout:
            seen.append(line)
            uploading = any("Uploading release" in s for s in seen)  # past the compression
            if uploading and line.startswith("  [") and "%" in line:  # rsync has begun sending
                break
        wait_for_files_in(srv / "slow" / "releases", "*.partial/*.html")
    finally:
        os.killpg(publisher.pid, signal.SIGKILL)
        publisher.wait()
        publisher.stdout.close()
    assert any("Uploading release" in line for line in seen), "".join(seen)

    partials = [p for p in (srv / "slow" / "releases").iterdir() if p.name.endswith(".partial")]
    assert len(partials) == 1
    wait_until_no_process_works_in(partials[0])
    uploaded = sum(1 for p in partials[0].rglob("*") if p.is_file())
    assert 0 < uploaded < sum(1 for p in built.rglob("*") if p.is_file())  # stopped halfway

    assert live(srv / "slow") == before_live
    assert web("slow").get("release.txt") == b"before"
    assert web("slow").get("index.html") == (small / "index.html").read_bytes()

    listing = invoke(project, "releases", "--target", "slow")
    assert f"* {first['release']}" in listing.stdout
    assert (
        f"unfinished upload {partials[0].name} (never live): removed by the next publish"
        in listing.stdout
    )

    spec = sshd.target(srv / "slow")  # the same folder, at full speed
    _, out = deploy(variant(built, tmp_path, "after"), spec)
    assert f"Removed the unfinished upload {partials[0].name} (never live)." in out
    assert not partials[0].exists()
    assert web("slow").get("release.txt") == b"after"


def wait_for_files_in(folder, pattern):
    """Wait (bounded) until the server has written files matching `pattern`."""
    for _ in range(200):
        if any(p.is_file() for p in folder.glob(pattern)):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing matching {pattern} arrived in {folder}")


def wait_until_no_process_works_in(folder):
    """The server's rsync, cut off, ends on its own; wait (bounded) for it to let go."""
    for _ in range(100):
        busy = False
        for proc in Path("/proc").iterdir():
            try:
                busy = busy or os.readlink(proc / "cwd").startswith(str(folder))
            except OSError:
                continue
        if not busy:
            return
        time.sleep(0.1)
    raise AssertionError(f"a process still works in {folder}")


# The real publish code, run up to the end of the upload in a process of its own, which
# is then killed with SIGKILL: no cleanup runs, as when a publisher's machine dies or
# its connection drops between the upload and the switch.
STOP_AFTER_UPLOAD = """
import os, signal, sys
from pathlib import Path
from publishing import cli
from publishing.config import choose_target
from publishing.targets import open_target

root, build = Path.cwd(), Path(sys.argv[2])
target = choose_target(cli.load_settings(root), sys.argv[1])
dest = open_target(target, root)
plan = cli.make_plan(dest, target, build, root)
cli.upload_release(dest, plan, build, sys.stdout)
print("uploaded", plan.release, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def publish_killed_before_the_switch(project, name, build):
    """Publish `build` to target `name` and kill the publish once its upload is done;
    the id of the release it uploaded."""
    result = subprocess.run(
        [sys.executable, "-c", STOP_AFTER_UPLOAD, name, str(build)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    return re.search(r"^uploaded (\S+)$", result.stdout, re.M)[1]


@pytest.mark.parametrize("name", ["stopped", "stopped-folder"])  # over SSH, and a local folder
def test_a_publish_killed_before_the_switch_leaves_a_release_that_never_counts(
    project, built, sshd, srv, tmp_path, name
):
    folder = srv / name
    spec = (  # as the project's publishconf.py has it
        sshd.target(folder, keep=3)
        if name == "stopped"
        else {"method": "local", "path": str(folder), "keep": 3}
    )
    one, _ = deploy(variant(built, tmp_path, "one"), spec, root=project)
    two, _ = deploy(variant(built, tmp_path, "two"), spec, root=project)
    assert history(folder) == [one["release"]]  # two is live: it joins when replaced

    three = publish_killed_before_the_switch(project, name, variant(built, tmp_path, "three"))
    uploaded = folder / "releases" / three
    assert (uploaded / "release.txt").read_text() == "three"  # complete, and named
    assert (uploaded / "index.html").read_bytes() == (built / "index.html").read_bytes()
    assert live(folder) == f"releases/{two['release']}"

    listing = invoke(project, "releases", "--target", name)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[1].split()[:2] == ["*", two["release"]]
    assert lines[2].split()[0] == one["release"]
    assert lines[3:] == [
        f"  unfinished release {three} (uploaded, never made live): removed by the next publish"
    ]

    refused = invoke(project, "rollback", "--target", name, "--to", three)
    assert refused.returncode == 1
    assert f"{three} never became live (its publish did not finish)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert live(folder) == f"releases/{two['release']}"

    _, dry = deploy(variant(built, tmp_path, "dry"), spec, root=project, dry_run=True)
    assert f"The unfinished release {three} (uploaded, never made live) would be removed" in dry
    assert uploaded.is_dir()

    result = invoke(project, "publish", "--target", name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Removed the unfinished release {three} (uploaded, never made live)." in result.stdout
    four = live(folder).removeprefix("releases/")
    assert release_dirs(folder) == sorted([one["release"], two["release"], four])
    assert history(folder) == [one["release"], two["release"]]

    back = invoke(project, "rollback", "--target", name)
    assert back.returncode == 0, back.stderr
    assert f"{two['release']} is live again (was {four})" in back.stdout
    assert (folder / "current" / "release.txt").read_text() == "two"


def test_a_target_published_before_the_history_was_kept_loses_no_release(
    built, sshd, srv, tmp_path
):
    """Releases and `current` as publishes wrote them before releases/.live-history: they
    all count as having been live, and the next publish keeps them."""
    folder = srv / "before-history"
    old = ["20240101T090000Z-aaaaaaa", "20240201T090000Z-bbbbbbb"]
    for release in old:
        shutil.copytree(variant(built, tmp_path, release), folder / "releases" / release)
    (folder / "current").symlink_to(f"releases/{old[1]}")
    spec = sshd.target(folder, keep=5)
    with open_target(target(spec), ROOT) as dest:
        state = dest.state()
    assert (state.ids, state.live, state.unfinished) == (old[::-1], old[1], [])
    new, out = deploy(variant(built, tmp_path, "new"), spec)
    assert "Removed" not in out
    assert release_dirs(folder) == sorted([*old, new["release"]])
    assert history(folder) == old
    assert live(folder) == f"releases/{new['release']}"


def test_rollback_restores_the_previous_release_and_back(project, built, sshd, srv, web, tmp_path):
    spec = sshd.target(srv / "rollback", keep=3)
    one, _ = deploy(variant(built, tmp_path, "one"), spec)
    two, _ = deploy(variant(built, tmp_path, "two"), spec)
    assert web("rollback").get("release.txt") == b"two"

    back = invoke(project, "rollback", "--target", "rollback")
    assert back.returncode == 0, back.stderr
    assert (
        f"Rolled back rollback: {one['release']} is live again (was {two['release']})"
        in back.stdout
    )
    assert web("rollback").get("release.txt") == b"one"
    assert release_dirs(srv / "rollback") == sorted([one["release"], two["release"]])

    older = invoke(project, "rollback", "--target", "rollback")
    assert older.returncode != 0
    assert (
        f"{one['release']} is the oldest release: there is none before it. Nothing changed."
        in older.stderr
    )

    forward = invoke(
        project, "rollback", "--target", "rollback", "--to", two["release"].split("-")[0]
    )
    assert forward.returncode == 0, forward.stderr
    assert web("rollback").get("release.txt") == b"two"

    listing = invoke(project, "releases", "--target", "rollback")
    assert listing.stdout.splitlines()[1:] == [
        f"  * {two['release']}  {two['release'][:4]}-{two['release'][4:6]}-{two['release'][6:8]} "
        f"{two['release'][9:11]}:{two['release'][11:13]}:{two['release'][13:15]} UTC  live",
        f"    {one['release']}  {one['release'][:4]}-{one['release'][4:6]}-{one['release'][6:8]} "
        f"{one['release'][9:11]}:{one['release'][11:13]}:{one['release'][13:15]} UTC",
    ]


def test_n_plus_one_publishes_keep_n_releases(built, sshd, srv, tmp_path):
    spec = sshd.target(srv / "keep", keep=3)
    made = [deploy(variant(built, tmp_path, f"r{i}"), spec)[0] for i in range(4)]
    ids = [m["release"] for m in made]
    assert ids == sorted(ids) and len(set(ids)) == 4
    assert release_dirs(srv / "keep") == ids[1:]
    assert live(srv / "keep") == f"releases/{ids[3]}"
    assert made[3]["pruned"] == [ids[0]]
    assert (srv / "keep" / "current" / "release.txt").read_text() == "r3"


def test_an_unreachable_server_is_reported_and_nothing_changes(built, sshd, srv):
    spec = sshd.target(srv / "nowhere", port=free_port())
    with pytest.raises(PublishError, match=r"cannot log in to .* over SSH: .*test with: ssh "):
        deploy(built, spec)
    assert not (srv / "nowhere").exists()


# --- a local folder -------------------------------------------------------------------


def test_a_local_folder_gets_the_same_releases_and_symlink(project, built, srv, tmp_path):
    spec = {"method": "local", "path": str(srv / "folder"), "keep": 2}
    first, _ = deploy(variant(built, tmp_path, "one"), spec, root=project)
    assert (srv / "folder" / "current" / "index.html").read_bytes() == (
        built / "index.html"
    ).read_bytes()
    second, _ = deploy(variant(built, tmp_path, "two"), spec, root=project)
    third, _ = deploy(variant(built, tmp_path, "three"), spec, root=project)
    assert release_dirs(srv / "folder") == [second["release"], third["release"]]  # keep 2
    assert third["pruned"] == [first["release"]]
    assert (srv / "folder" / "releases" / second["release"] / "index.html").stat().st_nlink == 2
    assert (srv / "folder" / "current" / "release.txt").read_text() == "three"
    rolled = invoke(project, "rollback", "--target", "folder")
    assert rolled.returncode == 0, rolled.stderr
    assert (srv / "folder" / "current" / "release.txt").read_text() == "two"
    assert not os.path.isabs(os.readlink(srv / "folder" / "current"))  # the folder can move


# --- GitHub Pages through ghp-import ---------------------------------------------------


def branch_files(bare, ref="gh-pages"):
    out = run("git", "--git-dir", str(bare), "ls-tree", "-r", "--name-only", ref).stdout
    return set(out.splitlines())


def subjects(bare, ref="gh-pages"):
    return run("git", "--git-dir", str(bare), "log", "--format=%s", ref).stdout.splitlines()


def test_github_pages_gets_a_commit_per_release_and_rolls_back(
    project, built, remote_git, tmp_path
):
    spec = {"method": "ghpages", "remote": "origin", "branch": "gh-pages"}
    deploy(variant(built, tmp_path), spec, root=project)
    files = branch_files(remote_git)
    assert {"index.html", ".nojekyll", "feeds/all.atom.xml"} <= files
    site = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    copies = {f for f in site if f.endswith((".gz", ".br"))}
    assert "index.html.br" in copies  # Pages compresses by itself: copies stay out of the branch
    assert files == site - copies | {".nojekyll"}
    (first,) = subjects(remote_git)
    assert first.startswith("Publish ")

    _, out = deploy(variant(built, tmp_path, "two"), spec, root=project, dry_run=True)
    assert "    + release.txt  (3 bytes)" in out and "  keep  " in out
    assert subjects(remote_git) == [first]  # the dry run pushed nothing

    two, _ = deploy(variant(built, tmp_path, "two"), spec, root=project)
    assert subjects(remote_git) == [f"Publish {two['release']}", first]
    assert run("git", "--git-dir", str(remote_git), "show", "gh-pages:release.txt").stdout == "two"

    listing = io.StringIO()
    state = cli.releases(project, "pages", out=listing)
    assert state.ids == [two["release"], first.removeprefix("Publish ")]
    assert f"* {two['release']}" in listing.getvalue()

    back = invoke(project, "rollback", "--target", "pages")
    assert back.returncode == 0, back.stderr
    assert subjects(remote_git)[0] == f"Roll back to {first.removeprefix('Publish ')}"
    assert "release.txt" not in branch_files(remote_git)
    tree = run(
        "git", "--git-dir", str(remote_git), "rev-parse", "gh-pages^{tree}", "gh-pages~2^{tree}"
    ).stdout.split()
    assert tree[0] == tree[1]  # the first release's files, exactly


def test_a_github_pages_publish_killed_before_the_push_never_reaches_the_remote(
    project, built, remote_git, tmp_path
):
    spec = {"method": "ghpages", "remote": "origin", "branch": "gh-pages"}
    pushed, _ = deploy(variant(built, tmp_path, "pushed"), spec, root=project)
    before = subjects(remote_git)

    stopped = publish_killed_before_the_switch(project, "pages", variant(built, tmp_path, "x"))
    assert subjects(remote_git) == before  # nothing was pushed
    local = run("git", "log", "-1", "--format=%s", "refs/heads/gh-pages", cwd=project).stdout
    assert local.strip() == f"Publish {stopped}"  # committed here only

    listing = invoke(project, "releases", "--target", "pages")
    assert listing.returncode == 0, listing.stderr
    assert f"* {pushed['release']}" in listing.stdout
    assert listing.stdout.splitlines()[-1] == (
        f"  unfinished release {stopped} (committed, never pushed): removed by the next publish"
    )
    refused = invoke(project, "rollback", "--target", "pages", "--to", stopped)
    assert refused.returncode == 1
    assert f"{stopped} never became live" in refused.stderr

    after, out = deploy(variant(built, tmp_path, "after"), spec, root=project)
    assert f"Removed the unfinished release {stopped} (committed, never pushed)." in out
    assert subjects(remote_git) == [f"Publish {after['release']}", *before]
    back = invoke(project, "rollback", "--target", "pages")
    assert back.returncode == 0, back.stderr
    assert f"{pushed['release']} is live again" in back.stdout
