"""Which copies of an image the site publishes, and where. Pure: no Pillow, no I/O.

For `images/post/photo.jpg`, 1200 px wide, with widths (480, 960, 1600):
- `images/post/photo.jpg`: the full size, in its own format, without metadata;
- `images/post/photo-480w.jpg`, `-960w.jpg`: smaller copies in its own format;
- `images/post/photo-480w.webp`, `-960w.webp`, `-1200w.webp`: WebP copies;
- `images/post/photo-card.jpg`: 1200x630 for social cards (featured images only).
Copies are never wider than the original.
"""

import posixpath
from dataclasses import dataclass

WIDTHS = (480, 960, 1600)
CARD_SIZE = (1200, 630)
WEB_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


@dataclass(frozen=True)
class Variant:
    path: str  # output path, relative to the site root (also the URL path)
    width: int
    height: int
    format: str  # Pillow format name
    crop: bool = False  # fill width x height exactly (social card)


def is_processed(path):
    return posixpath.splitext(path)[1].lower() in WEB_FORMATS


def scaled_height(width, height, new_width):
    return max(1, round(height * new_width / width))


def plan(path, width, height, widths=WIDTHS):
    """Every copy of one image: (own-format variants, WebP variants); the
    largest own-format copy is the image's own path. No copies for a picture of unknown size
    (0 x 0: one that cannot be read, reported by the generator)."""
    if width < 1 or height < 1:
        return [], []
    stem, ext = posixpath.splitext(path)
    own = WEB_FORMATS[ext.lower()]
    sizes = sorted({w for w in widths if w < width} | {width})
    originals = [
        Variant(path if w == width else f"{stem}-{w}w{ext}", w, scaled_height(width, height, w), own)
        for w in sizes
    ]
    webps = [Variant(f"{stem}-{w}w.webp", w, scaled_height(width, height, w), "WEBP") for w in sizes]
    if own == "WEBP":
        webps = originals
    return originals, webps


def copies(path, width, height, featured=False):
    """Every copy of one image the site publishes: its own-format and WebP sizes, and
    its social card when a post features it."""
    own, webp = plan(path, width, height)
    return list(dict.fromkeys([*own, *webp, *([card(path)] if featured else [])]))


def card(path):
    stem, _ = posixpath.splitext(path)
    return Variant(f"{stem}-card.jpg", *CARD_SIZE, "JPEG", crop=True)


def srcset(variants, siteurl):
    return ", ".join(f"{siteurl}/{v.path} {v.width}w" for v in variants)
