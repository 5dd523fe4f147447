"""Citation: every post gets `article.citation` (plugins/citation/cite.py) for the
"Cite this post" block and the Highwire `citation_*` tags, and two files next to it,
`cite.bib` (BibTeX) and `cite.ris` (RIS), for reference managers.
"""

import logging
import os
from itertools import chain

from pelican import signals
from pelican.generators import Generator

from plugins.render_cache import in_background
from plugins.site import site_url
from plugins.site.files import write_text
from plugins.site.text import plain_text, summary_text

from .cite import Citation, author_line, bibtex, ris

log = logging.getLogger(__name__)
FILES = {"cite.bib": bibtex, "cite.ris": ris}


def citation_of(article, settings):
    return Citation(
        authors=tuple(a.name for a in getattr(article, "authors", [])),
        title=plain_text(article.title),
        container=plain_text(settings["SITENAME"]),
        publisher=settings.get("PUBLISHER", ""),
        date=article.date,
        url=f"{site_url(settings)}/{article.url}",
        lang=article.lang,
        license=article.license.short if getattr(article, "license", None) else "",
        keywords=tuple(t.name for t in getattr(article, "tags", [])),
        abstract=summary_text(article),
    )


def add_citations(generator):
    published = chain(generator.articles, generator.translations, generator.hidden_articles)
    for article in chain(published, generator.drafts):
        article.citation = citation_of(article, generator.settings)
        article.citation_authors = author_line(article.citation.authors)
        article.citation_files = {}
    for article in chain(generator.articles, generator.translations, generator.hidden_articles):
        article.citation_files = {name: article.url + name for name in FILES}


class CitationFiles(Generator):
    """Writes cite.bib and cite.ris into each post's folder: in the feeds' process while
    the build renders pages, when there is one (plugins/render_cache)."""

    def generate_context(self):
        self.in_background = in_background(self.write_files)

    def generate_output(self, writer):
        if not self.in_background:
            self.write_files()

    def write_files(self):
        posts = chain(self.context.get("articles", []), self.context.get("translations", []),
                      self.context.get("hidden_articles", []))
        for article in posts:
            for name, render in FILES.items():
                write_text(os.path.join(self.output_path, os.path.dirname(article.save_as), name),
                           render(article.citation))


def get_generators(pelican):
    return CitationFiles


def register():
    signals.article_generator_finalized.connect(add_citations)
    signals.get_generators.connect(get_generators)
