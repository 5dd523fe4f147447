"""Settings shared by every build, with local-preview defaults.

`publishconf.py` imports this file and overrides only what publishing changes.
Paths are relative to this file, so both load from any working directory.
"""

import os

from jinja2 import FileSystemBytecodeCache

# --- The publication ---------------------------------------------------------

SITENAME = "Meridian Commentary"
SITESUBTITLE = "Analysis from the Meridian Centre for Global Affairs"
PUBLISHER = "Meridian Centre for Global Affairs, University of Aldbridge"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
SITE_LICENSE = "CC-BY-NC-SA-4.0"

# Local preview address: `invoke serve` and `invoke livereload` listen here.
# Feeds are built locally too, with absolute links to this address, so authors
# preview exactly what feed readers will get.
SITEURL = ""
FEED_DOMAIN = "http://localhost:8000"
RELATIVE_URLS = False
# Set by `invoke livereload` for its builds only: the <script> element its server adds
# to every page it serves, to reload it after a rebuild. The pages' Content-Security-
# Policy then allows that script, by its SHA-256 digest, and no other inline script
# (plugins/headers). Leave it empty: every other build allows no inline script.
LIVERELOAD_SCRIPT = ""

# --- Sources ------------------------------------------------------------------

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "extra/favicon.ico": {"path": "favicon.ico"},
}
# Files and folders whose name starts with a dot (.htaccess, .DS_Store, .git) are never
# read nor published. Pelican matches names with the first pattern and the paths it
# watches for livereload with the second.
IGNORE_FILES = [".*", "**/.*"]
# content/authors/ holds author profiles: read by plugins/author_profiles only.

# --- Markdown and typography --------------------------------------------------

MARKDOWN = {
    "extensions": [
        "markdown.extensions.footnotes",
        "markdown.extensions.tables",
        "markdown.extensions.attr_list",
        "markdown.extensions.abbr",
        "markdown.extensions.fenced_code",
        "markdown.extensions.codehilite",
        "markdown.extensions.toc",
        "plugins.markdown_extras.tables",  # wide tables scroll inside the column
    ],
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "Back to the text of note %d"},
        "markdown.extensions.toc": {"permalink": "#", "permalink_title": "Link to this section"},
    },
    "output_format": "html5",
}
# Raw HTML in bodies (plugins/sanitize; README "Security"): "checked" publishes only
# what an allow-list allows (no script, event handler, javascript: or data: URL, style,
# form, or picture or frame from another host) and reports the rest as an error;
# "trusted" publishes it as written, for a publication whose every author is trusted.
BODY_HTML = "checked"
# Hosts whose pages a post may show in an <iframe src="https://HOST/...">; each is
# also allowed by the pages' Content-Security-Policy (frame-src). None by default, so
# that no page asks another host for anything; e.g. "www.youtube-nocookie.com" or
# "player.vimeo.com", the privacy-enhanced players of YouTube and Vimeo.
EMBED_HOSTS = []
TYPOGRIFY = True
# Keep typogrify away from code and from our anchor links.
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "samp"]

# --- Permalinks ----------------------------------------------------------------

SLUGIFY_SOURCE = "basename"  # a post's address comes from its file name
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
# Drafts (`status: draft`) are built by `invoke build` and `preview` under drafts/, with
# a noindex tag; `invoke check` and `publish` build with BUILD_DRAFTS=false, which
# leaves them out of the build altogether, so they are never uploaded.
BUILD_DRAFTS = True
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_SAVE_AS = ""  # the Contributors page lists every author
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
INDEX_URL = ""  # the home page, and page 1 of its pagination
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
SEARCH_URL = "search/"
TEMPLATE_PAGES = {
    "404.html": "404.html",
    "search.html": SEARCH_URL + "index.html",
    "robots.txt": "robots.txt",  # points to the sitemap at the site's address
}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]

# --- Feeds (plugins/feeds; README, "Feeds") ----------------------------------------
# Atom, RSS and JSON Feed for the site, each category, each author and each tag.
# One path per feed: an author and a category with the same slug never collide.

FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ALL_JSON = "feeds/all.json"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
CATEGORY_FEED_JSON = "feeds/category/{slug}.json"
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/author/{slug}.rss.xml"
AUTHOR_FEED_JSON = "feeds/author/{slug}.json"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
TAG_FEED_JSON = "feeds/tag/{slug}.json"
# The site feeds carry every language, each entry marked with its own.
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50  # the newest posts each feed carries
FEEDS = {
    "page_url": "feeds/",  # the page that lists every feed for people
    "page_save_as": "feeds/index.html",
    "stylesheet": "feed.xsl",  # under theme/static/: shows Atom and RSS readably in a browser
    "id_authority": "",  # entry ids are tag:<this>,<date>:<file name>; "" = SITEURL's host
}

# --- Theme and plugins -----------------------------------------------------------

THEME = "theme"
# Compiled templates are kept in cache/jinja/ (keyed by each template's source), so a
# rebuild does not compile the theme again; a build loads each template once and does
# not check its file again on every use (livereload starts a new build for each change).
JINJA_BYTECODE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache", "jinja")
os.makedirs(JINJA_BYTECODE, exist_ok=True)
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "auto_reload": False, "bytecode_cache": FileSystemBytecodeCache(JINJA_BYTECODE)}
# The output folder holds exactly what the build wrote: what it did not write is
# removed at the end (plugins/sweep), so unchanged files need not be written again.
DELETE_OUTPUT_DIRECTORY = True
# Posts and pages are Markdown with YAML front matter, checked (plugins/front_matter);
# Pelican's HTML reader would take a .html file's markup and <title> as they are.
READERS = {"html": None, "htm": None}
MENU_PAGES = ["contributors", "about"]  # page slugs shown in the main navigation
PLUGIN_PATHS = ["."]
PLUGINS = [
    "plugins.site",  # site_url and site_path for templates and plugins
    "plugins.confine",  # nothing outside content/ is read or published (symbolic links)
    "plugins.stylesheets",  # theme/css/*.css, published minified
    "plugins.front_matter",  # YAML front matter (pelican-yaml-metadata's reader), checked
    "plugins.sanitize",  # body HTML against an allow-list, file links checked (after front_matter)
    "plugins.author_profiles",
    "plugins.parallel",  # posts read by a worker process per core
    "plugins.render_cache",  # an unchanged page or feed is not rendered again
    "neighbors",  # pelican-neighbors: previous and next posts
    "plugins.images",  # responsive, metadata-free, cached copies of every image
    "plugins.article_extras",  # reading time, related posts (reads bodies: after images)
    "plugins.citation",  # citation record, Highwire tags, cite.bib and cite.ris
    "plugins.json_ld",  # schema.org data for every page
    "sitemap",  # pelican-sitemap: sitemap.xml with last-modified dates
    "plugins.search",  # Pagefind index of posts and pages, after the build
    "plugins.feeds",  # Atom, RSS and JSON Feed with every author, license and credit
    "plugins.comments",  # "Leave a Reply" under posts, from the COMMENTS server below
    "plugins.headers",  # Content-Security-Policy in pages, and _headers for the server
    "plugins.sweep",  # DELETE_OUTPUT_DIRECTORY at the end of the build: files not written go
    "plugins.strict",  # keep last: a build that logged an error exits non-zero
]
SITEMAP = {
    "format": "xml",
    "exclude": [r"^drafts/", r"^404\.html$", r"^search/", r"/page/\d+/", r"^tag/", r"^category/$"],
}
# Pictures larger than this (width x height) are refused before they are decoded.
IMAGE_MAX_PIXELS = 50_000_000
# Copies of images, keyed by their content: kept across builds and settings changes.
IMAGE_CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache", "images")

# --- Comments (Isso, self-hosted; README "Comments") ---------------------------
# "url" is the comment server's public address; "" means no comment section, no
# script, no count anywhere. `invoke comments` runs one for previews at
# http://localhost:8080: put that address here to preview comments locally, and
# the production one in publishconf.py: COMMENTS = {**COMMENTS, "url": "https://..."}.
COMMENTS = {
    "url": "",
    "moderation": True,  # new comments wait for approval; keep the server's isso.cfg the same
    "privacy_note": (
        "Your name and website are shown with your comment; your email address is optional "
        "and never shown. Comments are kept on the Meridian Centre's own server, "
        "not by a third party, and you can ask us to remove yours at any time."
    ),
    "reply_email": "letters@commentary.example.org",  # "Reply by email" without JavaScript
}
