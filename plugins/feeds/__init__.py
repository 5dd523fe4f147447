"""Feeds readers can rely on: Atom 1.0, RSS 2.0 and JSON Feed 1.1 for the whole site,
each category, each author and each tag (README, "Feeds").

How the work is split, and why:

- Pelican writes the Atom and RSS feeds, with its own settings (FEED_ALL_ATOM,
  CATEGORY_FEED_RSS..., FEED_MAX_ITEMS), its own choice of posts per feed and its
  Writer. At `feed_generated`, before Pelican writes a feed, `complete_feed` replaces
  what Pelican put in each item (first author only, a link-and-date guid that
  changes with the slug, root-relative links in local builds) with the post's Entry,
  and gives the feed its scope's title, page and language and the XSL stylesheet.
- Pelican builds plain feedgenerator feeds and has no setting for their class, so
  `complete_feed` then makes the feed an instance of our subclass (formats.py),
  which only adds methods: the hooks feedgenerator provides for extra elements.
  No written XML is rewritten.
- As everything Pelican works out for an item is replaced, in this plugin's builds
  Pelican's Writer adds each item with its address and its post only
  (`item_to_complete`, in place of the private `Writer._add_item_to_the_feed`):
  a post is in a dozen feeds, and Pelican's work for its items was a fifth of
  the feeds' time.
- JSON Feed, which Pelican does not write, and the /feeds/ page come from our own
  generator (generator.py), from the same catalog of feeds and the same entries, so
  the three formats list the same posts with the same data.
- `article_generator_finalized`: an `id` that is not an absolute URI, or two posts
  with one entry id, is an error naming the files.

Settings: Pelican's feed paths, plus FEED_ALL_JSON, CATEGORY_FEED_JSON,
AUTHOR_FEED_JSON and TAG_FEED_JSON; FEEDS = {"page_url", "page_save_as",
"stylesheet", "id_authority"} (catalog.DEFAULTS).
"""

import logging
from collections import defaultdict
from itertools import chain

from feedgenerator import Stylesheet
from pelican import signals
from pelican.writers import Writer

from plugins.front_matter import display_path, report
from plugins.front_matter.reader import LINES
from plugins.front_matter.validate import Problem

from .catalog import Catalog, settings_of
from .entries import is_absolute_uri
from .formats import SUBCLASSES, item_fields
from .generator import FeedsGenerator, channel_info, id_authority, post_id

log = logging.getLogger(__name__)
_build = {}  # "settings" of the build whose feeds this plugin completes
_pelicans_item = getattr(Writer._add_item_to_the_feed, "pelicans", Writer._add_item_to_the_feed)


def check_settings(pelican):
    for problem in settings_of(pelican.settings)[1]:
        log.error("feeds: %s", problem)


def remember_build(pelican):
    _build["settings"] = pelican.settings


def item_to_complete(writer, feed, post):
    """Writer._add_item_to_the_feed in this plugin's builds: the item's address and its
    post, which `complete_feed` makes the whole item of (Pelican's own item elsewhere)."""
    if writer.settings is not _build.get("settings"):
        return _pelicans_item(writer, feed, post)
    return feed.add_item(title="", link=writer.urljoiner(writer.site_url, post.url), description="", post=post)


item_to_complete.pelicans = _pelicans_item


def add_generator(pelican):
    return FeedsGenerator


def complete_feed(context, feed):
    """feed_generated: the feed Pelican made, completed before it is written."""
    catalog = context.get("feeds")
    if not isinstance(catalog, Catalog):
        log.error("feeds: %s was written without the feed catalog (is plugins.feeds in PLUGINS?)",
                  feed.feed.get("feed_url"))
        return
    scope, _ = catalog.at(feed.feed["feed_url"])
    info = channel_info(context, settings_of(context)[0])
    feed.feed.update({
        "title": scope.title if scope else feed.feed["title"],
        "link": scope.page_url if scope else catalog.site_base + "/",
        "id": feed.feed["feed_url"],
        "description": info["description"] or info["site_name"],
        "subtitle": info["description"],
        "language": info["language"],
        "feed_copyright": info["rights"] or None,
        "stylesheets": [Stylesheet(info["stylesheet"], mimetype="text/xsl")] if info["stylesheet"] else None,
    })
    for item in feed.items:
        article = item.pop("post", None) or catalog.article_at(item["link"])
        if article is None:
            log.error("feeds: %s: no post is at %s", feed.feed["feed_url"], item["link"])
            continue
        item.update(item_fields(catalog.entry(article)))
    feed.__class__ = SUBCLASSES.get(type(feed), type(feed))
    feed.made_items = catalog.made_items


def check_ids(generator):
    """Explicit ids are absolute URIs; no two posts share an entry id."""
    authority = id_authority(generator.settings, settings_of(generator.settings)[0])
    by_id = defaultdict(list)
    everything = chain(
        generator.articles, generator.translations, generator.hidden_articles,
        generator.hidden_translations, generator.drafts, generator.drafts_translations,
    )
    for article in everything:
        explicit = article.metadata.get("id")
        line = article.metadata.get(LINES, {}).get(("id",), 1)
        if explicit and not is_absolute_uri(explicit):
            report(Problem(line, "id", f'"{explicit}" is not an absolute URI',
                           "copy the entry's id from the old feed as it was, e.g. tag:old.example.org,2019:42 "
                           "or https://old.example.org/?p=42"), display_path(article))
            continue
        by_id[post_id(article, authority)].append(article)
    for entry_id, articles in by_id.items():
        if len(articles) > 1:
            paths = sorted(display_path(a) for a in articles)
            for article in sorted(articles, key=display_path):
                line = article.metadata.get(LINES, {}).get(("id",), 1)
                others = ", ".join(p for p in paths if p != display_path(article))
                report(Problem(line, "id", f'the feed entry id "{entry_id}" is also that of {others}',
                               "give one of them an `id:` of its own (README.md, Feeds)"), display_path(article))


def register():
    Writer._add_item_to_the_feed = item_to_complete
    signals.initialized.connect(check_settings)
    signals.initialized.connect(remember_build)
    signals.get_generators.connect(add_generator)
    signals.article_generator_finalized.connect(check_ids)
    signals.feed_generated.connect(complete_feed)
