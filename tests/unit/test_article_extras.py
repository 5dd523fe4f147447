from plugins.article_extras.extras import reading_minutes, related, related_indexes


def test_reading_minutes_counts_words_not_markup():
    assert reading_minutes("<p>" + "word " * 230 + "</p>") == 1
    assert reading_minutes("<p>" + "word " * 231 + "</p>") == 2
    assert reading_minutes('<a href="x y z">' * 500) == 1


def test_related_prefers_shared_tags_then_category_then_newer():
    posts = {  # newest first: name -> (tags, category)
        "a": ({"x", "y"}, "C1"), "b": ({"x"}, "C2"), "c": ({"x", "y"}, "C2"),
        "d": (set(), "C1"), "e": (set(), "C1"), "f": ({"z"}, "C3"),
    }
    picks = related(list(posts), lambda p: posts[p][0], lambda p: posts[p][1])
    assert picks["a"] == ["c", "b", "d"]  # two shared tags, one, then same category
    assert picks["d"] == ["a", "e"]  # no tags: same category, newest first
    assert picks["f"] == []
    assert all(p not in picks[p] for p in posts)


def test_related_stops_at_the_limit():
    names = [str(i) for i in range(10)]
    picks = related(names, lambda p: {"t"}, lambda p: "C", limit=3)
    assert picks["0"] == ["1", "2", "3"]



def test_related_indexes_are_related_for_plain_values():
    posts = [["a", ["x", "y"], "C"], ["b", ["x"], "D"], ["c", ["x", "y"], "D"], ["d", [], "C"]]
    picks = related(range(4), lambda i: posts[i][1], lambda i: posts[i][2])
    assert related_indexes(posts) == [picks[i] for i in range(4)]
    assert related_indexes(posts)[0] == [2, 1, 3]  # two shared tags, one, then the category
