"""The checks a built site must pass before it is published.

- every internal link, and every `#anchor` in one, resolves to a file (and an id)
  of the build;
- every feed parses without error in feedparser, every other XML file is
  well-formed, every JSON file parses (a JSON Feed also needs a title and items);
- no page weighs more than the budget: its HTML plus the stylesheets, scripts,
  images and icons it loads (and what those stylesheets load), each counted once;
- every precompressed copy (`.gz`, `.br`) holds exactly the bytes of its file.

`check_site(folder, siteurl, max_page_weight)` returns every problem at once,
each naming the file (and line) of the build.
"""

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from publishing.progress import human_bytes

XML_SUFFIXES = {".xml", ".atom", ".rss"}
COMPRESSED = {".gz", ".br"}
# URL-valued attributes we follow, by tag; "srcset" holds several candidates.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "blockquote": ("cite",),
    "q": ("cite",),
}
META_URLS = {"og:url", "og:image", "twitter:image"}
# What a browser loads to show a page (links to other pages are not its weight).
LOADED = {"img", "source", "script", "video", "audio", "track", "iframe", "embed"}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}
MEDIA = {"picture", "video", "audio"}
KINDS = ("HTML", "CSS", "scripts", "images", "other")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Ref:
    """A URL found on a page: where, whether the browser loads it with the page, and
    `choice`: refs sharing one are alternatives (srcset, <picture> sources) of which a
    browser loads one."""

    url: str
    line: int
    tag: str
    loaded: bool
    choice: int | None = None


class PageParser(HTMLParser):
    """Collects a page's ids (anchor targets) and the URLs it links to or loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.refs = []
        self.choices = 0
        self.media = []  # choice numbers of the open <picture>, <video>, <audio>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        line = self.getpos()[0]
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if (
            tag == "meta"
            and attrs.get("property", attrs.get("name")) in META_URLS
            and attrs.get("content")
        ):
            self.refs.append(Ref(attrs["content"], line, "meta", False))
        if tag in MEDIA and tag != "img":
            self.choices += 1
            self.media.append(self.choices)
        loaded = tag in LOADED or (
            tag == "link" and bool(LOADED_LINK_RELS & set((attrs.get("rel") or "").lower().split()))
        )
        choice = None
        if tag in ("img", "source"):
            if self.media:
                choice = self.media[-1]
            else:
                self.choices += 1
                choice = self.choices
        for name in LINK_ATTRIBUTES.get(tag, ()):
            value = attrs.get(name)
            if value is None:
                continue
            urls = srcset_urls(value) if name == "srcset" else [value]
            for url in urls:
                self.refs.append(
                    Ref(
                        url,
                        line,
                        tag,
                        loaded and name != "cite",
                        choice if name != "poster" else None,
                    )
                )

    def handle_endtag(self, tag):
        if tag in MEDIA and tag != "img" and self.media:
            self.media.pop()

    handle_startendtag = handle_starttag


def srcset_urls(value):
    """The URLs of a srcset attribute ("a.jpg 1x, b.jpg 2x")."""
    return [c.split()[0] for c in value.split(",") if c.strip()]


class Site:
    """A built site on disk, and how its URLs map to its files."""

    def __init__(self, folder, siteurl):
        self.folder = Path(folder)
        parts = urlsplit(siteurl or "http://site.invalid")
        self.scheme, self.host = parts.scheme, parts.netloc.lower()
        self.prefix = parts.path.rstrip("/")
        self.base = f"{self.scheme}://{self.host}{self.prefix}/"

    def page_url(self, rel):
        return self.base + rel

    def resolve(self, url, page):
        """(file path relative to the build, fragment, problem) for an internal URL;
        None for an external one (another host, mailto:, data:, ...)."""
        url = url.strip()
        if url in ("", "#"):
            return None
        absolute = urljoin(self.page_url(page), url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.host:
            return None
        path = unquote(parts.path)
        if not (path == self.prefix or path.startswith(self.prefix + "/")):
            return (None, "", f"points outside the site's path {self.prefix}/")
        rel = path[len(self.prefix) :].lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        elif (self.folder / rel).is_dir():
            rel += "/index.html"
        if ".." in Path(rel).parts:
            return (None, "", "points outside the site")
        return (rel, unquote(parts.fragment), None)


def html_files(folder):
    return sorted(
        p.relative_to(folder).as_posix() for p in Path(folder).rglob("*.html") if p.is_file()
    )


def parse_pages(folder):
    """{page path: PageParser} for every HTML file of the build."""
    pages = {}
    for rel in html_files(folder):
        parser = PageParser()
        parser.feed((Path(folder) / rel).read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[rel] = parser
    return pages


def check_links(site, pages):
    """Every internal URL on every page names a file of the build, and its #anchor an id."""
    problems = []
    for page, parsed in pages.items():
        seen = set()
        for ref in parsed.refs:
            if (ref.url, ref.line) in seen:
                continue
            seen.add((ref.url, ref.line))
            resolved = site.resolve(ref.url, page)
            if resolved is None:
                continue
            rel, fragment, trouble = resolved
            if trouble:
                problems.append(Problem(page, ref.line, f'<{ref.tag}> link "{ref.url}" {trouble}'))
                continue
            if not (site.folder / rel).is_file():
                problems.append(
                    Problem(
                        page,
                        ref.line,
                        f'<{ref.tag}> link "{ref.url}" is broken: the build has no {rel}',
                    )
                )
                continue
            if fragment and rel.endswith(".html") and fragment.lower() != "top":
                target = pages.get(rel)
                if target is not None and fragment not in target.ids:
                    problems.append(
                        Problem(
                            page,
                            ref.line,
                            f'<{ref.tag}> link "{ref.url}": {rel} has no element with id="{fragment}"',
                        )
                    )
    return problems


def check_feeds(folder):
    """Feeds parse without error in feedparser, other XML files are well-formed, JSON
    files parse (a JSON Feed also has a title and items). Returns (problems, feeds)."""
    import feedparser

    folder = Path(folder)
    problems, feeds = [], 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if path.suffix in XML_SUFFIXES:
            data = path.read_bytes()
            parsed = feedparser.parse(data)
            if parsed.version:  # feedparser recognised Atom, RSS or RDF
                feeds += 1
                if parsed.bozo:
                    error = parsed.bozo_exception
                    line = error.getLineNumber() if hasattr(error, "getLineNumber") else 0
                    problems.append(Problem(rel, line, f"feedparser rejects this feed: {error}"))
                continue
            try:
                ET.fromstring(data)
            except ET.ParseError as error:
                line, column = error.position
                reason = str(error).split(": line ")[0]
                problems.append(
                    Problem(rel, line, f"not well-formed XML (column {column}): {reason}")
                )
        elif path.suffix == ".json":
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                problems.append(
                    Problem(rel, getattr(error, "lineno", 0), f"not valid JSON: {error}")
                )
                continue
            version = document.get("version", "") if isinstance(document, dict) else ""
            if isinstance(version, str) and version.startswith("https://jsonfeed.org/version/"):
                feeds += 1
                if not isinstance(document.get("items"), list):
                    problems.append(Problem(rel, 0, 'JSON Feed without an "items" list'))
                if not document.get("title"):
                    problems.append(Problem(rel, 0, 'JSON Feed without a "title"'))
    return problems, feeds


def css_urls(text):
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


def _kind(rel):
    suffix = Path(rel).suffix.lower()
    if suffix == ".css":
        return "CSS"
    if suffix == ".js":
        return "scripts"
    if suffix in {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico"}:
        return "images"
    return "other"


def page_weight(site, page, parsed):
    """(total bytes, {kind: bytes}, heaviest file) of a page and what it loads; of
    alternatives (srcset, <picture>) the heaviest counts."""
    folder = site.folder

    def existing(url, base):
        resolved = site.resolve(url, base)
        if resolved is None or resolved[2] or not (folder / resolved[0]).is_file():
            return None  # external, or broken (check_links reports it)
        return resolved[0]

    loaded, alternatives = set(), defaultdict(set)
    for ref in parsed.refs:
        rel = ref.loaded and existing(ref.url, page)
        if rel and ref.choice is None:
            loaded.add(rel)
        elif rel:
            alternatives[ref.choice].add(rel)
    for group in alternatives.values():
        loaded.add(max(group, key=lambda rel: (folder / rel).stat().st_size))
    queue = [rel for rel in loaded if rel.endswith(".css")]
    while queue:
        sheet = queue.pop()
        css = (folder / sheet).read_text(encoding="utf-8", errors="replace")
        for url in css_urls(css):
            rel = not url.startswith("data:") and existing(url, sheet)
            if rel and rel not in loaded:
                loaded.add(rel)
                if rel.endswith(".css"):
                    queue.append(rel)
    sizes = {rel: (site.folder / rel).stat().st_size for rel in loaded}
    kinds = dict.fromkeys(KINDS, 0)
    kinds["HTML"] = (site.folder / page).stat().st_size
    for rel, size in sizes.items():
        kinds[_kind(rel)] += size
    heaviest = max([(page, kinds["HTML"]), *sizes.items()], key=lambda item: item[1])  # the page itself too
    return sum(kinds.values()), kinds, heaviest


def check_weight(site, pages, budget):
    problems, heaviest_page = [], (None, 0)
    for page, parsed in pages.items():
        total, kinds, heaviest = page_weight(site, page, parsed)
        if total > heaviest_page[1]:
            heaviest_page = (page, total)
        if total > budget:
            parts = ", ".join(f"{kind} {human_bytes(size)}" for kind, size in kinds.items() if size)
            biggest = (
                f"; the biggest file is {heaviest[0]} ({human_bytes(heaviest[1])})"
                if heaviest
                else ""
            )
            problems.append(
                Problem(
                    page,
                    0,
                    f"weighs {human_bytes(total)} ({parts}), over the budget of {human_bytes(budget)}"
                    f'{biggest} (make it lighter, or raise PUBLISH_GATE["max_page_weight"] in publishconf.py)',
                )
            )
    return problems, heaviest_page


def check_compressed(folder):
    """Each .gz / .br copy decompresses to exactly its file (a stale copy would be served)."""
    import brotli

    folder = Path(folder)
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in COMPRESSED or not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        original = path.with_suffix("")
        if not original.is_file():
            problems.append(
                Problem(rel, 0, f"precompressed copy of a missing file {original.name}")
            )
            continue
        try:
            data = (
                gzip.decompress(path.read_bytes())
                if path.suffix == ".gz"
                else brotli.decompress(path.read_bytes())
            )
        except (OSError, EOFError, brotli.error) as error:
            problems.append(Problem(rel, 0, f"does not decompress: {error}"))
            continue
        if data != original.read_bytes():
            problems.append(
                Problem(rel, 0, f"does not match {original.name} (a stale precompressed copy)")
            )
    return problems


@dataclass
class Report:
    problems: list
    pages: int
    feeds: int
    heaviest: tuple


def check_site(folder, siteurl, max_page_weight):
    """Run every check on a built site; the Report lists all problems, sorted by file."""
    folder = Path(folder)
    site = Site(folder, siteurl)
    problems = []
    if not (folder / "index.html").is_file():
        problems.append(Problem("index.html", 0, "missing: the build has no home page"))
    pages = parse_pages(folder)
    problems += check_links(site, pages)
    feed_problems, feeds = check_feeds(folder)
    problems += feed_problems
    weight_problems, heaviest = check_weight(site, pages, max_page_weight)
    problems += weight_problems
    problems += check_compressed(folder)
    return Report(sorted(problems), len(pages), feeds, heaviest)
