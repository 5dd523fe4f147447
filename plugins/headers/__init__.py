"""Security headers: the same Content-Security-Policy in every page and in the headers
the server sends (README, "Security").

- `content_security_policy` in templates: the policy for the <meta http-equiv> tag
  that base.html puts first in every page's <head>;
- `_headers` at the top of the output: every header for every file, in the format of
  Netlify and Cloudflare Pages (other servers: the README's nginx and Apache snippets).

The policy itself is policy.py, worked out from the settings: the site's address, the
comment server's (COMMENTS, checked by plugins/comments) and the hosts whose pages
posts may show in a frame (EMBED_HOSTS, checked by plugins/sanitize).
"""

import os

from pelican import signals
from pelican.generators import Generator

from plugins.comments.settings import check as check_comments
from plugins.sanitize import embed_hosts
from plugins.site import site_url
from plugins.site.files import write_text

from .policy import content_security_policy, for_meta, headers_file, http_headers

HEADERS_FILE = "_headers"


def policy_for(settings):
    """The policy for a build with these settings. A COMMENTS setting with a problem
    turns comments off (plugins/comments reports it), so its server is not named;
    posts may frame pages of the EMBED_HOSTS (checked by plugins/sanitize)."""
    comments, problems = check_comments(settings.get("COMMENTS"), settings.get("SITEURL") or "")
    server = comments["url"] if not problems else ""
    return content_security_policy(server, site_url(settings), frames=embed_hosts(settings))


def add_template_globals(generator):
    generator.env.globals["content_security_policy"] = for_meta(policy_for(generator.settings))


class HeadersGenerator(Generator):
    """Writes `_headers` (written again only when it changes: plugins/site/files.py)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        text = headers_file(http_headers(policy_for(self.settings)))
        write_text(os.path.join(self.output_path, HEADERS_FILE), text)


def get_generators(pelican):
    return HeadersGenerator


def register():
    signals.generator_init.connect(add_template_globals)
    signals.get_generators.connect(get_generators)
