"""JSON-LD: schema.org data built in Python (build.py), printed by
partials/jsonld.html with |tojson: `article.jsonld` (BlogPosting), `author_jsonld`
(Person, on author pages) and `site_jsonld` (WebSite with a SearchAction, home page).
"""

from itertools import chain

from pelican import signals

from plugins.site import site_url

from .build import blog_posting, profile_page, website


def add_article_data(generator):
    site = site_url(generator.settings)
    profiles = generator.context.get("author_profiles", {})
    for article in chain(generator.articles, generator.translations, generator.hidden_articles, generator.drafts):
        article.jsonld = blog_posting(article, profiles, site, generator.settings)


def add_template_helpers(generator):
    site = site_url(generator.settings)
    generator.env.globals["site_jsonld"] = website(generator.settings, site, generator.settings.get("SEARCH_URL"))
    generator.env.globals["person_jsonld"] = lambda author, profile: profile_page(author, profile, site)


def register():
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_finalized.connect(add_article_data)
