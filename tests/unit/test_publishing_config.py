"""Publishing settings are checked before anything runs (publishing/config.py)."""

import pytest

from publishing import PublishError
from publishing.config import check_gate, check_target, choose_target
from tests.conftest import ROOT

DESIGN_TARGETS = {
    "production": {
        "method": "rsync",
        "user": "deploy",
        "host": "blog.example.org",
        "port": 22,
        "path": "/srv/blog",
        "keep": 5,
    },
    "pages": {"method": "ghpages", "remote": "origin", "branch": "gh-pages"},
    "local": {"method": "local", "path": "/var/www/blog", "keep": 5},
}


def test_the_design_targets_are_valid_and_described():
    settings = {"PUBLISH_TARGETS": DESIGN_TARGETS, "PUBLISH_DEFAULT": "production"}
    production = choose_target(settings)
    assert (production.name, production.method, production["keep"]) == ("production", "rsync", 5)
    assert production.describe() == "deploy@blog.example.org:/srv/blog"
    assert choose_target(settings, "pages").describe() == "branch gh-pages of origin"
    assert choose_target(settings, "local").describe() == "/var/www/blog"


def test_publishconf_holds_the_design_targets():
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["PUBLISH_TARGETS"] == DESIGN_TARGETS
    assert settings["PUBLISH_DEFAULT"] == "production"
    assert check_gate(settings["PUBLISH_GATE"])[1] == []


def test_defaults_fill_what_is_left_out():
    target, problems = check_target("box", {"method": "rsync", "host": "h", "path": "/srv"})
    assert problems == []
    assert target.options == {
        "host": "h",
        "path": "/srv",
        "user": None,
        "port": 22,
        "keep": 5,
        "ssh_options": [],
        "bwlimit": None,
    }
    assert target.describe() == "h:/srv"
    assert check_target("p", {"method": "ghpages"})[0].options == {
        "remote": "origin",
        "branch": "gh-pages",
    }
    odd_port = check_target("box", {"method": "rsync", "host": "h", "path": "/srv", "port": 2222})[
        0
    ]
    assert odd_port.describe() == "h:/srv (port 2222)"


def test_every_problem_of_a_target_is_named_with_its_fix():
    _, problems = check_target(
        "production", {"method": "rsync", "hots": "x", "path": "srv/blog", "port": "22", "keep": 0}
    )
    text = "\n".join(problems)
    assert (
        'PUBLISH_TARGETS["production"]: hots: not a setting of method "rsync" (did you mean "host"?)'
        in text
    )
    assert 'PUBLISH_TARGETS["production"]: host: missing' in text
    assert "path: 'srv/blog' is not valid (give an absolute path" in text
    assert "port: '22' is not valid" in text
    assert "keep: 0 is not valid" in text
    assert all(p.startswith("publishconf.py: ") for p in problems)
    assert len(problems) == 5


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"method": "rsnyc"}, 'did you mean "rsync"?'),
        ({"path": "/x"}, "method: None is not a publishing method"),
        ("rsync", "must be a dict"),
        ({"method": "local", "path": "/x", "keep": True}, "keep: True is not valid"),
        (
            {"method": "rsync", "host": "h", "path": "/x", "ssh_options": "-i key"},
            "ssh_options: '-i key' is not valid",
        ),
    ],
)
def test_malformed_targets(spec, message):
    target, problems = check_target("t", spec)
    assert target is None
    assert any(message in p for p in problems), problems


def test_choosing_a_target_names_the_known_ones():
    settings = {"PUBLISH_TARGETS": DESIGN_TARGETS, "PUBLISH_DEFAULT": "production"}
    with pytest.raises(
        PublishError, match=r'--target prod: no such target .*did you mean "production"'
    ):
        choose_target(settings, "prod")
    with pytest.raises(PublishError, match="PUBLISH_DEFAULT: 'staging' is not in PUBLISH_TARGETS"):
        choose_target({"PUBLISH_TARGETS": DESIGN_TARGETS, "PUBLISH_DEFAULT": "staging"})
    with pytest.raises(PublishError, match="PUBLISH_DEFAULT: not set"):
        choose_target({"PUBLISH_TARGETS": DESIGN_TARGETS})
    with pytest.raises(PublishError, match="PUBLISH_TARGETS: no publishing targets"):
        choose_target({})
    bad = {"PUBLISH_TARGETS": {"x": {"method": "local"}}, "PUBLISH_DEFAULT": "x"}
    with pytest.raises(PublishError, match='PUBLISH_TARGETS\\["x"\\]: path: missing'):
        choose_target(bad)


def test_gate_settings():
    assert check_gate(None) == ({"max_page_weight": 1_000_000}, [])
    assert check_gate({"max_page_weight": 5000}) == ({"max_page_weight": 5000}, [])
    _, problems = check_gate({"max_page_wieght": 5000, "max_page_weight": -1})
    assert 'max_page_wieght: unknown setting (did you mean "max_page_weight"?)' in problems[0]
    assert "max_page_weight: -1 is not valid" in problems[1]
