"""The iCalendar feeds: written line by line (home.ical) and read back by the icalendar
library, kept by the public page cache under the tags of what they list (home.cache)."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from home.agenda import AgendaItem, AgendaProgramme
from home.ical import build_calendar, fold
from programmes.models import EventPage, Occurrence
from tests.programmes import factories as f


def test_long_accented_lines_are_folded_whole_and_read_back():
    title = "Médiation « Clairs Obscurs n° 3 » ; atelier, goûter\\échanges " * 4
    start = timezone.make_aware(datetime.datetime(2030, 3, 30, 23, 30))  # the night of DST
    item = AgendaItem(
        kind="occurrence",
        pk=1,
        uid="occurrence-1@ihds.hauts-de-seine.fr",
        start=start,
        end=start + datetime.timedelta(hours=4),
        title=title,
        url="/programmes/a/",
        description="Première ligne\nSeconde ligne",
        place_label="Pôle social, 2 rue de l'Église, 92600 Asnières-sur-Seine",
        programme=AgendaProgramme(slug="a", title="Un mois, une œuvre"),
        sequence=2,
        last_modified=start,
        created=start,
    )
    request = RequestFactory().get("/agenda.ics")
    body = build_calendar([item], "Agenda, tout", request, description="90 jours").to_ical()
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    body.decode()  # never a character cut in two
    calendar = Calendar.from_ical(body)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]) == "Première ligne\nSeconde ligne"
    assert str(event["LOCATION"]) == item.place_label
    assert event["DTSTART"].dt == start and event["DTEND"].dt == item.end
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)
    assert event["DTEND"].dt.utcoffset() == datetime.timedelta(hours=2)
    assert event["CATEGORIES"].cats == ["Un mois, une œuvre"]
    assert str(event["URL"]) == "http://testserver/programmes/a/"
    assert int(event["SEQUENCE"]) == 2
    assert str(calendar["X-WR-CALNAME"]) == "Agenda, tout"
    assert fold("é" * 40).count(b"\r\n ") == 1


def served_from_cache(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries) == 0, response.content


@pytest.mark.django_db
def test_the_feeds_are_cached_until_a_date_they_list_changes(client, page_cache):
    f.calendar_page()
    a = f.programme("Giga Séniors")
    b = f.programme("Sourires d'été")
    soon = timezone.now() + datetime.timedelta(days=2)
    event_a = f.event(a, "Forum des seniors", start=soon)
    event_b = f.event(b, "Pique-nique", start=soon)
    feeds = ["/agenda.ics", f"/agenda/evenement/{event_a.pk}.ics"]
    other = f"/agenda/evenement/{event_b.pk}.ics"
    for url in [*feeds, other]:
        client.get(url)
        assert served_from_cache(client, url)[0], url
    other_body = served_from_cache(client, other)[1]

    occurrence = Occurrence.objects.get(event=event_a)
    occurrence.note = "Salle du rez-de-chaussée"
    occurrence.save()

    for url in feeds:
        from_cache, body = served_from_cache(client, url)
        assert not from_cache and b"Salle du rez-de-chauss" in body, url
    assert served_from_cache(client, other) == (True, other_body)

    page = EventPage.objects.get(pk=event_a.pk)
    page.title = "Forum des aînés"
    page.save_revision().publish()
    assert b"Forum des a\xc3\xaen\xc3\xa9s" in served_from_cache(client, "/agenda.ics")[1]
