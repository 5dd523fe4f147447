"""Each post's and page's address, worked out once per build.

Pelican computes `Content.url` and `save_as` from the settings on every use (about
37 uses per post on a large site: lists, feeds, neighbours, related posts). Once a
generator has read its content the addresses no longer change, so from
`article_generator_finalized` (posts; this plugin comes first in PLUGINS, so before
the other plugins use them) and `all_generators_finalized` (everything) to
`finalized` they are looked up in a table of this build. Outside that window, and
for anything not in the table, Pelican's own properties answer.
"""

from pelican.contents import Content

_memo = {}  # {(id(content), name): value}, for one build
_original = {}


def _memoized(name):
    original = _original[name] = getattr(Content, name)

    def get(self):
        value = _memo.get((id(self), name))
        return original.fget(self) if value is None else value

    return property(get)


def install():
    if not _original:
        for name in ("url", "save_as"):
            setattr(Content, name, _memoized(name))


def remember_posts(generator):
    _memo.clear()  # a new build
    remember([generator])


def remember(generators):
    for generator in generators:
        for attribute in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                          "hidden_translations", "pages", "hidden_pages", "draft_pages"):
            for content in getattr(generator, attribute, ()) or ():
                if isinstance(content, Content) and (id(content), "url") not in _memo:
                    for name, prop in _original.items():
                        _memo[(id(content), name)] = prop.fget(content)


def forget(*_):
    _memo.clear()
