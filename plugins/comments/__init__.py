"""Comments: readers reply under each post through a self-hosted Isso server.

The theme does the rest (partials/comments.html, partials/comment_count.html); this
plugin gives it data:
- `comment_settings` in the context: the COMMENTS setting checked, with defaults
  (settings.py), or None when comments are off or the setting has a problem;
- `article.comment_thread` on each post: Isso's name for its thread, or None when
  the post takes no comments (the site has no comment server, the post says
  `comments: false`, or it is a draft).
"""

import logging

from pelican import signals

from .settings import check, thread_id

log = logging.getLogger(__name__)
CONTEXT_KEY = "comment_settings"


def load_settings(generator):
    config, problems = check(generator.settings.get("COMMENTS"), generator.settings["SITEURL"])
    for key, message, hint in problems:
        log.error("comments: %s: %s%s", key, message, f" ({hint})" if hint else "")
    generator.context[CONTEXT_KEY] = config if config["url"] and not problems else None


def attach_threads(generator):
    config = generator.context.get(CONTEXT_KEY)
    siteurl = generator.settings["SITEURL"]
    published = generator.articles + generator.translations
    hidden = generator.hidden_articles + generator.hidden_translations
    for article in published + hidden:
        takes_comments = config and getattr(article, "comments", True) is not False
        article.comment_thread = thread_id(siteurl, article.url) if takes_comments else None
    for draft in generator.drafts + generator.drafts_translations:
        draft.comment_thread = None  # a draft's address changes when it is published


def register():
    signals.article_generator_init.connect(load_settings)
    signals.article_generator_finalized.connect(attach_threads)
