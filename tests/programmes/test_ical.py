"""iCalendar feeds parsed back with the icalendar library: UIDs, times, time zone, updates."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from programmes.models import Recurrence
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(item["UID"]): item for item in calendar.walk("VEVENT")}


@pytest.fixture
def tour(giga_seniors, gennevilliers, asnieres):
    today = timezone.localdate()
    return f.event(
        giga_seniors,
        title="Caravane solidaire",
        recurrence=Recurrence.DATES,
        planned=[
            f.stop(today + timedelta(days=10), address="Place Jean Grandel", commune=gennevilliers),
            f.stop(today + timedelta(days=15), address="Place de la mairie", commune=asnieres),
        ],
    )


def test_the_programme_feed_has_stable_uids_paris_times_and_a_vtimezone(client, tour):
    other = f.programme("Bus Santé Femmes")
    f.event(other, "Étape du bus", start=timezone.now() + timedelta(days=3))
    calendar = parse(client.get("/agenda/programme/giga-seniors.ics"))

    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    items = events_of(calendar)
    occurrences = list(tour.occurrences.order_by("start"))
    assert set(items) == {f"occurrence-{o.uuid}@ihds.hauts-de-seine.fr" for o in occurrences}
    first = items[occurrences[0].ical_uid]
    start = first["DTSTART"]
    assert start.params["TZID"] == "Europe/Paris"
    assert start.dt.tzinfo.key == "Europe/Paris"
    assert start.dt.time().isoformat() == "09:30:00"
    assert start.dt == occurrences[0].start
    assert first["DTEND"].dt == occurrences[0].end
    assert "Place Jean Grandel" in str(first["LOCATION"])
    assert "Gennevilliers" in str(first["LOCATION"])
    assert str(first["STATUS"]) == "CONFIRMED"
    assert int(first["SEQUENCE"]) == 0
    assert str(first["URL"]).endswith("/programmes/giga-seniors/caravane-solidaire/")
    assert "Étape du bus" not in client.get("/agenda/programme/giga-seniors.ics").content.decode()


def test_fetching_the_feed_again_gives_the_same_uids_so_calendars_do_not_duplicate(client, tour):
    first = events_of(parse(client.get("/agenda.ics")))
    second = events_of(parse(client.get("/agenda.ics")))
    assert set(first) == set(second) and len(first) == 2


def test_a_moved_or_cancelled_date_keeps_its_uid_with_a_new_sequence(client, tour):
    moved, cancelled = tour.occurrences.order_by("start")
    before = events_of(parse(client.get("/agenda.ics")))
    new_start = moved.start + timedelta(hours=1)
    moved.move(new_start, moved.end + timedelta(hours=1))
    cancelled.cancel("Intempéries")
    after = events_of(parse(client.get("/agenda.ics")))
    assert set(after) == set(before)
    assert after[moved.ical_uid]["DTSTART"].dt == new_start
    assert int(after[moved.ical_uid]["SEQUENCE"]) == 1
    assert str(after[cancelled.ical_uid]["STATUS"]) == "CANCELLED"
    assert (
        after[cancelled.ical_uid]["LAST-MODIFIED"].dt
        >= before[cancelled.ical_uid]["LAST-MODIFIED"].dt
    )


def test_summer_and_winter_times_are_both_right(client, giga_seniors):
    f.event(giga_seniors, "Hiver", start=f.paris(2030, 1, 10, 14))
    f.event(giga_seniors, "Été", start=f.paris(2030, 7, 10, 14))
    # The feed keeps 90 days of history; ask for the single-event downloads instead.
    for event in giga_seniors.get_children().specific():
        calendar = parse(client.get(f"/agenda/evenement/{event.pk}.ics"))
        [item] = calendar.walk("VEVENT")
        local = item["DTSTART"].dt
        assert (local.hour, local.tzinfo) == (14, ZoneInfo("Europe/Paris"))
        utc_hour = local.astimezone(ZoneInfo("UTC")).hour
        assert utc_hour == (13 if local.month == 1 else 12)


def test_private_and_draft_events_are_not_in_the_feeds(client, giga_seniors):
    soon = timezone.now() + timedelta(days=2)
    f.event(giga_seniors, "Séance en classe", start=soon, is_public=False)
    draft = f.event(giga_seniors, "Brouillon", start=soon)
    draft.unpublish()
    content = client.get("/agenda.ics").content.decode()
    assert "Séance en classe" not in content and "Brouillon" not in content


def test_the_event_download_is_an_attachment(client, giga_seniors):
    event = f.event(giga_seniors, "Forum", start=datetime(2030, 3, 5, 14, tzinfo=PARIS))
    response = client.get(f"/agenda/evenement/{event.pk}.ics")
    assert response["Content-Disposition"] == 'attachment; filename="forum.ics"'
    occurrence = event.occurrences.get()
    response = client.get(f"/agenda/date/{occurrence.uuid}.ics")
    assert response["Content-Disposition"] == 'attachment; filename="forum-2030-03-05.ics"'
    [item] = parse(response).walk("VEVENT")
    assert str(item["UID"]) == occurrence.ical_uid


def test_unknown_or_private_feeds_are_404(client, giga_seniors):
    private = f.event(giga_seniors, "Privé", is_public=False)
    assert client.get("/agenda/programme/inconnu.ics").status_code == 404
    assert client.get(f"/agenda/evenement/{private.pk}.ics").status_code == 404
    occurrence = private.occurrences.get()
    assert client.get(f"/agenda/date/{occurrence.uuid}.ics").status_code == 404
