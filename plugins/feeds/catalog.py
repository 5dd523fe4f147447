"""Which feeds the site has, where they are, and what is in them. Pure: no Pelican imports.

A feed follows one scope (the whole site, a category, an author or a tag) and comes
in up to three formats. Paths come from Pelican's settings, one per scope and format:
FEED_ALL_ATOM, CATEGORY_FEED_RSS, AUTHOR_FEED_JSON... (`{slug}` is the scope's slug),
with Pelican's optional `*_URL` twins when a feed is served from another address.
"""

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from plugins.site import site_url

FORMATS = ("atom", "rss", "json")
MIME_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}
LABELS = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}
KINDS = ("site", "category", "author", "tag")
SETTINGS = {"site": "FEED_ALL_{}", "category": "CATEGORY_FEED_{}", "author": "AUTHOR_FEED_{}", "tag": "TAG_FEED_{}"}

# The plugin's own settings: FEEDS = {...} in pelicanconf.py.
DEFAULTS = {
    "page_url": "feeds/",  # the page that lists every feed for people
    "page_save_as": "feeds/index.html",
    "stylesheet": "feed.xsl",  # under the theme's static folder; "" for none
    "id_authority": "",  # entry ids' tagging authority; default: the site's host name
}


def settings_of(settings):
    """(FEEDS merged over DEFAULTS, problems): each problem one sentence."""
    given = settings.get("FEEDS") or {}
    if not isinstance(given, dict):
        return dict(DEFAULTS), [f"FEEDS must be a dict of {', '.join(DEFAULTS)}, not {given!r}"]
    problems = [
        f"FEEDS: unknown key {key!r} (known keys: {', '.join(DEFAULTS)})" for key in given if key not in DEFAULTS
    ]
    problems += [
        f"FEEDS[{key!r}] must be text, not {value!r}"
        for key, value in given.items()
        if key in DEFAULTS and not isinstance(value, str)
    ]
    merged = {**DEFAULTS, **{k: v for k, v in given.items() if k in DEFAULTS and isinstance(v, str)}}
    return merged, problems


def base_urls(settings):
    """(site, feeds): the absolute address of the site's pages and of its feeds.

    Pages use SITEURL when it is absolute; the local preview leaves it empty, and then
    FEED_DOMAIN (the preview's address) stands in, so links in feeds always work.
    """
    site = site_url(settings)
    feed_domain = (settings.get("FEED_DOMAIN") or "").rstrip("/")
    return site, feed_domain or site


@dataclass(frozen=True)
class FeedFile:
    format: str  # "atom", "rss" or "json"
    path: str  # in the output folder
    url: str  # absolute

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]

    @property
    def label(self):
        return LABELS[self.format]


@dataclass(frozen=True)
class Feed:
    kind: str  # "site", "category", "author" or "tag"
    slug: str
    name: str  # what it follows: the site's, category's, author's or tag's name
    title: str
    page_url: str  # the page of the site that lists the same posts
    files: tuple  # of FeedFile
    articles: tuple = field(default=(), compare=False, repr=False)  # newest first, at most the maximum

    def file(self, format):
        return next((f for f in self.files if f.format == format), None)


def feed_files(settings, kind, slug, feed_base):
    files = []
    for format in FORMATS:
        key = SETTINGS[kind].format(format.upper())
        path = settings.get(key)
        if path:
            url = settings.get(f"{key}_URL") or path
            files.append(FeedFile(format, str(path).format(slug=slug), urljoin(feed_base + "/", str(url).format(slug=slug))))
    return tuple(files)


def feed_title(site_name, kind, name):
    return {
        "site": site_name,
        "category": f"{site_name}: {name}",
        "author": f"{site_name}: posts by {name}",
        "tag": f"{site_name}: posts tagged {name}",
    }[kind]


class Catalog:
    """Every feed of one build: for templates (the /feeds/ page, <link>s in <head>),
    for the JSON writer and for completing the Atom and RSS feeds Pelican writes.

    `entry(article)` makes each post's Entry once per build, whatever number of feeds
    and formats it appears in; `made_items` keeps each one's text in each format.
    """

    def __init__(self, feeds, articles, make_entry, site_base):
        self.feeds = list(feeds)
        self.site_base = site_base
        self._make_entry = make_entry
        self._entries = {}
        self.made_items = {}  # each entry's text in each format (formats.py)
        self._by_scope = {(f.kind, f.slug): f for f in self.feeds}
        self._by_url = {file.url: (f, file) for f in self.feeds for file in f.files}
        self._by_path = {self._path(a.url): a for a in articles}

    def __bool__(self):
        return any(f.files for f in self.feeds)

    def _path(self, url):
        return urlsplit(urljoin(self.site_base + "/", str(url))).path

    # For templates
    @property
    def formats(self):
        """[(format, label)] of the formats the site publishes, in FORMATS order."""
        present = {file.format for f in self.feeds for file in f.files}
        return [(fmt, LABELS[fmt]) for fmt in FORMATS if fmt in present]

    def of_kind(self, kind):
        return [f for f in self.feeds if f.kind == kind and f.files]

    @property
    def site(self):
        return self._by_scope.get(("site", ""))

    def scope(self, kind, thing):
        """The feed of one category, author or tag (None when it has none)."""
        feed = self._by_scope.get((kind, getattr(thing, "slug", None)))
        return feed if feed and feed.files else None

    def for_page(self, category=None, tag=None, author=None):
        """The feeds a page offers: the site's, then its own category's (an article's
        too), tag's or author's. Jinja passes undefined variables as false values."""
        found = [self.site]
        found += [self.scope(kind, thing) for kind, thing in (("category", category), ("tag", tag), ("author", author)) if thing]
        return [f for f in found if f and f.files]

    # For writers
    def at(self, url):
        """(feed, file) for a feed's absolute address, or (None, None)."""
        return self._by_url.get(url, (None, None))

    def article_at(self, link):
        """The post a feed item links to."""
        return self._by_path.get(self._path(link))

    def entry(self, article):
        key = article.source_path
        if key not in self._entries:
            self._entries[key] = self._make_entry(article)
        return self._entries[key]
