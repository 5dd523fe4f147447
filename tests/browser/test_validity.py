"""The Nu Html Checker (vnu, Java) finds nothing to report on any page, stylesheet or badge."""

import json
import subprocess

from tests.browser.conftest import NODE_MODULES

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(*paths):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", "--also-check-css", "--also-check-svg", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    # vnu's notes on what the pages' Content-Security-Policy would block are wrong here:
    # checked off the disk, a page's origin is a file: URL, which the policy's 'self' does
    # not match, and it counts JSON-LD data blocks as scripts. Chromium, loading the pages
    # over HTTP, says what the policy blocks (test_csp.py); errors in the policy stay.
    return [m for m in json.loads(result.stderr)["messages"]
            if not (m["type"] == "info" and "violates Content Security Policy" in m["message"])]


def test_every_page_stylesheet_and_badge_is_valid(served):
    _, out = served
    pages = list(out.rglob("*.html"))
    assert len(pages) > 30
    messages = vnu(out)
    assert [f"{m['type']}: {m['url'].removeprefix('file:' + str(out))}: {m['message']}" for m in messages] == []


def test_the_checker_reports_what_is_wrong(tmp_path):
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html><head></head><body><p><div>x</p></body></html>")
    types = {m["type"] for m in vnu(tmp_path)}
    assert "error" in types
