"""Phones first: every public page type fits the screen at 320, 360 and 390 px (no sideways
scrolling), and the new page types (home, works and artists indexes, venue directory, legal
pages) pass axe."""

import pytest

from tests.e2e.conftest import assert_accessible
from tests.home.site_data import public_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (320, 360, 390)
PAGE_TYPES = (
    "home",
    "programme_index",
    "programme",
    "event",
    "agenda",
    "umuo",
    "work",
    "artist",
    "venue",
    "works",
    "artists",
    "venues",
    "search",
    "legal_notice",
    "personal_data",
    "accessibility",
)
AXE_CHECKED = (
    "home",
    "works",
    "artists",
    "venues",
    "legal_notice",
    "personal_data",
    "accessibility",
)

# The elements reaching past the right edge, to say which one overflows.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
}"""


def test_every_public_page_type_fits_a_phone_screen(live_server, page, shot):
    urls = public_site()
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name in PAGE_TYPES:
            response = page.goto(live_server.url + urls[name])
            assert response.status == 200, (name, response.status)
            page.wait_for_load_state("load")
            measure = page.evaluate(OVERFLOW)
            if measure["scrollWidth"] > measure["innerWidth"]:
                too_wide.append((width, name, measure["scrollWidth"], measure["wide"]))
            shot(f"{width}-{name}")
            if width == 390 and name in AXE_CHECKED:
                assert_accessible(page)
    assert too_wide == [], too_wide
