"""plugins/site/typography.py: typogrify's widont, made fast, writes what typogrify's does."""

import random

import pytest
from typogrify import filters

from plugins.site import typography
from tests.conftest import sample_posts

typography.install()
TYPOGRIFYS = typography.install.original


def test_typogrify_uses_it():
    assert filters.widont is typography.widont
    assert TYPOGRIFYS is not typography.widont and TYPOGRIFYS.__module__ == "typogrify.filters"
    assert filters.typogrify("<p>A very simple test</p>") == "<p>A very simple&nbsp;test</p>"


@pytest.mark.parametrize(
    "text",
    [
        "A very simple test",
        "Test",
        " Test",
        "<ul><li>Test</p></li><ul>",
        "<p>In a couple of paragraphs</p><p>paragraph two</p>",
        '<h1><a href="#">In a link inside a heading</i> </a></h1>',
        '<h1><a href="#">In a link</a> followed by other text</h1>',
        '<h1><a href="#"></a></h1>',
        "<div>Divs get no love!</div>",
        "<div><p>But divs with paragraphs do!</p></div>",
        "<p>One <em>two</em> <strong>three</strong></p>\n",
        "<li>last words\n</li><li>" + "long " * 200 + "end</li>",
        "<p>x " + "y" * 5000 + "</p>",  # a last word longer than the first reach
        "<p>a <a href='" + "q" * 3000 + "'>link</a> end</p>",
        "  <p></pre>a<a</li>\ta</li><i></p></P>",  # a "tag" running over a block's end
        "",
    ],
)
def test_same_as_typogrify_on_its_own_examples_and_edge_cases(text):
    assert typography.widont(text) == TYPOGRIFYS(text)


def test_same_as_typogrify_on_every_sample_post():
    from markdown import Markdown

    from pelicanconf import MARKDOWN

    bodies = [Markdown(**MARKDOWN).convert(path.read_text(encoding="utf-8").split("\n---\n", 1)[1]) for path, _ in sample_posts()]
    assert len(bodies) >= 9
    changed = 0
    for body in bodies:
        assert typography.widont(body) == TYPOGRIFYS(body)
        changed += typography.widont(body) != body
    assert changed == len(bodies)  # every post has a paragraph to change


PIECES = ["<p>", "</p>", "<a href='x y'>", "</a>", "<em>", "</em>", "<b>", "</b>", "<br>", "<blockquote>", "</h2>",
          "</li>", "</dd>", "<i>", "</i>", "</span>", " ", "  ", "\n", "\xa0", "a", "bc", "d", "<", ">", "/", "x>",
          "<img src=q>", "\t", "</pre>", "</p >", "</P>", "<strong class='c'>", "</strong>", "</dt>", "é"]


def test_same_as_typogrify_on_random_markup():
    rng = random.Random(8)
    for _ in range(30_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16)))
        assert typography.widont(text) == TYPOGRIFYS(text), repr(text)
