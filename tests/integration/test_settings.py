"""Both settings files load from any working directory and build without a warning."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_strict_build_from_another_directory(tmp_path, conf):
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(ROOT / "content"), "-s", str(ROOT / conf), "-o", str(tmp_path / "out"), "--fatal", "warnings"],
        cwd="/", capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "index.html").is_file()


def test_publish_settings_override_only_what_publishing_changes():
    from pelican.settings import read_settings

    local = read_settings(str(ROOT / "pelicanconf.py"))
    publish = read_settings(str(ROOT / "publishconf.py"))
    changed = {k for k in publish if publish[k] != local.get(k)}
    assert changed == {
        "SITEURL", "FEED_DOMAIN",
        "PUBLISH_TARGETS", "PUBLISH_DEFAULT", "PUBLISH_GATE", "PRECOMPRESS_TEXT_EXTENSIONS", "PRECOMPRESS_CACHE_PATH",
    }
    assert local["FEED_DOMAIN"] == "http://localhost:8000"
    assert local["TYPOGRIFY"] is True
    assert publish["SITEURL"] == publish["FEED_DOMAIN"] == "https://commentary.example.org"
