"""The render cache's digests: the same inputs give the same key in any build, a
changed input a new one, and a value known only by its address none at all."""

import datetime

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag

from plugins.render_cache.digest import Digests, Unstable


def article(body="<p>One two three.</p>", title="A post", tags=("trade",), **metadata):
    settings = dict(DEFAULT_CONFIG)
    metadata = {"title": title, "date": datetime.datetime(2024, 5, 1), "tags": [Tag(t, settings) for t in tags],
                **metadata}
    return Article(body, metadata=metadata, settings=settings, source_path=f"posts/{title}.md", context={})


def key(*objects, nested="whole"):
    digests = Digests(DEFAULT_CONFIG)
    return digests.value(list(objects), nested=getattr(digests, nested))


def test_the_same_posts_give_the_same_digest_in_another_build():
    assert key(article(), {"n": 1}) == key(article(), {"n": 1})


def test_a_new_body_changes_the_whole_post_not_the_post_as_lists_show_it():
    long = " ".join(["word"] * 80)
    before, after = article(f"<p>{long}</p><p>End.</p>"), article(f"<p>{long}</p><p>The end.</p>")
    assert key(before) != key(after)
    assert key(before, nested="listed") == key(after, nested="listed")  # its summary is the same


def test_what_lists_show_changes_the_listed_digest():
    assert key(article(), nested="listed") != key(article(title="Another"), nested="listed")
    assert key(article(), nested="listed") != key(article(tags=("energy",)), nested="listed")
    assert key(article("<p>New first words.</p>"), nested="listed") != key(article(), nested="listed")


def test_dict_order_does_not_matter_and_sets_are_sorted():
    assert key({"a": 1, "b": 2}) == key({"b": 2, "a": 1})
    assert key({"x", "y", "z"}) == key({"z", "y", "x"})


def test_a_value_known_only_by_its_address_has_no_digest():
    class Opaque:
        __slots__ = ()

    with pytest.raises(Unstable):
        key(Opaque())


def test_summaries_are_kept_between_builds_by_body():
    first = Digests(DEFAULT_CONFIG)
    first.listed(article())
    assert list(first.used_summaries.values()) != ["kept"]
    body = next(iter(first.used_summaries))
    second = Digests(DEFAULT_CONFIG, summaries={body: "kept"})  # as the last build left it
    assert second.listed(article()) != first.listed(article())  # the kept digest was used
    assert second.used_summaries == {body: "kept"}
