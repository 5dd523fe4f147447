"""Render cache: a page or feed whose inputs did not change is not rendered again.

With Pelican's content cache on (`CACHE_CONTENT` and `LOAD_CONTENT_CACHE`, as
`invoke build`, `preview` and `livereload` run it), our writer keeps each page and
feed it writes under `<CACHE_PATH>/rendered/`, with the digest of what it was
made from (digest.py). The next build writes the kept text when the digest is
the same and renders only the others: after an edit to one post's body, its page
and the lists and feeds that show it. Every file is still written, so the output
folder is always whole; a kept feed is written as a hard link to its kept file
(feeds are most of the site's bytes). `cached_file` serves other plugins' files
(JSON feeds).
"""

import contextlib
import logging
import os
import shutil

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from plugins import parallel
from plugins.parallel.child import Child, Claims, Twin
from plugins.site.files import link_or_copy, load_json, save_json, unlink, write_text

from .digest import Digests, Unstable, sha

log = logging.getLogger(__name__)
MANIFEST = "manifest.json"
VERSION = 2  # of the cache's layout: a cache of another version is emptied
WHOLE = ("article", "page")  # a page's own post or page: its body is on the page

_build = {}  # this build's cache: one build per process


class RenderCache:
    def __init__(self, settings):
        self.folder = os.path.join(settings["CACHE_PATH"], "rendered")
        self.reuse = bool(settings.get("LOAD_CONTENT_CACHE"))
        manifest = (load_json(os.path.join(self.folder, MANIFEST)) if self.reuse else None) or {}
        if manifest.get("version") != VERSION:
            shutil.rmtree(os.path.join(self.folder, "files"), ignore_errors=True)
            manifest = {}
        self.prune(set(manifest.get("keys", {}).values()))
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

    def path(self, key):
        """Where the text made from `key` is kept. A kept file is never changed: a new
        text has a new key, so an output file may be a hard link to it."""
        return os.path.join(self.folder, "files", key[:2], key)

    def has(self, name, key):
        found = self.reuse and os.path.exists(self.path(key))
        if found:
            self.written[name] = key
            self.counts["reused"] += 1
        return found

    def keep(self, name, key, output):
        """Keep the file just written at `output` (a link to it) as the text of `key`."""
        self.counts["rendered"] += 1
        path = self.path(key)
        link_or_copy(output, path)
        self.written[name] = key

    def prune(self, keys):
        """Remove the kept files but those of `keys` (what the last saved build wrote).
        Done as the build starts, before plugins/sweep notes the output folder's files:
        removing a name of a file that folder links to changes that file's change time."""
        with contextlib.suppress(FileNotFoundError):
            for group in os.scandir(os.path.join(self.folder, "files")):
                for kept in os.scandir(group.path):
                    if kept.name not in keys:
                        os.remove(kept.path)

    def save(self):
        """Note what this build wrote: the next build keeps only that."""
        save_json(os.path.join(self.folder, MANIFEST),
                  {"version": VERSION, "keys": self.written, "summaries": self.digests.used_summaries})
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


def cached_file(context, name, parts, make, output):
    """Write the file `name` at `output`: made by `make()` (its text), unless `parts` are
    unchanged since a build kept it, which is then linked there."""
    cache = _build.get("cache")
    key = cache and cache.key(context, name, *parts)
    if key and cache.has(name, key):
        link_or_copy(cache.path(key), output)
        return
    write_text(output, make())
    log.info('Writing "%s"', output)
    if key:
        cache.keep(name, key, output)


class _Template:
    """A template that renders nothing when the page's inputs are unchanged: the
    writer then links the kept file in place of writing the (empty) text."""

    def __init__(self, template, writer, context):
        self.template, self.writer, self.context, self.name = template, writer, context, template.name

    def render(self, localcontext):
        writer, cache, name = self.writer, _build["cache"], localcontext["output_file"]
        own = {k: v for k, v in localcontext.items() if self.context.get(k, object()) is not v}
        # The page's own post or page whole; the posts it lists as lists show them.
        whole = {k: own.pop(k) for k in WHOLE if k in own}
        key = cache.key(self.context, self.name, name, whole, listed=own)
        path = sanitised_join(writer.output_path, name)
        if key and path not in writer._written_files and cache.has(name, key):
            writer.kept[path] = key
            return ""
        if key:
            writer.rendered[path] = (name, key)
        return self.template.render(localcontext)


def in_background(job, order=9):
    """Run `job()` in the process that writes the feeds while the build renders pages
    (True), or not (False: the caller runs it) when the build uses one core. Jobs run
    by `order`, then as given: the feeds one format after the other (Atom, RSS, JSON),
    so that each format's items are shared while its feeds are written (plugins/feeds)."""
    if not parallel.enabled(_build.get("settings", {})):
        return False
    jobs = _build.setdefault("jobs", [])
    jobs.append((order, len(jobs), job))
    return True


FEED_ORDER = {"atom": 0, "rss": 1}

# Sent in the build's process as soon as every post's page is written, before the
# lists are: the search index (plugins/search) starts on the posts then.
post_pages_written = signals.signal("render_cache.post_pages_written")  # blinker, as Pelican's


def post_page_next(generator, content):
    """article_generator_write_article: the next page written is a post's."""
    _build["post_page"] = True


class CachingWriter(Writer):
    """Pelican's writer with the render cache. With plugins.parallel, on more than one
    core: the feeds (written first, deferred with `in_background`) are made by a
    forked process, and the pages the articles generator writes are shared with a
    twin of the build (child.py): each is written by whichever process reaches it first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.twin = None
        self.claims = None  # while a twin shares the pages: which process writes which
        self.articles_written = False
        self.kept, self.rendered = {}, {}  # {path: key}, {path: (name, key)}: _Template.render to _open_w
        self.post_pages, self.post_pages_announced = 0, False

    def write_file(self, name, template, context, *args, **kwargs):
        cache = _build.get("cache")
        if cache:
            cache.site_digest(context)  # once, before the forks, for every process
        start_background()
        post_page = _build.pop("post_page", False)  # the articles generator writes posts first
        self.post_pages += post_page
        if not self.articles_written and self.twin is None:
            self.share_pages(context, cache)
        if not post_page:
            self.announce_post_pages()
        if self.claims and not self.claims.claim():
            return None
        if cache:
            template = _Template(template, self, context)
        try:
            written = super().write_file(name, template, context, *args, **kwargs)
            if post_page and self.claims:
                self.claims.done()
            return written
        except BaseException:
            if self.claims and self.twin.inside:  # the build hears of it when it joins the twin
                log.exception('Writing "%s" failed', name)
                self.twin.leave({"failed": True})
            if self.claims:  # the build fails: its twin does not go on writing
                self.twin.kill()
            raise

    def _open_w(self, filename, encoding, override=False):
        """Pelican's, but a file is replaced, never written through: it may be a link to
        a kept file. An unchanged page is linked to its kept file; a page rendered
        now is kept as a link to it once written."""
        cache, key = _build.get("cache"), self.kept.pop(filename, None)
        if key:  # first write of this file (see _Template.render)
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)
            link_or_copy(cache.path(key), filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename not in self._overridden_files:  # else Pelican writes to os.devnull
            unlink(filename)
        file = super()._open_w(filename, encoding, override)
        name, key = self.rendered.pop(filename, (None, None))
        return _Keeping(file, lambda: cache.keep(name, key, filename)) if key else file

    def announce_post_pages(self):
        """In the build's process: send `post_pages_written` once every post's page is on
        disk (written by this process or its twin), while lists are still being written."""
        if self.post_pages_announced or not self.post_pages or (self.twin and self.twin.inside):
            return
        if self.claims and self.claims.finished.value < self.post_pages:
            return  # the twin is still writing one
        self.post_pages_announced = True
        post_pages_written.send(self)

    def share_pages(self, context, cache):
        self.twin = False
        if not parallel.enabled(self.settings) or len(context.get("articles", ())) < parallel.MIN_FILES:
            return
        self.context_of_twin = context
        try:
            claims = Claims()
            self.twin = Twin("Writing pages")
        except OSError as error:  # no shared memory or no process to spare: one process does it all
            log.info("Writing pages in one process (a second could not start: %s)", error)
            return
        self.claims = claims
        log.debug("Writing pages in 2 processes")
        self.before = dict(cache.counts) if cache else {}
        self.announced = []  # the twin's content_written signals, sent again by the build
        if self.twin.inside:
            signals.content_written.connect(self.written_by_twin)

    def written_by_twin(self, path, context):
        own = next(((kind, context[kind]) for kind in WHOLE if context.get(kind) is not None), None)
        self.announced.append((path, own and (own[0], own[1].get_relative_source_path())))

    def articles_done(self):
        """article_writer_finalized: the twin leaves with what it did; the build waits for it."""
        self.articles_written, twin, claims, self.claims = True, self.twin, self.claims, None
        if not twin:
            self.announce_post_pages()
            return
        if twin.inside:
            twin.leave({"files": self._written_files, "cache": cache_state(self.before), "announced": self.announced})
        finished, result = twin.join()
        if not finished or result.get("failed"):
            raise RuntimeError(f"{twin.what}: the build's twin process failed (see the messages above)")
        twice = sorted(self._written_files & result["files"])
        if twice:  # as Pelican's writer does when one process writes a file twice
            raise FileOverwriteFailedError(f'Failed to overwrite "{twice[0]}" as Pelican has already written to it')
        self._written_files |= result["files"]
        merge_cache_state(result["cache"])
        claims.finished.value = self.post_pages  # the twin is gone: all its pages are written
        self.announce_post_pages()
        # Receivers (pelican-sitemap) hear of the twin's pages too: with the page's own
        # post or page as their context (all the twin can tell by name).
        contents = self.context_of_twin.get("generated_content", {})
        for path, own in result["announced"]:
            kind, source = own or (None, None)
            signals.content_written.send(path, context={kind: contents[source]} if own else {})

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", *args, **kwargs):
        def job():
            return self.feed_now(elements, context, path, url, feed_type, *args, **kwargs)

        if path and in_background(job, FEED_ORDER.get(feed_type, 2)):
            return None
        return job()

    def feed_now(self, elements, context, path=None, url=None, feed_type="atom", *args, **kwargs):
        cache = _build.get("cache")
        if not (cache and path):
            return super().write_feed(elements, context, path, url, feed_type, *args, **kwargs)
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        key = cache.key(context, "feed", path, url, feed_type, items, args, kwargs)
        complete_path = os.path.join(self.output_path, path)
        if key and cache.has(path, key):
            link_or_copy(cache.path(key), complete_path)
            return None
        unlink(complete_path)
        feed = super().write_feed(elements, context, path, url, feed_type, *args, **kwargs)
        if key:
            cache.keep(path, key, complete_path)
        return feed


class _Keeping:
    """A file being written that `keep()` puts in the cache once it is whole."""

    def __init__(self, file, keep):
        self.file, self.keep = file, keep

    def write(self, text):
        return self.file.write(text)

    def __enter__(self):
        return self

    def __exit__(self, kind, *_):
        self.file.close()
        if kind is None:
            self.keep()


def cache_state(before):
    """What a forked process did to this build's render cache since `before` (counts)."""
    cache = _build.get("cache")
    if not cache:
        return None
    counts = {name: n - before.get(name, 0) for name, n in cache.counts.items()}
    return cache.written, counts, cache.digests.used_summaries


def merge_cache_state(state):
    cache = _build.get("cache")
    if cache and state:
        written, counts, summaries = state
        cache.written.update(written)
        cache.digests.used_summaries.update(summaries)
        for name, n in counts.items():
            cache.counts[name] += n


def start_background():
    """Fork the process that runs the jobs given to `in_background` (the feeds)."""
    jobs = _build.pop("jobs", None)
    if jobs:
        cache = _build.get("cache")
        before = dict(cache.counts) if cache else {}

        def work():
            for _, _, job in sorted(jobs, key=lambda job: job[:2]):
                job()
            return cache_state(before)

        try:
            _build["feeds"] = Child(work, "Writing the feeds")
        except OSError as error:  # no process to spare: this one writes them now
            log.info("Writing the feeds in this process (a second could not start: %s)", error)
            work()


def join_background():
    """Wait for the feeds' process, and count what it wrote as written by this build."""
    start_background()
    child = _build.pop("feeds", None)
    if child:
        finished, state = child.join()
        if not finished:
            log.error("%s: the worker process did not finish (see the messages above)", child.what)
        merge_cache_state(state)


def articles_written(generator, writer):
    if isinstance(writer, CachingWriter):
        writer.articles_done()


def start(pelican):
    settings = pelican.settings
    _build.clear()
    _build["settings"] = settings
    if settings.get("CACHE_CONTENT"):
        _build["cache"] = RenderCache(settings)
    else:
        shutil.rmtree(os.path.join(settings["CACHE_PATH"], "rendered"), ignore_errors=True)


def get_writer(pelican):
    return CachingWriter


def finish(pelican):
    join_background()
    cache = _build.pop("cache", None)
    if cache:
        cache.save()


def register():
    signals.initialized.connect(start)
    signals.get_writer.connect(get_writer)
    signals.article_writer_finalized.connect(articles_written)
    signals.article_generator_write_article.connect(post_page_next)
    signals.finalized.connect(finish)
