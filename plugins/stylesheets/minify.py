"""A small CSS minifier for the theme's own stylesheets. Pure.

It removes comments and the whitespace that carries no meaning (around braces,
semicolons, colons and commas, and before a closing brace), and keeps one space
elsewhere, so `calc(100% - 2rem)`, selectors and strings keep their meaning.
"""

import re

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STRING = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'")
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")
_AFTER_COLON = re.compile(r":\s+")


def minify(css):
    strings = []

    def keep(match):
        strings.append(match.group(0))
        return f"\x00{len(strings) - 1}\x00"

    text = _STRING.sub(keep, _COMMENT.sub("", css))
    text = _SPACE.sub(" ", text)
    text = _AROUND.sub(r"\1", text)
    text = _AFTER_COLON.sub(":", text)
    text = text.replace(";}", "}").strip()
    return re.sub("\x00(\\d+)\x00", lambda m: strings[int(m.group(1))], text) + "\n"
