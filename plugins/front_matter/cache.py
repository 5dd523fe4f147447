"""Pelican's generator-level content cache, made safe for checked posts.

With `CONTENT_CACHING_LAYER = "generator"` (what `invoke build` uses), Pelican
pickles every post and page it read and, on the next build, reuses each one whose
own file is unchanged, without reading it or sending `content_object_init`. A
post's page also depends on other files (its picture, its authors' profiles) and
on the build it belongs to (the context that resolves its links), and a post with
problems must report them on every build. So, right after Pelican loads the cache:
entries with problems or changed inputs are forgotten (the file is read again as
in a cold build) and the others are attached to this build's context and settings.

Posts and pages are pickled without their context and settings: this build's are
attached again on loading, and the context links every post to every other one
(pelican-neighbors chains them), which would make each pickle hold the whole site
and overflow the pickler's recursion.

Pelican 4.12 keeps the loaded entries in `FileDataCacher._cache` ({path: (stamp,
content)}); this module is the only place that touches it.
"""

import copyreg

from pelican.contents import Article, Page

from .normalize import file_stamp

UNPICKLED = ("_context", "settings")  # attached again by `attach`


def _rebuild(cls, state):
    content = cls.__new__(cls)
    content.__dict__.update(state)
    return content


def _reduce(content):
    state = {key: value for key, value in vars(content).items() if key not in UNPICKLED}
    return _rebuild, (type(content), state)


def pickle_without_context():
    """Make pickle leave out a post's or page's context and settings (at registration)."""
    for cls in (Article, Page):
        copyreg.pickle(cls, _reduce)


def attach(content, generator):
    """Give content loaded from the cache this build's context and settings."""
    content._context, content.settings = generator.context, generator.settings


def cached(generator):
    """(path, content) of every entry the generator loaded from its cache."""
    return [(path, entry[1]) for path, entry in getattr(generator, "_cache", {}).items()]


def forget(generator, path):
    generator._cache.pop(path, None)


def inputs_changed(inputs):
    """True when a file recorded as {path: stamp} was changed or removed."""
    for path, stamp in inputs.items():
        try:
            if file_stamp(path) != stamp:
                return True
        except OSError:
            return True
    return False
