"""Image copies: names and sizes (pure), metadata stripping and the cache (Pillow)."""

import pytest
from PIL import Image, ImageCms

from plugins.front_matter.normalize import image_size
from plugins.images import process
from plugins.images.inline import check_images, content_path, figures
from plugins.images.variants import card, plan, srcset


def test_plan_never_upscales_and_names_every_copy():
    own, webp = plan("images/p/photo.jpg", 1200, 675)
    assert [(v.path, v.width, v.height) for v in own] == [
        ("images/p/photo-480w.jpg", 480, 270), ("images/p/photo-960w.jpg", 960, 540), ("images/p/photo.jpg", 1200, 675)]
    assert [(v.path, v.format) for v in webp] == [
        ("images/p/photo-480w.webp", "WEBP"), ("images/p/photo-960w.webp", "WEBP"), ("images/p/photo-1200w.webp", "WEBP")]
    own, _ = plan("images/a/b.png", 400, 400)
    assert [(v.path, v.width) for v in own] == [("images/a/b.png", 400)]
    own, _ = plan("images/a/huge.jpg", 3000, 2000)
    assert [v.width for v in own] == [480, 960, 1600, 3000]


def test_card_and_srcset():
    assert (card("images/p/photo.png").path, card("images/p/photo.png").width, card("images/p/photo.png").height) == ("images/p/photo-card.jpg", 1200, 630)
    own, _ = plan("images/p/x.jpg", 960, 540)
    assert srcset(own, "https://s.org") == "https://s.org/images/p/x-480w.jpg 480w, https://s.org/images/p/x.jpg 960w"


@pytest.fixture
def camera_photo(tmp_path):
    """A JPEG as a phone writes it: camera and GPS EXIF, XMP, an sRGB profile, rotated."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "PhoneMaker", "Model X", 6  # make, model, orientation
    exif[0x013B] = "Jane Photographer"  # artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 0.0), "W", (0.0, 7.0, 0.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = tmp_path / "photo.jpg"
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane Photographer"/></rdf:RDF></x:xmpmeta>'
    Image.new("RGB", (800, 600), (120, 160, 200)).save(path, exif=exif, icc_profile=icc, xmp=xmp)
    with Image.open(path) as im:  # the fixture really carries what we strip
        assert im.getexif()[0x010F] == "PhoneMaker" and im.getexif().get_ifd(0x8825)
        assert im.info.get("xmp") and im.info.get("icc_profile")
    return path, icc


@pytest.mark.parametrize("fmt, ext", [("JPEG", "jpg"), ("WEBP", "webp")])
def test_copies_carry_no_metadata_but_the_color_profile(tmp_path, camera_photo, fmt, ext):
    source, icc = camera_photo
    width, height = image_size(source)
    assert (width, height) == (600, 800)  # orientation 6: displayed upright
    own, webp = plan("images/photo.jpg", width, height)
    variant = (own if fmt == "JPEG" else webp)[0]
    dest = tmp_path / f"copy.{ext}"
    process.render(source, variant, dest)
    raw = dest.read_bytes()
    with Image.open(dest) as im:
        assert im.size == (variant.width, variant.height)
        assert len(im.getexif()) == 0
        assert "xmp" not in im.info and "exif" not in im.info
        assert im.info.get("icc_profile") == icc
    for secret in (b"PhoneMaker", b"Model X", b"Jane Photographer", b"Exif\x00\x00", b"xmpmeta"):
        assert secret not in raw


def test_the_cache_makes_each_copy_once_and_never_touches_the_source(tmp_path, camera_photo):
    source, _ = camera_photo
    before = source.read_bytes()
    variant = card("images/photo.jpg")
    digest = process.digest(source)
    first, made = process.cached_copy(source, digest, variant, tmp_path / "cache")
    again, made_again = process.cached_copy(source, digest, variant, tmp_path / "cache")
    assert (made, made_again, first == again) == (True, False, True)
    with Image.open(first) as im:
        assert im.size == (1200, 630)
    assert source.read_bytes() == before


BODY = (
    '<p>Text.</p>\n<p><img alt="A chart" caption="Storage &amp; more" credit="Centre" license="CC-BY-4.0" src="{static}/images/c.png"></p>\n'
    '<p>Inline <img alt="" src="/images/d.png"> icon.</p>\n'
    '<p><img alt="X" credit="Y" src="images/e.png"></p>\n'
    '<p><img alt="Z" credit="Y" license="CC-BY" src="images/f.png"></p>'
)


def test_check_images_names_every_problem():
    assert check_images(BODY) == [
        ("/images/d.png", "alt", "is missing or empty", "describe the picture: ![what it shows](...)"),
        ("images/e.png", "license", "is missing", "a credited image needs both credit= and license="),
        ("images/f.png", "license", '"CC-BY" is not a license id', 'did you mean "CC-BY-4.0"?'),
    ]


def test_credited_images_alone_in_a_paragraph_become_figures():
    out = figures(BODY, lambda f: f"<figure>{f['src']}|{f['caption']}|{f['credit']}|{f['license']}</figure>")
    assert "<figure>images/c.png|Storage & more|Centre|CC-BY-4.0</figure>" in out
    assert out.count("<figure>") == 1 and '<img alt="" src="/images/d.png">' in out


def test_content_path():
    assert {content_path(s) for s in ("{static}/images/x.jpg", "/images/x.jpg", "images/x.jpg")} == {"images/x.jpg"}
