"""Stable digests of what a page is rendered from, so an unchanged page is not rendered again.

A page's key is the digest of its template, its output name, the site (every
setting, every template file, and the listing data of every post and page: all
but their bodies) and the values only this page gets (its post with its body, the
posts of its list). Values are digested by what they hold, never by identity: a
value that can only be told apart by its address (`<object at 0x...>`) makes the
page `Unstable`, and it is rendered as if there were no cache.
"""

import dataclasses
import datetime
import hashlib
import types
from pathlib import PurePath

import jinja2
import jinja2.runtime
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

# Entries of the settings and the context that no template shows: where the build
# writes, and plugins' bookkeeping (dicts are digested without them, at any depth).
IGNORED_KEYS = {"OUTPUT_PATH", "front_matter_image_sizes", "images_to_publish"}
# Left out of a post as lists show it: its body, what every page shares, and what only
# repeats its attributes (Pelican sets one per metadata key) or serves error messages.
NOT_LISTED = {"_content", "_context", "settings", "_summary", "metadata", "front_matter_lines"}
# Made by our plugins from what is digested already (the rest of the post, its summary,
# other posts' listing data, the settings; the plugins' code names the cache folder):
# digesting them again would change no key, and they are half of a post's parts.
NOT_LISTED |= {"citation", "citation_authors", "citation_files", "jsonld"}


class _Hashing:
    """Parts of a value, hashed as they come (the site's value has ~10^6 parts)."""

    def __init__(self):
        self.hash, self.parts = hashlib.sha256(), []

    def append(self, part):
        self.parts.append(part)
        if len(self.parts) >= 4096:
            self._flush()

    def _flush(self):
        self.hash.update("".join(self.parts).encode("utf-8", "surrogatepass"))
        self.parts.clear()

    def hexdigest(self):
        self._flush()
        return self.hash.hexdigest()


class Unstable(Exception):
    """A value whose digest would change from one build to the next."""


def sha(text):
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Digests:
    """Digests of one build's values; `summaries` ({body digest: summary digest}) is
    kept across builds, as computing a summary means rendering a post's body."""

    def __init__(self, settings, summaries=None):
        self.settings = settings
        self.summaries = summaries if summaries is not None else {}
        self.used_summaries = {}
        self._listed, self._whole, self._lists = {}, {}, {}

    # A post or page as lists show it (no body), and whole (with its body).

    def body(self, content):
        return sha(getattr(content, "_content", "") or "")

    def summary(self, content):
        body = self.body(content)
        if not getattr(content, "_content", None):
            return sha(str(content.metadata.get("summary", "")))
        digest = self.summaries.get(body)
        if digest is None:
            digest = sha(str(content.summary))
        self.used_summaries[body] = digest
        return digest

    def listed(self, content):
        key = id(content)
        if key not in self._listed:
            self._listed[key] = None  # a post that refers to itself
            state = {k: v for k, v in vars(content).items() if k not in NOT_LISTED}
            state["summary"] = self.summary(content)
            state["class"] = type(content).__name__
            self._listed[key] = sha(self.value(state, nested=self.reference))
        return self._listed[key]

    def whole(self, content):
        key = id(content)
        if key not in self._whole:
            self._whole[key] = sha(f"{self.listed(content)}\0{self.body(content)}")
        return self._whole[key]

    def reference(self, content):
        return f"content:{type(content).__name__}:{content.source_path}"

    # Any value.

    def value(self, obj, nested=None):
        """The digest of everything `obj` is made of. Posts and pages in it are digested
        with `nested` (default: whole)."""
        parts = _Hashing()
        self._walk(obj, nested or self.whole, set(), parts)
        return parts.hexdigest()

    def _walk(self, obj, nested, seen, out):
        kind = type(obj)
        if kind is str:  # most of what is walked: the common case first
            out.append(f"str:{len(obj)}:{obj}")
        elif (kind is dict or kind is list or kind is tuple) and obj is not self.settings:
            if id(obj) in seen:
                out.append("cycle;")
                return
            seen.add(id(obj))
            try:
                self._container(obj, nested, seen, out)
            finally:
                seen.discard(id(obj))
        elif obj is None or isinstance(obj, (str, int, float, bool, bytes)):
            out.append(f"{type(obj).__name__}:{obj!r};")
        elif isinstance(obj, (datetime.date, datetime.time)):
            out.append(f"dt:{obj.isoformat()};")
        elif isinstance(obj, PurePath):
            out.append(f"path:{obj};")
        elif isinstance(obj, Content):
            out.append(f"{nested(obj)};")
        elif isinstance(obj, URLWrapper):
            out.append(f"{type(obj).__name__}:{obj.name!r}:{obj.slug};")
        elif obj is self.settings:
            out.append("settings;")
        elif isinstance(obj, (jinja2.Environment, jinja2.Template, jinja2.runtime.Macro)):
            # Templates are digested by their files; filters and globals by the plugins' code.
            out.append(f"jinja:{type(obj).__name__}:{getattr(obj, 'name', '')};")
        elif isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, type)):
            out.append(f"fn:{getattr(obj, '__module__', '')}.{obj.__qualname__};")
        elif isinstance(obj, types.MethodType):
            out.append(f"method:{obj.__func__.__qualname__}(")
            self._walk(obj.__self__, nested, seen, out)
            out.append(");")
        elif id(obj) in seen:
            out.append("cycle;")
        else:
            seen.add(id(obj))
            try:
                self._container(obj, nested, seen, out)
            finally:
                seen.discard(id(obj))

    def _container(self, obj, nested, seen, out):
        if isinstance(obj, dict):
            out.append("{")
            try:
                keys = sorted(obj)
            except TypeError:  # keys of more than one type
                keys = sorted(obj, key=repr)
            for key in keys:
                if key in IGNORED_KEYS:
                    continue
                self._walk(key, nested, seen, out)
                self._walk(obj[key], nested, seen, out)
            out.append("}")
        elif isinstance(obj, (list, tuple)):
            # Lists of posts are shared by many pages (all the posts, a tag's): digest each once.
            memo = (id(obj), nested.__name__)
            if memo not in self._lists:
                items = []
                for item in obj:
                    self._walk(item, nested, seen, items)
                self._lists[memo] = (obj, sha("".join(items)))  # holding obj keeps its id unique
            out.append(f"[{self._lists[memo][1]}]")
        elif isinstance(obj, (set, frozenset)):
            items = []
            for item in obj:
                part = []
                self._walk(item, nested, seen, part)
                items.append("".join(part))
            out.append("{" + ",".join(sorted(items)) + "}")
        elif dataclasses.is_dataclass(obj) or hasattr(obj, "__dict__"):
            out.append(f"obj:{type(obj).__module__}.{type(obj).__qualname__}(")
            self._walk(vars(obj), nested, seen, out)
            out.append(")")
        else:
            text = repr(obj)
            if " at 0x" in text:
                raise Unstable(f"{type(obj).__module__}.{type(obj).__qualname__}")
            out.append(f"repr:{text};")
