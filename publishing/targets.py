"""The destinations a site is published to.

`ReleaseTarget` serves both `rsync` (a server reached over SSH) and `local` (a folder
on this machine): the same shell scripts run through `ssh` or `sh`, and the same
rsync command uploads. The layout (DESIGN §8):

    <path>/releases/<release id>/   one complete site per release
    <path>/releases/<id>.partial/   an upload in progress (never served, removed next time)
    <path>/releases/.live-history   the ids of the releases that were live, one a line
    <path>/current                  symlink to releases/<id>: the web server's document root

A new release is uploaded into `<id>.partial/` (unchanged files hard-linked from the
live release with --link-dest), renamed to `<id>/`, and made live by renaming a new
symlink over `current`, an atomic step: readers get the old site or the new one. Just
before, the switch adds the release it replaces to the history. So a release counts
(is listed, can be rolled back to) once `current` has named it, and not before: one
whose publish was stopped before the switch is unfinished, and the next publish removes
it, as it removes any `<id>.partial/`.

`GhPagesTarget` commits the build to a branch with ghp-import and pushes it; each
publish is one commit "Publish <release id>", so its history is the list of releases.
Only the remote's branch counts: a commit is live once pushed. A commit left unpushed
by a stopped publish is unfinished; the next publish starts again from the remote's
branch, so it never reaches the remote's history.
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

# Every script runs in the target's folder; releases/.live-history lists the releases
# that were live (the switch adds the live one before it replaces it), so that a release
# counts only once it has been live.

STATE = r"""
cd -- "$1" 2>/dev/null || exit 0
echo exists
if [ -L current ]; then printf 'live\t%s\n' "$(readlink current)"
elif [ -e current ]; then echo current-not-a-link
fi
for entry in releases/*; do
    [ -d "$entry" ] && printf 'entry\t%s\n' "${entry#releases/}"
done
if [ -f releases/.live-history ]; then
    echo history
    awk '{ print "was-live\t" $0 }' releases/.live-history
fi
if [ "$2" = manifest ] && [ -d current/ ]; then
    cd current/ || exit 1
    find . -type f -printf 'size\t%s\t%P\n' || exit 1
    find . -type f -exec sha256sum -- {} + | awk '{ print "sum\t" $0 }'
fi
exit 0
"""

# Start the history of a target published before it was kept (its releases count as
# having been live, as they did then), and set $live to the id `current` names.
SEED_HISTORY = r"""
if [ ! -e releases/.live-history ]; then
    for entry in releases/*; do
        case $entry in *.partial) continue ;; esac
        if [ -d "$entry" ]; then printf '%s\n' "${entry#releases/}"; fi
    done > releases/.live-history.new
    mv -f -- releases/.live-history.new releases/.live-history
fi
live=$(readlink current 2>/dev/null || true)
live=${live%/}
live=${live##*/}
"""

# Remove the unfinished uploads named (never one that is or was live); print each removed.
PREPARE = (
    r"""
set -eu
mkdir -p -- "$1/releases"
cd -- "$1"
shift
"""
    + SEED_HISTORY
    + r"""
for name in "$@"; do
    case $name in ''|.*|*/*) continue ;; esac
    if [ ! -d "releases/$name" ] || [ "$name" = "$live" ]; then continue; fi
    if grep -qxF -- "$name" releases/.live-history; then continue; fi
    rm -rf -- "releases/$name"
    printf '%s\n' "$name"
done
"""
)

# The upload is complete: it takes its release's name (not live yet).
FINISH = r"""
set -eu
cd -- "$1/releases"
mv -T -- "$2.partial" "$2"
"""

# Make release $2 live, then delete the releases named after it.
SWITCH = (
    r"""
set -eu
cd -- "$1"
id=$2
shift 2
"""
    + SEED_HISTORY
    + r"""
[ -d "releases/$id" ] || { echo "there is no release $id" >&2; exit 3; }
if [ -n "$live" ] && [ "$live" != "$id" ] && ! grep -qxF -- "$live" releases/.live-history; then
    printf '%s\n' "$live" >> releases/.live-history
fi
ln -sfn -- "releases/$id" "current.new-$id"
mv -T -- "current.new-$id" current
for old in "$@"; do rm -rf -- "releases/$old" || printf 'kept\t%s\n' "$old"; done
if [ $# -gt 0 ]; then
    while IFS= read -r name; do
        if [ -n "$name" ] && [ -d "releases/$name" ]; then printf '%s\n' "$name"; fi
    done < releases/.live-history | awk '!seen[$0]++' > releases/.live-history.new
    mv -f -- releases/.live-history.new releases/.live-history
fi
"""
)


@dataclass
class State:
    """What a destination holds now."""

    exists: bool = False
    ids: list = field(default_factory=list)  # newest first
    live: str | None = None
    unfinished: list = field(default_factory=list)  # never live: removed by the next publish
    manifest: dict | None = None  # of the live release, when asked for
    problem: str | None = None  # something that stops a publish


def _last_lines(text, n=3):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-n:]) or "no message"


class ReleaseTarget:
    """`rsync` and `local` targets: releases, a `current` symlink, atomic switches."""

    digest = "sha256"
    never_live = "uploaded, never made live"

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
        was_live = [] if "history" in lines else None
        for line in lines:
            kind, _, value = line.partition("\t")
            if kind == "was-live" and was_live is not None:
                was_live.append(value)
            elif kind == "live":
                name = value.rstrip("/").rpartition("/")[2]
                state.live = name if is_release_id(name) else None
            elif kind == "entry":
                entries.append(value)
            elif kind == "current-not-a-link":
                state.problem = (
                    f"{self.path}/current is a folder or file, not a symlink: move it out of the way "
                    "(publishing makes current a symlink to the live release)"
                )
        state.ids, state.unfinished = sort_entries(entries, was_live, state.live)
        if manifest and state.live:
            state.manifest = parse_listing(lines)
        return state

    def dest(self, release_id):
        folder = f"{self.path}/releases/{release_id}{PARTIAL}/"
        return f"{self.login}:{folder}" if self.base else folder

    def stage(self, build):
        """Nothing to add to the build for this kind of target."""

    def prepare(self, state):
        """Make releases/ and remove the unfinished uploads; the names removed."""
        out = self.run(PREPARE, self.path, *state.unfinished)
        return [line for line in out.splitlines() if line]

    def upload(self, build, release_id, state, progress):
        """Send the build into releases/<id>.partial/, reporting each file sent, then
        name it releases/<id>/ (not live yet)."""
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
        self.run(FINISH, self.path, release_id)

    def activate(self, release_id, prune=()):
        """Make a release live (after adding the live one to the history), then delete
        `prune`; the releases that could not be deleted."""
        out = self.run(SWITCH, self.path, release_id, *prune)
        return [line.partition("\t")[2] for line in out.splitlines() if line.startswith("kept\t")]

    def rollback(self, release_id, state):
        self.activate(release_id)


class GhPagesTarget:
    """`ghpages`: the build is committed to a branch by ghp-import and pushed to a remote."""

    digest = "git"
    never_live = "committed, never pushed"
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

    def unfinished_name(self, subject):
        """A commit never pushed: its release id if it is a publish, else its subject."""
        release = self.release_of(subject)
        return release if release and subject.startswith(self.PUBLISH) else repr(subject)

    def unpushed(self, tip):
        """[(commit, subject)] on the local branch and not on the remote's (at `tip`)."""
        local = f"refs/heads/{self.branch}"
        if self.git("rev-parse", "--verify", "--quiet", local, check=False).returncode:
            return []
        span = f"{tip}..{local}" if tip else local
        out = self.git("log", "--format=%H%x09%s", span).stdout
        return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]

    def state(self, manifest=False):
        tip = self.fetch()
        state = State(exists=tip is not None)
        state.unfinished = [self.unfinished_name(s) for _, s in self.unpushed(tip)]
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

    def prepare(self, state):
        """Start the local branch again from the remote's, dropping commits never
        pushed (a stopped publish's); their release ids (or subjects)."""
        tip = self.fetch()
        dropped = [self.unfinished_name(s) for _, s in self.unpushed(tip)]
        local = f"refs/heads/{self.branch}"
        if tip:
            self.git("update-ref", local, tip)
        elif dropped:
            self.git("update-ref", "-d", local)
        return dropped

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
