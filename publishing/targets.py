"""The destinations a site is published to.

`ReleaseTarget` serves both `rsync` (a server reached over SSH) and `local` (a folder
on this machine): the same shell scripts run through `ssh` or `sh`, and the same
rsync command uploads. The layout (DESIGN §8):

    <path>/releases/<release id>/   one complete site per release
    <path>/releases/<id>.partial/   an upload in progress (never served, removed next time)
    <path>/current                  symlink to releases/<id>: the web server's document root

A new release is uploaded into `<id>.partial/` (unchanged files hard-linked from the
live release with --link-dest), renamed to `<id>/`, and made live by renaming a new
symlink over `current`, an atomic step: readers get the old site or the new one.

`GhPagesTarget` commits the build to a branch with ghp-import and pushes it; each
publish is one commit "Publish <release id>", so its history is the list of releases.
"""

import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from publishing import PublishError
from publishing.manifest import parse_git_tree, parse_listing
from publishing.releases import PARTIAL, is_release_id, newest_first, sort_entries

STATE = r"""
cd -- "$1" 2>/dev/null || exit 0
echo exists
if [ -L current ]; then printf 'live\t%s\n' "$(readlink current)"
elif [ -e current ]; then echo current-not-a-link
fi
for entry in releases/*; do
    [ -d "$entry" ] && printf 'entry\t%s\n' "${entry#releases/}"
done
if [ "$2" = manifest ] && [ -d current/ ]; then
    cd current/ || exit 1
    find . -type f -printf 'size\t%s\t%P\n' || exit 1
    find . -type f -exec sha256sum -- {} + | awk '{ print "sum\t" $0 }'
fi
exit 0
"""

PREPARE = r"""
set -eu
mkdir -p -- "$1/releases"
cd -- "$1/releases"
for entry in *.partial; do
    [ -d "$entry" ] || continue
    rm -rf -- "$entry"
    printf '%s\n' "$entry"
done
"""

SWITCH = r"""
set -eu
cd -- "$1"
id=$2
shift 2
if [ -d "releases/$id.partial" ]; then mv -T -- "releases/$id.partial" "releases/$id"; fi
[ -d "releases/$id" ] || { echo "there is no release $id" >&2; exit 3; }
ln -sfn -- "releases/$id" "current.new-$id"
mv -T -- "current.new-$id" current
for old in "$@"; do rm -rf -- "releases/$old" || printf 'kept\t%s\n' "$old"; done
"""


@dataclass
class State:
    """What a destination holds now."""

    exists: bool = False
    ids: list = field(default_factory=list)  # newest first
    live: str | None = None
    partials: list = field(default_factory=list)
    manifest: dict | None = None  # of the live release, when asked for
    problem: str | None = None  # something that stops a publish


def _last_lines(text, n=3):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-n:]) or "no message"


class ReleaseTarget:
    """`rsync` and `local` targets: releases, a `current` symlink, atomic switches."""

    digest = "sha256"

    def __init__(self, target):
        self.target = target
        self.path = target["path"]
        self.control = None  # folder of the shared SSH connection, once open
        if target.method == "rsync":
            self.login = f"{target['user']}@{target['host']}" if target["user"] else target["host"]
            self.base = ["ssh", "-o", "BatchMode=yes", "-p", str(target["port"])]
            self.base += target["ssh_options"]
        else:
            self.login = self.base = None

    def where(self):
        return self.target.describe()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def ssh(self):
        """The ssh command, sharing one connection: a single login for every step."""
        if self.control is None:
            self.connect()
        return [*self.base, "-o", "ControlMaster=no", "-o", f"ControlPath={self.control}/socket"]

    def connect(self):
        control = tempfile.mkdtemp(prefix="publish-ssh-")
        # The master waits in the background for the next steps; it ends at close(),
        # or by itself soon after its last use if this process is killed.
        master = [*self.base, "-o", "ControlMaster=yes", "-o", f"ControlPath={control}/socket"]
        master += ["-o", "ControlPersist=20", self.login, "true"]
        with tempfile.TemporaryFile(mode="w+") as errors:
            try:
                result = subprocess.run(
                    master,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    check=False,
                )
            except FileNotFoundError as error:
                shutil.rmtree(control, ignore_errors=True)
                raise PublishError("ssh is not installed on this machine") from error
            if result.returncode:
                shutil.rmtree(control, ignore_errors=True)
                errors.seek(0)
                raise PublishError(
                    f"cannot log in to {self.where()} over SSH: {_last_lines(errors.read())}. "
                    "Publishing logs in with a key, without prompts (ssh-agent, ~/.ssh/config or "
                    '"ssh_options" in PUBLISH_TARGETS); test with: '
                    f"{shlex.join([*self.base, self.login, 'true'])}"
                )
        self.control = control

    def close(self):
        """End the shared SSH connection."""
        if self.control is None:
            return
        subprocess.run(
            [*self.base, "-o", f"ControlPath={self.control}/socket", "-O", "exit", self.login],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.control, ignore_errors=True)
        self.control = None

    def run(self, script, *args):
        """Run a shell script with arguments, here or on the server; its stdout."""
        if self.base:
            command = [*self.ssh, self.login, shlex.join(["sh", "-c", script, "sh", *args])]
        else:
            command = ["sh", "-c", script, "sh", *args]
        result = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise PublishError(f"{self.where()}: {_last_lines(result.stderr)}")
        return result.stdout

    def state(self, manifest=False):
        out = self.run(STATE, self.path, "manifest" if manifest else "")
        lines = out.splitlines()
        state = State(exists="exists" in lines)
        entries = []
        for line in lines:
            kind, _, value = line.partition("\t")
            if kind == "live":
                name = value.rstrip("/").rpartition("/")[2]
                state.live = name if is_release_id(name) else None
            elif kind == "entry":
                entries.append(value)
            elif kind == "current-not-a-link":
                state.problem = (
                    f"{self.path}/current is a folder or file, not a symlink: move it out of the way "
                    "(publishing makes current a symlink to the live release)"
                )
        state.ids, state.partials = sort_entries(entries)
        if manifest and state.live:
            state.manifest = parse_listing(lines)
        return state

    def dest(self, release_id):
        folder = f"{self.path}/releases/{release_id}{PARTIAL}/"
        return f"{self.login}:{folder}" if self.base else folder

    def stage(self, build):
        """Nothing to add to the build for this kind of target."""

    def prepare(self):
        """Make releases/ and clear unfinished uploads; the names removed."""
        return [line for line in self.run(PREPARE, self.path).splitlines() if line]

    def upload(self, build, release_id, state, progress):
        """Send the build into releases/<id>.partial/, reporting each file sent."""
        # Unchanged files are hard-linked from the live release (and the newest, if other).
        bases = [r for r in dict.fromkeys([state.live, *state.ids[:1]]) if r in state.ids]
        command = [
            "rsync",
            "--recursive",
            "--links",
            "--perms",
            "--chmod=D755,F644",
            "--checksum",
            "--out-format=%i %l %n",
            *[f"--link-dest=../{r}" for r in bases],
        ]
        if self.target.options.get("bwlimit"):
            command.append(f"--bwlimit={self.target['bwlimit']}")
        if self.base:
            command += ["-e", shlex.join(self.ssh)]
        command += [f"{build}/", self.dest(release_id)]
        with tempfile.TemporaryFile(mode="w+") as errors:
            try:
                process = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=errors, text=True
                )
            except FileNotFoundError as error:
                raise PublishError("rsync is not installed on this machine") from error
            try:
                for line in process.stdout:
                    item, _, rest = line.rstrip("\n").partition(" ")
                    size, _, name = rest.partition(" ")
                    if len(item) == 11 and item[1] == "f" and item[0] in "<>" and size.isdigit():
                        progress.advance(name, int(size))
                process.wait()
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
                progress.close()
            if process.returncode:
                errors.seek(0)
                raise PublishError(
                    f"the upload to {self.where()} failed (rsync exit {process.returncode}): "
                    f"{_last_lines(errors.read())}. The live site did not change."
                )

    def activate(self, release_id, prune=()):
        """Make a release live (renaming it from .partial if needed), then delete `prune`;
        the releases that could not be deleted."""
        out = self.run(SWITCH, self.path, release_id, *prune)
        return [line.partition("\t")[2] for line in out.splitlines() if line.startswith("kept\t")]

    def rollback(self, release_id, state):
        self.activate(release_id)


class GhPagesTarget:
    """`ghpages`: the build is committed to a branch by ghp-import and pushed to a remote."""

    digest = "git"
    PUBLISH, ROLLBACK = "Publish ", "Roll back to "

    def __init__(self, target, repo):
        self.target = target
        self.repo = Path(repo)
        self.remote, self.branch = target["remote"], target["branch"]
        self.tracking = f"refs/remotes/{self.remote}/{self.branch}"

    def where(self):
        return self.target.describe()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def git(self, *args, check=True):
        result = subprocess.run(
            ["git", *args], cwd=self.repo, capture_output=True, text=True, check=False
        )
        if check and result.returncode:
            raise PublishError(f"git {' '.join(args[:2])} failed: {_last_lines(result.stderr)}")
        return result

    def fetch(self):
        """Bring the remote branch to the tracking ref; its commit, or None if it has none."""
        if self.git("remote", "get-url", self.remote, check=False).returncode:
            raise PublishError(
                f'publishconf.py: PUBLISH_TARGETS["{self.target.name}"]: remote: '
                f"{self.remote!r} is not a git remote of this project (add it: git remote add {self.remote} URL)"
            )
        heads = self.git("ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}")
        if not heads.stdout.strip():
            return None
        self.git("fetch", "--quiet", self.remote, f"+refs/heads/{self.branch}:{self.tracking}")
        return self.git("rev-parse", self.tracking).stdout.strip()

    def history(self):
        """[(commit, subject)] of the branch, newest first."""
        out = self.git("log", "--format=%H%x09%s", self.tracking).stdout
        return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]

    def release_of(self, subject):
        for prefix in (self.PUBLISH, self.ROLLBACK):
            if subject.startswith(prefix) and is_release_id(subject[len(prefix) :].strip()):
                return subject[len(prefix) :].strip()
        return None

    def state(self, manifest=False):
        tip = self.fetch()
        state = State(exists=tip is not None)
        if tip is None:
            return state
        history = self.history()
        state.ids = newest_first(
            {
                self.release_of(s)
                for _, s in history
                if s.startswith(self.PUBLISH) and self.release_of(s)
            }
        )
        state.live = self.release_of(history[0][1]) if history else None
        if manifest:
            state.manifest = parse_git_tree(self.git("ls-tree", "-r", "-l", "-z", tip).stdout)
        return state

    def stage(self, build):
        """Ready the build for GitHub Pages: no Jekyll run on it, and no precompressed
        copies (Pages compresses by itself and would only store them)."""
        build = Path(build)
        for copy in [*build.rglob("*.gz"), *build.rglob("*.br")]:
            if copy.with_suffix("").is_file():
                copy.unlink()
        (build / ".nojekyll").touch()

    def prepare(self):
        return []

    def upload(self, build, release_id, state, progress):
        message = f"{self.PUBLISH}{release_id}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ghp_import",
                "-m",
                message,
                "-r",
                self.remote,
                "-b",
                self.branch,
                str(build),
            ],
            cwd=self.repo,
            capture_output=True,
            text=True,
            check=False,
        )
        subject = self.git(
            "log", "-1", "--format=%s", f"refs/heads/{self.branch}", check=False
        ).stdout.strip()
        if result.returncode or subject != message:
            raise PublishError(
                f"ghp-import could not commit the build: {_last_lines(result.stderr + result.stdout)}"
            )

    def push(self, ref):
        """Push `ref` as the branch; git prints its own progress on a terminal."""
        result = subprocess.run(
            ["git", "push", self.remote, f"{ref}:refs/heads/{self.branch}"],
            cwd=self.repo,
            check=False,
        )
        if result.returncode:
            raise PublishError(f"git push to {self.where()} failed (see git's message above)")

    def activate(self, release_id, prune=()):
        self.push(f"refs/heads/{self.branch}")
        return []

    def rollback(self, release_id, state):
        commit = next(c for c, s in self.history() if s == f"{self.PUBLISH}{release_id}")
        new = self.git(
            "commit-tree",
            f"{commit}^{{tree}}",
            "-p",
            self.tracking,
            "-m",
            f"{self.ROLLBACK}{release_id}",
        ).stdout.strip()
        self.git("update-ref", f"refs/heads/{self.branch}", new)
        self.push(new)


def open_target(target, root):
    if target.method == "ghpages":
        return GhPagesTarget(target, root)
    return ReleaseTarget(target)
