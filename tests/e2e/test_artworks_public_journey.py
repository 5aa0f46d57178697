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


def test_works_index_filters_fold_on_phones_and_lead_to_a_work(live_server, page, shot):
    from wagtail.models import Page

    from artworks.models import ArtworkProgrammePage
    from home.models import HomePage
    from places.models import Commune
    from tests.artworks.factories import ArtistFactory, ArtworkFactory, PlacementFactory
    from tests.factories import VenueFactory

    home = HomePage.objects.first() or Page.get_first_root_node()
    programme = home.add_child(
        instance=ArtworkProgrammePage(title="Un mois, une œuvre", slug="un-mois-une-oeuvre")
    )
    programme.save_revision().publish()
    today = timezone.localdate()
    renard = ArtistFactory(name="Hugo Renard", slug="hugo-renard")
    ArtworkFactory(title="Aplats I", series="Aplats", artists=[renard])
    shown = ArtworkFactory(title="Carnets de gare I", series="Carnets de gare")
    PlacementFactory(
        artwork=shown,
        venue=VenueFactory(
            name="CCAS de Nanterre", commune=Commune.objects.get(insee_code="92050")
        ),
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=27),
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/un-mois-une-oeuvre/")
    page.get_by_role("link", name="Toutes les œuvres", exact=True).click()
    page.wait_for_url("**/oeuvres/")
    filters = page.locator("details#filtres")
    assert filters.get_attribute("open") is None  # folded on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_text("Filtrer les œuvres").click()
    page.get_by_label("Commune (exposée en ce moment)").select_option(label="Nanterre")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/oeuvres/?*commune=92050*")
    assert page.locator(".card-title").all_inner_texts() == ["Carnets de gare I"]
    assert (
        "Exposée en ce moment : CCAS de Nanterre (Nanterre)"
        in page.locator(".artwork-on-show").inner_text()
    )
    shot("5-oeuvres-filtrees-390")
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/un-mois-une-oeuvre/oeuvres/")
    assert page.locator("details#filtres").get_attribute("open") is not None
    page.get_by_label("Artiste", exact=True).fill("Hugo Renard")  # a name, suggested or not
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/oeuvres/?*artiste=Hugo+Renard*")
    page.get_by_role("link", name="Aplats I").click()
    page.wait_for_url("**/oeuvres/*/")
    assert page.locator("h1").inner_text() == "Aplats I"
    shot("6-oeuvre-1280")
    assert_accessible(page)
