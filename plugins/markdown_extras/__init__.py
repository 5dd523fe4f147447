"""Markdown extensions of the project, named in pelicanconf.py's MARKDOWN setting."""
