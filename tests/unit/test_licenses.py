import pytest

from plugins.front_matter.licenses import LICENSES
from tests.conftest import ROOT

DESIGN_IDS = [
    f"CC-{terms}-{version}"
    for version in ("2.0", "3.0", "4.0")
    for terms in ("BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND")
] + ["CC0-1.0", "LicenseRef-All-Rights-Reserved"]


def test_the_registry_holds_exactly_the_licenses_of_the_design():
    assert sorted(LICENSES) == sorted(DESIGN_IDS)


@pytest.mark.parametrize(
    "spdx, short, name, url",
    [
        ("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        ("CC-BY-NC-SA-2.0", "CC BY-NC-SA 2.0", "Creative Commons Attribution-NonCommercial-ShareAlike 2.0 Generic", "https://creativecommons.org/licenses/by-nc-sa/2.0/"),
        ("CC-BY-ND-3.0", "CC BY-ND 3.0", "Creative Commons Attribution-NoDerivs 3.0 Unported", "https://creativecommons.org/licenses/by-nd/3.0/"),
        ("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0", "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
        ("CC0-1.0", "CC0 1.0", "Creative Commons CC0 1.0 Universal Public Domain Dedication", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("LicenseRef-All-Rights-Reserved", "All rights reserved", "All rights reserved", ""),
    ],
)
def test_names_and_urls(spdx, short, name, url):
    lic = LICENSES[spdx]
    assert (lic.short, lic.name, lic.url) == (short, name, url)


@pytest.mark.parametrize("lic", LICENSES.values(), ids=str)
def test_every_badge_is_served_by_the_theme(lic):
    if lic.kind == "reserved":
        assert lic.badge == ""
    else:
        assert (ROOT / "theme" / "static" / lic.badge).is_file()
