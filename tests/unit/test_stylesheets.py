import re

from rcssmin import cssmin

from tests.conftest import ROOT


def test_the_theme_stylesheets_shrink_and_keep_every_rule():
    for path in (ROOT / "theme" / "css").glob("*.css"):
        source = path.read_text()
        small = cssmin(source)
        assert len(small) < 0.85 * len(source)
        without_comments = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
        assert small.count("{") == without_comments.count("{") == small.count("}")
