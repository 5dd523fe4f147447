"""Every front-matter field, defined once (DESIGN.md §3-§4).

Validation, the `invoke new` skeleton and the README's front-matter reference all
read this table. A sub-field is named `parent.child` (e.g. `image.alt`).
"""

from dataclasses import dataclass

POST, AUTHOR, PAGE = "post", "author", "page"


@dataclass(frozen=True)
class Field:
    name: str
    kinds: tuple[str, ...]
    required: bool
    type: str  # one of the parsers in validate.py: text, date, names, ...
    help: str
    example: object = None  # value shown in the new-post skeleton

    @property
    def parent(self):
        return self.name.rpartition(".")[0]

    @property
    def key(self):
        return self.name.rpartition(".")[2]


FIELDS = [
    # Posts
    Field("title", (POST, PAGE), True, "title", "the title", "TODO: the title"),
    Field("date", (POST,), True, "date", "`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, in the site's TIMEZONE"),
    Field("modified", (POST,), False, "date", "when the post was last revised, same format; shown as \"Updated\" and used in feeds"),
    Field("authors", (POST,), True, "names", "a name or a list of names, each with a profile in `content/authors/`", ["TODO: Author Name"]),
    Field("category", (POST,), True, "text", "one category", "TODO: Category"),
    Field("tags", (POST,), False, "list", "a list of tags", ["Europe", "Trade"]),
    Field("summary", (POST, PAGE), False, "markdown", "Markdown for listings, feeds and the meta description (default: the first paragraph); 300 characters at most", "One or two sentences that make a reader want to read on."),
    Field("license", (POST,), False, "license", "a license id (see Licenses); default: the `SITE_LICENSE` setting", "CC-BY-NC-SA-4.0"),
    Field("image", (POST,), False, "mapping", "the featured image"),
    Field("image.src", (POST,), True, "image", "path under `content/` of an existing image file", "images/TODO/picture.jpg"),
    Field("image.alt", (POST,), True, "alt", "what the picture shows, for readers who cannot see it (not the file name, not the caption)", "TODO: describe what the picture shows"),
    Field("image.caption", (POST,), False, "text", "a caption shown under the picture", "TODO: a caption"),
    Field("image.credit", (POST,), True, "text", "who made or owns the picture", "TODO: photographer or owner"),
    Field("image.credit_url", (POST,), False, "url", "http(s) address of the picture's source", "https://example.org/photo"),
    Field("image.license", (POST,), True, "license", "the picture's license id (often not the post's)", "TODO: CC-BY-4.0"),
    Field("original", (POST,), False, "mapping", "the full article this post is the short version of; renders \"Read [author]'s full article at [publisher]\""),
    Field("original.url", (POST,), True, "url", "http(s) address of the full article", "https://example.org/full-article"),
    Field("original.publisher", (POST,), False, "text", "who published it", "Example Journal"),
    Field("original.title", (POST,), False, "text", "its title", "The Full Title"),
    Field("status", (POST, PAGE), False, "status", "`published` (default), `draft` (built by `invoke build` and `preview` under /drafts/, marked noindex, never published) or `hidden` (published, not listed)", "draft"),
    Field("comments", (POST,), False, "boolean", "`false` turns comments off for this post", True),
    Field("slug", (POST, PAGE), False, "slug", "the last part of the address (default: the file name)", "a-short-slug"),
    Field("lang", (POST, PAGE), False, "lang", "language code when not the site's (e.g. `fr`)", "fr"),
    Field("id", (POST,), False, "text", "the post's permanent id in feeds, only for a post moved from another site: its id in the old feed (default: `tag:<site host>,<date>:<file name>`; see Feeds)", "https://old.example.org/?p=123"),
    Field("template", (PAGE,), False, "text", "a page template of the theme (e.g. `contributors`)"),
    # Author profiles
    Field("name", (AUTHOR,), True, "text", "the name, exactly as written in posts' `authors`"),
    Field("affiliations", (AUTHOR,), False, "affiliations", "a list of positions, e.g. \"Associate Researcher at the Meridian Centre\"; a position held only for a time is a mapping of the fields below, and each post shows the positions its authors held when it was published"),
    Field("affiliations.title", (AUTHOR,), True, "text", "the position, as in the list"),
    Field("affiliations.from", (AUTHOR,), False, "date", "`YYYY-MM-DD`: the day it began"),
    Field("affiliations.until", (AUTHOR,), False, "date", "`YYYY-MM-DD`: the day it ended"),
    Field("photo", (AUTHOR,), False, "image", "path under `content/` of a square photo"),
    Field("url", (AUTHOR,), False, "url", "http(s) address of the author's own page"),
    Field("orcid", (AUTHOR,), False, "orcid", "ORCID iD `0000-0000-0000-000X` (checksum-valid)"),
    Field("links", (AUTHOR,), False, "links", "a mapping of label to http(s) address"),
    Field("books", (AUTHOR,), False, "books", "a list of books, each a mapping of the fields below"),
    Field("books.title", (AUTHOR,), True, "text", "the book's title"),
    Field("books.publisher", (AUTHOR,), False, "text", "its publisher"),
    Field("books.year", (AUTHOR,), False, "year", "year of publication"),
    Field("books.url", (AUTHOR,), False, "url", "http(s) address of the book's page"),
]


def fields(kind, parent=""):
    """The fields of one kind of file, at one level (`parent` "" is the top)."""
    return [f for f in FIELDS if kind in f.kinds and f.parent == parent]


def reference(kind):
    """The README's table of one kind's fields (`python -m plugins.front_matter.schema`)."""
    rows = ["| field | required | value |", "| --- | --- | --- |"]
    for field in fields(kind):
        rows.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {field.help} |")
        for sub in fields(kind, parent=field.name):
            rows.append(f"| `{sub.name}` | {'yes' if sub.required else 'no'} | {sub.help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    for kind in (POST, AUTHOR):
        print(f"<!-- fields:{kind} -->\n{reference(kind)}\n<!-- /fields:{kind} -->\n")
