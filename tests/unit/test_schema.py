import re

import pytest

from plugins.front_matter.schema import AUTHOR, FIELDS, POST, reference
from tests.conftest import ROOT


@pytest.mark.parametrize("kind", [POST, AUTHOR])
def test_readme_field_reference_is_generated_from_the_schema(kind):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"<!-- fields:{kind} -->\n(.*?)\n<!-- /fields:{kind} -->", readme, re.S)
    assert block, f"README.md has no fields:{kind} block"
    assert block.group(1) == reference(kind), "run `python -m plugins.front_matter.schema` and paste its output into README.md"


def test_every_sub_field_has_a_parent():
    names = {f.name for f in FIELDS}
    assert all(f.parent in names for f in FIELDS if f.parent)


def test_design_post_keys_are_all_defined():
    design = ["title", "date", "modified", "authors", "category", "tags", "summary", "license", "image", "original", "status", "comments", "slug", "lang"]
    design += ["id"]  # issue 5: a permanent feed id for posts moved from elsewhere
    design += [f"image.{k}" for k in ("src", "alt", "caption", "credit", "credit_url", "license")]
    design += [f"original.{k}" for k in ("url", "publisher", "title")]
    assert {f.name for f in FIELDS if POST in f.kinds} == set(design)
