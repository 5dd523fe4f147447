"""Every front-matter rule, with good and bad values, on plain dicts."""

import subprocess
import sys
import textwrap

import pytest
from PIL import Image

from plugins.front_matter.validate import ERROR, WARNING, check, closest, orcid_checksum_ok, parse
from tests.conftest import ROOT

POST = {"title": "T", "date": "2024-05-01", "authors": ["Jane Researcher"], "category": "C"}
IMAGE = {"src": "images/sun.jpg", "alt": "A yellow sun.", "credit": "Someone", "license": "CC-BY-4.0"}


@pytest.fixture
def ctx(tmp_path):
    (tmp_path / "images").mkdir()
    Image.new("RGB", (8, 8), "gold").save(tmp_path / "images" / "sun.jpg")
    (tmp_path / "images" / "broken.jpg").write_bytes(b"not a picture")
    return {"content_path": str(tmp_path), "site_license": "CC-BY-NC-SA-4.0", "slug": "post"}


def problems(data, ctx, kind="post"):
    return [(p.field, p.message, p.severity) for p in check(data, kind, {}, ctx)[1]]


def only_problem(data, ctx, kind="post"):
    found = check(data, kind, {}, ctx)[1]
    assert len(found) == 1, found
    return found[0]


def test_a_complete_post_has_no_problem_and_keeps_every_value(ctx):
    data = {**POST, "modified": "2024-05-02 10:30", "tags": ["A", "B"], "summary": "Short.", "license": "CC-BY-4.0",
            "image": {**IMAGE, "caption": "C", "credit_url": "https://example.org/x"},
            "original": {"url": "https://example.org/full", "publisher": "P", "title": "T"},
            "status": "hidden", "comments": False, "slug": "my-post", "lang": "fr"}
    clean, found = check(data, "post", {}, ctx)
    assert found == []
    assert clean["image"]["credit_url"] == "https://example.org/x"
    assert clean["comments"] is False


@pytest.mark.parametrize("field", ["title", "date", "authors", "category"])
def test_required_post_fields(ctx, field):
    data = {k: v for k, v in POST.items() if k != field}
    assert problems(data, ctx) == [(field, "is missing", ERROR)]


@pytest.mark.parametrize("field", ["title", "date", "authors", "category"])
def test_required_post_fields_left_empty(ctx, field):
    """`title:` with nothing after it: YAML reads None, which is not a title (Pelican would
    take the file's name instead)."""
    assert problems({**POST, field: None}, ctx) == [(field, "is empty", ERROR)]


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "01/02/2024", "2024-05-01 25:00", "yesterday"])
def test_dates_that_do_not_parse(ctx, value):
    problem = only_problem({**POST, "date": value}, ctx)
    assert (problem.field, problem.message) == ("date", f'"{value}" is not a date')
    assert "YYYY-MM-DD" in problem.hint


@pytest.mark.parametrize("value", ["2024-05-01", "2024-05-01 09:30", "2024-05-01 9:30"])
def test_dates_that_parse(ctx, value):
    assert problems({**POST, "date": value}, ctx) == []


def test_modified_before_date(ctx):
    problem = only_problem({**POST, "date": "2024-05-01 10:00", "modified": "2024-05-01 09:59"}, ctx)
    assert problem.field == "modified" and "earlier than the date" in problem.message


@pytest.mark.parametrize("value, suggestion", [("CC-BY-NC-SA-4", "CC-BY-NC-SA-4.0"), ("cc-by-4.0", "CC-BY-4.0"), ("CC0", "CC0-1.0")])
def test_unknown_license_suggests_the_closest_id(ctx, value, suggestion):
    problem = only_problem({**POST, "license": value}, ctx)
    assert problem.field == "license"
    assert problem.hint == f'did you mean "{suggestion}"?'


@pytest.mark.parametrize("key", ["src", "alt", "credit", "license"])
def test_image_required_keys(ctx, key):
    image = {k: v for k, v in IMAGE.items() if k != key}
    assert problems({**POST, "image": image}, ctx) == [(f"image.{key}", "is missing from image", ERROR)]


def test_image_file_must_be_a_picture_file(ctx, tmp_path):
    (tmp_path / "images" / "notes.txt").write_text("not a picture")
    problem = only_problem({**POST, "image": {**IMAGE, "src": "images/notes.txt"}}, ctx)
    assert (problem.field, problem.message) == ("image.src", '"images/notes.txt" is not a picture file')


def test_image_pixels_are_checked_where_copies_are_made_not_here(ctx):
    # plugins/images reads them, and names every post that uses a picture it cannot read.
    assert problems({**POST, "image": {**IMAGE, "src": "images/broken.jpg"}}, ctx) == []


@pytest.mark.parametrize("src", ["../outside.jpg", "images/../../outside.jpg", "/../outside.jpg"])
def test_image_outside_the_content_folder_is_refused(ctx, tmp_path, src):
    Image.new("RGB", (8, 8), "gold").save(tmp_path.parent / "outside.jpg")
    problem = only_problem({**POST, "image": {**IMAGE, "src": src}}, ctx)
    assert (problem.field, problem.message) == ("image.src", f'"{src}" is outside content/')
    assert problem.hint.startswith("put the file under content/")


def test_image_through_a_link_that_leaves_the_content_folder_is_refused(ctx, tmp_path):
    Image.new("RGB", (8, 8), "gold").save(tmp_path.parent / "elsewhere.jpg")
    (tmp_path / "images" / "linked.jpg").symlink_to(tmp_path.parent / "elsewhere.jpg")
    problem = only_problem({**POST, "image": {**IMAGE, "src": "images/linked.jpg"}}, ctx)
    assert problem.message == f'"images/linked.jpg" is a link to {tmp_path.parent / "elsewhere.jpg"}, outside content/'
    assert problem.hint == "copy the file into content/ instead"


def test_image_through_a_link_inside_the_content_folder_is_accepted(ctx, tmp_path):
    (tmp_path / "images" / "same-sun.jpg").symlink_to(tmp_path / "images" / "sun.jpg")
    assert problems({**POST, "image": {**IMAGE, "src": "images/same-sun.jpg"}}, ctx) == []


def test_image_file_must_exist(ctx):
    problem = only_problem({**POST, "image": {**IMAGE, "src": "images/none.jpg"}}, ctx)
    assert (problem.field, problem.message) == ("image.src", '"images/none.jpg" does not exist')


@pytest.mark.parametrize("alt, message", [("", "is empty"), ("  ", "is empty"), ("sun.jpg", "is the file name"), ("SUN", "is the file name")])
def test_alt_text_must_describe_the_picture(ctx, alt, message):
    problem = only_problem({**POST, "image": {**IMAGE, "alt": alt}}, ctx)
    assert (problem.field, problem.message) == ("image.alt", message)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"image": {**IMAGE, "credit_url": "ftp://example.org"}}, "image.credit_url"),
        ({"image": {**IMAGE, "credit_url": "example.org/photo"}}, "image.credit_url"),
        ({"original": {"url": "javascript:alert(1)"}}, "original.url"),
    ],
)
def test_post_urls_must_be_http(ctx, data, field):
    problem = only_problem({**POST, **data}, ctx)
    assert (problem.field, problem.message.endswith("is not an http(s) address")) == (field, True)


@pytest.mark.parametrize(
    "data, field, suggestion",
    [
        ({"image": {**IMAGE, "credit_ulr": "https://x.org"}}, "image.credit_ulr", "credit_url"),
        ({"image": {**IMAGE, "captoin": "c"}}, "image.captoin", "caption"),
        ({"original": {"url": "https://x.org", "publsher": "P"}}, "original.publsher", "publisher"),
        ({"sumary": "s"}, "sumary", "summary"),
        ({"categroy": "c"}, "categroy", "category"),
    ],
)
def test_unknown_keys_suggest_the_intended_one(ctx, data, field, suggestion):
    problem = only_problem({**POST, **data}, ctx)
    assert (problem.field, problem.message, problem.hint) == (field, "is not a known field", f'did you mean "{suggestion}"?')


def test_pelican_keys_unlike_ours_pass_through(ctx):
    clean, found = check({**POST, "save_as": "x.html"}, "post", {}, ctx)
    assert found == [] and clean["save_as"] == "x.html"


def test_original_needs_a_url(ctx):
    assert problems({**POST, "original": {"publisher": "P"}}, ctx) == [("original.url", "is missing from original", ERROR)]


@pytest.mark.parametrize("status", ["publish", "Draft", "private"])
def test_status(ctx, status):
    assert only_problem({**POST, "status": status}, ctx).field == "status"


def test_placeholders_must_be_filled(ctx):
    problem = only_problem({**POST, "category": "TODO: Category"}, ctx)
    assert (problem.field, problem.message) == ("category", "is still a placeholder")


def test_a_long_summary_is_a_warning(ctx):
    assert problems({**POST, "summary": "x" * 301}, ctx) == [("summary", "is 301 characters long", WARNING)]
    assert problems({**POST, "summary": "&" * 300}, ctx) == []


def test_summary_html_is_kept_as_text(ctx):
    clean, _ = check({**POST, "summary": "<script>alert('x')</script> & *more*"}, "post", {}, ctx)
    assert clean["summary"] == "&lt;script&gt;alert('x')&lt;/script&gt; &amp; *more*"


@pytest.mark.parametrize(
    "post_license, image_license, warned",
    [
        (None, "CC-BY-4.0", False),  # site default CC BY-NC-SA 4.0 restricts more
        ("CC-BY-4.0", "CC-BY-SA-4.0", True),
        ("CC-BY-NC-ND-4.0", "CC-BY-NC-4.0", False),
        ("CC-BY-ND-4.0", "LicenseRef-All-Rights-Reserved", True),
        ("CC-BY-4.0", "CC0-1.0", False),
        ("CC-BY-NC-SA-4.0", "CC-BY-NC-SA-2.0", False),
    ],
)
def test_an_image_more_restrictive_than_its_post_is_a_warning(ctx, post_license, image_license, warned):
    data = {**POST, "image": {**IMAGE, "license": image_license}}
    if post_license:
        data["license"] = post_license
    expected = [("image.license", WARNING)] if warned else []
    assert [(f, s) for f, _, s in problems(data, ctx)] == expected


# --- Author profiles


PROFILE = {"name": "Jane Researcher"}


def test_a_complete_profile(ctx):
    data = {**PROFILE, "affiliations": ["Fellow"], "photo": "images/sun.jpg", "url": "https://example.org",
            "orcid": "0000-0002-1825-0097", "links": {"Blog": "https://example.org/blog"},
            "books": [{"title": "B", "publisher": "P", "year": 2020, "url": "https://example.org/b"}]}
    assert problems(data, ctx, "author") == []


def test_profile_without_name(ctx):
    assert problems({"affiliations": ["Fellow"]}, ctx, "author") == [("name", "is missing", ERROR)]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"orcid": "0000-0002-1825-0098"}, "orcid"),
        ({"orcid": "0000-0002-1825"}, "orcid"),
        ({"url": "www.example.org"}, "url"),
        ({"links": {"Blog": "ftp://example.org"}}, "links.Blog"),
        ({"books": [{"publisher": "P"}]}, "books[0].title"),
        ({"books": [{"title": "B", "year": "soon"}]}, "books[0].year"),
        ({"affiliation": "Fellow"}, "affiliation"),
        ({"twitter": "@jane"}, "twitter"),
    ],
)
def test_bad_profile_fields(ctx, data, field):
    assert only_problem({**PROFILE, **data}, ctx, "author").field == field


@pytest.mark.parametrize("orcid, ok", [("0000-0002-1825-0097", True), ("0000-0001-5109-3700", True), ("0000-0002-1694-233X", True), ("0000-0002-1694-2339", False)])
def test_orcid_checksum(orcid, ok):
    assert orcid_checksum_ok(orcid) is ok


# --- YAML


def test_yaml_lines_are_file_lines():
    _, lines, found = parse("\ntitle: T\nimage:\n  alt: A\nbooks:\n  - title: B\n", first_line=1)
    assert found == []
    assert lines[("title",)] == 2 and lines[("image", "alt")] == 4 and lines[("books", 0, "title")] == 6


def test_yaml_that_does_not_parse_gives_its_line():
    _, _, found = parse("\ntitle: T\ntags: [a, b\ncategory: C\n", first_line=1)
    assert len(found) == 1 and found[0].field == "front matter" and found[0].line >= 3
    assert found[0].message.startswith("YAML does not parse")


@pytest.mark.parametrize("text", ["\n- a\n- b\n", "\njust text\n"])
def test_front_matter_that_is_not_a_mapping(text):
    _, _, found = parse(text)
    assert [p.field for p in found] == ["front matter"]


def alias_bomb(levels=9, width=9):
    """The billion laughs in YAML: each level repeats the one before `width` times."""
    rows = ["\ntitle: T", f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels + 1)]
    return "\n".join(rows) + "\n"


def test_an_alias_is_refused_at_its_line():
    (problem,) = parse(alias_bomb(), first_line=1)[2]
    assert (problem.line, problem.field, problem.message) == (4, "front matter", "uses the YAML alias *a0")


def test_an_alias_bomb_is_refused_quickly_with_memory_bounded():
    """In a child limited to 1 GiB of address space and 5 s: expanded, the bomb
    would hold 9**10 strings (some 28 GB of pointers alone)."""
    child = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from plugins.front_matter.validate import parse
        print(parse({alias_bomb()!r})[2][0].message)
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True, text=True, timeout=5)
    assert done.stdout.strip() == "uses the YAML alias *a0", done.stderr


@pytest.mark.parametrize("depth, message", [
    (17, "nests lists or mappings more than 16 deep"),
    (5_000, "YAML does not parse: exceeded maximum nesting depth"),  # LibYAML's own limit, 1,000
])
def test_absurd_nesting_is_refused(depth, message):
    (problem,) = parse("\ntitle: T\nx: " + "[" * depth + "]" * depth + "\n")[2]
    assert problem.line == 3 and problem.message == message


def test_front_matter_has_a_size_and_a_value_limit():
    (big,) = parse("\ntitle: T\nsummary: " + "x" * 70_000 + "\n")[2]
    assert big.message == "is 70,020 characters long (the limit is 65,536)"
    (many,) = parse("\ntags: [" + ", ".join(["t"] * 6_000) + "]\n")[2]
    assert many.message == "holds more than 5,000 values"


def test_a_title_is_text_and_has_a_length_limit(ctx):
    clean, found = check({**POST, "title": "<script>alert(1)</script> & <b>co</b>"}, "post", {}, ctx)
    assert found == [] and clean["title"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;"
    problem = only_problem({**POST, "title": "x" * 301}, ctx)
    assert (problem.field, problem.message) == ("title", "is 301 characters long (the limit is 300)")
    assert check({**POST, "title": "x" * 300}, "post", {}, ctx)[1] == []


def test_dates_stay_text_so_that_bad_ones_get_a_clear_message():
    data, _, _ = parse("\ndate: 2024-13-45\n")
    assert data == {"date": "2024-13-45"}


def test_closest():
    assert closest("Jane Resercher", ["Jane Researcher", "John Smith"]) == "Jane Researcher"
    assert closest("zzz", ["Jane Researcher"]) == ""


def test_affiliations_held_for_a_time(ctx):
    data = {**PROFILE, "affiliations": ["Member of a forum", {"title": "Fellow", "from": "2024-01-01"},
                                        {"title": "Visitor", "from": "2022-01-01", "until": "2023-12-31"}]}
    clean, found = check(data, "author", {}, ctx)
    assert found == []
    assert clean["affiliations"] == ["Member of a forum", {"title": "Fellow", "from": "2024-01-01"},
                                     {"title": "Visitor", "from": "2022-01-01", "until": "2023-12-31"}]


@pytest.mark.parametrize(
    "item, field, message",
    [
        ({"from": "2024-01-01"}, "affiliations[0].title", "is missing from affiliations[0]"),
        ({"title": "T", "untill": "2024-01-01"}, "affiliations[0].untill", "is not a known field"),
        ({"title": "T", "until": "2024-13-01"}, "affiliations[0].until", '"2024-13-01" is not a date'),
        ({"title": "T", "from": "2024-02-01", "until": "2024-01-01"}, "affiliations[0].until", "2024-01-01 is earlier than from: 2024-02-01"),
        (["a list"], "affiliations[0]", "must be text or a mapping of title, from and until"),
    ],
)
def test_bad_affiliations(ctx, item, field, message):
    problem = only_problem({**PROFILE, "affiliations": [item]}, ctx, "author")
    assert (problem.field, problem.message) == (field, message)
