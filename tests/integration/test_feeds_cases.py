"""Feeds of small sites built for one case each: stable ids, the `id` field, the newest
50 posts, scopes that share a slug, hostile and unprintable text, local builds."""

import importlib
import json
import logging
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree
from pelican.settings import read_settings

from tests.conftest import CONTENT, ROOT, build, front_matter

PUBLISH = ROOT / "publishconf.py"
SITEURL = "https://commentary.example.org"
HOSTILE = ROOT / "tests" / "fixtures" / "sites" / "hostile_text" / "content"
DATA = ROOT / "tests" / "data"


def write_site(root, posts, authors=("Jane Roe",)):
    """content/ with one profile per author, one picture and the given posts
    ({relative path: front matter}); returns the content folder."""
    content = root / "content"
    (content / "authors").mkdir(parents=True)
    for name in authors:
        slug = name.lower().replace(" ", "-")
        (content / "authors" / f"{slug}.md").write_text(yaml.safe_dump({"name": name}, explicit_start=True) + "---\nA bio.\n")
    (content / "images").mkdir()
    shutil.copy(CONTENT / "images" / "authors" / "amara-lind.jpg", content / "images" / "pic.jpg")
    for path, meta in posts.items():
        write_post(content, path, meta)
    return content


def write_post(content, path, meta):
    fields = {"title": "A Post", "date": "2024-05-01 10:00", "authors": ["Jane Roe"], "category": "Policy", **meta}
    target = content / "posts" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(fields, explicit_start=True, allow_unicode=True, sort_keys=False) + "---\nThe body.\n",
                      encoding="utf-8")


def feeds(out, name="all"):
    """(Atom, RSS, JSON) of one feed, parsed."""
    atom = feedparser.parse((out / "feeds" / f"{name}.atom.xml").read_bytes())
    rss = feedparser.parse((out / "feeds" / f"{name}.rss.xml").read_bytes())
    assert atom.bozo == 0 and rss.bozo == 0
    return atom, rss, json.loads((out / "feeds" / f"{name}.json").read_text(encoding="utf-8"))


def entry_ids(out):
    atom, rss, data = feeds(out)
    ids = [e.id for e in atom.entries]
    assert [e.id for e in rss.entries] == ids == [i["id"] for i in data["items"]]
    return ids


IMAGE = {"src": "images/pic.jpg", "alt": "A face", "credit": "Someone", "license": "CC-BY-4.0"}


def test_entry_ids_do_not_change_when_a_post_is_edited(tmp_path):
    content = write_site(tmp_path, {
        "2024/first-post.md": {"title": "First", "tags": ["Trade"], "image": IMAGE},
        "2024/second-post.md": {"title": "Second", "date": "2024-06-02"},
    })
    before = entry_ids(build(PUBLISH, tmp_path / "before", PATH=str(content)))
    assert before == ["tag:commentary.example.org,2024-06-02:second-post",
                      "tag:commentary.example.org,2024-05-01:first-post"]
    write_post(content, "2024/first-post.md", {
        "title": "First, Retitled", "slug": "a-new-address", "category": "Economy", "tags": ["Energy"],
        "modified": "2024-07-01 09:00", "image": {**IMAGE, "caption": "Now with a caption"},
    })
    out = build(PUBLISH, tmp_path / "after", PATH=str(content))
    assert entry_ids(out) == before
    atom, _, _ = feeds(out)
    assert atom.entries[1].link == f"{SITEURL}/2024/05/a-new-address/" and atom.entries[1].title == "First, Retitled"


def test_a_moved_post_keeps_its_old_id(tmp_path):
    old_id = "https://old.example.org/?p=42"
    content = write_site(tmp_path, {"2019/moved.md": {"date": "2019-03-01", "id": old_id}})
    out = build(PUBLISH, tmp_path / "out", PATH=str(content))
    assert entry_ids(out) == [old_id]
    guid = etree.parse(out / "feeds" / "all.rss.xml").find("channel/item/guid")
    assert (guid.text, guid.get("isPermaLink")) == (old_id, "false")


def test_ids_that_are_not_uris_or_not_unique_fail_the_build(tmp_path, caplog):
    content = write_site(tmp_path, {
        "2024/bad-id.md": {"id": "old post 42"},
        "2024/one.md": {"id": "tag:old.example.org,2019:7"},
        "2025/two.md": {"date": "2025-01-01", "id": "tag:old.example.org,2019:7"},
    })
    caplog.set_level(logging.ERROR)
    with pytest.raises(SystemExit):
        build(PUBLISH, tmp_path / "out", PATH=str(content))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("plugins")]
    assert errors == [
        'content/posts/2024/bad-id.md:7: id: "old post 42" is not an absolute URI (copy the entry\'s id from the old feed '
        "as it was, e.g. tag:old.example.org,2019:42 or https://old.example.org/?p=42)",
        'content/posts/2024/one.md:7: id: the feed entry id "tag:old.example.org,2019:7" is also that of '
        "content/posts/2025/two.md (give one of them an `id:` of its own (README.md, Feeds))",
        'content/posts/2025/two.md:7: id: the feed entry id "tag:old.example.org,2019:7" is also that of '
        "content/posts/2024/one.md (give one of them an `id:` of its own (README.md, Feeds))",
    ]


def test_a_feed_carries_the_newest_50_posts_by_default(tmp_path):
    assert read_settings(str(PUBLISH))["FEED_MAX_ITEMS"] == 50
    posts = {f"2024/post-{n:02d}.md": {"title": f"Post {n}", "date": f"2024-01-01 {n // 60:02d}:{n % 60:02d}"}
             for n in range(1, 56)}
    out = build(PUBLISH, tmp_path / "out", PATH=str(write_site(tmp_path, posts)))
    newest = [f"Post {n}" for n in range(55, 5, -1)]
    for name in ("all", "category/policy", "author/jane-roe"):
        atom, rss, data = feeds(out, name)
        assert [e.title for e in atom.entries] == [e.title for e in rss.entries] == newest
        assert [i["title"] for i in data["items"]] == newest


def test_a_category_a_tag_and_an_author_may_share_a_slug(tmp_path):
    content = write_site(tmp_path, {"2024/desk.md": {"authors": ["Policy Desk"], "category": "Policy Desk",
                                                     "tags": ["Policy Desk"]}}, authors=("Policy Desk",))
    out = build(PUBLISH, tmp_path / "out", PATH=str(content))
    titles = set()
    for kind in ("category", "tag", "author"):
        atom, rss, data = feeds(out, f"{kind}/policy-desk")
        assert len(atom.entries) == len(rss.entries) == len(data["items"]) == 1
        titles.add(atom.feed.title)
    assert titles == {"Meridian Commentary: Policy Desk", "Meridian Commentary: posts tagged Policy Desk",
                      "Meridian Commentary: posts by Policy Desk"}


# --- Text that must not break anything -------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return build(PUBLISH, tmp_path_factory.mktemp("hostile"), PATH=str(HOSTILE))


def every_feed(out):
    return sorted(p for p in (out / "feeds").rglob("*") if p.name.endswith((".atom.xml", ".rss.xml", ".json")))


def check_valid(out):
    atom_schema = etree.RelaxNG(file=str(DATA / "atom.rng"))
    json_schema = jsonschema.Draft202012Validator(json.loads((DATA / "jsonfeed-1.1.schema.json").read_text()))
    paths = every_feed(out)
    for path in paths:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            assert not list(json_schema.iter_errors(data)), path
        else:
            tree = etree.parse(path)  # raises unless well-formed
            assert feedparser.parse(path.read_bytes()).bozo == 0, path
            if path.name.endswith(".atom.xml"):
                assert atom_schema.validate(tree), (path, atom_schema.error_log.last_error)
    return paths


def test_hostile_text_leaves_every_feed_valid(hostile):
    assert len(check_valid(hostile)) == 3 * (1 + 1 + 1 + 2)  # site, category, author, two tags


def test_hostile_text_reaches_readers_as_the_author_wrote_it(hostile):
    post = front_matter(HOSTILE / "posts" / "hostile.md")
    atom, rss, data = feeds(hostile)
    undo = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    for entry in (atom.entries[0], rss.entries[0]):
        assert entry.title.translate(undo) == post["title"]
        assert [a.name for a in entry.authors] == post["authors"]
        assert [t.term for t in entry.tags] == [post["category"], *post["tags"]]
        assert [c["content"] for c in entry.media_credit] == [post["image"]["credit"]]
        figure = BeautifulSoup(entry.content[0].value, "html.parser").find("figure")
        assert figure.select_one(".figure-caption").get_text() == post["image"]["caption"]
        assert figure.img["alt"] == post["image"]["alt"]
        assert "<script" not in entry.content[0].value and "<script" not in entry.summary
    item = data["items"][0]
    assert item["title"].translate(undo) == post["title"]
    assert [a["name"] for a in item["authors"]] == post["authors"]
    assert item["tags"] == [post["category"], *post["tags"]]
    assert (item["_image"]["caption"], item["_image"]["credit"]) == (post["image"]["caption"], post["image"]["credit"])
    assert "<script" not in item["content_html"]


def test_characters_xml_cannot_carry_are_left_out(tmp_path):
    content = write_site(tmp_path, {"2024/bell.md": {"title": "Ring\x07 the bell", "tags": ["Tab\x0bbed"],
                                                     "image": {**IMAGE, "caption": "A bell\x07 here"}}})
    out = build(PUBLISH, tmp_path / "out", PATH=str(content))
    check_valid(out)
    atom, rss, data = feeds(out)
    for entry in (atom.entries[0], rss.entries[0]):
        assert entry.title == "Ring the bell" and entry.tags[1].term == "Tabbed"
    assert data["items"][0]["_image"]["caption"] == "A bell here"


def test_local_builds_link_to_the_preview_address(tmp_path):
    out = build(ROOT / "pelicanconf.py", tmp_path)
    preview = "http://localhost:8000/"
    for path in every_feed(out):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            data = json.loads(raw)
            markup = [i["content_html"] for i in data["items"]]
            links = [data["feed_url"], *(i["url"] for i in data["items"])]
        else:
            parsed = feedparser.parse(raw.encode())
            markup = [e.content[0].value for e in parsed.entries]
            links = [e.link for e in parsed.entries] + [a.href for e in parsed.entries for a in e.authors if "href" in a]
            assert f'<?xml-stylesheet href="{preview}theme/feed.xsl"' in raw
        assert links and all(link.startswith(preview) for link in links), path
        for html in markup:
            soup = BeautifulSoup(html, "html.parser")
            assert all(t["src"].startswith(preview) for t in soup.find_all(src=True)), path
            assert all(not t["href"].startswith("/") for t in soup.find_all(href=True)), path
    assert Path(out / "feeds" / "index.html").is_file()


def test_feeds_are_the_same_without_pelicans_own_item_work(tmp_path, monkeypatch):
    """Pelican's Writer adds each item with its address and post only (plugins/feeds,
    item_to_complete): the feeds written equal those built on Pelican's whole items."""
    feeds = importlib.import_module("plugins.feeds")  # as Pelican loaded it
    calls = []
    pelicans = feeds._pelicans_item
    monkeypatch.setattr(feeds, "_pelicans_item", lambda *a: calls.append(a) or pelicans(*a))
    # In one process (no feeds process), where the calls can be counted.
    one_process = [p for p in read_settings(str(ROOT / "publishconf.py"))["PLUGINS"] if p != "plugins.parallel"]
    shortcut = build(ROOT / "publishconf.py", tmp_path / "shortcut", PLUGINS=one_process)
    assert calls == []  # Pelican's own item code did not run

    class Forgets(dict):  # the plugin does not know the build: Pelican's own items
        def __setitem__(self, key, value):
            pass

    monkeypatch.setattr(feeds, "_build", Forgets())
    whole = build(ROOT / "publishconf.py", tmp_path / "whole", PLUGINS=one_process)
    assert len(calls) > 100, len(calls)
    files = sorted(p.relative_to(whole) for p in whole.rglob("*") if p.suffix == ".xml" and "feeds" in p.parts)
    assert len(files) > 40
    assert [f for f in files if (shortcut / f).read_bytes() != (whole / f).read_bytes()] == []
