"""The licenses a post or an image may carry: the only list of them (DESIGN.md §5).

Ids are SPDX identifiers. Each license knows its short name (for credit lines), its
full name (for the license notice), its canonical URL and its badge, a file in the
theme's static folder so that badges are served by the site itself.
"""

from dataclasses import dataclass

ALL_RIGHTS_RESERVED = "LicenseRef-All-Rights-Reserved"


@dataclass(frozen=True)
class License:
    id: str
    short: str  # "CC BY-NC-SA 4.0"
    name: str  # "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"
    url: str  # the license deed; empty for all rights reserved
    badge: str  # path under the theme's static folder; empty when there is none

    @property
    def kind(self):
        """"cc", "public-domain" or "reserved": templates word their notice by it."""
        if self.id == ALL_RIGHTS_RESERVED:
            return "reserved"
        return "public-domain" if self.id.startswith("CC0") else "cc"

    def __str__(self):
        return self.short

    @property
    def terms(self):
        """The conditions a reuser must meet: {"BY", "NC", "SA", "ND"}, or {"ARR"}."""
        if self.kind == "reserved":
            return frozenset({"ARR"})
        return frozenset(self.id.split("-")[1:-1]) if self.kind == "cc" else frozenset()

    def restricts_more_than(self, other):
        """True when this license imposes a condition that `other` does not."""
        return bool(self.terms - other.terms)


_TERMS = {  # SPDX element -> (words in the full name, deed path element)
    "BY": ("Attribution", "by"),
    "BY-SA": ("Attribution-ShareAlike", "by-sa"),
    "BY-ND": ("Attribution-NoDerivatives", "by-nd"),
    "BY-NC": ("Attribution-NonCommercial", "by-nc"),
    "BY-NC-SA": ("Attribution-NonCommercial-ShareAlike", "by-nc-sa"),
    "BY-NC-ND": ("Attribution-NonCommercial-NoDerivatives", "by-nc-nd"),
}
# Version 2.0 and 3.0 deeds are "Unported" and spell NoDerivs the older way.
_SUFFIX = {"2.0": " Generic", "3.0": " Unported", "4.0": " International"}


def _creative_commons():
    for version, suffix in _SUFFIX.items():
        for terms, (words, path) in _TERMS.items():
            if version != "4.0":
                words = words.replace("NoDerivatives", "NoDerivs")
            yield License(
                id=f"CC-{terms}-{version}",
                short=f"CC {terms} {version}",
                name=f"Creative Commons {words} {version}{suffix}",
                url=f"https://creativecommons.org/licenses/{path}/{version}/",
                badge=f"badges/cc-{path}.svg",
            )


LICENSES = {
    lic.id: lic
    for lic in [
        *_creative_commons(),
        License(
            id="CC0-1.0",
            short="CC0 1.0",
            name="Creative Commons CC0 1.0 Universal Public Domain Dedication",
            url="https://creativecommons.org/publicdomain/zero/1.0/",
            badge="badges/cc-zero.svg",
        ),
        License(
            id=ALL_RIGHTS_RESERVED,
            short="All rights reserved",
            name="All rights reserved",
            url="",
            badge="",
        ),
    ]
}
