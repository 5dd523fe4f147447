"""Pictures from content/ are untrusted: unreadable ones and huge ones are refused with
a reason, huge ones before they are decoded (normalize.py, process.py, variants.py,
inline.py), and published files get the usual modes (plugins/site/files.py)."""

import io
import os
import stat
import warnings

import pytest
from PIL import Image

from plugins.front_matter.normalize import (
    PictureError,
    featured_image,
    image_size,
    open_picture,
    orientation,
    stored_size,
)
from plugins.images import process
from plugins.images.inline import check_images, figures, line_of, outside
from plugins.images.variants import Variant, plan
from plugins.site.files import FILE_MODE, FOLDER_MODE, inodes, publishable


@pytest.fixture
def limit():
    """Pillow's pixel limit for one test (plugins/images sets it from IMAGE_MAX_PIXELS)."""
    saved = Image.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():  # as plugins/images does: open_picture reports them
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield lambda pixels: setattr(Image, "MAX_IMAGE_PIXELS", pixels)
    Image.MAX_IMAGE_PIXELS = saved


def damaged_png(path):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "red").save(buffer, "PNG")
    data = buffer.getvalue()
    start = data.index(b"IDAT") + 8
    path.write_bytes(data[:start] + bytes(20) + data[start + 20:])
    return path


def test_a_picture_over_the_limit_is_refused_with_its_size(tmp_path, limit):
    Image.new("L", (3000, 2000)).save(tmp_path / "big.png")
    limit(4_000_000)  # 6 megapixels: over the limit, under twice it (Pillow only warns)
    with pytest.raises(PictureError) as refused:
        open_picture(tmp_path / "big.png")
    assert refused.value.message == "is 3000×2000 pixels (6 megapixels), over the limit of 4 megapixels"
    assert "IMAGE_MAX_PIXELS" in refused.value.hint
    limit(1_000_000)  # over twice the limit: Pillow refuses to open it, its size is read all the same
    with pytest.raises(PictureError) as refused:
        image_size(str(tmp_path / "big.png"))
    assert refused.value.message == "is 3000×2000 pixels (6 megapixels), over the limit of 1 megapixels"
    assert stored_size(tmp_path / "big.png") == (3000, 2000)
    limit(6_000_000)
    assert image_size(str(tmp_path / "big.png")) == (3000, 2000)


def test_the_size_of_a_png_is_read_without_decoding_it(tmp_path):
    Image.new("RGB", (400, 300)).save(tmp_path / "flat.png")
    with open_picture(tmp_path / "flat.png") as picture:
        assert orientation(picture) == 1
        assert picture.tile  # Pillow clears it once the pixels are decoded


def test_a_rotated_jpeg_has_its_displayed_size(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # a quarter turn
    Image.new("RGB", (400, 300)).save(tmp_path / "turned.jpg", exif=exif)
    assert image_size(str(tmp_path / "turned.jpg")) == (300, 400)


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_text("a text file"), "cannot identify image file"),
    (damaged_png, None),  # its header reads: found as it is decoded (render, below)
    (lambda p: None, "No such file or directory"),
])
def test_an_unreadable_picture_is_refused_with_pillows_reason_without_its_path(tmp_path, make, reason):
    path = tmp_path / "picture.png"
    make(path)
    if reason is None:
        assert image_size(str(path)) == (300, 200)
        return
    with pytest.raises(PictureError) as refused:
        open_picture(str(path))
    assert refused.value.message == f"cannot be read as a picture ({reason})"
    assert refused.value.hint == "replace it with a JPEG, PNG or WebP"


def test_a_copy_of_a_damaged_picture_is_a_picture_error_and_leaves_nothing(tmp_path):
    source = damaged_png(tmp_path / "broken.png")
    with pytest.raises(PictureError) as refused:
        process.render(str(source), Variant("broken.png", 300, 200, "PNG"), str(tmp_path / "copy.png"))
    assert refused.value.message == "cannot be read as a picture (broken data stream when reading image file)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.png"]


def test_a_copy_is_0644_whatever_the_umask(tmp_path):
    Image.new("RGB", (40, 30), "blue").save(tmp_path / "blue.png")
    umask = os.umask(0o077)
    try:
        process.render(str(tmp_path / "blue.png"), Variant("blue.webp", 20, 15, "WEBP"), str(tmp_path / "blue.webp"))
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "blue.webp").stat().st_mode) == 0o644
    with Image.open(tmp_path / "blue.webp") as copy:
        assert copy.size == (20, 15)


def test_a_featured_picture_that_cannot_be_used_has_no_size(tmp_path):
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "text.jpg").write_text("not a picture")
    Image.new("RGB", (8, 8)).save(tmp_path / "outside.jpg")
    fields = {"alt": "A", "credit": "B", "license": "CC-BY-4.0"}
    for src in ("images/text.jpg", "../outside.jpg"):
        image = featured_image({**fields, "src": src}, str(tmp_path / "content"))
        assert (image.src, image.width, image.height) == (src, 0, 0)


def test_a_picture_of_unknown_size_has_no_copies():
    assert plan("images/x.jpg", 0, 0) == ([], [])


@pytest.mark.parametrize("src, folder, leaves", [
    ("../x.jpg", "", True),
    ("/../x.jpg", "posts/2024", True),
    ("images/../../x.jpg", "", True),
    ("{static}../../../x.jpg", "posts/2024", True),
    ("{static}../../images/x.jpg", "posts/2024", False),
    ("{static}/images/x.jpg", "posts/2024", False),
    ("images/x.jpg", "", False),
    ("https://example.org/../x.jpg", "", False),
    ("//example.org/x.jpg", "", False),
    ("..x.jpg", "", False),
])
def test_which_image_sources_leave_the_content_folder(src, folder, leaves):
    assert outside(src, folder) is leaves


def test_an_inline_image_outside_content_is_a_problem_and_no_figure(tmp_path):
    body = '<p><img alt="A map" src="../../x.jpg" credit="Me" license="CC-BY-4.0"></p>'
    assert check_images(body, "posts/2024") == [
        ("../../x.jpg", "src", "is outside content/",
         "put the picture under content/images/ and write its path from there: {static}/images/...")]
    assert figures(body, lambda fields: pytest.fail("a figure was made")) == body


def test_line_of_looks_in_the_body_before_the_front_matter():
    source = "---\ntitle: T\nimage:\n  src: images/a.jpg\n---\nText.\n\n![A](images/a.jpg)\n"
    assert line_of(source, "images/a.jpg") == 8
    assert line_of(source, "title: T") == 2
    assert line_of(source, "nowhere") == 1


def test_published_files_get_0644_and_folders_0755_and_sources_are_left_alone(tmp_path):
    content, out = tmp_path / "content", tmp_path / "out"
    (content).mkdir()
    (out / "images" / "private").mkdir(parents=True)
    (content / "notes.txt").write_text("notes")
    os.chmod(content / "notes.txt", 0o600)
    os.link(content / "notes.txt", out / "notes.txt")  # published as a link to the source
    (out / "images" / "a.jpg").write_text("a")
    os.chmod(out / "images" / "a.jpg", 0o755)
    os.chmod(out / "images" / "private", 0o700)
    os.chmod(out, 0o700)
    (out / "images" / "alias").symlink_to(content / "notes.txt")
    assert publishable(str(out), lambda: inodes(str(content))) == 4
    assert {str(p.relative_to(out)): stat.S_IMODE(p.lstat().st_mode) for p in out.rglob("*") if not p.is_symlink()} == {
        "notes.txt": FILE_MODE, "images": FOLDER_MODE, "images/a.jpg": FILE_MODE, "images/private": FOLDER_MODE}
    assert stat.S_IMODE(out.stat().st_mode) == FOLDER_MODE
    assert stat.S_IMODE((content / "notes.txt").stat().st_mode) == 0o600  # a copy was published instead
    assert (out / "notes.txt").read_text() == "notes" and (out / "notes.txt").stat().st_nlink == 1
    assert publishable(str(out)) == 0  # nothing left to change
