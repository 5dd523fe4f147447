"""How a post is cited: one record, three forms (a line, BibTeX, RIS). Pure."""

import re
from dataclasses import dataclass

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Citation:
    authors: tuple[str, ...]  # as written: "Amara Lind"
    title: str
    container: str  # the publication: "Meridian Commentary"
    publisher: str
    date: object  # datetime of publication
    url: str
    lang: str = "en"
    license: str = ""  # short name, e.g. "CC BY-NC-ND 4.0"
    keywords: tuple[str, ...] = ()
    abstract: str = ""

    @property
    def key(self):
        family = family_name(self.authors[0]) if self.authors else "anon"
        first_word = next((w for w in re.findall(r"[a-z0-9]+", ascii_fold(self.title).lower()) if len(w) > 3), "post")
        return f"{ascii_fold(family).lower()}{self.date:%Y}{first_word}"


def ascii_fold(text):
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def family_name(name):
    return name.split()[-1] if name.split() else name


def inverted(name):
    """"Amara Lind" -> "Lind, Amara"."""
    *given, family = name.split() or [name]
    return f"{family}, {' '.join(given)}" if given else family


def author_line(authors):
    """"Lind, Amara", "Rahimi, Nadia, and Kenji Hale", "A, B, C, and D"."""
    if not authors:
        return ""
    head, *rest = authors
    if not rest:
        return inverted(head)
    return ", ".join([inverted(head), *rest[:-1]]) + f", and {rest[-1]}"


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_escape(text):
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def bibtex(c):
    fields = [
        ("author", " and ".join(inverted(a) for a in c.authors)),
        ("title", c.title),
        ("howpublished", c.container),
        ("organization", c.publisher),
        ("year", f"{c.date:%Y}"),
        ("month", MONTHS[c.date.month - 1]),
        ("date", f"{c.date:%Y-%m-%d}"),
        ("url", c.url),
        ("language", c.lang),
        ("note", f"License: {c.license}" if c.license else ""),
    ]
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value if name == 'url' else bibtex_escape(value)}}}"
        for name, value in fields if value
    )
    return f"@misc{{{c.key},\n{body}\n}}\n"


def ris(c):
    lines = [("TY", "BLOG"), *(("AU", inverted(a)) for a in c.authors), ("TI", c.title), ("T2", c.container),
             ("PB", c.publisher), ("PY", f"{c.date:%Y}"), ("DA", f"{c.date:%Y/%m/%d}/"), ("UR", c.url), ("LA", c.lang),
             *(("KW", k) for k in c.keywords)]
    if c.abstract:
        lines.append(("AB", " ".join(c.abstract.split())))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)
