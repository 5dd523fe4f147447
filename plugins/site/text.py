"""Markup as one line of plain text, for <meta> tags, JSON-LD and citations."""

from markupsafe import Markup

from .kept import of_post


def plain_text(markup):
    """Tags dropped, entities decoded (&amp;, &#8217;), every run of white space (with
    typogrify's no-break spaces) one space."""
    return " ".join(Markup(str(markup or "")).striptags().split())


def summary_text(content):
    """The summary of a post or page as plain text (kept between builds: kept.py)."""
    return of_post(content, "summary", lambda c: plain_text(c.summary))
