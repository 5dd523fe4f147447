"""Reading time and related posts. Pure: plain values in, plain values out."""

import heapq
import math
import re
from collections import Counter, defaultdict
from itertools import chain

WORDS_PER_MINUTE = 230
RELATED_VERSION = 1  # of `related`: results kept by an earlier version are not used
_TAG = re.compile(r"<[^>]+>")


def reading_minutes(html, words_per_minute=WORDS_PER_MINUTE):
    """Minutes to read an HTML body, at least one."""
    words = len(_TAG.sub(" ", html).split())
    return max(1, math.ceil(words / words_per_minute))


def related(articles, tags_of, category_of, limit=3):
    """{article: [up to `limit` others]}: most shared tags first, then the same
    category; ties go to the newer post. `articles` is newest first.

    Built from an index of tag -> posts, so each post only meets the posts it
    shares a tag with, not the whole archive.
    """
    rank = {a: i for i, a in enumerate(articles)}
    by_tag = defaultdict(list)
    by_category = defaultdict(list)
    for a in articles:
        for tag in tags_of(a):
            by_tag[tag].append(a)
        by_category[category_of(a)].append(a)
    result = {}
    for a in articles:
        shared = Counter(chain.from_iterable(by_tag[tag] for tag in tags_of(a)))
        shared.pop(a, None)
        picks = heapq.nsmallest(limit, shared, key=lambda b: (-shared[b], rank[b]))
        for b in by_category[category_of(a)]:
            if len(picks) >= limit:
                break
            if b is not a and b not in shared:
                picks.append(b)
        result[a] = picks
    return result



def related_indexes(posts, limit=3):
    """`related` for plain values: `posts` is [[name, tags, category]], newest first;
    the result is, for each post in order, the indexes of its related posts."""
    picks = related(range(len(posts)), lambda i: posts[i][1], lambda i: posts[i][2], limit)
    return [picks[i] for i in range(len(posts))]
