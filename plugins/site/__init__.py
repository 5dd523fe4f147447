"""Where the site lives, for templates and plugins: one home for these two facts.

- `site_url`: the absolute address of the site: SITEURL, or FEED_DOMAIN (the local
  preview address) when SITEURL is empty. For what leaves the page: canonical links,
  social cards, citations, share links, JSON-LD.
- `site_path`: the path part of SITEURL ("" at the root of a domain). Links within
  the site start with it (`{{ site_path }}/about/`), which keeps pages short.
"""

from urllib.parse import urlsplit

from pelican import signals


def site_url(settings):
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


def site_path(settings):
    return urlsplit(settings.get("SITEURL") or "").path.rstrip("/")


def add_template_globals(generator):
    generator.env.globals["site_url"] = site_url(generator.settings)
    generator.env.globals["site_path"] = site_path(generator.settings)


def register():
    signals.generator_init.connect(add_template_globals)
