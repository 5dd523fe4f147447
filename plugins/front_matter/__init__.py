"""Front matter: normalize post, page and profile metadata (DESIGN.md §3-§5).

At `content_object_init` the raw YAML values are replaced by typed ones, so that
templates and other plugins get a `License` for `license` and a `FeaturedImage`
for `image`.
"""

import logging

from pelican import signals
from pelican.contents import Article, Page

from .licenses import LICENSES
from .normalize import featured_image, post_license

log = logging.getLogger(__name__)


def normalize(content):
    if not isinstance(content, (Article, Page)):
        return
    settings = content.settings
    content.license = post_license(getattr(content, "license", None), settings)
    image = getattr(content, "image", None)
    if isinstance(image, dict):
        content.image = featured_image(image, settings["PATH"])


def add_template_globals(generator):
    generator.env.globals["licenses"] = LICENSES


def register():
    signals.generator_init.connect(add_template_globals)
    signals.content_object_init.connect(normalize)
