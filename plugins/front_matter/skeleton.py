"""The text of a new post (`invoke new`), written from the field table."""

import json
import re

from .schema import POST, fields

PLACEHOLDER = "TODO"
_PLAIN = re.compile(r"^[A-Za-z0-9](?!.*(: | #|:$))[^,\[\]{}\"'\n]*$")


def to_yaml(value):
    """One value as YAML text: plain when that is unambiguous, else JSON (valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in {"true", "false", "yes", "no", "null"}:
        return text
    return json.dumps(text, ensure_ascii=False)


def _line(indent, key, value, comment, commented_out):
    text = f"{'  ' * indent}{key}:" + (f" {to_yaml(value)}" if value is not None else "")
    if commented_out:
        text = "# " + text
    return f"{text:<52} # {comment}"


def new_post(title, date, authors=None, category=None):
    """Front matter and a body stub; required fields filled or marked TODO.

    Optional fields are present but commented out, except the image, which most
    posts have, and `status: draft`, so that nothing is published by accident.
    """
    given = {
        "title": title,
        "date": date,
        "authors": authors or None,
        "category": category,
        "modified": date,
        "status": "draft",
    }
    out = [
        "---",
        f"# Fill in every {PLACEHOLDER}: the build refuses a post that still has one.",
        "# Every field is explained in README.md, \"Writing a post\".",
    ]
    for field in fields(POST):
        active = field.required or field.name in ("image", "status")
        value = given.get(field.name) or field.example
        out.append(_line(0, field.key, value, field.help, not active))
        for sub in fields(POST, parent=field.name):
            sub_active = active and (sub.required or sub.name == "image.caption")
            out.append(_line(1, sub.key, sub.example, sub.help, not sub_active))
    out += [
        "---",
        "",
        f"{PLACEHOLDER}: the first paragraph, which listings use as the summary.",
        "",
    ]
    return "\n".join(out)
