"""The theme's stylesheets, published minified.

Sources live in theme/css/ (readable, commented, one file per page kind: main.css
for every page, search.css for the search page, comments.css with the comment
widget); each is written to <THEME_STATIC_DIR>/css/ minified by rcssmin. Everything in
theme/static/ is copied by Pelican as it is.
"""

import logging
import os

from pelican import signals
from pelican.generators import Generator
from rcssmin import cssmin

log = logging.getLogger(__name__)


class StylesheetGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        source = os.path.join(self.theme, "css")
        target = os.path.join(self.output_path, self.settings["THEME_STATIC_DIR"], "css")
        os.makedirs(target, exist_ok=True)
        for name in sorted(os.listdir(source)):
            if name.endswith(".css"):
                with open(os.path.join(source, name), encoding="utf-8") as f:
                    css = cssmin(f.read())
                with open(os.path.join(target, name), "w", encoding="utf-8") as f:
                    f.write(css)


def get_generators(pelican):
    return StylesheetGenerator


def register():
    signals.get_generators.connect(get_generators)
