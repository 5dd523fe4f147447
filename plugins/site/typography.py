"""typogrify's `widont`, the same filter, made fast: it was a quarter of typogrify's time.

widont puts a no-break space between the last two words of each paragraph, heading,
list item, dt or dd (and of the whole text), looking past closing inline tags. typogrify
does it with one regular expression that it tries at every character of a post. A match
always ends at the end of such a block, at the end of the text, and starts right
before the whitespace in front of the block's last word; so this version tries the
same expression only near each end, from the end of the last match on (where
typogrify's search would start), and farther back only when that finds nothing. Its
output is typogrify's for any text (tests/unit/test_typography.py compares the two on
the sample posts and on random markup). `install` makes typogrify use it.
"""

import re

_INLINE = r"(?:a|em|span|strong|i|b)"
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")
# typogrify's expression, in two forms: ending at a block's end, and at the text's end.
_GAP = r"((?:</?" + _INLINE + r"[^>]*>)|[^<>\s])\s+([^<>\s]+\s*(?:</" + _INLINE + r">\s*)*"
_BEFORE_BLOCK_END = re.compile(_GAP + r"</(?:p|h[1-6]|li|dt|dd)>)\Z")
_BEFORE_TEXT_END = re.compile(_GAP + r"$)")
_NEAR = 160  # characters before an end searched first


def _last_gap(text, start, end, pattern):
    """The match of `pattern` in text[start:end] ending at `end`, or None."""
    reach = _NEAR
    while True:
        begin = max(start, end - reach)
        match = pattern.search(text, begin, end)
        if match or begin == start:
            return match
        reach *= 8


def widont(text):
    """`typogrify.filters.widont(text)`."""
    out, done = [], 0
    ends = [(m.end(), _BEFORE_BLOCK_END) for m in _BLOCK_END.finditer(text)]
    for end, pattern in [*ends, (len(text), _BEFORE_TEXT_END)]:
        match = _last_gap(text, done, end, pattern)
        if match:
            out += [text[done : match.start()], match.group(1), "&nbsp;", match.group(2)]
            done = match.end()
    out.append(text[done:])
    return "".join(out)


def install():
    """typogrify (as Pelican runs it, with its ignored tags and omitted filters) calls this widont."""
    from typogrify import filters

    if filters.widont is not widont:
        install.original = filters.widont
        filters.widont = widont
