"""The benchmark's generated publication: deterministic, the right counts, valid front matter."""

import io
import re
from datetime import datetime

import pytest
from PIL import Image

from bench import words
from bench.generate import draw, edit_post, generate, write_publication
from plugins.front_matter.reader import HEADER_RE, kind_of
from plugins.front_matter.validate import check, parse

N = 120
SETTINGS = {"PATH": "content", "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}


@pytest.fixture(scope="module")
def publication():
    return generate(N, seed=7)


@pytest.fixture(scope="module")
def written(publication, tmp_path_factory):
    content = tmp_path_factory.mktemp("generated") / "content"
    write_publication(publication, content)
    return content


def split(text):
    match = HEADER_RE.fullmatch(text)
    data, lines, problems = parse(match.group("metadata"), 1)
    assert problems == []
    return data, lines, match.group("content")


def body_words(text):
    body = split(text)[2]
    return len(re.sub(r"\[\^\d+\]:.*", "", body).split())


def test_the_same_seed_gives_the_same_publication_and_another_seed_another(publication):
    again = generate(N, seed=7)
    assert again.texts == publication.texts
    assert again.pictures == publication.pictures
    assert generate(N, seed=8).texts != publication.texts


def test_counts(publication):
    assert len(publication.posts) == N
    assert len(set(publication.posts)) == N
    posts = [p for p in publication.texts if p.startswith("posts/")]
    assert sorted(posts) == sorted(publication.posts)
    assert len([p for p in publication.texts if p.startswith("authors/")]) == 30
    assert publication.categories == set(words.CATEGORIES) and len(words.CATEGORIES) == 12
    assert publication.tags == set(words.TAGS) and len(set(words.TAGS)) == 80
    pool = {p for p in publication.pictures if p.startswith("images/pool/")}
    assert len(pool) == 20


def test_posts_are_commentary_of_600_to_2000_words_over_15_years(publication):
    lengths = [body_words(publication.texts[p]) for p in publication.posts]
    assert min(lengths) >= 600
    assert max(lengths) <= 2000 + 200  # the last paragraph may run past the target
    assert max(lengths) - min(lengths) > 800
    dates = [datetime.strptime(split(publication.texts[p])[0]["date"][:10], "%Y-%m-%d") for p in publication.posts]
    assert dates == sorted(dates)
    assert (dates[-1] - dates[0]).days > 13 * 365
    assert publication.words == pytest.approx(sum(lengths), rel=0.05)


def test_posts_use_every_feature_of_a_commentary(publication):
    bodies = "\n".join(split(publication.texts[p])[2] for p in publication.posts)
    fronts = [split(publication.texts[p])[0] for p in publication.posts]
    assert re.search(r"^In an article for \*.+\*, .+ writes:\n\n> ", bodies, re.M)
    assert re.search(r"\[\^1\]", bodies) and re.search(r"^\[\^1\]: ", bodies, re.M)
    assert re.search(r"^## ", bodies, re.M)
    assert re.search(r"^- ", bodies, re.M) and re.search(r"^1\. ", bodies, re.M)
    assert re.search(r"\]\(https://", bodies)
    assert re.search(r"\]\(\{filename\}/posts/\d{4}/[a-z0-9-]+\.md\)", bodies)
    assert "lorem" not in bodies.lower()
    for key in ("image", "original", "summary", "modified", "license"):
        assert any(key in f for f in fronts), key
    assert {len(f["authors"]) for f in fronts} >= {1, 2}


def test_internal_links_point_to_earlier_posts(publication):
    for i, path in enumerate(publication.posts):
        for target in re.findall(r"\{filename\}/(posts/[^)]+)", publication.texts[path]):
            assert target in publication.posts[:i]


def test_every_file_passes_our_front_matter_checks(publication, written):
    ctx = {"content_path": str(written), "site_license": "CC-BY-NC-SA-4.0"}
    for path, text in publication.texts.items():
        kind = kind_of(str(written / path), {**SETTINGS, "PATH": str(written)})
        data, lines, _ = split(text)
        clean, problems = check(data, kind, lines, {**ctx, "slug": path.rsplit("/", 1)[1][:-3]})
        assert problems == [], f"{path}: {[p.format(path) for p in problems]}"
        assert clean.keys() == data.keys()


def test_pictures_are_small_jpegs_of_their_size(publication, written):
    for path, picture in publication.pictures.items():
        data = (written / path).read_bytes()
        assert len(data) < 60_000
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert image.size == picture.size
    assert draw(publication.pictures[path]) == data  # drawing is deterministic too


def test_an_edit_changes_the_body_only(publication):
    text = publication.texts[publication.posts[3]]
    edited = edit_post(text)
    assert edited != text
    assert split(edited)[0] == split(text)[0]
    assert split(edited)[2].startswith(split(text)[2].rstrip())


def test_the_word_lists_hold_no_placeholder_text():
    everything = repr(vars(words)).lower()
    for filler in ("lorem", "ipsum", "todo", "xxx"):
        assert filler not in everything
