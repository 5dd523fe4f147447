"""Where the site lives, for templates and plugins: one home for these two facts.

- `site_url`: the absolute address of the site: SITEURL, or FEED_DOMAIN (the local
  preview address) when SITEURL is empty or not absolute. For what leaves the page: canonical links,
  social cards, citations, share links, JSON-LD.
- `site_path`: the path part of SITEURL ("" at the root of a domain). Links within
  the site start with it (`{{ site_path }}/about/`), which keeps pages short.
- the `plain` filter (text.py): markup as one line of plain text, for <meta> tags.
- `once`: a block of a template rendered once per build for its key (a post's summary).
- urls.py: each post's and page's address, worked out once per build.
- kept.py: plugins' results kept between builds (related posts, each post's summary
  as plain text and reading time).
- typography.py: typogrify's widont filter, the same output in less than half the time.
- members.py: each tag's, category's and author's list of posts answers `in` at once.
"""

from urllib.parse import urlsplit

from pelican import signals

from . import kept, members, typography, urls
from .text import plain_text


def site_url(settings):
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    return siteurl if urlsplit(siteurl).scheme else (settings.get("FEED_DOMAIN") or "").rstrip("/")


def site_path(settings):
    return urlsplit(settings.get("SITEURL") or "").path.rstrip("/")


def add_template_globals(generator):
    generator.env.filters["plain"] = plain_text  # markup as one line of text, for <meta> tags
    generator.env.globals["site_url"] = site_url(generator.settings)
    generator.env.globals["site_path"] = site_path(generator.settings)
    generator.env.globals["once"] = once


_fragments = {}  # this build's, by key


def once(*key, caller):
    """`{% call once(key...) %}...{% endcall %}`: the block rendered once per build for
    each key, for markup that depends on nothing else (a post's summary appears in
    about seven lists: its page of the home, its category's, its tags', its authors',
    its year's)."""
    text = _fragments.get(key)
    if text is None:
        text = _fragments[key] = caller()
    return text


def forget_fragments(*_):
    _fragments.clear()


def register():
    signals.generator_init.connect(add_template_globals)
    urls.install()
    typography.install()
    signals.article_generator_finalized.connect(urls.remember_posts)
    signals.article_generator_finalized.connect(members.quick_lists)
    signals.all_generators_finalized.connect(urls.remember)
    signals.finalized.connect(urls.forget)
    signals.initialized.connect(forget_fragments)
    signals.finalized.connect(kept.save_post_values)
