"""Nothing outside content/ is read or published (DESIGN.md §6: content is untrusted).

- `generator_init`: once a build, every symbolic link under content/ is checked
  (paths.py); a refused one (its target outside content/, missing, or a folder whose
  walk could loop) is an error naming the link and its target. Each generator then
  lists files through `confined` (its `get_files` is wrapped on the instance, as
  plugins/parallel wraps its readers: Pelican has no hook for the files it finds):
  its walk goes down no refused link, and it finds no file whose real path is
  outside content/. Posts, pages, profiles and static files are found this way.
- `static_generator_finalized`: a static file a post names by a `{static}` or
  `{attach}` link, which Pelican adds to the files it found, is left out if its
  real path is outside content/ or a part of its path starts with a dot (dotfiles
  are never published: IGNORE_FILES leaves out those Pelican finds), with an error
  naming the posts that link to it.
"""

import logging
import os

from pelican import signals

from .paths import confined, links, shown, shown_link, within

log = logging.getLogger(__name__)
_build = {}  # this build's links: "refused" (relative paths), "has_links"


def start(pelican):
    """initialized: a new build checks the links again."""
    _build.clear()


def check_links(generator):
    """The links under content/, checked and reported once a build."""
    if "refused" not in _build:
        content = generator.settings["PATH"]
        found, refused = links(content, generator.settings.get("IGNORE_FILES", ()))
        for problem in refused:
            log.error("%s: %s (%s)", shown_link(os.path.join(content, problem.link), content),
                      problem.message, problem.hint)
        _build.update(refused=[r.link for r in refused], has_links=bool(found))
    return _build["refused"], _build["has_links"]


def confine(generator):
    """generator_init: the generator finds only files it may read."""
    refused, has_links = check_links(generator)
    get_files = generator.get_files

    def confined_get_files(paths, exclude=None, extensions=None):
        return confined(get_files, generator.path, refused, has_links, paths, exclude, extensions)

    generator.get_files = confined_get_files


def leave_out_static_files(generator):
    """static_generator_finalized: no static file from outside content/, and no dotfile."""
    content = generator.settings["PATH"]
    refused = set(_build.get("refused", ()))
    kept = []
    for static in generator.staticfiles:
        relative = os.path.relpath(static.source_path, content)
        parts = relative.split(os.sep)
        if within(static.source_path, content) and os.path.exists(static.source_path) \
                and not any(p.startswith(".") for p in parts):
            kept.append(static)
            continue
        if relative in refused:
            continue  # reported as a link already
        if ".." in parts or not within(static.source_path, content):
            why, hint = "outside content/", "link only to files under content/"
        elif not os.path.exists(static.source_path):
            why, hint = "which does not exist", "link to a file that exists"
        else:
            why, hint = "whose name starts with a dot: such files are never published", "rename the file"
        for path in _linked_from(generator.context, static.relative_source_path, content) or [shown(content, content)]:
            log.error("%s: a {static} link leads to %s, %s (%s)", path, relative.replace(os.sep, "/"), why, hint)
    generator.staticfiles[:] = kept


def _linked_from(context, relative, content):
    """The content files (as messages show them) whose `{static}` links name `relative`."""
    found = []
    for item in context.get("generated_content", {}).values():
        if item is not None and relative in item.get_static_links():
            found.append(shown(item.source_path, content))
    return sorted(found)


def register():
    signals.initialized.connect(start)
    signals.generator_init.connect(confine)
    signals.static_generator_finalized.connect(leave_out_static_files)
