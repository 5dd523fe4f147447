"""Security headers: the same Content-Security-Policy in every page and in the headers
the server sends (README, "Security").

- `content_security_policy` in templates: the policy for the <meta http-equiv> tag
  that base.html puts first in every page's <head>;
- `_headers` at the top of the output: every header for every file, in the format of
  Netlify and Cloudflare Pages (other servers: the README's nginx and Apache snippets).

The policy itself is policy.py, worked out from the settings: the site's address, the
comment server's (COMMENTS, checked by plugins/comments) and the hosts whose pages
posts may show in a frame (EMBED_HOSTS, checked by plugins/sanitize). In the builds of
`invoke livereload`, LIVERELOAD_SCRIPT is the <script> element its server adds to every
page: the pages' policy then allows that one inline script, by its digest (`_headers`,
which that server does not send, stays as every other build writes it).
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator

from plugins.comments.settings import check as check_comments
from plugins.sanitize import embed_hosts
from plugins.site import site_url
from plugins.site.files import write_text

from .policy import (
    allowing_scripts,
    content_security_policy,
    for_meta,
    headers_file,
    http_headers,
    script_hash,
)

log = logging.getLogger(__name__)
HEADERS_FILE = "_headers"


def policy_for(settings):
    """The policy for a build with these settings. A COMMENTS setting with a problem
    turns comments off (plugins/comments reports it), so its server is not named;
    posts may frame pages of the EMBED_HOSTS (checked by plugins/sanitize)."""
    comments, problems = check_comments(settings.get("COMMENTS"), settings.get("SITEURL") or "")
    server = comments["url"] if not problems else ""
    return content_security_policy(server, site_url(settings), frames=embed_hosts(settings))


def livereload_source(settings):
    """The source allowing the script of LIVERELOAD_SCRIPT ('sha256-...'), or None when
    it is empty or not one inline <script> element."""
    script = settings.get("LIVERELOAD_SCRIPT") or ""
    return script_hash(script) if script else None


def meta_policy(settings):
    """The text of the pages' <meta> policy: `policy_for`, and in livereload's builds
    the script its server adds to pages."""
    source = livereload_source(settings)
    return for_meta(allowing_scripts(policy_for(settings), [source] if source else []))


def add_template_globals(generator):
    generator.env.globals["content_security_policy"] = meta_policy(generator.settings)


class HeadersGenerator(Generator):
    """Writes `_headers` (written again only when it changes: plugins/site/files.py)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        text = headers_file(http_headers(policy_for(self.settings)))
        write_text(os.path.join(self.output_path, HEADERS_FILE), text)


def setting_problems(settings):
    """[(setting, message, hint)] of what this plugin cannot use."""
    if settings.get("LIVERELOAD_SCRIPT") and not livereload_source(settings):
        return [("LIVERELOAD_SCRIPT", "not one inline <script> element, so no page allows it",
                 "leave it empty: invoke livereload sets it")]
    return []


def get_generators(pelican):
    for name, message, hint in setting_problems(pelican.settings):  # once a build, counted by plugins/strict
        log.error("headers: %s: %s (%s)", name, message, hint)
    return HeadersGenerator


def register():
    signals.generator_init.connect(add_template_globals)
    signals.get_generators.connect(get_generators)
