"""Drafts: built by `invoke build` and `preview` with a noindex tag, never part of a publish build."""

import pytest

from publishing import cli
from tests.conftest import ROOT, sample_posts

DRAFTS = [(path, meta) for path, meta in sample_posts() if meta.get("status") == "draft"]
NOINDEX = 'meta[name="robots"][content="noindex"]'


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample publication as `invoke publish` builds it."""
    folder = tmp_path_factory.mktemp("published")
    cli.build(ROOT, folder)
    return folder


def test_the_sample_has_a_draft_with_its_own_picture():
    (path, meta), = DRAFTS
    others = [m for p, m in sample_posts() if p != path]
    assert meta["image"]["src"] not in {m.get("image", {}).get("src") for m in others}


def test_a_draft_page_asks_search_engines_to_leave_it_out(site):
    (path, _), = DRAFTS
    assert site.html(f"drafts/{path.stem}/").select(NOINDEX)
    assert not site.html("").select(NOINDEX)
    assert not site.html("about/").select(NOINDEX)


def test_a_publish_build_leaves_drafts_out_altogether(published, site):
    (path, meta), = DRAFTS
    assert (site.root / "drafts").is_dir()  # preview builds them
    assert not (published / "drafts").exists()
    picture = meta["image"]["src"].rsplit("/", 1)[0]  # images/<draft>/
    assert not (published / picture).exists() and (site.root / picture).is_dir()
    mentions = [f for f in published.rglob("*") if f.is_file() and path.stem.encode() in f.read_bytes()]
    assert mentions == []
    assert (published / "index.html").is_file()
    assert not any(f.read_text(encoding="utf-8").count('content="noindex"') for f in published.rglob("*.html"))
