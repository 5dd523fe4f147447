"""Publish settings: the local settings plus what publishing changes."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = "https://commentary.example.org"  # no trailing slash
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# --- Publishing (`invoke publish`, `invoke releases`, `invoke rollback`) --------
# Where `invoke publish` sends the site; README "Publishing" explains the keys.
# No secrets here: SSH logs in with your key (ssh-agent or ~/.ssh/config).
PUBLISH_TARGETS = {
    "production": {
        "method": "rsync",
        "user": "deploy",
        "host": "blog.example.org",
        "port": 22,
        "path": "/srv/blog",
        "keep": 5,
    },
    "pages": {"method": "ghpages", "remote": "origin", "branch": "gh-pages"},
    "local": {"method": "local", "path": "/var/www/blog", "keep": 5},
}
PUBLISH_DEFAULT = "production"
# The gate refuses a page heavier than this: its HTML plus the CSS, scripts and
# images it loads, in bytes.
PUBLISH_GATE = {"max_page_weight": 1_000_000}

# Precompressed copies (.gz, .br) beside each text file with these suffixes, for
# servers that serve them: `invoke publish` makes them after the build (not Pelican),
# only for files whose bytes changed since the last publish (publishing/compress.py).
# Cached in cache/compressed/; files under PRECOMPRESS_MIN_SIZE (default 20 bytes) get none.
PRECOMPRESS_TEXT_EXTENSIONS = {".html", ".css", ".js", ".xml", ".json", ".svg"}
PRECOMPRESS_CACHE_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "cache", "compressed"
)
