"""A build that logged an error fails, after reporting every problem of the run.

Pelican exits 0 after logging errors unless `--fatal` is given, and `--fatal`
stops at the first one. This plugin counts what is logged and, once the build
is over, ends the process with a non-zero status.

Setting: STRICT = {"fail_on": "error"} (default) or {"fail_on": "warning"}
(`invoke check` passes `-e 'STRICT={"fail_on": "warning"}'`).
"""

import logging

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


def fail_if_problems(pelican):
    tally = pelican.strict_tally
    logging.getLogger().removeHandler(tally)
    if tally.failed():
        found = f"{plural(tally.errors, 'error')} and {plural(tally.warnings, 'warning')}"
        raise BuildFailed(f"{found} reported above: the build failed.")


def register():
    signals.initialized.connect(start_counting)
    signals.finalized.connect(fail_if_problems)
