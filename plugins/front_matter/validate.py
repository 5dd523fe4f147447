"""Check front matter against the field table. Pure: no Pelican imports.

`parse` turns the YAML text into data plus the line of every key; `check` returns
the values Pelican may use and every problem found, each with its line, field,
what is wrong and how to fix it. Nothing here logs or raises on bad content.
"""

import datetime as dt
import difflib
import html
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml
from PIL import Image

from .licenses import LICENSES
from .schema import fields

ERROR, WARNING = "error", "warning"
SUMMARY_LIMIT = TITLE_LIMIT = 300
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_SLUG = re.compile(r"^[\w-]+$")
STATUSES = ("published", "draft", "hidden")
PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self, path):
        hint = f" ({self.hint})" if self.hint else ""
        return f"{path}:{self.line}: {self.field}: {self.message}{hint}"


def closest(word, choices):
    """The choice nearest to `word`, or "" when none is close."""
    by_case = {c.lower(): c for c in choices}
    if str(word).lower() in by_case:
        return by_case[str(word).lower()]
    match = difflib.get_close_matches(str(word).lower(), list(by_case), n=1, cutoff=0.6)
    return by_case[match[0]] if match else ""


def did_you_mean(word, choices, otherwise=""):
    best = closest(word, choices)
    return f'did you mean "{best}"?' if best else otherwise


# --- YAML -------------------------------------------------------------------------


_NO_TIMESTAMPS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: `_date` checks them with a clear message."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same, parsed by LibYAML when PyYAML has it (several times faster)."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


def _load(text, loader_class):
    """(node, data) from one pass over the text."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


# Front matter is a few dozen short fields: these bounds are far above any real post
# and far below what could exhaust memory or time (an alias bomb, absurd nesting).
MAX_FRONT_MATTER = 64 * 1024  # characters
MAX_DEPTH = 16  # nested lists and mappings
MAX_VALUES = 5_000  # keys, values and list items together


def _out_of_bounds(text, first_line):
    """A Problem when the YAML is too big, too deep or uses an alias, found from the
    parser's events before anything is built (LibYAML's parser does not recurse)."""
    if len(text) > MAX_FRONT_MATTER:
        return Problem(first_line, "front matter", f"is {len(text):,} characters long (the limit is {MAX_FRONT_MATTER:,})",
                       "keep long text in the body, below the closing --- line")
    depth = values = 0
    events = yaml.parse(text, Loader=_FastLoader)
    while True:
        try:
            event = next(events, None)
        except yaml.YAMLError:
            return None  # `parse` reports it in PyYAML's words
        if event is None:
            return None
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent):
            return Problem(line, "front matter", f"uses the YAML alias *{event.anchor}",
                           "write the value out in full: front matter does not repeat values by alias")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(line, "front matter", f"nests lists or mappings more than {MAX_DEPTH} deep",
                               "front matter fields are at most a few levels deep: see README.md, Writing a post")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            values += 1
            if values > MAX_VALUES:
                return Problem(line, "front matter", f"holds more than {MAX_VALUES:,} values",
                               "front matter holds a post's fields, not data: see README.md, Writing a post")


def parse(text, first_line=1):
    """(data, lines, problems) for the YAML between the `---` lines.

    `first_line` is the file line of the opening `---`; `lines` maps a key path
    such as ("image", "alt") or ("books", 0, "title") to its line in the file.
    """
    try:
        if problem := _out_of_bounds(text, first_line):
            return None, {}, [problem]
        try:
            node, data = _load(text, _FastLoader)
        except yaml.YAMLError as fast_error:
            try:
                node, data = _load(text, _Loader)  # PyYAML's own words for what is wrong
            except RecursionError:
                raise fast_error from None  # nested too deep for PyYAML: LibYAML's words
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, {}, [Problem(line, "front matter", f"YAML does not parse: {problem}",
                                  "put quotes around values that contain \": \" or start with [ { * & ! | > ' \" % @")]
    if not isinstance(data, dict):
        return None, {}, [Problem(first_line, "front matter", "is not a list of `key: value` lines",
                                  "write one `field: value` per line between the --- lines")]
    lines = {}
    _collect_lines(node, (), first_line, lines)
    return data, lines, []


def _collect_lines(node, path, first_line, lines):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            lines[here] = first_line + key.start_mark.line
            _collect_lines(value, here, first_line, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, i)] = first_line + item.start_mark.line
            _collect_lines(item, (*path, i), first_line, lines)


# --- Values -------------------------------------------------------------------------


class Invalid(ValueError):
    def __init__(self, message, hint=""):
        super().__init__(message)
        self.message, self.hint = message, hint


def _text(value, ctx):
    if isinstance(value, (dict, list)) or value is None or value == "":
        raise Invalid("must be text", "write a single line of text")
    return str(value)


def _date(value, ctx):
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _DATE.match(str(value).strip())
    try:
        if not match:
            raise ValueError
        dt.datetime(*(int(g or 0) for g in match.groups()))
    except ValueError:
        raise Invalid(f'"{value}" is not a date', "write YYYY-MM-DD or YYYY-MM-DD HH:MM") from None
    return str(value).strip()


def _names(value, ctx):
    names = value if isinstance(value, list) else [value]
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise Invalid("must be a name or a list of names", "write `authors: [First Author, Second Author]`")
    return [n.strip() for n in names]


def _list(value, ctx):
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, (str, int, float)) and str(i).strip() for i in items):
        raise Invalid("must be a list of text", "write `[first, second]`")
    return [str(i).strip() for i in items]


def _title(value, ctx):
    # The title is text: Pelican prints it as markup, so it is escaped once, here.
    text = _text(value, ctx)
    if len(text) > TITLE_LIMIT:
        raise Invalid(f"is {len(text):,} characters long (the limit is {TITLE_LIMIT})", "shorten it; say the rest in the summary")
    return html.escape(text, quote=False)


def _markdown(value, ctx):
    # Front matter is data: any HTML in it is shown as text, never run.
    return html.escape(_text(value, ctx), quote=False)


def _license(value, ctx):
    if value not in LICENSES:
        raise Invalid(f'"{value}" is not a license id', did_you_mean(value, LICENSES, "see the Licenses list in README.md"))
    return value


def _path(value, ctx):
    from plugins.confine.paths import within  # nothing outside content/ is ever read

    text = _text(value, ctx).lstrip("/")
    path = os.path.join(ctx["content_path"], text)
    where = f"put the file under content/ and write its path from there, e.g. images/{ctx.get('slug', 'post')}/picture.jpg"
    if not within(path, ctx["content_path"]):
        if not os.path.normpath(text).startswith(".."):  # a link under content/ leads out
            raise Invalid(f'"{value}" is a link to {os.path.realpath(path)}, outside content/', "copy the file into content/ instead")
        raise Invalid(f'"{value}" is outside content/', where)
    if not os.path.isfile(path):
        raise Invalid(f'"{value}" does not exist', where)
    return text


def _image(value, ctx):
    """A picture's path. Its pixels are checked where copies are made (plugins/images),
    which names every post that uses a picture it cannot read or that is too large."""
    path = _path(value, ctx)
    if os.path.splitext(path)[1].lower() not in Image.registered_extensions():
        raise Invalid(f'"{value}" is not a picture file', "use a JPEG, PNG or WebP picture")
    return path


def _url(value, ctx):
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(f'"{value}" is not an http(s) address', "write the full address, starting with https://")
    return str(value)


def _status(value, ctx):
    if value not in STATUSES:
        raise Invalid(f'"{value}" is not a status', did_you_mean(value, STATUSES, "use published, draft or hidden"))
    return value


def _boolean(value, ctx):
    if not isinstance(value, bool):
        raise Invalid(f'"{value}" is not true or false', "write true or false")
    return value


def _slug(value, ctx):
    if not _SLUG.match(str(value)):
        raise Invalid(f'"{value}" is not a slug', "use lowercase letters, digits and hyphens")
    return str(value)


def _lang(value, ctx):
    if not _LANG.match(str(value)):
        raise Invalid(f'"{value}" is not a language code', "write a code such as fr or pt-BR")
    return str(value)


def orcid_checksum_ok(orcid):
    """ISO 7064 MOD 11-2, as ORCID defines its check digit."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def _orcid(value, ctx):
    text = str(value).strip().removeprefix("https://orcid.org/")
    if not _ORCID.match(text):
        raise Invalid(f'"{value}" is not an ORCID iD', "write 0000-0000-0000-000X")
    if not orcid_checksum_ok(text):
        raise Invalid(f'"{value}" has a wrong check digit', "copy the iD from your ORCID record")
    return text


def _year(value, ctx):
    if not isinstance(value, int) or not 1000 <= value <= 2999:
        raise Invalid(f'"{value}" is not a year', "write four digits, e.g. 2021")
    return value


def _alt(value, ctx):
    text = _text(value, ctx).strip() if value else ""
    src = os.path.basename(str(ctx.get("image_src", "")))
    if not text:
        raise Invalid("is empty", "describe what the picture shows for readers who cannot see it")
    if src and text.lower() in (src.lower(), os.path.splitext(src)[0].lower()):
        raise Invalid("is the file name", "describe what the picture shows for readers who cannot see it")
    return text


PARSERS = {
    "text": _text, "title": _title, "date": _date, "names": _names, "list": _list, "markdown": _markdown,
    "license": _license, "path": _path, "url": _url, "status": _status, "boolean": _boolean,
    "slug": _slug, "lang": _lang, "orcid": _orcid, "year": _year, "alt": _alt, "image": _image,
}


# --- Files ----------------------------------------------------------------------------


def check(data, kind, lines, ctx):
    """(clean, problems): the valid values of one file and what is wrong with it.

    `ctx` holds `content_path` (for file fields), `site_license` and `slug`.
    Invalid values are left out of `clean`, so Pelican never sees them.
    """
    problems = []
    clean = _check_mapping(data, kind, "", (), lines, ctx, problems)
    if kind == "post":
        _check_post(clean, lines, ctx, problems)
    return clean, problems


def _label(path):
    """("books", 0, "title") -> "books[0].title"."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _line(lines, path):
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _check_mapping(data, kind, parent, path, lines, ctx, problems):
    known = {f.key: f for f in fields(kind, parent)}
    clean = {}
    for key, value in data.items():
        key_path = (*path, key)
        label = _label(key_path)
        field = known.get(key)
        if field is None:
            if parent or kind == "author" or closest(key, known):
                problems.append(Problem(_line(lines, key_path), label, "is not a known field",
                                        did_you_mean(key, known, f"known fields here: {', '.join(known)}")))
            clean[key] = value  # top-level keys Pelican itself knows (save_as, template...)
            continue
        if value is None:  # `key:` with nothing after it
            if field.required:
                problems.append(Problem(_line(lines, key_path), label, "is empty", f"write {field.help} after `{key}:`"))
            continue
        if isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
            problems.append(Problem(_line(lines, key_path), label, "is still a placeholder", "fill it in or delete the line"))
            continue
        try:
            clean[key] = _check_value(field, value, kind, key_path, lines, ctx, problems)
        except Invalid as bad:
            problems.append(Problem(_line(lines, key_path), label, bad.message, bad.hint))
    for field in known.values():
        if field.required and field.key not in data:
            what = f"is missing from {_label(path)}" if parent else "is missing"
            problems.append(Problem(_line(lines, path), _label((*path, field.key)), what, f"add `{field.key}:` ({field.help})"))
    return clean


def _check_value(field, value, kind, key_path, lines, ctx, problems):
    if field.type in ("mapping", "links", "books", "affiliations"):
        return _check_nested(field, value, kind, key_path, lines, ctx, problems)
    return PARSERS[field.type](value, ctx)


def _check_nested(field, value, kind, key_path, lines, ctx, problems):
    if field.type == "links":
        if not isinstance(value, dict):
            raise Invalid("must be a mapping of label to address", "write one `Label: https://...` per line, indented")
        links = {}
        for label, url in value.items():
            try:
                links[str(label)] = _url(url, ctx)
            except Invalid as bad:
                problems.append(Problem(_line(lines, (*key_path, label)), f"{field.name}.{label}", bad.message, bad.hint))
        return links
    if field.type == "affiliations":
        items = value if isinstance(value, list) else [value]
        clean = []
        for i, item in enumerate(items):
            if isinstance(item, dict):
                position = _check_mapping(item, kind, field.name, (*key_path, i), lines, ctx, problems)
                begins, ends = position.get("from"), position.get("until")
                if begins and ends and _as_datetime(ends) < _as_datetime(begins):
                    problems.append(Problem(_line(lines, (*key_path, i, "until")), f"{field.name}[{i}].until",
                                            f"{ends} is earlier than from: {begins}", "a position ends after it begins"))
                clean.append(position)
            elif isinstance(item, (str, int, float)) and str(item).strip():
                clean.append(str(item).strip())
            else:
                problems.append(Problem(_line(lines, (*key_path, i)), f"{field.name}[{i}]", "must be text or a mapping of title, from and until",
                                        "write `- Fellow at the Centre`, or `- title: ...` with `from:` and `until:` indented under it"))
        return clean
    if field.type == "books":
        if not isinstance(value, list) or not all(isinstance(b, dict) for b in value):
            raise Invalid("must be a list of books", "write `- title: ...` for each book, indented")
        return [_check_mapping(b, kind, field.name, (*key_path, i), lines, ctx, problems) for i, b in enumerate(value)]
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping of {', '.join(f.key for f in fields(kind, field.name))}",
                      f"write the fields indented under `{field.key}:`")
    if field.name == "image" and isinstance(value.get("src"), str):
        ctx = {**ctx, "image_src": value["src"]}
    return _check_mapping(value, kind, field.name, key_path, lines, ctx, problems)


def _check_post(clean, lines, ctx, problems):
    date, modified = clean.get("date"), clean.get("modified")
    if date and modified and _as_datetime(modified) < _as_datetime(date):
        problems.append(Problem(_line(lines, ("modified",)), "modified", f"{modified} is earlier than the date {date}",
                                "a post is modified after it is published: fix either date"))
    summary = clean.get("summary")
    if summary and len(html.unescape(summary)) > SUMMARY_LIMIT:
        problems.append(Problem(_line(lines, ("summary",)), "summary",
                                f"is {len(html.unescape(summary))} characters long", f"keep it under {SUMMARY_LIMIT}", WARNING))
    image = clean.get("image") or {}
    post_license = LICENSES.get(clean.get("license") or ctx.get("site_license"))
    image_license = LICENSES.get(image.get("license"))
    if post_license and image_license and image_license.restricts_more_than(post_license):
        problems.append(Problem(_line(lines, ("image", "license")), "image.license",
                                f"{image_license.short} is more restrictive than the post's {post_license.short}",
                                "the page states that the picture is excluded from the post's license", WARNING))


def _as_datetime(text):
    return dt.datetime(*(int(g or 0) for g in _DATE.match(text).groups()))
