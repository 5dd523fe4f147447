"""Render cache: a page or feed whose inputs did not change is not rendered again.

With Pelican's content cache on (`CACHE_CONTENT` and `LOAD_CONTENT_CACHE`, as
`invoke build`, `preview` and `livereload` run it), our writer keeps each page and
feed it writes under `<CACHE_PATH>/rendered/`, with the digest of what it was
made from (digest.py). The next build writes the kept text when the digest is
the same and renders only the others: after an edit to one post's body, its page
and the lists and feeds that show it. Every file is still written, so the output
folder is always whole. `cached_file` serves other plugins' files (JSON feeds).
"""

import contextlib
import json
import logging
import os
import shutil

from pelican import signals
from pelican.writers import Writer

from plugins.parallel.child import Child

from .digest import Digests, Unstable, sha

log = logging.getLogger(__name__)
MANIFEST = "manifest.json"
WHOLE = ("article", "page")  # a page's own post or page: its body is on the page

_build = {}  # this build's cache: one build per process


class RenderCache:
    def __init__(self, settings):
        self.folder = os.path.join(settings["CACHE_PATH"], "rendered")
        self.reuse = bool(settings.get("LOAD_CONTENT_CACHE"))
        manifest = {}
        if self.reuse:
            try:
                with open(os.path.join(self.folder, MANIFEST), encoding="utf-8") as f:
                    manifest = json.load(f)
            except (OSError, ValueError):
                manifest = {}
        self.keys = manifest.get("keys", {})
        self.digests = Digests(settings, manifest.get("summaries", {}))
        self.site = None
        self.written = {}
        self.counts = {"reused": 0, "rendered": 0, "uncacheable": 0}

    def site_digest(self, context):
        """Settings, template files and every post's and page's listing data."""
        if self.site is None:
            settings = self.digests.settings
            theme = []
            for folder in [*settings.get("THEME_TEMPLATES_OVERRIDES", []), settings["THEME"]]:
                for root, _, files in sorted(os.walk(folder)):
                    for name in sorted(files):
                        with open(os.path.join(root, name), "rb") as f:
                            theme.append(f"{os.path.join(root, name)}:{sha(f.read().decode('utf-8', 'replace'))}")
            shared = {k: v for k, v in context.items() if k not in ("output_file", "localsiteurl")}
            self.site = sha("\n".join(theme) + self.digests.value(shared, nested=self.digests.listed))
        return self.site

    def path(self, name):
        return os.path.join(self.folder, "files", name)

    def get(self, name, key):
        if self.reuse and self.keys.get(name) == key:
            try:
                with open(self.path(name), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                return None
            self.written[name] = key
            self.counts["reused"] += 1
            return text
        return None

    def put(self, name, key, text):
        self.counts["rendered"] += 1
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.written[name] = key

    def save(self):
        """Keep what this build wrote; forget the rest."""
        for name in set(self.keys) - set(self.written):
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
        os.makedirs(self.folder, exist_ok=True)
        with open(os.path.join(self.folder, MANIFEST), "w", encoding="utf-8") as f:
            json.dump({"keys": self.written, "summaries": self.digests.used_summaries}, f)
        log.info("Render cache: %(reused)d files reused, %(rendered)d rendered, "
                 "%(uncacheable)d not cacheable.", self.counts)

    def key(self, context, *parts, listed=None):
        """The digest of a file made from `parts` (posts in them whole) and `listed` (posts
        in it as lists show them) in this build, or None if it cannot have one."""
        try:
            values = [self.digests.value(p) for p in parts]
            values.append(self.digests.value(listed, nested=self.digests.listed))
            return sha(self.site_digest(context) + "\0" + "\0".join(values))
        except Unstable as error:
            self.counts["uncacheable"] += 1
            log.debug("Render cache: not cacheable because of a %s", error)
            return None


def cached_file(context, name, parts, make):
    """The text of the output file `name`, made by `make()` unless `parts` are unchanged."""
    cache = _build.get("cache")
    key = cache and cache.key(context, name, *parts)
    if key is None:
        return make()
    text = cache.get(name, key)
    if text is None:
        text = make()
        cache.put(name, key, text)
    return text


class _Template:
    """A template that gives the kept text when the page's inputs are unchanged."""

    def __init__(self, template, cache, context):
        self.template, self.cache, self.context, self.name = template, cache, context, template.name

    def render(self, localcontext):
        name = localcontext["output_file"]
        own = {k: v for k, v in localcontext.items() if self.context.get(k, object()) is not v}
        # The page's own post or page whole; the posts it lists as lists show them.
        whole = {k: own.pop(k) for k in WHOLE if k in own}
        key = self.cache.key(self.context, self.name, name, whole, listed=own)
        text = key and self.cache.get(name, key)
        if text is None:
            text = self.template.render(localcontext)
            if key:
                self.cache.put(name, key, text)
        return text


class CachingWriter(Writer):
    """Pelican's writer with the render cache. On more than one core, the Atom and RSS
    feeds (written first) are made by a forked process while the build writes pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feeds = []
        _build["writer"] = self

    def write_file(self, name, template, context, *args, **kwargs):
        self.start_feeds()
        cache = _build.get("cache")
        if cache:
            template = _Template(template, cache, context)
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and (os.cpu_count() or 1) > 1 and hasattr(os, "fork"):
            self.feeds.append((elements, context, path, args, kwargs))
            return None
        return self.feed_now(elements, context, path, *args, **kwargs)

    def start_feeds(self):
        if self.feeds:
            jobs, self.feeds = self.feeds, []
            _build["feeds"] = Child(lambda: self.feeds_job(jobs), "Writing the feeds")

    def feeds_job(self, jobs):
        cache = _build.get("cache")
        before = dict(cache.counts) if cache else {}
        for elements, context, path, args, kwargs in jobs:
            self.feed_now(elements, context, path, *args, **kwargs)
        if cache:
            counts = {name: n - before[name] for name, n in cache.counts.items()}
            return cache.written, counts, cache.digests.used_summaries
        return None

    def feed_now(self, elements, context, path=None, url=None, feed_type="atom", *args, **kwargs):
        cache = _build.get("cache")
        if not (cache and path):
            return super().write_feed(elements, context, path, url, feed_type, *args, **kwargs)
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        key = cache.key(context, "feed", path, url, feed_type, items, args, kwargs)
        text = key and cache.get(path, key)
        complete_path = os.path.join(self.output_path, path)
        if text is None:
            feed = super().write_feed(elements, context, path, url, feed_type, *args, **kwargs)
            if key:
                with open(complete_path, encoding="utf-8") as f:
                    cache.put(path, key, f.read())
            return feed
        os.makedirs(os.path.dirname(complete_path), exist_ok=True)
        with open(complete_path, "w", encoding="utf-8") as f:
            f.write(text)
        return None


def join_feeds():
    """Wait for the feeds' process, and count what it wrote as written by this build."""
    writer = _build.pop("writer", None)
    if writer:
        writer.start_feeds()
    child = _build.pop("feeds", None)
    result = None
    if child:
        finished, result = child.join()
        if not finished:
            log.error("%s: the worker process did not finish (see the messages above)", child.what)
    cache = _build.get("cache")
    if cache and result:
        written, counts, summaries = result
        cache.written.update(written)
        cache.digests.used_summaries.update(summaries)
        for name, n in counts.items():
            cache.counts[name] += n


def start(pelican):
    settings = pelican.settings
    if settings.get("CACHE_CONTENT"):
        _build["cache"] = RenderCache(settings)
    else:
        _build.pop("cache", None)
        shutil.rmtree(os.path.join(settings["CACHE_PATH"], "rendered"), ignore_errors=True)


def get_writer(pelican):
    return CachingWriter


def finish(pelican):
    join_feeds()
    cache = _build.pop("cache", None)
    if cache:
        cache.save()


def register():
    signals.initialized.connect(start)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish)
