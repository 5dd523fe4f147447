import pytest
import yaml

from plugins.front_matter.schema import POST, fields
from plugins.front_matter.skeleton import new_post, to_yaml


def header(text):
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))


@pytest.mark.parametrize(
    "value",
    ["plain words", "Colon: inside", "# hash first", "ends with:", "a, b", "[brackets]", "yes", "Tomás & Ünal", "'quoted'", '"double"', "50% #1"],
)
def test_to_yaml_round_trips(value):
    assert yaml.safe_load(f"key: {to_yaml(value)}")["key"] == value
    assert yaml.safe_load(f"key: {to_yaml([value, 'x'])}")["key"] == [value, "x"]


def test_the_skeleton_fills_what_it_was_given_and_marks_the_rest():
    meta = header(new_post("On: Things", "2026-01-02 03:04", ["A B", "C D"], "Trade & Economy"))
    assert meta["title"] == "On: Things"
    assert meta["date"] == "2026-01-02 03:04"
    assert meta["authors"] == ["A B", "C D"]
    assert meta["category"] == "Trade & Economy"
    assert meta["status"] == "draft"
    assert meta["image"]["alt"].startswith("TODO")


def test_unknown_authors_and_category_stay_placeholders():
    meta = header(new_post("T", "2026-01-02"))
    assert meta["authors"] == ["TODO: Author Name"]
    assert meta["category"].startswith("TODO")


def test_the_skeleton_names_every_post_field_with_its_help():
    text = new_post("T", "2026-01-02")
    for field in fields(POST):
        assert any(line.lstrip("# ").startswith(f"{field.key}:") and field.help in line for line in text.splitlines()), field.name
        for sub in fields(POST, parent=field.name):
            assert f"  {sub.key}:" in text and sub.help in text, sub.name
