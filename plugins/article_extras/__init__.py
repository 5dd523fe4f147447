"""Per-post extras for the article page, computed once per build.

- `article.reading_minutes`: reading time of the body;
- `article.related_posts`: up to 3 related posts (shared tags, then category).
Previous and next posts come from the pelican-neighbors plugin.
"""

from pelican import signals

from .extras import reading_minutes, related


def add_extras(generator):
    articles = generator.articles  # published, newest first
    picks = related(articles, lambda a: [t.name for t in getattr(a, "tags", [])], lambda a: a.category.name)
    for article in articles + generator.hidden_articles + generator.drafts:
        article.reading_minutes = reading_minutes(article.content)
        article.related_posts = picks.get(article, [])



def register():
    signals.article_generator_finalized.connect(add_extras)
