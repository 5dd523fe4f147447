"""Results of plugins' work, kept from one build to the next.

With Pelican's content cache on (`CACHE_CONTENT`, as `invoke build` runs it), a
result is saved in `<CACHE_PATH>/kept/` with the digest of what it was made from;
the next build (with `LOAD_CONTENT_CACHE`) takes it from there when that digest is
the same, instead of working it out again. `kept` is for results over the whole
archive (related posts), `of_post` for values of one post (its summary as text).
"""

import hashlib
import json
import os

from .files import load_json, save_json


def kept(settings, name, inputs, make):
    """`make()`, or what it gave a build before for the same `inputs` (JSON values,
    with a version of the code that makes the result). The result must be JSON."""
    if not settings.get("CACHE_CONTENT"):
        return make()
    key = hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()
    path = os.path.join(settings["CACHE_PATH"], "kept", f"{name}.json")
    saved = load_json(path) if settings.get("LOAD_CONTENT_CACHE") else None
    if isinstance(saved, dict) and saved.get("key") == key and "value" in saved:
        return saved["value"]
    value = make()
    save_json(path, {"key": key, "value": value})
    return value


# --- Values of one post, kept by the digest of the post --------------------------------

SETTINGS_OF_A_POST = ("SUMMARY_MAX_LENGTH", "SUMMARY_MAX_PARAGRAPHS", "SUMMARY_END_SUFFIX")
_posts = {}  # this build's table


def of_post(content, name, make):
    """`make(content)`, a JSON value worked out from the post or page `content` alone (its body
    and summary field, not where its links lead), or what a build before gave for
    the same post. Pelican's summary of every post, for instance, means rewriting the
    links of every body and cutting it (1 s at 5,000 posts): a rebuild does it only
    for the posts that changed."""
    table = _posts.get("table")
    if table is None:
        table = _posts["table"] = PostValues(content.settings)
    return table.get(content, name, make)


class PostValues:
    VERSION = 1

    def __init__(self, settings):
        self.settings = settings
        self.version = [self.VERSION, *(repr(settings.get(name)) for name in SETTINGS_OF_A_POST)]
        self.path = os.path.join(settings["CACHE_PATH"], "kept", "posts.json")
        self.kept, self.used, self.digests = {}, {}, {}
        saved = load_json(self.path) if settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE") else None
        if isinstance(saved, dict) and saved.get("version") == self.version:
            self.kept = saved.get("values") or {}

    def digest(self, content):
        found = self.digests.get(id(content))
        if found is None or found[0] is not content:
            field = repr(content.metadata.get("summary")) if "summary" in content.metadata else ""
            text = f"{field}\0{getattr(content, '_content', None) or ''}"
            found = self.digests[id(content)] = (content, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        return found[1]

    def get(self, content, name, make):
        key = f"{name}:{self.digest(content)}"
        value = self.kept.get(key)
        if value is None:
            value = make(content)
        self.used[key] = value
        return value

    def save(self):
        if self.settings.get("CACHE_CONTENT"):
            save_json(self.path, {"version": self.version, "values": self.used})


def save_post_values(*_):
    """finalized: keep what this build used, for the next."""
    table = _posts.pop("table", None)
    if table:
        table.save()
