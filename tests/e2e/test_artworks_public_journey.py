"""Browser journey: the « Un mois, une œuvre » page → a work's page → its venue."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium) : test navigateur ignoré.")
    # Playwright's sync API runs an event loop; only for this test (a module-level setting
    # would leak into `check --deploy` subprocesses of other tests).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        yield page
        browser.close()


@pytest.fixture
def plain_http_server(live_server):
    """The session's live server built its middleware before the test settings turned off
    the HTTPS redirect: rebuild it under the current settings."""
    handler = live_server.thread.httpd.get_app()
    while hasattr(handler, "application"):
        handler = handler.application
    handler.load_middleware()
    return live_server


def test_public_programme_to_work_to_venue(plain_http_server, browser_page, request):
    live_server = plain_http_server
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

    out = Path("test-output/e2e") / request.node.name
    out.mkdir(parents=True, exist_ok=True)
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

    page = browser_page
    page.goto(f"{live_server.url}/un-mois-une-oeuvre/")
    assert page.locator("h1").inner_text() == "Un mois, une œuvre"
    page.screenshot(path=str(out / "1-programme.png"), full_page=True)

    page.get_by_role("link", name="Clairs Obscurs, la table").first.click()
    page.wait_for_url("**/oeuvres/clairs-obscurs-la-table/")
    assert "Véronique Ellena" in page.locator(".artwork-facts").inner_text()
    assert page.locator("figure.artwork-figure img").count() == 1
    page.screenshot(path=str(out / "2-oeuvre.png"), full_page=True)

    page.locator(".current-venue a").click()
    page.wait_for_url("**/lieux/pole-social-dasnieres-gennevilliers/")
    assert "Pôle social d'Asnières–Gennevilliers" in page.locator("h1").inner_text()
    assert "Rue du Pôle social" in page.locator(".venue-address").inner_text()
    page.screenshot(path=str(out / "3-lieu.png"), full_page=True)
    assert (out / "3-lieu.png").stat().st_size > 0
