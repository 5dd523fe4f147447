"""Publishing settings from publishconf.py, checked before anything is built or sent.

PUBLISH_TARGETS maps a name to one dict per destination (DESIGN §8):

    "production": {"method": "rsync", "user": "deploy", "host": "blog.example.org",
                   "port": 22, "path": "/srv/blog", "keep": 5}
    "pages":      {"method": "ghpages", "remote": "origin", "branch": "gh-pages"}
    "local":      {"method": "local", "path": "/var/www/blog", "keep": 5}

PUBLISH_DEFAULT names the target used without --target. PUBLISH_GATE holds the
gate's budget. Every problem is reported at once, naming the setting and the fix.
"""

import difflib
import posixpath
from dataclasses import dataclass, field

from publishing import PublishError

SOURCE = "publishconf.py"

REQUIRED = object()  # a default meaning: this key must be given


def _text(value):
    return isinstance(value, str) and value.strip() != ""


def _absolute(value):
    return _text(value) and posixpath.isabs(value)


def _count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _port(value):
    return _count(value) and value <= 65535


def _words(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


CHECKS = {
    "host": (_text, 'a host name, e.g. "blog.example.org"'),
    "user": (_text, 'a user name on the server, e.g. "deploy"'),
    "port": (_port, "a port number, e.g. 22"),
    "path": (_absolute, 'an absolute path, e.g. "/srv/blog"'),
    "keep": (_count, "how many releases stay, a whole number of at least 1"),
    "ssh_options": (_words, 'a list of ssh arguments, e.g. ["-i", "~/.ssh/deploy_key"]'),
    "bwlimit": (_count, "an upload limit in KiB per second, e.g. 1000"),
    "remote": (_text, 'the name of a git remote of this project, e.g. "origin"'),
    "branch": (_text, 'a branch name, e.g. "gh-pages"'),
}

METHODS = {
    "rsync": {
        "host": REQUIRED,
        "path": REQUIRED,
        "user": None,
        "port": 22,
        "keep": 5,
        "ssh_options": [],
        "bwlimit": None,
    },
    "local": {"path": REQUIRED, "keep": 5},
    "ghpages": {"remote": "origin", "branch": "gh-pages"},
}

GATE_DEFAULTS = {"max_page_weight": 1_000_000}
GATE_CHECKS = {
    "max_page_weight": (_count, "bytes a page may weigh with what it loads, e.g. 1_000_000")
}


@dataclass(frozen=True)
class Target:
    """One destination: its name, its method and its options (defaults filled in)."""

    name: str
    method: str
    options: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.options[key]

    def describe(self):
        """Where it publishes, for people: deploy@host:/srv/blog, /var/www/blog, ..."""
        o = self.options
        if self.method == "rsync":
            where = f"{o['user']}@{o['host']}" if o["user"] else o["host"]
            port = "" if o["port"] == 22 else f" (port {o['port']})"
            return f"{where}:{o['path']}{port}"
        if self.method == "local":
            return o["path"]
        return f"branch {o['branch']} of {o['remote']}"


def _suggest(word, choices):
    starting = [c for c in choices if c.startswith(word)]
    close = (
        starting
        if len(starting) == 1
        else difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    )
    return f'did you mean "{close[0]}"?' if close else f"known: {', '.join(sorted(choices))}"


def check_target(name, spec):
    """(Target or None, problems) for one entry of PUBLISH_TARGETS."""
    where = f'{SOURCE}: PUBLISH_TARGETS["{name}"]'
    if not isinstance(spec, dict):
        return None, [f'{where}: must be a dict with a "method" ({", ".join(METHODS)})']
    method = spec.get("method")
    if method not in METHODS:
        hint = _suggest(str(method), METHODS) if method else f"one of {', '.join(METHODS)}"
        return None, [f"{where}: method: {method!r} is not a publishing method ({hint})"]
    known = METHODS[method]
    problems = []
    for key in sorted(set(spec) - set(known) - {"method"}):
        problems.append(
            f'{where}: {key}: not a setting of method "{method}" ({_suggest(key, known)})'
        )
    options = {}
    for key, default in known.items():
        if key not in spec or spec[key] is None:
            if default is REQUIRED:
                problems.append(f"{where}: {key}: missing (give {CHECKS[key][1]})")
            options[key] = None if default is REQUIRED else default
            continue
        check, wanted = CHECKS[key]
        if not check(spec[key]):
            problems.append(f"{where}: {key}: {spec[key]!r} is not valid (give {wanted})")
        options[key] = spec[key]
    return (None if problems else Target(name, method, options)), problems


def check_gate(gate):
    """(options, problems) for PUBLISH_GATE; missing keys take their defaults."""
    if gate is None:
        return dict(GATE_DEFAULTS), []
    if not isinstance(gate, dict):
        return dict(GATE_DEFAULTS), [
            f"{SOURCE}: PUBLISH_GATE: must be a dict, e.g. {GATE_DEFAULTS}"
        ]
    problems = []
    for key in sorted(set(gate) - set(GATE_DEFAULTS)):
        problems.append(
            f"{SOURCE}: PUBLISH_GATE: {key}: unknown setting ({_suggest(key, GATE_DEFAULTS)})"
        )
    for key, (check, wanted) in GATE_CHECKS.items():
        if key in gate and not check(gate[key]):
            problems.append(
                f"{SOURCE}: PUBLISH_GATE: {key}: {gate[key]!r} is not valid (give {wanted})"
            )
    return {**GATE_DEFAULTS, **gate}, problems


def choose_target(settings, name=None):
    """The Target to use: `name`, or PUBLISH_DEFAULT. Raises PublishError listing every problem."""
    targets = settings.get("PUBLISH_TARGETS")
    if not isinstance(targets, dict) or not targets:
        raise PublishError(
            f"{SOURCE}: PUBLISH_TARGETS: no publishing targets are set "
            "(add a dict of targets; see README, Publishing)"
        )
    if name is None:
        name = settings.get("PUBLISH_DEFAULT")
        if name is None:
            raise PublishError(
                f"{SOURCE}: PUBLISH_DEFAULT: not set (name one of {', '.join(targets)}, or pass --target)"
            )
        if name not in targets:
            raise PublishError(
                f"{SOURCE}: PUBLISH_DEFAULT: {name!r} is not in PUBLISH_TARGETS ({_suggest(str(name), targets)})"
            )
    elif name not in targets:
        raise PublishError(
            f"--target {name}: no such target in {SOURCE} ({_suggest(name, targets)})"
        )
    target, problems = check_target(name, targets[name])
    if problems:
        raise PublishError("\n".join(problems))
    return target
