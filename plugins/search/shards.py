"""Which page goes into which search bundle, and which bundles need Pagefind again.

Pure functions, no Pelican and no files: the plugin (__init__.py) gathers the
facts, runner.py runs the commands.

- A post goes into the bundle of its year ("2024"; of its half or quarter of the
  year in a year with more than 40 or 160 posts), a page into "pages".
- The bundles are listed newest first, pages last: the first one is the
  search page's primary bundle (it loads Pagefind's code), the rest are merged.
- A bundle is keyed by a digest of the Pagefind version, its options and every
  indexed file's path and bytes: same key, same bundle, so a cached one is reused.
"""

import hashlib

PAGES = "pages"
POSTS_PER_BUNDLE = 40  # a year with more is split in halves, with four times more in quarters
BUNDLES_DIR = "pagefind"  # in the output: pagefind/<shard>/
MARKER = b"data-pagefind-body"  # Pagefind indexes only what templates mark with it
# Files of Pagefind's own search interfaces: our search.js uses only pagefind.js.
UNUSED_FILES = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-highlight.js",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
    }
)


def shard_of(kind, date=None, posts_that_year=0):
    """The bundle of a page, or of a post (kind "article"): its year's, or the half or
    quarter of its year ("2024h2", "2024q3") when that year has more posts than a
    bundle should hold, as a rebuild runs Pagefind again on a whole bundle."""
    if kind == "article":
        if posts_that_year > 4 * POSTS_PER_BUNDLE:
            return f"{date:%Y}q{(date.month - 1) // 3 + 1}"
        if posts_that_year > POSTS_PER_BUNDLE:
            return f"{date:%Y}h{(date.month - 1) // 6 + 1}"
        return f"{date:%Y}"
    if kind == "page":
        return PAGES
    raise ValueError(f"search: no bundle for {kind!r} (only articles and pages are indexed)")


def group(entries):
    """{shard: sorted output paths} from (shard, output path) pairs; a path is kept once."""
    shards = {}
    for shard, path in entries:
        if path:
            shards.setdefault(shard, set()).add(path)
    return {shard: sorted(paths) for shard, paths in shards.items()}


def bundle_order(shards):
    """Shard names as the search page loads them: newest first, then pages."""
    years = sorted((s for s in shards if s != PAGES), reverse=True)
    return [*years, PAGES] if PAGES in shards else years


def bundle_paths(shards):
    """Site-relative folders of the bundles, the primary one first."""
    return [f"{BUNDLES_DIR}/{shard}/" for shard in bundle_order(shards)]


def shard_key(version, options, files):
    """Digest of what makes a bundle: Pagefind's version, its options and the
    (path, bytes or digest of the bytes) of every file it indexes, in order."""
    digest = hashlib.sha256()
    for part in (version, "\0".join(options)):
        digest.update(part.encode() + b"\0")
    for path, data in files:
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


def entry_name(shard, key):
    """The cache folder of one bundle: <shard>-<key>."""
    return f"{shard}-{key}"


def to_rebuild(keys, cached):
    """Shards whose key has no finished bundle in the cache (`cached`: folder names)."""
    return sorted(shard for shard, key in keys.items() if entry_name(shard, key) not in cached)


def stale(keys, cached):
    """Cache folders of bundles no current shard uses: other shards, older keys, leftovers."""
    wanted = {entry_name(shard, key) for shard, key in keys.items()}
    return sorted(name for name in cached if name not in wanted)


def biggest_first(sizes):
    """Shard names by input size, largest first (ties by name): the slowest start first."""
    return sorted(sizes, key=lambda shard: (-sizes[shard], shard))
