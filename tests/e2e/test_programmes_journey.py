"""Browser journey: home → programme → filtered calendar → event page → iCal download."""

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "e2e"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def plain_http_live_server(request, django_db_setup):
    """The live server's middleware is built when it starts: switch off the HTTPS redirect of
    the production defaults before that (tests/conftest.py only does it per test). Started after
    the test database, it stops before it, so PostgreSQL can drop the database."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    return request.getfixturevalue("live_server")


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the ORM calls of the test then need this flag,
    # set for this test only (`check --deploy` rightly refuses it in the environment).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(accept_downloads=True, locale="fr-FR")
        yield context.new_page()
        context.close()
        browser.close()
        # The ORM calls made while Playwright's loop ran used their own connection: close it so
        # that PostgreSQL can drop the test database at the end of the session.
        from django.db import connections

        connections.close_all()


def next_month():
    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def test_a_visitor_finds_a_seniors_event_in_nanterre_and_downloads_it(
    plain_http_live_server, browser_page, request
):
    from icalendar import Calendar

    from places.models import Commune
    from programmes.models import Occurrence
    from tests.factories import VenueFactory
    from tests.programmes import factories as f

    shots = OUTPUT / request.node.name
    shots.mkdir(parents=True, exist_ok=True)
    nanterre = Commune.objects.get(insee_code="92050")
    residence = VenueFactory(
        name="Résidence Les Tilleuls",
        kind="residence_seniors",
        commune=nanterre,
        address="Allée des Tilleuls",
        accessibility_notes="Ascenseur, accès PMR.",
    )
    seniors = f.audience("Seniors", "seniors")
    f.calendar_page()
    programme = f.programme("Giga Séniors")
    first, last = next_month()
    start = timezone.make_aware(datetime.combine(first + timedelta(days=3), time(14, 30)))
    f.event(programme, "Atelier mémoire", start=start, venue=residence, audience=seniors)
    f.event(programme, "Atelier à Sèvres", start=start,
            venue=VenueFactory(commune=Commune.objects.get(name="Sèvres")),
            audience=seniors)  # fmt: skip

    page = browser_page
    page.goto(plain_http_live_server.url + "/")
    page.screenshot(path=str(shots / "01-accueil.png"), full_page=True)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Nos programmes"
    ).click()
    page.get_by_role("link", name="Giga Séniors").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Giga Séniors"
    page.screenshot(path=str(shots / "02-programme.png"), full_page=True)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Agenda"
    ).click()
    page.get_by_label("Commune").select_option(label="Nanterre")
    page.get_by_label("Public").select_option(label="Seniors")
    page.get_by_label("Du").fill(first.isoformat())
    page.get_by_label("Au").fill(last.isoformat())
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/agenda/?*")
    assert "1 date trouvée" in page.content()
    assert page.get_by_text("Atelier à Sèvres").count() == 0
    page.screenshot(path=str(shots / "03-agenda-filtre.png"), full_page=True)

    page.get_by_role("link", name="Atelier mémoire").click()
    assert page.get_by_text("Ascenseur, accès PMR.").is_visible()
    assert page.get_by_text("Allée des Tilleuls").is_visible()
    page.screenshot(path=str(shots / "04-evenement.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (toutes les dates, .ics)").click()
    download = download_info.value
    target = shots / download.suggested_filename
    download.save_as(str(target))
    calendar = Calendar.from_ical(target.read_bytes())
    [event] = calendar.walk("VEVENT")
    occurrence = Occurrence.objects.get(event__title="Atelier mémoire")
    assert str(event["UID"]) == occurrence.ical_uid
    assert event["DTSTART"].dt == start
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
