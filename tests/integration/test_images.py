"""Images on the sample publication: responsive copies, no metadata, a cache, clear errors."""

import logging
import re

import pytest
from PIL import Image

from tests.conftest import ROOT, build, invoke, text

ARTICLE = "2024/09/arctic-shipping-after-the-ice/"


def srcset_entries(value):
    return [(url.removeprefix("/"), int(w.rstrip("w"))) for url, w in (e.split() for e in value.split(", "))]


def test_featured_picture_offers_webp_and_jpeg_at_every_width(site):
    picture = site.html(ARTICLE).select_one(".figure-featured picture")
    source, img = picture.source, picture.img
    assert source["type"] == "image/webp"
    assert srcset_entries(source["srcset"]) == [
        ("images/arctic-shipping-after-the-ice/icebreaker-480w.webp", 480),
        ("images/arctic-shipping-after-the-ice/icebreaker-960w.webp", 960),
        ("images/arctic-shipping-after-the-ice/icebreaker-1200w.webp", 1200)]
    assert [w for _, w in srcset_entries(img["srcset"])] == [480, 960, 1200]
    assert img["sizes"] == source["sizes"]
    assert (img["width"], img["height"], img["fetchpriority"], img["decoding"]) == ("1200", "675", "high", "async")
    assert not img.has_attr("loading")


def test_every_copy_named_in_a_srcset_exists_at_its_width(site):
    checked = 0
    for page in site.root.rglob("*.html"):
        for tag in site.html(str(page.relative_to(site.root))).select("[srcset]"):
            for path, width in srcset_entries(tag["srcset"]):
                with Image.open(site.root / path) as im:
                    assert im.width == width, path
                    assert im.format == ("WEBP" if path.endswith(".webp") else im.format)
                checked += 1
    assert checked > 100


def test_other_pictures_load_lazily(site):
    home = site.html("")
    images = home.select(".post-summary img")
    assert images[0]["fetchpriority"] == "high"
    assert all(i["loading"] == "lazy" and i["decoding"] == "async" for i in images[1:])
    inline = site.html(ARTICLE).select(".post-body img")
    assert inline and all(i["loading"] == "lazy" and i["width"] and i["height"] for i in inline)


def test_no_published_picture_carries_metadata(site):
    pictures = [p for p in site.root.rglob("*") if p.suffix in (".jpg", ".jpeg", ".png", ".webp")]
    assert len(pictures) > 60
    for path in pictures:
        with Image.open(path) as im:
            assert len(im.getexif()) == 0, path
            assert not {"xmp", "exif", "XML:com.adobe.xmp"} & set(im.info), path


def test_every_published_file_can_be_read_by_a_web_server_running_as_another_user(site):
    # Picture copies are links to files of the image cache, made through a temporary
    # file that only its owner could read: they must carry the usual permissions.
    files = [p for p in site.root.rglob("*") if p.is_file()]
    assert len(files) > 200
    assert [str(p.relative_to(site.root)) for p in files if not p.stat().st_mode & 0o004] == []


def test_each_featured_picture_has_a_social_card(site, tmp_path):
    from tests.conftest import sample_posts

    for _, meta in sample_posts():
        stem = meta["image"]["src"].rsplit(".", 1)[0]
        with Image.open(site.root / f"{stem}-card.jpg") as im:
            assert im.size == (1200, 630)


def test_inline_figure_has_caption_and_credit_line(site):
    figure = site.html(ARTICLE).select(".post-body figure")
    assert len(figure) == 1
    assert text(figure[0].select_one(".figure-caption")) == "The shipping season on each route, as the table above describes it."
    assert text(figure[0].select_one(".figure-credit")) == "Photo by Meridian Centre for Global Affairs / CC BY 4.0"
    assert figure[0].select_one("img")["src"] == "/images/arctic-shipping-after-the-ice/route-seasons.png"
    assert not figure[0].select("img[credit], img[license], img[caption]")


def copies_made(records):
    found = [r.getMessage() for r in records if r.getMessage().startswith("images: ")]
    assert len(found) == 1, found
    made, reused = map(int, re.match(r"images: (\d+) copies made, (\d+) taken from the cache", found[0]).groups())
    return made, reused


def test_a_rebuild_that_changes_no_image_processes_no_image(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="plugins.images")
    cache = tmp_path / "image-cache"
    build(ROOT / "publishconf.py", tmp_path / "one", IMAGE_CACHE_PATH=str(cache))
    made, reused = copies_made(caplog.records)
    assert made > 60  # (feeds may have asked for a few copies first: they count as reused)
    caplog.clear()
    build(ROOT / "publishconf.py", tmp_path / "two", IMAGE_CACHE_PATH=str(cache))
    assert copies_made(caplog.records) == (0, made + reused)
    first = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one" / "images").rglob("*"))
    assert first == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two" / "images").rglob("*"))


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_picture_is_an_error_naming_the_post_and_the_file(project, damage):
    picture = project / "content" / "images" / "europes-winter-gas-test" / "pipeline-at-dusk.jpg"
    picture.write_bytes(b"not a picture" if damage == "garbage" else picture.read_bytes()[:2000])
    result = invoke(project, "build")
    assert result.returncode != 0
    out = " ".join(w for w in result.stdout.split() if not re.fullmatch(r"\S+\.py:\d+", w))  # without the log's columns
    # Found where the copies are made (the header of the truncated one reads, its pixels
    # do not), and reported once, at the front matter of the post that features it.
    reason = "cannot identify image file" if damage == "garbage" else "image file is truncated"
    message = ("content/posts/2022/europes-winter-gas-test.md:9: image.src: \"images/europes-winter-gas-test/pipeline-at-dusk.jpg\""
               f" cannot be read as a picture ({reason}")
    assert out.count(message) == 1, out
    assert "(replace it with a JPEG, PNG or WebP)" in out
    assert "Could not process" not in out and "featured by" not in out
    assert "1 error and 0 warnings reported above" in result.stdout + result.stderr


def test_an_inline_image_without_alt_text_is_an_error(project):
    post = project / "content" / "posts" / "2024" / "arctic-shipping-after-the-ice.md"
    post.write_text(re.sub(r"!\[Bar chart[^\]]*\]", "![]", post.read_text()))
    result = invoke(project, "build")
    assert result.returncode != 0
    out = " ".join(result.stdout.split())
    assert "content/posts/2024/arctic-shipping-after-the-ice.md:29: image {static}/images/arctic-shipping-after-the-ice/route-seasons.png: alt: is missing or empty" in out
