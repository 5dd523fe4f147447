"""A build that logged an error fails, after reporting every problem of the run.

Pelican exits 0 after logging errors unless `--fatal` is given, and `--fatal`
stops at the first one. This plugin counts what is logged and, once the build
is over, ends the process with a non-zero status.

Pelican's "Could not process <file>" (a file its reader or a plugin failed on) names
neither the project path nor the reason unless --debug: a filter adds both.

Setting: STRICT = {"fail_on": "error"} (default) or {"fail_on": "warning"}
(`invoke check` passes `-e 'STRICT={"fail_on": "warning"}'`).
"""

import logging
import os
import sys

from pelican import signals

log = logging.getLogger(__name__)
DEFAULTS = {"fail_on": "error"}
LEVELS = {"error": logging.ERROR, "warning": logging.WARNING}


class BuildFailed(SystemExit):
    """Ends the process with status 1 and prints its reason, without a traceback."""


class Tally(logging.Handler):
    """Counts warnings and errors; prints nothing."""

    def __init__(self, fail_on):
        super().__init__(logging.WARNING)
        self.fail_on = fail_on
        self.errors = self.warnings = 0

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1

    def failed(self):
        return self.errors or (self.fail_on == logging.WARNING and self.warnings)


class NameTheReason(logging.Filter):
    """Adds the path from the project folder and the exception being handled to
    Pelican's "Could not process %s" (logged from inside its `except` block)."""

    MESSAGE = "Could not process %s"

    def __init__(self, content_path):
        super().__init__()
        self.content_path = content_path

    def filter(self, record):
        error = sys.exc_info()[1]
        if record.msg == self.MESSAGE and len(record.args) == 1 and error is not None:
            path = os.path.relpath(os.path.join(self.content_path, str(record.args[0])), os.path.dirname(self.content_path))
            record.msg, record.args = "%s: could not be read: %s: %s (a bug of the kit: please report it with this file)", (
                path, type(error).__name__, error)
        return True


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def settings_of(pelican):
    config = {**DEFAULTS, **(pelican.settings.get("STRICT") or {})}
    unknown = set(config) - set(DEFAULTS)
    if unknown or config["fail_on"] not in LEVELS:
        log.error("strict: STRICT must be {\"fail_on\": \"error\" or \"warning\"}, not %r", config)
        config = DEFAULTS
    return config


def start_counting(pelican):
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, Tally)]:
        root.removeHandler(handler)  # left by an earlier build in this process
    pelican.strict_tally = Tally(LEVELS[settings_of(pelican)["fail_on"]])
    root.addHandler(pelican.strict_tally)
    generators = logging.getLogger("pelican.generators")
    for old in [f for f in generators.filters if isinstance(f, NameTheReason)]:
        generators.removeFilter(old)
    generators.addFilter(NameTheReason(pelican.settings["PATH"]))


def fail_if_problems(pelican):
    tally = pelican.strict_tally
    logging.getLogger().removeHandler(tally)
    if tally.failed():
        found = f"{plural(tally.errors, 'error')} and {plural(tally.warnings, 'warning')}"
        raise BuildFailed(f"{found} reported above: the build failed.")


def register():
    signals.initialized.connect(start_counting)
    signals.finalized.connect(fail_if_problems)
