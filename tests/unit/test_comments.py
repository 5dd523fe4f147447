"""The COMMENTS setting and the Isso server's configuration, on plain values."""

import configparser

import pytest

from plugins.comments.server import config_text
from plugins.comments.settings import DEFAULTS, check, thread_id

GOOD = {"url": "https://comments.example.org/", "moderation": False, "privacy_note": "Kept here.",
        "reply_email": " letters@example.org "}


def test_good_settings_are_cleaned_and_keep_every_key():
    config, problems = check(GOOD, "https://example.org")
    assert problems == []
    assert config == {"url": "https://comments.example.org", "moderation": False,
                      "privacy_note": "Kept here.", "reply_email": "letters@example.org"}


@pytest.mark.parametrize("value", [None, {}, {"url": ""}, {"url": None}])
def test_no_url_means_no_comments_and_no_problem(value):
    config, problems = check(value)
    assert problems == [] and config["url"] == ""
    assert config["moderation"] is DEFAULTS["moderation"]


def test_missing_keys_take_their_defaults():
    config, _ = check({"url": "https://c.example.org"})
    assert config["privacy_note"] == DEFAULTS["privacy_note"] and config["reply_email"] == ""


@pytest.mark.parametrize(
    ("value", "key", "words"),
    [
        ({"url": "comments.example.org"}, "COMMENTS.url", "not the http(s) address"),
        ({"url": "ftp://comments.example.org"}, "COMMENTS.url", "not the http(s) address"),
        ({"url": "https://comments.example.org/?x=1"}, "COMMENTS.url", "not the http(s) address"),
        ({"url": 8080}, "COMMENTS.url", "must be text"),
        ({"url": "https://c.example.org", "moderation": "yes"}, "COMMENTS.moderation", "True or False"),
        ({"url": "https://c.example.org", "privacy_note": ["a"]}, "COMMENTS.privacy_note", "must be text"),
        ({"url": "https://c.example.org", "reply_email": "letters"}, "COMMENTS.reply_email", "not an email address"),
        ({"url": "https://c.example.org", "reply_email": "a@b.org?subject=x y"}, "COMMENTS.reply_email", "not an email"),
    ],
)
def test_each_bad_value_is_named_with_its_key(value, key, words):
    _, problems = check(value)
    assert [p[0] for p in problems] == [key]
    assert words in problems[0][1]


def test_a_misspelt_key_gets_a_suggestion():
    _, problems = check({"url": "https://c.example.org", "moderaton": True, "colour": 1})
    assert problems == [("COMMENTS.colour", "unknown key", "known keys: url, moderation, privacy_note, reply_email"),
                        ("COMMENTS.moderaton", "unknown key", "did you mean 'moderation'?")]


def test_not_a_dict():
    _, problems = check("https://c.example.org")
    assert problems[0][0] == "COMMENTS" and "dict" in problems[0][1]


@pytest.mark.parametrize(
    ("server", "site", "problem"),
    [
        ("http://localhost:8080", "https://example.org", "cannot use a comment server on this computer"),
        ("http://127.0.0.1:8080", "https://example.org", "cannot use a comment server on this computer"),
        ("http://comments.example.org", "https://example.org", "cannot load comments over http"),
        ("http://localhost:8080", "", None),  # local preview
        ("http://127.0.0.1:8080", "http://127.0.0.1:9000", None),
        ("http://comments.example.org", "http://example.org", None),
        ("https://comments.example.org", "https://example.org", None),
    ],
)
def test_a_published_site_needs_a_reachable_comment_server(server, site, problem):
    _, problems = check({"url": server}, site)
    if problem:
        assert [p[0] for p in problems] == ["COMMENTS.url"] and problem in problems[0][1]
    else:
        assert problems == []


@pytest.mark.parametrize(
    ("siteurl", "url", "thread"),
    [
        ("", "2024/05/a-post/", "/2024/05/a-post/"),
        ("https://example.org", "2024/05/a-post/", "/2024/05/a-post/"),
        ("https://example.org/blog", "2024/05/a-post/", "/blog/2024/05/a-post/"),
        ("http://127.0.0.1:8123", "2024/05/a-post/", "/2024/05/a-post/"),
    ],
)
def test_a_thread_is_named_by_the_path_of_the_post(siteurl, url, thread):
    assert thread_id(siteurl, url) == thread


def test_server_configuration_names_the_sites_the_database_and_moderation():
    text = config_text(dbpath="/data/comments.db", sites=["http://localhost:8000", "http://127.0.0.1:8000"],
                       listen="http://localhost:8080", moderation=True, admin_password="pw", guard=False)
    assert text.startswith("# Written by `invoke comments`")
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read_string(text)
    assert parsed["general"]["dbpath"] == "/data/comments.db"
    assert parsed["general"]["host"].split() == ["http://localhost:8000", "http://127.0.0.1:8000"]
    assert parsed["moderation"]["enabled"] == "true"
    assert parsed["server"]["listen"] == parsed["server"]["public-endpoint"] == "http://localhost:8080"
    assert parsed["guard"]["enabled"] == "false"
    assert parsed["admin"]["password"] == "pw"
