"""`{filename}`, `{static}` and `{attach}` links in a body, and the files they name.

Pelican turns such a link into the address of the file it names, looked up among
what the build read (`generated_content`: posts and pages; `static_content`: other
files), and leaves a link to a file it cannot find as written, with a warning that
names neither the post nor the line. `links` lists a body's links as the build
reads them; `missing` says which of them name no file, looked up as Pelican does. Pure.
"""

import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

FILE_KINDS = ("filename", "static", "attach")
# The attributes Pelican looks at for links, as its own pattern does.
_ATTRIBUTES = "href|src|poster|data|cite|formaction|action|content"


def link_pattern(indicator_regex):
    """The pattern of a link in markup, from the INTRASITE_LINK_REGEX setting (which
    has a `what` group: `{filename}` by default)."""
    return re.compile(
        rf"<[^>]+?(?:{_ATTRIBUTES})\s*=\s*"
        rf"(?P<quote>[\"'])(?P<link>{indicator_regex}(?P<value>.*?))(?P=quote)"
    )


def links(body, pattern):
    """[(kind, link as written, value)] of the file links in an HTML body, in order."""
    return [(m.group("what"), m.group("link"), m.group("value"))
            for m in pattern.finditer(body or "") if m.group("what") in FILE_KINDS]


def candidates(value, folder):
    """The paths under PATH that Pelican tries for a link's value, from a file in
    `folder` (its folder under PATH): as written, unquoted, and HTML-unescaped."""
    written = urlsplit(value).path
    paths = []
    for path in (written, unquote(written), urlsplit(html.unescape(value)).path):
        if path.startswith("/"):
            path = path[1:]
        else:
            path = posixpath.normpath(posixpath.join(folder, path))
        paths.append(path)
    return list(dict.fromkeys(paths))


def missing(found, folder, generated, static):
    """The links of `found` (from `links`) that name no file: `generated` and `static`
    are the paths under PATH of what the build read. A {filename} link may name a
    static file (Pelican warns that {static} is meant); {static} and {attach} only those."""
    gone = []
    for kind, link, value in found:
        where = (generated, static) if kind == "filename" else (static,)
        if not any(path in table for path in candidates(value, folder) for table in where):
            gone.append((kind, link, value))
    return gone
