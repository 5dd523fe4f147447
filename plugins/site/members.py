"""Quick `in` for the lists of posts of each tag, category and author.

Pelican writes a tag's page with `dates = [post for post in self.dates if post in
posts]`, and the same for each category and author: every post of the site looked up
in a list, once per tag. At 5,000 posts and 80 tags that was 2 s of every build,
rebuilds included. At `article_generator_finalized` (before any plugin reads them) the
lists become `Posts`: still lists, in the same order, whose `in` looks a post up by
identity, which is what a list's `in` finds for posts (Pelican's Content has no `==`
of its own).
"""

from collections import defaultdict


class Posts(list):
    """A list of posts whose `in` takes one dict lookup."""

    def __init__(self, posts=()):
        super().__init__(posts)
        self._by_id = {id(post): post for post in self}

    def __contains__(self, item):
        if len(self._by_id) != len(self) or type(item).__eq__ is not object.__eq__:
            return list.__contains__(self, item)  # changed since, or an item with its own ==
        return self._by_id.get(id(item)) is item


SHORT = 20  # posts: a list this short is scanned as fast as Posts looks up (200 ns)


def quick(posts):
    return posts if len(posts) <= SHORT else Posts(posts)


def quick_lists(generator):
    """article_generator_finalized: each tag's, category's and author's posts as Posts
    (unless short), in the generator and in the context (where Pelican put the same lists)."""
    generator.tags = defaultdict(list, {tag: quick(posts) for tag, posts in generator.tags.items()})
    generator.categories = [(category, quick(posts)) for category, posts in generator.categories]
    generator.authors = [(author, quick(posts)) for author, posts in generator.authors]
    generator.context["tags"] = list(generator.tags.items())
    generator.context["categories"] = generator.categories
    generator.context["authors"] = generator.authors
