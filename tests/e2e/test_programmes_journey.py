"""Browser journey: home → programme → filtered calendar → event page → iCal download."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def next_month():
    today = timezone.localdate()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def test_a_visitor_finds_a_seniors_event_in_nanterre_and_downloads_it(live_server, page, shot):
    from icalendar import Calendar

    from places.models import Commune
    from programmes.models import Occurrence
    from tests.factories import VenueFactory
    from tests.programmes import factories as f

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

    page.goto(live_server.url + "/")
    shot("01-accueil")
    assert_accessible(page)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Nos programmes"
    ).click()
    page.get_by_role("link", name="Giga Séniors").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Giga Séniors"
    shot("02-programme")
    assert_accessible(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Agenda"
    ).click()
    page.get_by_role("checkbox", name="Nanterre", exact=True).check()
    page.get_by_label("Public", exact=True).select_option(label="Seniors")
    page.get_by_label("Du", exact=True).fill(first.isoformat())
    page.get_by_label("Au", exact=True).fill(last.isoformat())
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/agenda/?*")
    assert "1 date trouvée" in page.content()
    assert page.get_by_text("Atelier à Sèvres").count() == 0
    shot("03-agenda-filtre")
    assert_accessible(page)

    page.get_by_role("link", name="Atelier mémoire").click()
    assert page.get_by_text("Ascenseur, accès PMR.").is_visible()
    assert page.get_by_text("Allée des Tilleuls").is_visible()
    shot("04-evenement")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda (toutes les dates, .ics)").click()
    download = download_info.value
    target = shot.folder / download.suggested_filename
    download.save_as(str(target))
    calendar = Calendar.from_ical(target.read_bytes())
    [event] = calendar.walk("VEVENT")
    occurrence = Occurrence.objects.get(event__title="Atelier mémoire")
    assert str(event["UID"]) == occurrence.ical_uid
    assert event["DTSTART"].dt == start
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
