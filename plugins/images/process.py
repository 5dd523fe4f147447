"""Make the published copies of images with Pillow, through a cache keyed by content.

A copy is made once per (image content, size, format): a rebuild that changes no
image reads its copies from the cache. Copies carry no EXIF, XMP or IPTC data
(camera, place, names); only the color profile is kept. Sources are only read, and
only once their header says they are within the pixel limit (normalize.open_picture).
"""

import hashlib
import os
import tempfile

from PIL import Image, ImageOps

from plugins.front_matter.normalize import open_picture, orientation, unreadable
from plugins.site.files import FILE_MODE, link_or_copy

RENDERING = "2"  # change when copies should be made again (quality, method...; 2: readable by all)
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "WEBP": {"quality": 80, "method": 4},
    "PNG": {"optimize": True},
}


def digest(path):
    sha = hashlib.sha256(RENDERING.encode())
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def render(source, variant, dest):
    """Write one copy of `source` as `variant` describes, with no metadata but its color
    profile. A PictureError if the source cannot be used (unreadable, damaged, too large)."""
    with open_picture(source) as original:
        try:
            im = decoded(original, variant)
        except Exception as error:  # damaged pixels: Pillow raises several kinds
            raise unreadable(error, source) from None
        options = dict(SAVE_OPTIONS[variant.format])
        if original.info.get("icc_profile"):
            options["icc_profile"] = original.info["icc_profile"]
        im.info = {}  # nothing from the source's metadata travels with the copy
        fd, partial = tempfile.mkstemp(dir=os.path.dirname(dest), suffix=".part")
        os.close(fd)
        # mkstemp makes a file only its owner can read; the output links this very file,
        # and a web server reads as another user.
        os.chmod(partial, FILE_MODE)
        try:
            im.save(partial, variant.format, **options)
            os.replace(partial, dest)
        finally:
            if os.path.exists(partial):
                os.remove(partial)


def decoded(original, variant):
    """The pixels of the copy: oriented as the header says (normalize.orientation), resized."""
    im = ImageOps.exif_transpose(original) if orientation(original) != 1 else original.copy()
    if im.mode not in ("RGB", "RGBA", "L"):  # palettes resize badly, and not every format saves every mode
        im = im.convert("RGBA" if "A" in im.mode or "transparency" in im.info else "RGB")
    if variant.crop:
        im = ImageOps.fit(im, (variant.width, variant.height), Image.Resampling.LANCZOS)
    elif im.size != (variant.width, variant.height):
        im = im.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
    if variant.format == "JPEG" and im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    return im


def cache_path(source_digest, variant, cache_dir):
    """Where the cache keeps a copy: named by the source's digest and the copy's size and format."""
    ext = {"JPEG": "jpg", "WEBP": "webp", "PNG": "png"}[variant.format]
    name = f"{source_digest}-{variant.width}x{variant.height}{'-crop' if variant.crop else ''}.{ext}"
    return os.path.join(cache_dir, source_digest[:2], name)


def cached_copy(source, source_digest, variant, cache_dir):
    """(path of the copy in the cache, True if it had to be made now)."""
    path = cache_path(source_digest, variant, cache_dir)
    if os.path.exists(path):
        return path, False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    render(source, variant, path)
    return path, True


def cache_dir(settings):
    return settings.get("IMAGE_CACHE_PATH") or os.path.join(settings["CACHE_PATH"], "images")


def served_copy(settings, src):
    """Path, in the cache, of the full-size copy the site serves at `src` (made now if
    needed: the images generator then finds it there)."""
    from plugins.front_matter.normalize import image_size

    from .variants import plan

    source = os.path.join(settings["PATH"], src)
    own, _ = plan(src, *image_size(source))
    return cached_copy(source, digest(source), own[-1], cache_dir(settings))[0]


def publish(cached, output_dir, variant):
    """Put the cached copy in the output: a hard link (a cached copy never changes)."""
    link_or_copy(cached, os.path.join(output_dir, variant.path))
