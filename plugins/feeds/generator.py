"""The feeds' generator: the catalog in the context, then JSON feeds and the /feeds/ page.

It runs after Pelican's articles generator (plugin generators come after Pelican's
own), so categories, authors and tags are known when it makes the catalog, and the
Atom and RSS feeds Pelican writes can be completed from it.
"""

import logging
import mimetypes
import os
from urllib.parse import urljoin

from feedgenerator.django.utils.encoding import iri_to_uri
from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import order_content

from plugins.front_matter.licenses import LICENSES
from plugins.front_matter.normalize import file_stamp
from plugins.render_cache import cached_file, in_background

from .catalog import Catalog, Feed, base_urls, feed_files, feed_title, settings_of
from .entries import Entry, Person, Picture, authority_of, entry_id, feed_html, plain, rights
from .formats import json_feed_text

log = logging.getLogger(__name__)
EXTENSIONS_ANCHOR = "#json-feed-extensions"  # on the /feeds/ page, which documents them


class FeedsGenerator(Generator):
    def generate_context(self):
        self.config, _ = settings_of(self.settings)  # problems were logged at `initialized`
        self.context["feeds"] = make_catalog(self.context, self.settings, self.config, self.figure_macro())
        # With the Atom and RSS feeds, in their process when there is one (render_cache).
        self.json_in_background = in_background(self.write_json_feeds, order=2)

    def figure_macro(self):
        """The theme's figure macro, so that feeds show the picture as pages do."""
        template = self.env.get_template("partials/figure.html")
        return template.make_module(vars=self.context).figure

    def generate_output(self, writer):
        if not self.json_in_background:
            self.write_json_feeds()
        config = self.config
        if config["page_save_as"]:
            writer.write_file(
                config["page_save_as"], self.get_template("feeds"), self.context,
                relative_urls=self.settings["RELATIVE_URLS"], url=config["page_url"], page_name="feeds",
            )

    def write_json_feeds(self):
        catalog, config = self.context["feeds"], self.config
        channel = channel_info(self.settings, config)
        about = urljoin(catalog.site_base + "/", config["page_url"]) + EXTENSIONS_ANCHOR
        for feed in catalog.feeds:
            file = feed.file("json")
            if file:
                head = {
                    "title": feed.title, "home_page_url": feed.page_url, "feed_url": file.url,
                    "description": channel["description"], "language": channel["language"],
                }
                articles = feed.articles
                cached_file(self.context, file.path, [head, articles, about],
                            lambda h=head, a=articles: json_feed_text(h, [catalog.entry(x) for x in a], about, catalog.made_items),
                            os.path.join(self.output_path, file.path))


def channel_info(settings, config):
    """What every feed says about the site, whatever its scope."""
    _, feed_base = base_urls(settings)
    site_license = LICENSES.get(settings.get("SITE_LICENSE"))
    stylesheet = config["stylesheet"]
    return {
        "site_name": plain(Markup(settings.get("SITENAME", "")).striptags()),
        "description": plain(Markup(settings.get("SITESUBTITLE") or "").striptags()),
        "language": settings.get("DEFAULT_LANG", ""),
        "rights": rights(site_license) if site_license else "",
        "stylesheet": urljoin(feed_base + "/", f"{settings['THEME_STATIC_DIR']}/{stylesheet}") if stylesheet else "",
    }


def make_catalog(context, settings, config, figure):
    site_base, feed_base = base_urls(settings)
    limit = settings.get("FEED_MAX_ITEMS")
    site_name = channel_info(settings, config)["site_name"]

    everything = list(context.get("articles", []))
    for article in context.get("articles", []):
        everything.extend(article.translations)
    everything = order_content(everything, order_by=settings["ARTICLE_ORDER_BY"])

    def feed(kind, thing, articles):
        slug, name = (getattr(thing, "slug", ""), plain(str(thing))) if thing else ("", site_name)
        page = urljoin(site_base + "/", thing.url if thing else "")
        return Feed(kind, slug, name, feed_title(site_name, kind, name), page,
                    feed_files(settings, kind, slug, feed_base), tuple(articles[:limit]))

    feeds = [feed("site", None, everything)]
    for kind, key in (("category", "categories"), ("author", "authors"), ("tag", "tags")):
        scopes = sorted(context.get(key, []), key=lambda pair: str(pair[0]).lower())
        feeds += [feed(kind, thing, list(articles)) for thing, articles in scopes]

    entry_maker = EntryMaker(settings, context, figure, id_authority(settings, config), site_base)
    return Catalog(feeds, everything, entry_maker, site_base)


def id_authority(settings, config):
    return config["id_authority"] or authority_of(base_urls(settings)[0])


def post_id(article, authority):
    """The post's entry id: its `id`, or one made from its date and file name (entries.py)."""
    name = os.path.splitext(os.path.basename(article.source_path))[0]
    return entry_id(article.metadata.get("id"), authority, article.date, name)


class EntryMaker:
    """Makes a post's Entry from the Pelican article (the catalog keeps each one)."""

    def __init__(self, settings, context, figure, authority, site_base):
        self.settings, self.context, self.figure = settings, context, figure
        self.authority, self.base = authority, site_base + "/"

    def url(self, path):
        return iri_to_uri(urljoin(self.base, str(path)))

    def __call__(self, article):
        permalink = self.url(article.url)
        siteurl = self.settings.get("SITEURL", "")
        image = getattr(article, "image", None)
        figure = str(self.figure(image)) if image else ""
        content = feed_html(figure + article.get_content(siteurl), permalink)
        modified = getattr(article, "modified", None)
        return Entry(
            id=post_id(article, self.authority),
            url=permalink,
            title=plain(Markup(article.title).striptags()).replace("\xa0", " "),  # typogrify's widow control
            summary=plain(feed_html(article.get_summary(siteurl), permalink)),
            content=plain(content),
            published=article.date,
            updated=modified if modified and modified != article.date else None,
            language=getattr(article, "lang", "") or "",
            authors=tuple(self.person(a) for a in getattr(article, "authors", ())),
            category=plain(getattr(article, "category", "") or ""),
            tags=tuple(plain(t) for t in getattr(article, "tags", ())),
            license=getattr(article, "license", None),
            image=self.picture(image) if image else None,
        )

    def person(self, author):
        profile = self.context.get("author_profiles", {}).get(author.slug)
        photo = getattr(profile, "photo", None)
        return Person(plain(author.name), self.url(author.url), self.url(photo) if photo else "")

    def picture(self, image):
        return Picture(
            url=self.url(image.src),
            mime_type=mimetypes.guess_type(image.src)[0] or "application/octet-stream",
            length=published_length(self.settings, image.src),
            width=image.width,
            height=image.height,
            alt=plain(image.alt),
            caption=plain(image.caption),
            credit=plain(image.credit),
            credit_url=image.credit_url,
            license=image.license,
        )


def published_length(settings, src):
    """Bytes of the image file the site serves at `src` (for RSS's enclosure length).

    plugins.images serves a re-encoded copy, and writes it after Pelican has written
    the Atom and RSS feeds; its cache makes that same copy on demand and the images
    generator then reuses it. Without that plugin the site serves the file itself.
    """
    source = os.path.join(settings["PATH"], src)
    try:
        if "plugins.images" not in settings.get("PLUGINS", ()):
            return os.path.getsize(source)
        key = (source, file_stamp(source))  # many posts share a picture
        if key not in _LENGTHS:
            from plugins.images.process import served_copy

            _LENGTHS[key] = os.path.getsize(served_copy(settings, src))
        return _LENGTHS[key]
    except OSError:
        return 0  # unknown, as RSS allows; a file that cannot be read is reported by its own plugin


_LENGTHS = {}  # {(picture, file stamp): bytes of its served copy}
