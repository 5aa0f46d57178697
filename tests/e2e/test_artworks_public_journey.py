"""Browser journey: the « Un mois, une œuvre » page → a work's page → its venue."""

import datetime

import pytest
from django.utils import timezone

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_public_programme_to_work_to_venue(live_server, page, shot):
    from wagtail.models import Page

    from artworks.models import ArtworkProgrammePage
    from home.models import HomePage
    from tests.artworks.factories import (
        ArtistFactory,
        ArtworkFactory,
        ImageFactory,
        PlacementFactory,
    )
    from tests.factories import VenueFactory

    home = HomePage.objects.first() or Page.get_first_root_node()
    programme = home.add_child(
        instance=ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    )
    programme.save_revision().publish()
    today = timezone.localdate()
    ellena = ArtistFactory(name="Véronique Ellena", slug="veronique-ellena")
    work = ArtworkFactory(
        title="Clairs Obscurs, la table",
        slug="clairs-obscurs-la-table",
        artists=[ellena],
        image=ImageFactory(),
        image_credit="Photo : Véronique Ellena",
    )
    venue = VenueFactory(
        name="Pôle social d'Asnières–Gennevilliers",
        code="pole-social-dasnieres-gennevilliers",
        address="Rue du Pôle social",
    )
    PlacementFactory(
        artwork=work,
        venue=venue,
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=27),
    )

    page.goto(f"{live_server.url}/un-mois-une-oeuvre/")
    assert page.locator("h1").inner_text() == "Un mois, une œuvre"
    shot("1-programme")
    assert_accessible(page)

    page.get_by_role("link", name="Clairs Obscurs, la table").first.click()
    page.wait_for_url("**/oeuvres/clairs-obscurs-la-table/")
    assert "Véronique Ellena" in page.locator(".artwork-facts").inner_text()
    assert page.locator("figure.artwork-figure img").count() == 1
    shot("2-oeuvre")
    assert_accessible(page)

    page.locator(".current-venue a").click()
    page.wait_for_url("**/lieux/pole-social-dasnieres-gennevilliers/")
    assert "Pôle social d'Asnières–Gennevilliers" in page.locator("h1").inner_text()
    assert "Rue du Pôle social" in page.locator(".venue-address").inner_text()
    assert shot("3-lieu").stat().st_size > 0
    assert_accessible(page)

    page.go_back()
    page.wait_for_url("**/oeuvres/clairs-obscurs-la-table/")
    page.locator(".artwork-facts").get_by_role("link", name="Véronique Ellena").click()
    page.wait_for_url("**/artistes/veronique-ellena/")
    assert "Véronique Ellena" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Clairs Obscurs, la table").count() >= 1
    shot("4-artiste")
    assert_accessible(page)
