"""Lighthouse 12 (mobile, Debian's Chromium): 100 for accessibility, best practices and
SEO, at least 95 for performance, on the home page and an article page."""

import json
import os
import subprocess
import tempfile

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, NODE_MODULES

LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"


def lighthouse(url, name):
    ARTIFACTS.mkdir(exist_ok=True)
    report = ARTIFACTS / f"lighthouse-{name}.json"
    with tempfile.TemporaryDirectory() as profile:
        flags = " ".join([*CHROMIUM_FLAGS, f"--user-data-dir={profile}"])
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={flags}",
             "--only-categories=performance,accessibility,best-practices,seo"],
            check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=240,
        )
    return json.loads(report.read_text())


@pytest.mark.parametrize("name, path", [("home", "/"), ("article", "/2024/05/what-sanctions-can-and-cannot-do/")])
def test_lighthouse_scores(served, name, path):
    base, _ = served
    result = lighthouse(base + path, name)
    scores = {k: round(v["score"] * 100) for k, v in result["categories"].items()}
    failing = [f"{a['id']}: {a['title']}" for a in result["audits"].values()
               if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    assert scores["accessibility"] == 100, failing
    assert scores["best-practices"] == 100, failing
    assert scores["seo"] == 100, failing
    assert scores["performance"] >= 95, scores
