"""Images: responsive, metadata-free copies of every picture, made once and cached.

- `static_generator_finalized`: images are taken out of Pelican's plain copying
  (their `{static}` links still resolve);
- `ImagesGenerator` (via `get_generators`) writes their copies (variants.py names
  them, process.py makes them through the cache in CACHE_PATH/images); most are
  often made ahead, on an idle core, from `initialized` (ahead.py);
- templates get `image_variants(src, width, height)` and the `srcset` filter;
- images in a post's body: alt text checked, a src that leads out of content/ refused,
  credited ones become figures (inline.py);
- `initialized`: Pillow's MAX_IMAGE_PIXELS is set to IMAGE_MAX_PIXELS, and every
  picture is opened through normalize.open_picture, which refuses one over it from
  its header, before it is decoded. A picture that cannot be used is reported by the
  generator, naming each post that uses it.
"""

import logging
import os
import warnings
from itertools import chain

from pelican import signals
from PIL import Image

from plugins.front_matter import DRAFT_PICTURES, display_path, published_pictures, report
from plugins.front_matter.normalize import featured_image
from plugins.front_matter.validate import Problem

from . import ahead
from .generator import IMAGES_KEY, ImagesGenerator, report_copies
from .inline import check_images, figures, line_of
from .variants import card, is_processed, plan, srcset

log = logging.getLogger(__name__)
DEFAULT_MAX_PIXELS = 50_000_000
_pillow = {}  # Pillow's MAX_IMAGE_PIXELS before this build


def set_pixel_limit(pelican):
    """initialized: no picture over IMAGE_MAX_PIXELS is decoded, whatever code opens it
    (Pillow refuses to open one over twice MAX_IMAGE_PIXELS; open_picture, over it)."""
    limit = pelican.settings.get("IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        log.error("images: IMAGE_MAX_PIXELS must be a number of pixels, such as 50_000_000, not %r", limit)
        limit = DEFAULT_MAX_PIXELS
    _pillow.setdefault("limit", Image.MAX_IMAGE_PIXELS)
    Image.MAX_IMAGE_PIXELS = limit
    # Pillow warns about pictures over the limit as it opens them: open_picture reports them.
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def restore_pixel_limit(pelican):
    """finalized: Pillow's limit as it was before the build (tests build in one process)."""
    if "limit" in _pillow:
        Image.MAX_IMAGE_PIXELS = _pillow.pop("limit")


def take_images_from_static(generator):
    # A picture only drafts feature is left out of a build without drafts (BUILD_DRAFTS).
    unpublished = generator.context.get(DRAFT_PICTURES, set()) - published_pictures(generator.context)
    generator.staticfiles[:] = [s for s in generator.staticfiles if s.relative_source_path not in unpublished]
    images = [s for s in generator.staticfiles if is_processed(s.source_path)]
    generator.staticfiles[:] = [s for s in generator.staticfiles if not is_processed(s.source_path)]
    generator.context[IMAGES_KEY] = images


def add_template_helpers(generator):
    generator.env.globals["image_variants"] = plan
    generator.env.globals["image_card"] = card
    generator.env.filters["srcset"] = srcset


def body_images(generator):
    """Check every image in the bodies of posts (or pages) and render credited figures
    with the theme's figure macro, before anything reads the bodies."""
    figure = generator.env.get_template("partials/figure.html").make_module(vars=dict(generator.context)).figure
    contents = chain(*(getattr(generator, name, []) for name in (
        "articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations",
        "pages", "hidden_pages", "draft_pages")))
    for content in contents:
        problems = check_images(content._content, os.path.dirname(content.relative_source_path))
        if problems:
            with open(content.source_path, encoding="utf-8") as f:
                source = f.read()
            for src, field, message, hint in problems:
                report(Problem(line_of(source, src), f"image {src}: {field}", message, hint), display_path(content))
        path = content.settings["PATH"]
        content._content = figures(content._content, lambda fields, path=path: figure(featured_image(fields, path)))


def get_generators(pelican):
    return ImagesGenerator


def register():
    signals.generator_init.connect(add_template_helpers)
    signals.initialized.connect(set_pixel_limit)  # before ahead.start: its process opens pictures
    signals.initialized.connect(ahead.start)
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(take_images_from_static)
    signals.article_generator_finalized.connect(body_images)
    signals.page_generator_finalized.connect(body_images)
    signals.finalized.connect(report_copies)
    signals.finalized.connect(restore_pixel_limit)
