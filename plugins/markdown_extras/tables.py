"""Wide tables scroll sideways inside the text column instead of widening the page.

Each <table> from Markdown is wrapped in a focusable, labelled region, so that
keyboard users can scroll it too:
<div class="table-scroll" role="region" tabindex="0" aria-label="Table">.
"""

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class WrapTables(Treeprocessor):
    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    region = etree.Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": "Table"})
                    parent.remove(child)
                    region.append(child)
                    parent.insert(index, region)


class ScrollableTables(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(WrapTables(md), "scrollable_tables", 5)


def makeExtension(**kwargs):
    return ScrollableTables(**kwargs)
