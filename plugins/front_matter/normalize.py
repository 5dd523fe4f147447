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


def featured_image(image, content_path):
    with Image.open(os.path.join(content_path, image["src"])) as picture:
        width, height = picture.size
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
