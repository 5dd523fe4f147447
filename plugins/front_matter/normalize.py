"""Turn raw front-matter values into typed ones. Pure: no Pelican imports."""

import os
from dataclasses import dataclass

from PIL import Image

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


def image_size(path, sizes=None):
    """(width, height) of a picture as displayed, EXIF orientation applied. `sizes`,
    a dict kept for one build, remembers them by path and file stamp: many posts
    share a picture, and a picture that changes is read again."""
    key = (path, file_stamp(path))
    if sizes is not None and key in sizes:
        return sizes[key]
    with Image.open(path) as picture:
        size = picture.size
        if picture.getexif().get(0x0112) in (5, 6, 7, 8):  # rotated a quarter turn
            size = size[::-1]
    if sizes is not None:
        sizes[key] = size
    return size


def featured_image(image, content_path, sizes=None):
    width, height = image_size(os.path.join(content_path, image["src"]), sizes)
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
