"""Spread the build over every core (reading.py: posts are read by forked workers (reading.py))."""

from pelican import signals

from . import reading


def read_articles_in_parallel(generator):
    reading.install(generator, "ARTICLE")


def register():
    signals.article_generator_init.connect(read_articles_in_parallel)
