"""One feed entry per post, shared by Atom, RSS and JSON Feed. Pure: no Pelican imports.

An entry holds what every format needs, already made safe for it: plain text without
the control characters XML 1.0 forbids, HTML whose links are absolute, times with
their zone, people with the addresses of their pages and photos.

Entry ids (README, "Feeds"): a post's `id` from its front matter when it has one,
otherwise `tag:<authority>,<publication date>:<file name without extension>`, e.g.
`tag:commentary.example.org,2024-09-17:arctic-shipping-after-the-ice`. Editing the
title, the `slug`, the category, the tags or `modified` leaves it as it was; renaming
the file or changing its date does not, and then `id:` keeps the old one.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

# Characters XML 1.0 does not allow, even escaped (feedgenerator refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An absolute URI: a scheme, a colon, and no spaces or characters URIs never hold.
_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
# Attributes that hold addresses, and the one that holds a list of them.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite"})
_SRCSET_URL = re.compile(r"[\s,]*(\S+)")


def xml_safe(text):
    """Text without the characters XML 1.0 cannot carry ("" for None)."""
    return _NOT_XML.sub("", str(text)) if text is not None else ""


def is_absolute_uri(value):
    return bool(_ABSOLUTE_URI.match(str(value)))


def entry_id(explicit, authority, date, file_name):
    """The entry's permanent id: `explicit` (front matter `id`) or a tag URI (RFC 4151)."""
    if explicit:
        return str(explicit)
    return f"tag:{authority},{date:%Y-%m-%d}:{quote(file_name, safe='-._~')}"


def authority_of(url):
    """The tagging authority of a site address: its host name, without port."""
    return urlsplit(url).hostname or "localhost"


# --- Absolute addresses in HTML -------------------------------------------------------


def absolute_srcset(value, base):
    """Each candidate of a `srcset` ("a.jpg 1x, b.jpg 2x") with its URL made absolute.

    Split as browsers split it: a URL is a run of non-space characters (so it may
    hold commas), and its descriptors run to the next comma.
    """
    candidates, pos = [], 0
    while match := _SRCSET_URL.match(value, pos):
        url, pos = match.group(1), match.end()
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = value.find(",", pos)
            end = len(value) if end < 0 else end
            descriptors, pos = value[pos:end].strip(), end + 1
        candidates.append(f"{urljoin(base, url)} {descriptors}".strip())
    return ", ".join(candidates)


class _StartTags(HTMLParser):
    """Finds the start tags with an address to change, and where each one is."""

    def __init__(self, base):
        super().__init__(convert_charrefs=False)
        self.base = base
        self.edits = []  # (line, column, original tag text, new tag text)

    def handle_starttag(self, tag, attrs):
        self._rewrite(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._rewrite(tag, attrs)

    def _rewrite(self, tag, attrs):
        if not any(name in URL_ATTRIBUTES and value is not None for name, value in attrs):
            return
        changed = [(name, self._absolute(name, value)) for name, value in attrs]
        if changed == attrs:
            return
        original = self.get_starttag_text()
        parts = [f"<{tag}"]
        for name, value in changed:
            parts.append(f" {name}" if value is None else f' {name}="{html.escape(value)}"')
        parts.append("/>" if original.endswith("/>") else ">")
        self.edits.append((*self.getpos(), original, "".join(parts)))

    def _absolute(self, name, value):
        if name not in URL_ATTRIBUTES or value is None:
            return value
        if name == "srcset":
            return absolute_srcset(value, self.base)
        return urljoin(self.base, value.strip())


# Markup the quick scan below cannot read as the parser does: comments, declarations,
# processing instructions and elements whose text is not markup.
_NEEDS_PARSER = re.compile(
    r"<(?:[!?]|/?(?:script|style|textarea|title|xmp|plaintext|iframe|noembed|noframes|noscript)\b)", re.IGNORECASE
)
_TAG_OPEN = re.compile(r"<[a-zA-Z]")
_START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""")  # quoted values may hold ">"
_URL_ATTRIBUTE = re.compile(r"[\s\"'](?:href|src|srcset|poster|cite)\s*=", re.IGNORECASE)


def absolutize(markup, base):
    """`markup` with every href, src, srcset, poster and cite resolved against `base`.

    Only the start tags that change are rewritten; all other text stays byte for byte.
    A post's HTML is scanned for start tags with an address, and only those go through
    the HTML parser; markup with comments, scripts and the like is parsed whole.
    """
    if not markup:
        return ""
    if _NEEDS_PARSER.search(markup):
        return _parsed(markup, base)
    out, done, position = [], 0, 0
    while found := _TAG_OPEN.search(markup, position):
        match = _START_TAG.match(markup, found.start())
        if match is None:  # not a well-formed start tag: the parser decides what it is
            return _parsed(markup, base)
        tag, position = match.group(), match.end()
        if _URL_ATTRIBUTE.search(tag):
            new = _parsed(tag, base)
            if new != tag:
                out += [markup[done:match.start()], new]
                done = match.end()
    if not out:
        return markup
    out.append(markup[done:])
    return "".join(out)


def _parsed(markup, base):
    parser = _StartTags(base)
    parser.feed(markup)
    parser.close()
    if not parser.edits:
        return markup
    line_starts = [0, *(match.end() for match in re.finditer("\n", markup))]
    out, done = [], 0
    for line, column, original, new in parser.edits:
        start = line_starts[line - 1] + column
        if markup.startswith(original, start):  # always, unless the parser lost its place
            out += [markup[done:start], new]
            done = start + len(original)
    out.append(markup[done:])
    return "".join(out)


def feed_html(markup, base):
    """HTML as feeds carry it: addresses absolute, and double quotes as `&quot;`.

    Jinja writes a quote in an attribute as `&#34;`, which feedparser 6 (and the readers
    built on it) turns into a bare quote that cuts the attribute short.
    """
    return absolutize(markup, base).replace("&#34;", "&quot;")


# --- The entry --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    url: str  # the author's page on this site
    avatar: str = ""  # their profile photo, when they have one


@dataclass(frozen=True)
class Picture:
    """The featured image, with everything a feed says about it."""

    url: str
    mime_type: str
    length: int  # bytes
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    credit_url: str
    license: object  # plugins.front_matter.licenses.License


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str  # plain text
    summary: str  # HTML, absolute links
    content: str  # HTML with the featured figure first, absolute links
    published: object  # aware datetime
    updated: object  # aware datetime, or None when never modified
    language: str
    authors: tuple  # of Person
    category: str
    tags: tuple  # of str
    license: object  # License
    image: Picture | None = None

    @property
    def terms(self):
        """The category, then the tags: the entry's categories in Atom and RSS, tags in JSON."""
        return (self.category, *self.tags) if self.category else self.tags

    @property
    def rights(self):
        """The license as one line of text, for Atom's <rights> and RSS's <dc:rights>."""
        return rights(self.license)


def rights(license):
    if license is None:
        return ""
    if not license.url:
        return license.name
    return f"{license.name} ({license.short})" if license.short != license.name else license.name


def plain(text):
    """Plain text made safe for every format."""
    return xml_safe(text).strip()
