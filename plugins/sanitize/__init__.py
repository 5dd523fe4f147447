"""Raw HTML in bodies passes an allow-list, and every file link names a file (README, "Security").

- `readers_init`: every reader (posts, pages, author profiles) hands its HTML through
  policy.py before Pelican, typogrify or another plugin sees it: what the allow-list
  does not allow is a problem of the file, with its line, and the body (and the
  summary) is published as nh3 cleaned it. The problems join the front-matter ones,
  which plugins/front_matter reports (and for which the content cache reads the
  file again on the next build). The file's `{filename}`, `{static}` and `{attach}`
  links are noted too (metadata `file_links`).
- `page_generator_finalized`: a `{static}` link to no file is not handed to Pelican's
  static generator (it would make a file of it, with a warning naming no post).
- `all_generators_finalized`: each noted link must name a file the build read
  (links.py); one to a static file outside content/ is plugins/confine's to report,
  as it leaves that file out. Pelican resolves a body's links when it is first asked
  for, and plugins ask for some (reading time, summaries) before the static files
  and pages are known: those bodies are resolved again when written, and Pelican's
  "Unable to find" warning is held back for a link reported here.

Settings: BODY_HTML = "checked" (default) or "trusted": raw HTML published as
written, for a publication whose every author is trusted; EMBED_HOSTS: the host
names whose pages an <iframe> may show (default none). `embed_hosts(settings)`
gives them checked, for the Content-Security-Policy's frame-src.
"""

import logging
import os
import posixpath
import re
from functools import cache
from itertools import chain
from urllib.parse import urlsplit

from pelican import signals
from pelican.contents import Content
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE
from pelican.utils import pelican_open

from plugins.front_matter import display_path, report
from plugins.front_matter.reader import LINES, PROBLEMS
from plugins.front_matter.validate import Problem

from . import policy
from .links import link_pattern, links, missing

log = logging.getLogger(__name__)
CHECKED, TRUSTED = "checked", "trusted"
LINKS = "file_links"  # on a post, page or profile: [(kind, link as written, value)]
_HOST = re.compile(r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")
_CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                  "drafts_translations", "pages", "hidden_pages", "draft_pages")


# --- Settings -------------------------------------------------------------------

def setting_problems(settings):
    """[(setting, message, hint)] of BODY_HTML and EMBED_HOSTS."""
    problems = []
    mode = settings.get("BODY_HTML", CHECKED)
    if mode not in (CHECKED, TRUSTED):
        problems.append(("BODY_HTML", f'must be "{CHECKED}" or "{TRUSTED}", not {mode!r}', "the check stays on"))
    hosts = settings.get("EMBED_HOSTS", [])
    if not isinstance(hosts, (list, tuple)):
        problems.append(("EMBED_HOSTS", f"must be a list of host names, not {hosts!r}",
                         'e.g. ["www.youtube-nocookie.com"]'))
        return problems
    for host in hosts:
        if not (isinstance(host, str) and _HOST.fullmatch(host.lower())):
            problems.append(("EMBED_HOSTS", f"{host!r} is not a host name",
                             'write the host alone, e.g. "www.youtube-nocookie.com"'))
    return problems


def embed_hosts(settings):
    """The host names from EMBED_HOSTS whose pages posts may show in an <iframe>
    (lowercase; wrong entries left out): the frame sources of the site's CSP."""
    hosts = settings.get("EMBED_HOSTS", [])
    if not isinstance(hosts, (list, tuple)):
        return ()
    return tuple(dict.fromkeys(h.lower() for h in hosts if isinstance(h, str) and _HOST.fullmatch(h.lower())))


def trusted(settings):
    return settings.get("BODY_HTML", CHECKED) == TRUSTED


def check_settings(pelican):
    for name, message, hint in setting_problems(pelican.settings):
        log.error("sanitize: %s: %s (%s)", name, message, hint)


# --- Reading --------------------------------------------------------------------

def _source(source_path):
    """(the file's text, where its body starts)."""
    try:
        with pelican_open(source_path) as text:
            pass
    except (OSError, UnicodeDecodeError):
        return "", 0
    match = HEADER_RE.fullmatch(text) if text.lstrip().startswith("---") else None
    return text, match.start("content") if match else 0


def checked(content, metadata, source_path, settings):
    """A reader's (content, metadata), the HTML checked and cleaned, links noted."""
    if not isinstance(content, str):
        return content, metadata  # a static file
    problems = []
    if not trusted(settings):
        hosts = embed_hosts(settings)
        found = policy.findings(content, hosts)
        if found:
            source, start = _source(source_path)
            for finding, line in zip(found, policy.lines([f.needles for f in found], source, start), strict=True):
                problems.append(Problem(line, "body", finding.message, finding.hint))
        content = policy.clean(content, hosts)
        for field in settings.get("FORMATTED_FIELDS", ()):
            value = metadata.get(field)
            if isinstance(value, str) and value:
                line = (metadata.get(LINES) or {}).get((field,), 1)
                problems += [Problem(line, field, f.message, f.hint) for f in policy.findings(value, hosts)]
                metadata[field] = policy.clean(value, hosts)
    if problems:
        metadata[PROBLEMS] = (*metadata.get(PROBLEMS, ()), *problems)
    pattern = link_pattern(settings["INTRASITE_LINK_REGEX"])
    summaries = [metadata.get(f) for f in settings.get("FORMATTED_FIELDS", ()) if isinstance(metadata.get(f), str)]
    metadata[LINKS] = tuple(chain(links(content, pattern), *(links(s, pattern) for s in summaries)))
    return content, metadata


@cache
def sanitizing(reader_class):
    """The reader class, with its output checked (same name: Pelican records it)."""

    class Reader(reader_class):
        sanitized = True

        def read(self, source_path):
            content, metadata = super().read(source_path)
            return checked(content, metadata, source_path, self.settings)

    Reader.__name__ = Reader.__qualname__ = reader_class.__name__
    return Reader


def wrap_readers(readers):
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class and extension != "static" and not getattr(reader_class, "sanitized", False):
            readers.reader_classes[extension] = sanitizing(reader_class)


def check_readers(generator):
    """A reader plugged in after this plugin (PLUGINS order) would go unchecked."""
    for extension, reader in generator.readers.readers.items():
        if extension != "static" and not getattr(reader, "sanitized", False):
            log.error("sanitize: the reader of .%s files (%s) is not checked (put plugins.sanitize after "
                      "the plugin that adds it in PLUGINS)", extension, type(reader).__name__)


# --- File links -------------------------------------------------------------------

def _outside(path):
    return path == ".." or path.startswith("../") or os.path.isabs(path)


def target_of(value, folder):
    """The path under PATH a link's value names, normalized ("../x" leaves content/)."""
    path = urlsplit(value).path
    return posixpath.normpath(path[1:] if path.startswith("/") else posixpath.join(folder, path))


def drop_missing_static_links(generator):
    """A {static} link to no file, reported by `check_links`, is not handed to Pelican's
    static generator, which would make a file of it (and warn without naming the post)."""
    linked = generator.context.get("static_links")
    if linked:
        root = generator.settings["PATH"]
        linked -= {path for path in linked
                   if not _outside(posixpath.normpath(path)) and not os.path.isfile(os.path.join(root, path))}


class HeldWarnings(logging.Filter):
    """On Pelican's `pelican.contents` logger: its "Unable to find" warnings wait for
    the link check, then go out only for links the check did not report."""

    MESSAGE = "Unable to find '%s', skipping url replacement."

    def __init__(self):
        super().__init__()
        self.start()

    def start(self):
        self.reported, self.held = None, []

    def filter(self, record):
        if record.msg != self.MESSAGE or not record.args:
            return True
        if self.reported is None:
            self.held.append(record)
            return False
        return record.args[0] not in self.reported

    def release(self, reported, again, logger):
        """After the check: `reported` links stay quiet, and so do `again` links
        (resolved again at writing, when Pelican warns again if need be)."""
        self.reported = set(reported)
        for record in self.held:
            if record.args[0] not in self.reported | set(again):
                logger.callHandlers(record)
        self.held = []


HELD = HeldWarnings()


def hold_warnings(pelican):
    HELD.start()
    logger = logging.getLogger("pelican.contents")
    if HELD not in logger.filters:
        logger.filters.insert(0, HELD)  # before Pelican's own filter, which rewrites repeated messages


def _contents(generators):
    seen = {}
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                seen[id(content)] = content
    profiles = generators[0].context.get("author_profiles", {}) if generators else {}
    for profile in profiles.values():
        seen[id(profile)] = profile
    return list(seen.values())


def check_links(generators):
    if not generators:
        HELD.release((), (), logging.getLogger("pelican.contents"))
        return
    context = generators[0].context
    generated, static = context.get("generated_content", {}), context.get("static_content", {})
    reported, again = set(), set()
    for content in _contents(generators):
        found = content.metadata.get(LINKS, ())
        if not found:
            continue
        again.update(value for _, _, value in found)
        gone = missing(found, content.relative_dir, generated, static)
        if not gone:
            continue
        source, _ = _source(content.source_path)
        for (kind, link, value), line in zip(gone, policy.lines([(link,) for _, link, _ in gone], source), strict=True):
            reported.add(value)
            if _outside(target_of(value, content.relative_dir)):
                if kind != "filename":
                    continue  # plugins/confine reports a static file from outside content/
                message, hint = f"{link} links to a file outside content/", "put the file under content/ and link to it there"
            else:
                where = "from content/" if value.startswith("/") else "relative to this file"
                message, hint = f"{link} links to a file that does not exist", f"check the path, {where}"
            report(Problem(line, "body", message, hint), display_path(content))
    forget_early_bodies(generators)
    HELD.release(reported, again, logging.getLogger("pelican.contents"))


def forget_early_bodies(generators):
    """Bodies and summaries with file links that a plugin asked for before every file
    was known are resolved again when they are written."""
    linked = {id(c) for c in _contents(generators) if c.metadata.get(LINKS)}
    for method in (Content.get_content, Content.get_summary):
        memo = method.cache  # pelican.utils.memoized: {(content, siteurl): value}
        for key in [k for k in memo if k and id(k[0]) in linked]:
            del memo[key]


def register():
    signals.initialized.connect(check_settings)
    signals.initialized.connect(hold_warnings)
    signals.readers_init.connect(wrap_readers)
    signals.article_generator_init.connect(check_readers)
    signals.page_generator_init.connect(check_readers)
    signals.page_generator_finalized.connect(drop_missing_static_links)
    signals.all_generators_finalized.connect(check_links)
