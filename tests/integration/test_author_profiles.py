"""Profiles are matched by name or file slug, and never built as pages."""

import shutil

from bs4 import BeautifulSoup

from tests.conftest import CONTENT, ROOT, build, text


def test_an_author_written_as_the_profile_file_slug_gets_the_profile_name(tmp_path):
    site = tmp_path / "content"
    shutil.copytree(CONTENT / "authors", site / "authors")
    shutil.copytree(CONTENT / "images", site / "images")
    (site / "posts").mkdir()
    (site / "posts" / "by-slug.md").write_text(
        "---\ntitle: By Slug\ndate: 2024-01-01\nauthors: [amara-lind, Kenji Hale]\ncategory: Tests\n---\nBody.\n"
    )
    out = build(ROOT / "pelicanconf.py", tmp_path / "out", PATH=str(site))
    page = (out / "2024" / "01" / "by-slug" / "index.html").read_text()
    soup = BeautifulSoup(page, "html.parser")
    assert [(text(a), a["href"]) for a in soup.select(".post-byline a")] == [
        ("Amara Lind", "/authors/amara-lind/"), ("Kenji Hale", "/authors/kenji-hale/")]
    assert [text(h) for h in soup.select(".author-card .author-name")] == ["Amara Lind", "Kenji Hale"]
    assert "Senior Fellow" in text(soup.select_one(".author-card .author-affiliations"))
    assert not (out / "authors" / "amara-lind.html").exists()
    assert sorted(p.name for p in (out / "authors").iterdir()) == ["amara-lind", "kenji-hale"]
