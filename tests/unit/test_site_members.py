"""plugins/site/members.py: the lists of posts of tags, categories and authors answer `in`
as lists do, by a lookup instead of a scan."""

from collections import defaultdict
from datetime import datetime
from types import SimpleNamespace

from pelican.contents import Article
from pelican.urlwrappers import Author, Category, Tag

from plugins.site.members import SHORT, Posts, quick_lists

SETTINGS = {}


def post(n):
    return Article(f"Body {n}", metadata={"title": f"Post {n}", "date": datetime(2024, 1, 1)})


def test_in_finds_what_a_list_finds():
    posts = [post(n) for n in range(5)]
    others = [post(n) for n in range(5)]  # equal in every field, but other posts
    members = Posts(posts[:3])
    assert [p in members for p in posts + others] == [p in posts[:3] for p in posts + others]
    assert [p in members for p in posts] == [True, True, True, False, False]
    assert members == posts[:3] and isinstance(members, list)


def test_a_list_changed_afterwards_or_items_with_their_own_equality_are_looked_up_as_a_list():
    posts = [post(n) for n in range(3)]
    members = Posts(posts[:1])
    members.append(posts[2])
    assert posts[2] in members and posts[1] not in members
    words = Posts(["a", "b"])
    assert "".join(["a"]) in words and "c" not in words  # an equal string, not the same object


def test_every_list_but_short_ones_of_the_generator_and_its_context_becomes_posts():
    posts = [post(n) for n in range(3 * SHORT)]
    tag, short, category, author = Tag("t", SETTINGS), Tag("s", SETTINGS), Category("c", SETTINGS), Author("a", SETTINGS)
    generator = SimpleNamespace(
        tags=defaultdict(list, {tag: posts[: SHORT + 1], short: posts[:SHORT]}),
        categories=[(category, posts[1:])],
        authors=[(author, posts[::2])],
        context={},
    )
    quick_lists(generator)
    assert type(generator.tags[tag]) is Posts and generator.tags[tag] == posts[: SHORT + 1]
    assert type(generator.tags[short]) is list and generator.tags[short] == posts[:SHORT]
    assert generator.context["tags"] == [(tag, posts[: SHORT + 1]), (short, posts[:SHORT])]
    assert type(generator.context["tags"][0][1]) is Posts
    assert generator.context["categories"] == [(category, posts[1:])] and type(generator.categories[0][1]) is Posts
    assert generator.context["authors"] == [(author, posts[::2])] and type(generator.authors[0][1]) is Posts
    assert [p for p in posts if p in generator.tags[tag]] == posts[: SHORT + 1]
