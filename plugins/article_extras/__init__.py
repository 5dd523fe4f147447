"""Per-post extras for the article page, computed once per build.

- `article.reading_minutes`: reading time of the body;
- `article.related_posts`: up to 3 related posts (shared tags, then category).
Previous and next posts come from the pelican-neighbors plugin.
"""

from pelican import signals

from plugins.site.kept import kept, of_post

from .extras import RELATED_VERSION, reading_minutes, related_indexes


def add_extras(generator):
    articles = generator.articles  # published, newest first
    # Related posts depend on nothing but every post's tags and category: kept between builds.
    posts = [[a.source_path, [t.name for t in getattr(a, "tags", [])], a.category.name] for a in articles]
    picks = kept(generator.settings, "related-posts", [RELATED_VERSION, posts], lambda: related_indexes(posts))
    for article in generator.hidden_articles + generator.drafts:
        article.related_posts = []
    for article, indexes in zip(articles, picks, strict=True):
        article.related_posts = [articles[i] for i in indexes]
    for article in articles + generator.hidden_articles + generator.drafts:
        article.reading_minutes = of_post(article, "minutes", lambda a: reading_minutes(a.content))


def register():
    signals.article_generator_finalized.connect(add_extras)
