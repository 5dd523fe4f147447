"""plugins/site: `once`, a template block rendered once per build for its key."""

import jinja2

from plugins.site import forget_fragments, once


def test_a_block_is_rendered_once_per_key_and_build():
    rendered = []
    env = jinja2.Environment(autoescape=True)
    env.globals.update(once=once, count=lambda name: rendered.append(name) or "")
    template = env.from_string(
        '{% for name in names %}{% call once("t", name) %}[{{ count(name) }}{{ name }}]{% endcall %}{% endfor %}'
    )
    forget_fragments()
    assert template.render(names=["a", "b", "a", "<c>"]) == "[a][b][a][&lt;c&gt;]"
    assert template.render(names=["a"]) == "[a]"
    assert rendered == ["a", "b", "<c>"]
    forget_fragments()  # a new build
    template.render(names=["a"])
    assert rendered == ["a", "b", "<c>", "a"]
