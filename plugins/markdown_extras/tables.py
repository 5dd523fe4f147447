"""Wide tables scroll sideways inside the text column instead of widening the page.

Each <table> from Markdown is wrapped in a focusable, labelled region, so that
keyboard users can scroll it too:
<div class="table-scroll" role="region" tabindex="0" aria-label="Table">.
A column's alignment (`| :---: |`) becomes a class of its cells (`align-center`),
not Markdown's style attribute, which the Content-Security-Policy forbids.
"""

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALIGN = re.compile(r"text-align: (left|right|center);?")


class WrapTables(Treeprocessor):
    def run(self, root):
        for cell in root.iter():
            align = cell.tag in ("th", "td") and ALIGN.fullmatch(cell.get("style", ""))
            if align:
                del cell.attrib["style"]
                cell.set("class", " ".join(filter(None, [cell.get("class"), f"align-{align[1]}"])))
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
