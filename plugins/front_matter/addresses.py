"""Addresses content may not take. Pure: settings and names in, problems out.

A page lives at the top of the site (`PAGE_SAVE_AS = "{slug}/index.html"`), beside
the folders and files the site writes itself: a page with the slug `search` or
`feeds` would overwrite them, or be overwritten. Tags, categories and authors get
their address from a slug: `C++` and `C#` both make `c`, and `!!!` makes none.
"""

import re
from collections import defaultdict

_FEED = re.compile(r"^(?:[A-Z]+_)?FEED_(?:ALL_)?(?:ATOM|RSS|JSON)$")
_YEAR = re.compile(r"^\d{4}$")
# What plugins write at the top of the site, beside what the settings name.
PLUGIN_OUTPUTS = {"pagefind": "the search index", "_headers": "the server's headers", "sitemap.xml": "the sitemap"}


def site_paths(settings):
    """{name at the top of the site: what the site keeps there}, from the settings."""
    taken = {}

    def add(path, what):
        path = str(path or "").lstrip("/").removeprefix("{base_name}/")
        first = path.split("/", 1)[0]
        if first and "{" not in first:
            taken.setdefault(first, what)

    for key, value in settings.items():
        if isinstance(value, str) and (key.endswith("_SAVE_AS") or _FEED.match(key)):
            add(value, key)
    for template, path in (settings.get("TEMPLATE_PAGES") or {}).items():
        add(path, f"the page made from {template}")
    for _, _, save_as in settings.get("PAGINATION_PATTERNS") or ():
        add(save_as, "the pages of listings")
    for folder in settings.get("STATIC_PATHS") or ():
        add(folder, "STATIC_PATHS")
    for meta in (settings.get("EXTRA_PATH_METADATA") or {}).values():
        add(meta.get("path"), "EXTRA_PATH_METADATA")
    add(settings.get("THEME_STATIC_DIR", "theme"), "the theme's files")
    for name, what in PLUGIN_OUTPUTS.items():
        taken.setdefault(name, what)
    return taken


def page_clash(slug, save_as, settings):
    """What a page at `save_as` would overwrite, or ""."""
    first = save_as.split("/", 1)[0]
    taken = site_paths(settings)
    if first in taken:
        return f"/{first}/ is where the site writes {taken[first]}"
    dated = any(str(v).startswith("{date:%Y}") for k, v in settings.items() if k.endswith("_SAVE_AS"))
    if dated and _YEAR.match(first):
        return f"/{first}/ is the archive of the year {first}"
    return ""


def slug_clashes(uses):
    """Problems of tags, categories or authors and their slugs.

    `uses` is [(name, slug, where)], one per mention; `where` is anything that names
    the mention (a file and line). Returns [(where, message, hint)]: a name whose slug
    is empty, and names that differ but share a slug (both named, at each mention)."""
    names_by_slug = defaultdict(set)
    for name, slug, _ in uses:
        names_by_slug[slug].add(name)
    problems = []
    for name, slug, where in uses:
        if not slug:
            problems.append((where, f'"{name}" has no letters or digits for its address',
                             "use a name with letters or digits"))
        elif len(names_by_slug[slug]) > 1:
            others = ", ".join(f'"{n}"' for n in sorted(names_by_slug[slug]) if n != name)
            problems.append((where, f'"{name}" and {others} would share one address (…/{slug}/)',
                             "write them the same way, or rename one"))
    return problems
