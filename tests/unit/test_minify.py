import re

from plugins.stylesheets.minify import minify
from tests.conftest import ROOT


def test_minify_drops_comments_and_meaningless_space_only():
    css = """/* tokens */
:root { --gap: 1rem; }
.a > .b, .c :focus { margin: calc(100% - 2rem) 0 ; content: "— a ; b { }"; }
@media (min-width: 48rem) and (scripting: none) { .d { display: none; } }
"""
    assert minify(css) == (':root{--gap:1rem}.a>.b,.c :focus{margin:calc(100% - 2rem) 0;content:"— a ; b { }"}'
                           "@media (min-width:48rem) and (scripting:none){.d{display:none}}\n")


def test_the_theme_stylesheets_shrink_and_keep_every_rule():
    for path in (ROOT / "theme" / "css").glob("*.css"):
        source = path.read_text()
        small = minify(source)
        assert len(small) < 0.85 * len(source)
        without_comments = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
        assert small.count("{") == without_comments.count("{") == small.count("}")
