"""Site search: Pagefind indexes the built site at the end of every build.

Only what templates mark with `data-pagefind-body` (posts and pages) is indexed;
`data-pagefind-filter` gives the category and author filters. The index lands in
`pagefind/` and only the search page (theme/templates/search.html) loads it.
"""

import logging
import subprocess
import sys

from pelican import signals

log = logging.getLogger(__name__)


def index_site(pelican):
    command = [sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--output-subdir", "pagefind", "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except OSError as error:
        log.error("search: Pagefind could not run (%s) (install requirements.txt: pagefind[bin])", error)
        return
    if result.returncode != 0:
        log.error("search: Pagefind failed on %s: %s", pelican.output_path, (result.stderr or result.stdout).strip())


def register():
    signals.finalized.connect(index_site)
