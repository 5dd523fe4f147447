"""The security headers' pure parts (plugins/headers/policy.py): the policy from the
settings, its <meta> form, the headers and the `_headers` file, and the one inline
script livereload's builds allow."""

import markdown
import pytest

from plugins.headers import meta_policy, policy_for, setting_problems
from plugins.headers.policy import (
    allowing_scripts,
    content_security_policy,
    for_meta,
    headers_file,
    http_headers,
    origin,
    script_hash,
)

SITE = "https://commentary.example.org"
SAMPLE = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def directives(text):
    return {part.split()[0]: part.split()[1:] for part in text.split("; ")}


@pytest.mark.parametrize(("url", "expected"), [
    ("https://comments.example.org", "https://comments.example.org"),
    ("https://Comments.Example.ORG/isso/js/", "https://comments.example.org"),  # the origin only
    ("http://localhost:8080", "http://localhost:8080"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("https://user@comments.example.org", "https://comments.example.org"),
    ("", None),
    ("/isso/", None),  # relative: no origin
    ("ftp://comments.example.org", None),
    ("javascript:alert(1)", None),
    ("https://comments.example.org:port", None),
    ("https://a\"b.example.org", None),  # could not be written into a policy
    ("https://a b.example.org", None),
    ("https://a;b.example.org", None),
])
def test_origin(url, expected):
    assert origin(url) == expected


def test_a_site_without_comments_allows_only_itself():
    policy = content_security_policy("", SITE)
    assert for_meta(policy) == SAMPLE
    values = dict(http_headers(policy))
    assert values["Content-Security-Policy"] == SAMPLE + "; frame-ancestors 'none'"


def test_a_comment_server_on_another_origin_may_serve_scripts_and_answer_requests():
    found = directives(for_meta(content_security_policy("https://comments.example.org/", SITE)))
    assert found["script-src"] == ["'self'", "'wasm-unsafe-eval'", "https://comments.example.org"]
    assert found["connect-src"] == ["'self'", "https://comments.example.org"]
    # ...and nothing else: Isso's own stylesheet is off, avatars too
    assert found["style-src"] == found["img-src"] == ["'self'"]
    assert found["default-src"] == ["'self'"]


def test_a_comment_server_on_the_site_itself_is_covered_by_self():
    policy = content_security_policy(f"{SITE}/isso/", SITE)
    assert for_meta(policy) == SAMPLE


def test_local_builds_name_the_preview_comment_server():
    found = directives(for_meta(content_security_policy("http://localhost:8080", "http://localhost:8000")))
    assert found["script-src"][-1] == found["connect-src"][-1] == "http://localhost:8080"


def test_frames_are_allowed_only_from_the_hosts_given():
    assert "frame-src" not in directives(for_meta(content_security_policy("", SITE)))
    policy = content_security_policy("", SITE, frames=["www.youtube-nocookie.com", "https://player.vimeo.com/video/",
                                                       "www.youtube-nocookie.com", SITE])
    assert directives(for_meta(policy))["frame-src"] == ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_the_meta_policy_leaves_out_what_only_a_header_can_carry():
    meta = for_meta(content_security_policy("", SITE))
    header = dict(http_headers(content_security_policy("", SITE)))["Content-Security-Policy"]
    assert "frame-ancestors" not in meta and "frame-ancestors 'none'" in header
    assert header.startswith(meta)
    # Nothing in either needs escaping in an HTML attribute or a header line.
    assert not set('"<>&\n') & set(header)


def test_every_response_header():
    values = dict(http_headers(content_security_policy("", SITE)))
    assert list(values) == ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                            "X-Frame-Options", "Permissions-Policy"]
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert values["X-Frame-Options"] == "DENY"
    assert values["Permissions-Policy"].startswith("accelerometer=(), camera=(), geolocation=()")
    assert all(feature.endswith("=()") for feature in values["Permissions-Policy"].split(", "))


def test_the_headers_file_has_one_rule_for_every_path():
    text = headers_file([("A", "1"), ("B-C", "x y; z")])
    lines = text.splitlines()
    assert lines[0].startswith("#")
    assert lines[1:] == ["/*", "  A: 1", "  B-C: x y; z"]
    assert text.endswith("\n")


def test_the_policy_follows_the_settings():
    settings = {"SITEURL": SITE, "COMMENTS": {"url": "https://comments.example.org"}}
    assert directives(for_meta(policy_for(settings)))["connect-src"] == ["'self'", "https://comments.example.org"]
    assert for_meta(policy_for({"SITEURL": SITE, "COMMENTS": {"url": ""}})) == SAMPLE
    assert for_meta(policy_for({"SITEURL": "", "FEED_DOMAIN": "http://localhost:8000"})) == SAMPLE
    # A COMMENTS setting with a problem turns comments off (plugins/comments says why):
    # its server is not let in.
    broken = {"SITEURL": SITE, "COMMENTS": {"url": "http://comments.example.org"}}  # http for an https site
    assert for_meta(policy_for(broken)) == SAMPLE


def test_embed_hosts_may_be_framed():
    settings = {"SITEURL": SITE, "EMBED_HOSTS": ["www.youtube-nocookie.com", "not a host"]}
    assert directives(for_meta(policy_for(settings)))["frame-src"] == ["'self'", "https://www.youtube-nocookie.com"]


# --- livereload's builds: its server's one inline script ------------------------------

# A script as livereload's server adds it (not its text: any inline script will do).
RELOADER = '<script type="text/javascript">(function(){var s=document.createElement("script");})();</script>'


def test_an_inline_script_is_allowed_by_the_digest_of_its_text():
    # The example of the CSP specification (CSP 3, "Hash usage for script elements").
    assert script_hash("<script>alert('Hello, world.');</script>") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    # The attributes are not part of it; the text is, to the last space.
    assert script_hash("<script type=\"text/javascript\">alert('Hello, world.');</script>") == script_hash(
        "<script>alert('Hello, world.');</script>")
    assert script_hash("<script>alert('Hello, world.'); </script>") != script_hash("<script>alert('Hello, world.');</script>")
    assert script_hash(RELOADER).startswith("'sha256-") and script_hash(RELOADER).endswith("='")


@pytest.mark.parametrize("value", [
    "", "alert(1)", "<script src=\"/x.js\"></script>", "<SCRIPT SRC='/x.js'>alert(1)</SCRIPT>",
    "<script>a()</script><script>b()</script>", "<style>p{}</style>", "<script>a()", None, ["<script>a()</script>"],
])
def test_anything_but_one_inline_script_element_has_no_digest(value):
    assert script_hash(value) is None


def test_a_normal_build_allows_no_inline_script():
    for settings in ({"SITEURL": SITE}, {"SITEURL": SITE, "LIVERELOAD_SCRIPT": ""}):
        assert meta_policy(settings) == for_meta(policy_for(settings)) == SAMPLE
        assert setting_problems(settings) == []
    local = {"SITEURL": "", "FEED_DOMAIN": "http://localhost:8000", "LIVERELOAD_SCRIPT": ""}
    assert meta_policy(local) == SAMPLE
    assert "sha256" not in meta_policy(local) and "unsafe-inline" not in meta_policy(local)


def test_a_livereload_build_allows_its_servers_script_and_nothing_more():
    settings = {"SITEURL": "", "FEED_DOMAIN": "http://localhost:8000", "LIVERELOAD_SCRIPT": RELOADER,
                "COMMENTS": {"url": "http://localhost:8080"}}
    found, normal = directives(meta_policy(settings)), directives(for_meta(policy_for(settings)))
    assert found["script-src"] == [*normal["script-src"], script_hash(RELOADER)]
    assert normal["script-src"] == ["'self'", "'wasm-unsafe-eval'", "http://localhost:8080"]
    assert {k: v for k, v in found.items() if k != "script-src"} == {k: v for k, v in normal.items() if k != "script-src"}
    assert "'unsafe-inline'" not in meta_policy(settings)
    # The `_headers` file, which livereload's server does not send, is a normal build's.
    assert "sha256" not in dict(http_headers(policy_for(settings)))["Content-Security-Policy"]
    assert setting_problems(settings) == []


def test_a_livereload_script_that_is_not_one_script_element_is_reported_and_not_allowed():
    settings = {"SITEURL": "", "LIVERELOAD_SCRIPT": "alert(1)"}
    assert meta_policy(settings) == SAMPLE
    [(name, message, hint)] = setting_problems(settings)
    assert name == "LIVERELOAD_SCRIPT" and "<script>" in message and "invoke livereload" in hint


def test_allowing_scripts_adds_to_script_src_only():
    policy = content_security_policy("", SITE)
    assert allowing_scripts(policy, []) == policy
    changed = allowing_scripts(policy, ["'sha256-AAAA'"])
    assert [name for name, _ in changed] == [name for name, _ in policy]
    assert [(n, v) for n, v in changed if n != "script-src"] == [(n, v) for n, v in policy if n != "script-src"]
    assert dict(changed)["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'sha256-AAAA'"]
    assert dict(policy)["script-src"] == ["'self'", "'wasm-unsafe-eval'"]  # not changed in place


def test_markdown_aligns_table_columns_with_classes_not_styles():
    text = "| a | b | c |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |\n"
    html = markdown.markdown(text, extensions=["markdown.extensions.tables", "plugins.markdown_extras.tables"])
    assert "style=" not in html
    assert html.count('class="align-left"') == html.count('class="align-center"') == html.count('class="align-right"') == 2
