"""Turn raw front-matter values into typed ones. Pure: no Pelican imports."""

import contextlib
import os
from dataclasses import dataclass

from PIL import Image

from plugins.confine.paths import within

from .licenses import LICENSES, License


@dataclass(frozen=True)
class FeaturedImage:
    src: str  # relative to content/, also its URL path on the site
    alt: str
    credit: str
    license: License
    caption: str = ""
    credit_url: str = ""
    width: int = 0
    height: int = 0


def post_license(value, settings):
    return LICENSES.get(value or settings.get("SITE_LICENSE"))


def file_stamp(path):
    """What changes when a file is replaced or edited: (mtime in ns, size)."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size


class PictureError(OSError):
    """A picture the site cannot use: `message` says why, `hint` how to fix it."""

    def __init__(self, message, hint):
        super().__init__(message)
        self.message, self.hint = message, hint


UNREADABLE_HINT = "replace it with a JPEG, PNG or WebP"


def unreadable(error, path=""):
    """The PictureError for a file Pillow could not open or decode, with Pillow's reason
    (without the file's absolute path, which messages name their own way)."""
    if isinstance(error, PictureError):
        return error
    reason = str(error.strerror if isinstance(error, OSError) and error.strerror else error)
    if path:
        reason = reason.replace(repr(str(path)), "").replace(str(path), "")
    reason = reason.strip(" :") or type(error).__name__
    return PictureError(f"cannot be read as a picture ({reason})", UNREADABLE_HINT)


def megapixels(pixels):
    return f"{pixels / 1e6:.3g} megapixels"


def too_large(pixels, limit, size=None):
    what = f"{size[0]}×{size[1]} pixels ({megapixels(pixels)})" if size else megapixels(pixels)
    return PictureError(f"is {what}, over the limit of {megapixels(limit)}",
                        "resize it: 4000 pixels on its longer side is plenty for a web page; "
                        "IMAGE_MAX_PIXELS sets the limit")


def open_picture(path):
    """The picture at `path`, opened but not decoded (Pillow reads only its header), or a
    PictureError: when it cannot be opened, or when it has more pixels than Pillow's
    MAX_IMAGE_PIXELS (plugins/images sets it from IMAGE_MAX_PIXELS), so that a huge
    picture is refused before a byte of it is decoded."""
    limit = Image.MAX_IMAGE_PIXELS
    try:
        picture = Image.open(path)
    except Image.DecompressionBombError:  # over twice the limit: Pillow's own check
        size = stored_size(path)
        raise too_large(size[0] * size[1] if size else 2 * limit + 1, limit, size) from None
    except Exception as error:  # Pillow raises several kinds for bad files
        raise unreadable(error, path) from None
    width, height = picture.size
    if limit and width * height > limit:
        picture.close()
        raise too_large(width * height, limit, (width, height))
    return picture


def stored_size(path):
    """(width, height) as a picture's header gives them, for one Pillow refuses to open
    as too large: read by the reader of its format (Pillow's registry), as Image.open
    does, without the check; None if no reader knows it."""
    try:
        with open(path, "rb") as f:
            prefix = f.read(16)
            for name in Image.ID:
                factory, accept = Image.OPEN[name]
                known = not accept or accept(prefix)
                if known and not isinstance(known, str):
                    f.seek(0)
                    with contextlib.suppress(Exception):
                        return factory(f, path).size
    except OSError:
        pass
    return None


def orientation(picture):
    """The EXIF orientation (1 to 8) a picture's header gives, without decoding it
    (Pillow decodes a whole PNG to look for EXIF data after its pixels: such data
    is not looked for, here or when copies are made)."""
    if picture.format == "PNG" and "exif" not in picture.info:
        return 1
    try:
        return picture.getexif().get(0x0112, 1)
    except Exception:  # damaged EXIF data: the picture as it is stored
        return 1


def image_size(path, sizes=None):
    """(width, height) of a picture as displayed, EXIF orientation applied, read from its
    header (nothing is decoded); a PictureError if it cannot be used. `sizes`, a dict
    kept for one build, remembers them by path and file stamp: many posts share a
    picture, and a picture that changes is read again."""
    key = (path, file_stamp(path))
    if sizes is not None and key in sizes:
        return sizes[key]
    with open_picture(path) as picture:
        size = picture.size
        if orientation(picture) in (5, 6, 7, 8):  # rotated a quarter turn
            size = size[::-1]
    if sizes is not None:
        sizes[key] = size
    return size


def featured_image(image, content_path, sizes=None):
    """The FeaturedImage of front-matter (or inline) fields. A picture that cannot be
    used (unreadable, too large, outside content/) has no size (0 x 0): plugins/images
    reports it, naming each post that uses it, and the build fails."""
    path = os.path.join(content_path, image["src"])
    try:
        if not within(path, content_path):
            raise PictureError("is outside content/", "")
        width, height = image_size(path, sizes)
    except OSError:
        width = height = 0
    return FeaturedImage(
        src=image["src"],
        alt=image.get("alt", ""),
        caption=image.get("caption", ""),
        credit=image.get("credit", ""),
        credit_url=image.get("credit_url", ""),
        license=LICENSES.get(image.get("license")),
        width=width,
        height=height,
    )
