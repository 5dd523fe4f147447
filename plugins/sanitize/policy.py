"""Which HTML a body may hold, what is wrong with the rest, and the body as published.

One allow-list serves twice: `findings(html, hosts)` walks the body and says what
breaks it, in words an author can act on; `clean(html, hosts)` is the body that is
published, cleaned by nh3 (the Python binding of ammonia) with the same list, so
that what the walk might miss still never reaches a page. Clean markup comes out
of nh3 as it went in: the same elements, attributes and text (nh3 writes character
references such as `&#8617;` as the characters themselves, and drops comments).

`hosts` are the host names an <iframe> may show pages from (EMBED_HOSTS). Pure.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

SWITCH = 'if every author is trusted, BODY_HTML = "trusted" in pelicanconf.py turns this check off'
HOSTS_SETTING = "EMBED_HOSTS"

# Attributes every allowed element may have, and prefixes of more such attributes.
GLOBAL = frozenset({"id", "class", "title", "lang", "dir", "role"})
GLOBAL_PREFIXES = ("aria-",)
# Attributes of <img> that plugins/images turns into a credited figure.
FIGURE_FIELDS = frozenset({"caption", "credit", "credit_url", "license"})
# Each allowed element with the attributes it may have besides GLOBAL: what
# Markdown writes with our extensions (pelicanconf.py MARKDOWN: footnotes, tables,
# attr_list, abbr, fenced_code, codehilite, toc, plugins/markdown_extras), and plain
# HTML of the same kinds.
_PLAIN = (
    "p", "br", "hr", "span", "h1", "h2", "h3", "h4", "h5", "h6",
    "em", "strong", "b", "i", "u", "s", "small", "mark", "sup", "sub", "wbr",
    "code", "kbd", "samp", "var", "pre", "dfn", "abbr", "cite", "bdi", "bdo", "ruby", "rt", "rp",
    "ul", "dl", "dt", "dd", "figure", "figcaption", "summary",
    "table", "caption", "thead", "tbody", "tfoot", "tr",
)
ELEMENTS = {
    **{tag: frozenset() for tag in _PLAIN},
    "div": frozenset({"tabindex"}),  # a wide table's scrolling region (plugins/markdown_extras)
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}) | FIGURE_FIELDS,
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "style"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
}
# An <iframe> is allowed with these attributes (and GLOBAL) when its src is an
# https address on one of the embed hosts.
EMBED = "iframe"
EMBED_ATTRIBUTES = frozenset({
    "src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "sandbox", "frameborder",
})
# The only style there is: Markdown's column alignment in tables.
_ALIGN = re.compile(r"text-align: (left|right|center);")
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "credit_url"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Elements removed with everything in them, not only their tags.
_EMPTIED = frozenset({
    "script", "style", "template", "noscript", "iframe", "object", "embed", "applet",
    "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes",
})
_VOID = frozenset({"embed"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


@dataclass(frozen=True)
class Finding:
    """Something a body may not hold: what is wrong, how to fix it, and the texts
    that may find it in the source file, the most precise first."""

    message: str
    hint: str
    needles: tuple = ()


def _finding(message, fix, *needles):
    return Finding(message, f"{fix}; {SWITCH}", tuple(n for n in needles if n))


def _normalized(url):
    """A URL as a browser reads it: outer spaces and control characters gone, tabs
    and newlines inside removed, backslashes read as slashes."""
    url = url.strip(_C0_AND_SPACE)
    return re.sub(r"[\t\n\r]", "", url).replace("\\", "/")


def scheme_of(url):
    """`javascript` for `JavaScript:alert(1)`; "" for a relative URL or `{static}/x.jpg`."""
    match = _SCHEME.match(_normalized(url))
    return match.group(1).lower() if match else ""


def host_of(url):
    """The host an absolute (or scheme-relative) http(s) URL points to, else ""."""
    url = _normalized(url)
    if url.startswith("//"):
        url = "https:" + url
    elif scheme_of(url) not in ("http", "https"):
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return "?"


def _short(url, limit=60):
    return url if len(url) <= limit else url[: limit - 1] + "…"


def url_finding(tag, attribute, value):
    """What is wrong with a URL in tag's attribute, or None."""
    scheme = scheme_of(value)
    where = f"{scheme}: URL in <{tag} {attribute}>"
    if scheme in ("javascript", "vbscript"):
        return _finding(f"{where} would run in readers' browsers", "remove it, or link to an https:// address",
                        value, f"{scheme}:")
    if scheme == "data":
        return _finding(f"{where} is not allowed", "put the file under content/ and link to it with {static}",
                        value, "data:")
    if scheme and scheme not in SCHEMES:
        return _finding(f"{where} is not allowed",
                        "link to an http(s), mailto: or tel: address, or to a file of this site", value, f"{scheme}:")
    host = host_of(value)
    if tag == "img" and attribute == "src" and host:
        return _finding(f'<img src="{_short(value)}"> loads a picture from {host}',
                        "save the picture under content/images/ and write its path instead", value, host)
    return None


def _attribute_finding(tag, name, value, allowed):
    if name.startswith("on"):
        return _finding(f"{name} attribute on <{tag}> would run in readers' browsers", "remove it", f"{name}=", name)
    if name == "style" and not (name in allowed and _ALIGN.fullmatch(value)):
        return _finding(f"style attribute on <{tag}> is not allowed",
                        "remove it: the theme's stylesheet styles every page", "style=")
    if name not in allowed and name not in GLOBAL and not name.startswith(GLOBAL_PREFIXES):
        return _finding(f"{name} attribute on <{tag}> is not allowed", "remove it", f"{name}=", name)
    if name in URL_ATTRIBUTES:
        return url_finding(tag, name, value)
    return None


def _embed_findings(attrs, hosts):
    src = next((value for name, value in attrs if name == "src"), "")
    if not src:
        found = [_finding("<iframe> has no src", f"give it an https:// src on a host in {HOSTS_SETTING}, or remove it",
                          "<iframe")]
    else:
        host, scheme, shown = host_of(src), scheme_of(src), f'<iframe src="{_short(src)}">'
        if scheme and scheme not in ("http", "https"):
            found = [url_finding(EMBED, "src", src)]
        elif not host:
            found = [_finding(f"{shown} is not an https address on a host in {HOSTS_SETTING}",
                              "write the embed's full https:// address, or remove it", src, "<iframe")]
        elif host not in hosts:
            found = [_finding(f"{shown} loads a page from {host}",
                              f"remove it, or add {host} to {HOSTS_SETTING} in pelicanconf.py", src, "<iframe")]
        elif scheme != "https":
            found = [_finding(f"{shown} is not an https address", "write https://", src, "<iframe")]
        else:
            found = []
    for name, value in attrs:
        if name != "src":
            found.append(_attribute_finding(EMBED, name, value, EMBED_ATTRIBUTES))
    return [f for f in found if f]


def element_findings(tag, attrs, hosts=()):
    """What is wrong with one start tag: its name and its [(attribute, value)]."""
    attrs = [(name, value or "") for name, value in attrs]
    if tag == EMBED:
        return _embed_findings(attrs, hosts)
    allowed = ELEMENTS.get(tag)
    if allowed is None:
        shown = f"<{tag}>"
        if tag == "script":
            return [_finding(f"{shown} would run in readers' browsers", "remove it", "<script")]
        if tag in ("object", "embed", "applet"):
            return [_finding(f"{shown} is not allowed",
                             f"remove it, or show the page in an <iframe> from a host in {HOSTS_SETTING}", f"<{tag}")]
        if tag == "style":
            return [_finding(f"{shown} is not allowed", "remove it: the theme's stylesheet styles every page", "<style")]
        return [_finding(f"{shown} is not allowed", "remove it, or write the same in Markdown", f"<{tag}")]
    return [f for f in (_attribute_finding(tag, name, value, allowed) for name, value in attrs) if f]


class _Walk(HTMLParser):
    """Findings of every start tag, except inside an element that goes with all it
    holds (an <svg> is one finding, not one for each of its shapes)."""

    def __init__(self, hosts):
        super().__init__(convert_charrefs=True)
        self.hosts, self.found, self.within = hosts, [], []

    def handle_startendtag(self, tag, attrs):
        if not self.within:
            self.found += element_findings(tag, attrs, self.hosts)

    def handle_starttag(self, tag, attrs):
        self.handle_startendtag(tag, attrs)
        if tag in _EMPTIED and tag not in _VOID and not (tag == EMBED and self.hosts):
            self.within.append(tag)

    def handle_endtag(self, tag):
        if tag in self.within:
            del self.within[len(self.within) - 1 - self.within[::-1].index(tag):]


# A start tag as Markdown writes it: attribute values in double quotes, without & < >.
_SIMPLE_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9_:.-]*(?:="[^"<>&]*")?)*)\s*/?>')
_SIMPLE_ATTRIBUTE = re.compile(r'([a-zA-Z][a-zA-Z0-9_:.-]*)(?:="([^"]*)")?')
_TAG_START = re.compile(r"<[a-zA-Z]")


def _simple_tags(body):
    """[(tag, [(attribute, value)])] as HTMLParser would give them, when every start tag
    is simple (most bodies: a quick look); None when the parser must look."""
    if "<!" in body or "<?" in body:
        return None
    tags = [(m.group(1).lower(), [(a.lower(), v) for a, v in _SIMPLE_ATTRIBUTE.findall(m.group(2))])
            for m in _SIMPLE_TAG.finditer(body)]
    return tags if len(tags) == len(_TAG_START.findall(body)) else None


def findings(body, hosts=()):
    """[Finding] for everything in an HTML body that the allow-list does not allow, in order."""
    hosts = frozenset(h.lower() for h in hosts)
    tags = _simple_tags(body)
    if tags is not None and not any(tag in _EMPTIED for tag, _ in tags):
        return [f for tag, attrs in tags for f in element_findings(tag, attrs, hosts)]
    walk = _Walk(hosts)
    walk.feed(body)
    walk.close()
    return walk.found


def _keep(hosts, tag, attribute, value):
    """nh3's attribute filter: the value kept, or None to drop the attribute."""
    if attribute == "style":
        return value if tag in ("th", "td") and _ALIGN.fullmatch(value) else None
    if tag == EMBED and attribute == "src":
        return value if scheme_of(value) == "https" and host_of(value) in hosts else None
    if attribute in URL_ATTRIBUTES and url_finding(tag, attribute, value):
        return None
    return value


@lru_cache(maxsize=8)
def _cleaner(hosts):
    tags = set(ELEMENTS) | ({EMBED} if hosts else set())
    attributes = {tag: set(names) for tag, names in ELEMENTS.items() if names}
    attributes["*"] = set(GLOBAL)
    if hosts:
        attributes[EMBED] = set(EMBED_ATTRIBUTES)
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(_EMPTIED - tags),
        attributes=attributes,
        generic_attribute_prefixes=set(GLOBAL_PREFIXES),
        attribute_filter=lambda tag, attribute, value: _keep(hosts, tag, attribute, value),
        url_schemes=set(SCHEMES),
        link_rel=None,  # authors' rel values are kept as written
        strip_comments=True,
    )


def clean(body, hosts=()):
    """The body as published: only what the allow-list allows."""
    return _cleaner(frozenset(h.lower() for h in hosts)).clean(body)


def lines(needles, source, start=0):
    """The 1-based line in `source` (searched from `start`) of each entry of `needles`
    (a tuple of texts per thing to find, such as a Finding's): the first of its texts
    found there, case aside, and the same text found again for the next entry that
    has it. 1 when none is found."""
    text = source.lower()
    after = {}
    result = []
    for texts in needles:
        line = 1
        for needle in texts:
            for candidate in dict.fromkeys((needle.lower(), html.escape(needle).lower())):
                index = text.find(candidate, after.get(candidate, start))
                if index >= 0:
                    after[candidate] = index + len(candidate)
                    line = source.count("\n", 0, index) + 1
                    break
            else:
                continue
            break
        result.append(line)
    return result
