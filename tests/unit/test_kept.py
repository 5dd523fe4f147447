"""plugins/site/kept.py: a result made once, kept while its inputs are the same."""

from plugins.site.kept import kept

ON = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def counting():
    calls = []

    def make():
        calls.append(1)
        return {"made": len(calls)}

    return calls, make


def test_a_result_is_made_again_only_when_its_inputs_change(tmp_path):
    settings, (calls, make) = {**ON, "CACHE_PATH": str(tmp_path)}, counting()
    assert kept(settings, "thing", [1, ["a", "b"]], make) == {"made": 1}
    assert kept(settings, "thing", [1, ["a", "b"]], make) == {"made": 1}
    assert len(calls) == 1
    assert kept(settings, "thing", [1, ["a", "c"]], make) == {"made": 2}
    assert kept(settings, "thing", [2, ["a", "c"]], make) == {"made": 3}  # a new version of the code


def test_without_the_content_cache_nothing_is_kept_or_read(tmp_path):
    calls, make = counting()
    kept({"CACHE_CONTENT": False, "CACHE_PATH": str(tmp_path)}, "thing", [1], make)
    assert not (tmp_path / "kept").exists()
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": False, "CACHE_PATH": str(tmp_path)}
    kept(settings, "thing", [1], make)
    kept(settings, "thing", [1], make)
    assert len(calls) == 3  # saved, never read


def test_a_damaged_kept_file_is_made_again(tmp_path):
    settings, (_, make) = {**ON, "CACHE_PATH": str(tmp_path)}, counting()
    kept(settings, "thing", [1], make)
    (tmp_path / "kept" / "thing.json").write_text("{not json")
    assert kept(settings, "thing", [1], make) == {"made": 2}
    assert kept(settings, "thing", [1], make) == {"made": 2}


class Post:
    def __init__(self, settings, body, summary=None):
        self.settings, self._content = settings, body
        self.metadata = {} if summary is None else {"summary": summary}


def fresh_build():
    """What a new build starts with: no table in this process (kept.py saves at finalized)."""
    from plugins.site import kept as module

    module.save_post_values()


def test_a_value_of_a_post_is_made_again_only_for_a_post_that_changed(tmp_path):
    from plugins.site.kept import of_post

    settings, made = {**ON, "CACHE_PATH": str(tmp_path), "SUMMARY_MAX_LENGTH": 50}, []

    def words(post):
        made.append(post._content)
        return len(post._content.split())

    posts = [Post(settings, "one two"), Post(settings, "three"), Post(settings, "four", summary="s")]
    assert [of_post(p, "words", words) for p in posts] == [2, 1, 1]
    fresh_build()
    posts[1]._content = "three and more"
    assert [of_post(p, "words", words) for p in posts] == [2, 3, 1]
    assert made == ["one two", "three", "four", "three and more"]
    fresh_build()
    posts[2].metadata["summary"] = "another summary"  # the summary field is part of the post
    assert [of_post(p, "words", words) for p in posts] == [2, 3, 1]
    assert made[-1] == "four"
    fresh_build()
    other = {**settings, "SUMMARY_MAX_LENGTH": 20}  # settings that shape summaries: all again
    assert [of_post(Post(other, p._content), "words", words) for p in posts[:2]] == [2, 3]
    assert len(made) == 7
