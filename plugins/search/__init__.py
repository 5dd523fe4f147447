"""Site search: Pagefind indexes posts and pages, one bundle per year and one for pages.

Only what templates mark with `data-pagefind-body` (posts and pages) is indexed;
`data-pagefind-filter` gives the category and author filters. Drafts are not indexed.
Bundles land in `pagefind/<year>/` and `pagefind/pages/`; the search page
(theme/templates/search.html) loads the newest year's and merges the others, in
the order of the `search_bundles` list this plugin puts in the template context.

With Pelican's content cache on (CACHE_CONTENT, LOAD_CONTENT_CACHE), each bundle is
kept in <CACHE_PATH>/search/ and reused while its pages are byte for byte the same:
a rebuild runs Pagefind only on the years whose pages changed, two at a time.
"""

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

from pelican import signals
from pelican.generators import Generator

from .runner import build_bundles
from .shards import bundle_paths, group, shard_of

log = logging.getLogger(__name__)


def indexed_entries(context):
    """(shard, output path) of every published post and page, translations and hidden ones included."""
    for kind, names in (
        ("article", ("articles", "hidden_articles")),
        ("page", ("pages", "hidden_pages")),
    ):
        for item in chain.from_iterable(context.get(name, []) for name in names):
            for content in (item, *getattr(item, "translations", [])):
                yield shard_of(kind, getattr(content, "date", None)), content.save_as


class SearchIndex(Generator):
    """Lists the bundles for the search page, then builds them once the pages are written:
    Pagefind runs (in a thread of the build) from `page_writer_finalized`, while the
    build goes on with pictures, static files and feeds, until `finalized`."""

    def generate_context(self):
        self.shards = group(indexed_entries(self.context))
        self.context["search_bundles"] = bundle_paths(self.shards)
        self.pool = self.indexing = None
        _build["index"] = self

    def start(self):
        """Index the written pages in a thread: Pagefind does the work, in its own processes."""
        cache_root = (
            os.path.join(self.settings["CACHE_PATH"], "search")
            if self.settings.get("CACHE_CONTENT")
            else None
        )
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search index")
        self.indexing = self.pool.submit(
            build_bundles,
            self.output_path,
            self.shards,
            cache_root,
            reuse=bool(self.settings.get("LOAD_CONTENT_CACHE")),
        )

    def generate_output(self, writer):
        if self.indexing is None:  # no page_writer_finalized (the pages generator did not run)
            self.start()

    def finish(self):
        try:
            report = self.indexing.result()  # an unexpected error is raised here, in the build
        except (ImportError, OSError) as error:
            log.error(
                "search: Pagefind could not run (%s) (install requirements.txt: pagefind[bin])",
                error,
            )
            return
        finally:
            self.pool.shutdown()
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


def pages_written(generator, writer):
    index = _build.get("index")
    if index and index.indexing is None:
        index.start()


def finished(pelican):
    index = _build.pop("index", None)
    if index and index.indexing is not None:
        index.finish()


def get_generators(pelican):
    return SearchIndex


def register():
    signals.get_generators.connect(get_generators)
    signals.page_writer_finalized.connect(pages_written)
    signals.finalized.connect(finished)
