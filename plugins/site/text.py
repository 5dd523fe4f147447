"""Markup as one line of plain text, for <meta> tags, JSON-LD and citations. Pure."""

from markupsafe import Markup


def plain_text(markup):
    """Tags dropped, entities decoded (&amp;, &#8217;), every run of white space (with
    typogrify's no-break spaces) one space."""
    return " ".join(Markup(str(markup or "")).striptags().split())
