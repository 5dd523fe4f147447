"""Images in a post's body: alt text checked, and credited figures for those that ask.

Markdown with attribute lists gives an image the fields of a featured image:

    ![A chart of winter gas storage](images/post/storage.png){caption="Storage, 2021-2024." credit="Meridian Centre" credit_url="https://..." license="CC-BY-4.0"}

An image alone in its paragraph with `credit` and `license` (and perhaps a
caption) becomes the same <figure> as the featured image, credit line included.
Pure: the caller passes the function that renders a figure.
"""

import html
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from plugins.front_matter.licenses import LICENSES
from plugins.front_matter.validate import did_you_mean

_IMG = re.compile(r"<img\b[^>]*>")
_ALONE = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>")
FIGURE_KEYS = ("caption", "credit", "credit_url", "license")


class _Attributes(HTMLParser):
    def __init__(self, tag):
        super().__init__(convert_charrefs=True)
        self.attrs = {}
        self.feed(tag)

    def handle_starttag(self, tag, attrs):
        self.attrs = {k: v if v is not None else "" for k, v in attrs}


def attributes(tag):
    return _Attributes(tag).attrs


def content_path(src):
    """`{static}/images/x.jpg`, `/images/x.jpg` or `images/x.jpg` -> `images/x.jpg`."""
    return re.sub(r"^(\{static\}|\{attach\})?/?", "", src)


def outside(src, folder=""):
    """Whether an image's src, read as a path in content/, leads out of it: `{static}x`
    and `{attach}x` are relative to the post's `folder` (as Pelican reads them), `/x`
    and `x` to content/ (as `content_path` reads them); an address (https:, data:,
    //host/) is no path."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|//)", src, re.IGNORECASE):
        return False
    linked = re.match(r"^\{(static|attach)\}", src)
    path = urlsplit(src[linked.end():] if linked else src).path
    base = folder if linked and not path.startswith("/") else ""
    path = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    return path == ".." or path.startswith("../")


def check_images(body, folder=""):
    """Problems with the images of an HTML body: [(src, field, message, hint)]. `folder`:
    the post's, relative to content/."""
    problems = []
    alone = {m.start(1) for m in _ALONE.finditer(body)}
    for match in _IMG.finditer(body):
        attrs = attributes(match.group(0))
        src = attrs.get("src", "")
        if outside(src, folder):
            problems.append((src, "src", "is outside content/",
                             "put the picture under content/images/ and write its path from there: {static}/images/..."))
            continue
        if not attrs.get("alt", "").strip():
            problems.append((src, "alt", "is missing or empty", 'describe the picture: ![what it shows](...)'))
        wanted = [k for k in FIGURE_KEYS if k in attrs]
        if wanted:
            if "license" in attrs and attrs["license"] not in LICENSES:
                problems.append((src, "license", f'"{attrs["license"]}" is not a license id', did_you_mean(attrs["license"], LICENSES)))
            missing = [k for k in ("credit", "license") if k not in attrs]
            if missing:
                problems.append((src, missing[0], "is missing", "a credited image needs both credit= and license="))
            if match.start() not in alone:
                problems.append((src, "caption", "needs the image alone in its paragraph", "put a blank line before and after the image"))
    return problems


def figures(body, render):
    """The body with each credited image alone in its paragraph replaced by
    `render(image_fields)`, where image_fields has src, alt and FIGURE_KEYS."""

    def replace(match):
        attrs = attributes(match.group(1))
        if not all(k in attrs for k in ("credit", "license")) or attrs["license"] not in LICENSES:
            return match.group(0)
        if outside(attrs.get("src", "")):  # reported by check_images; never read
            return match.group(0)
        fields = {k: attrs.get(k, "") for k in ("alt", *FIGURE_KEYS)}
        fields["src"] = content_path(attrs.get("src", ""))
        return str(render(fields))

    return _ALONE.sub(replace, body)


_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)


def line_of(source_text, needle):
    """1-based line of the first occurrence of `needle` in a source file's body (after its
    front matter, where a featured image names its file too), else in the file, or 1."""
    needle = html.unescape(needle)
    body = 0
    if source_text.startswith("---"):
        closing = _CLOSING.search(source_text, 3)
        body = closing.end() if closing else 0
    index = source_text.find(needle, body)
    if index < 0:
        index = source_text.find(needle)
    return source_text.count("\n", 0, index) + 1 if index >= 0 else 1
