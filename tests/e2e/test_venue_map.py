"""Browser journey: the venue directory's map → a venue's page and its map, with the tiles
refused (as on a network that blocks them): the markers and every text stay usable."""

from decimal import Decimal

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_directory_map_leads_to_a_venue_page_without_tiles(live_server, page, shot):
    from wagtail.models import Page

    from artworks.models import ArtworkProgrammePage
    from home.models import HomePage
    from tests.factories import VenueFactory

    home = HomePage.objects.first() or Page.get_first_root_node()
    programme = home.add_child(
        instance=ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    )
    programme.save_revision().publish()
    VenueFactory(
        name="Pôle social d'Asnières–Gennevilliers",
        code="pole-asnieres",
        address="9 rue de la Concorde",
        latitude=Decimal("48.9225"),
        longitude=Decimal("2.2969"),
        phone="01 99 00 10 01",
        step_free_access=True,
        accessibility_notes="Ascenseur.",
    )
    VenueFactory(
        name="PMI Mocquard",
        code="pmi-mocquard",
        latitude=Decimal("48.9279"),
        longitude=Decimal("2.3032"),
    )
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(f"{live_server.url}/un-mois-une-oeuvre/lieux/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2
    page.locator("#lieux-de-la-carte").evaluate("list => list.closest('details').open = true")
    assert (
        "9 rue de la Concorde, 92600 Asnières-sur-Seine"
        in page.locator("#lieux-de-la-carte").inner_text()
    )
    for selector in (".venue-map", ".venue-directory-filter", ".venue-directory-list"):
        assert page.locator(selector).bounding_box()["width"] <= 320, selector
    shot("1-annuaire-320")
    assert_accessible(page)

    page.get_by_role("button", name="PMI Mocquard").click()
    link = page.locator(".leaflet-popup-content").get_by_role("link", name="PMI Mocquard")
    link.wait_for()
    # The popup pans the map into view: click once the map has stopped moving (on a loaded
    # machine the animation outlasts Playwright's stability check and the click was lost).
    page.wait_for_function("() => !document.querySelector('.leaflet-pan-anim, .leaflet-zoom-anim')")
    assert link.get_attribute("href").endswith("/lieux/pmi-mocquard/")
    link.click()
    page.wait_for_url("**/lieux/pmi-mocquard/", timeout=30_000)
    page.goto(f"{live_server.url}/un-mois-une-oeuvre/lieux/pole-asnieres/")
    page.locator(".leaflet-marker-icon").wait_for()
    assert (
        page.get_by_role("link", name="Itinéraire")
        .get_attribute("href")
        .startswith("https://www.openstreetmap.org/directions")
    )
    assert "Accès de plain-pied" in page.locator(".venue-access-list").inner_text()
    assert page.locator(".venue-layout").bounding_box()["width"] <= 320
    shot("2-lieu-320")
    assert_accessible(page)
