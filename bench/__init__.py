"""`invoke bench`: our build against vanilla Pelican on the same generated posts.

`generate` writes a realistic publication (posts, author profiles, pictures) and
is pure apart from `write_publication`; `run` builds it both ways and measures.
"""
