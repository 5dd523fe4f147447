"""Site search: Pagefind indexes posts and pages, one bundle per year (or half or quarter
of a year with many posts: shards.py) and one for pages.

Only what templates mark with `data-pagefind-body` (posts and pages) is indexed;
`data-pagefind-filter` gives the category and author filters. Drafts are not indexed.
Bundles land in `pagefind/<year>/` and `pagefind/pages/`; the search page
(theme/templates/search.html) loads the newest year's and merges the others, in
the order of the `search_bundles` list this plugin puts in the template context.

With Pelican's content cache on (CACHE_CONTENT, LOAD_CONTENT_CACHE), each bundle is
kept in <CACHE_PATH>/search/ and reused while its pages are byte for byte the same:
a rebuild runs Pagefind only on the years whose pages changed, one per core.
"""

import logging
import os
from collections import Counter
from itertools import chain

from pelican import signals
from pelican.generators import Generator

from plugins import sweep
from plugins.render_cache import post_pages_written as post_pages_signal

from .runner import Bundles
from .shards import BUNDLES_DIR, PAGES, bundle_paths, group, shard_of

log = logging.getLogger(__name__)


def indexed_entries(context):
    """(shard, output path) of every published post and page, translations and hidden ones included."""
    entries = [
        (kind, content)
        for kind, names in (("article", ("articles", "hidden_articles")), ("page", ("pages", "hidden_pages")))
        for item in chain.from_iterable(context.get(name, []) for name in names)
        for content in (item, *getattr(item, "translations", []))
    ]
    per_year = Counter(content.date.year for kind, content in entries if kind == "article")
    for kind, content in entries:
        date = getattr(content, "date", None)
        yield shard_of(kind, date, date and per_year[date.year]), content.save_as


class SearchIndex(Generator):
    """Lists the bundles for the search page, then builds them as their pages are written:
    the posts' bundles from the moment every post's page is (plugins/render_cache sends
    `post_pages_written` while the lists are still being written), the pages' bundle
    from `page_writer_finalized`. Pagefind runs in threads of the build until `finalized`."""

    def generate_context(self):
        self.shards = group(indexed_entries(self.context))
        self.context["search_bundles"] = bundle_paths(self.shards)
        self.waiting, self.bundles, self.problem = dict(self.shards), None, None
        _build["index"] = self

    def start(self, ready):
        """Index the shards still waiting for which `ready(shard)` holds: their pages are written."""
        if self.problem:
            return
        now = {shard: paths for shard, paths in self.waiting.items() if ready(shard)}
        if not now:
            return
        try:
            if self.bundles is None:
                cache = self.settings.get("CACHE_CONTENT")
                self.bundles = Bundles(
                    self.output_path,
                    os.path.join(self.settings["CACHE_PATH"], "search") if cache else None,
                    reuse=bool(self.settings.get("LOAD_CONTENT_CACHE")),
                )
        except OSError as error:  # no Pagefind executable, or it could not start
            self.problem = error
            return
        for shard in now:
            del self.waiting[shard]
        self.bundles.add(now)

    def generate_output(self, writer):
        self.start(lambda shard: True)  # in case no page_writer_finalized came (no pages generator)

    def finish(self):
        try:
            if self.problem:
                raise self.problem
            if self.bundles is None:
                return
            report = self.bundles.finish()  # an unexpected error of Pagefind's threads is raised here
        except OSError as error:  # no Pagefind executable, or it could not start
            log.error("search: Pagefind could not run (%s) (install requirements.txt: pagefind[bin])", error)
            return
        for shard in report.unchanged:  # left in the output as they are: part of this build
            sweep.keep(os.path.join(self.output_path, BUNDLES_DIR, shard))
        for shard, message in report.errors:
            log.error(
                "search: Pagefind failed on the %s bundle (pagefind/%s/): %s", shard, shard, message
            )
        log.info(
            "search: indexed %d bundle(s) %s, reused %d from the cache",
            len(report.indexed),
            " ".join(report.indexed),
            len(report.reused),
        )


_build = {}  # this build's SearchIndex


def post_pages_written(writer):
    index = _build.get("index")
    if index:
        index.start(lambda shard: shard != PAGES)


def pages_written(generator, writer):
    index = _build.get("index")
    if index:
        index.start(lambda shard: True)


def finished(pelican):
    index = _build.pop("index", None)
    if index:
        index.finish()


def get_generators(pelican):
    return SearchIndex


def register():
    signals.get_generators.connect(get_generators)
    signals.page_writer_finalized.connect(pages_written)
    post_pages_signal.connect(post_pages_written)
    signals.finalized.connect(finished)
