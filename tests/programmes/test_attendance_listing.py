"""The « Fréquentation » listing staff asked filters for (issue 13): programme, venue (the
user's own only), period; the sessions still « à saisir » are a filter of « Dates
d'événements » and a button of the listing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from programmes.participation import save_record
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_programmes_attendancerecord:list"
DATES = "wagtailsnippets_programmes_occurrence:list"


@pytest.fixture
def records(venue_a, venue_b, programme_staff):
    seniors, bus = f.programme("Giga Séniors"), f.programme("Bus Santé Femmes")
    sessions = {
        "seniors-a": past_session(seniors, venue_a, days_ago=3, title="Forum A"),
        "seniors-b": past_session(seniors, venue_b, days_ago=40, title="Forum B"),
        "bus-a": past_session(bus, venue_a, days_ago=10, title="Arrêt A"),
    }
    for session in sessions.values():
        save_record(programme_staff, session, 10, {})
    sessions["pending"] = past_session(bus, venue_a, days_ago=2, title="Arrêt sans chiffres")
    return sessions


def events_listed(client, url, **params):
    content = client.get(url, params).content.decode()
    return {
        title
        for title in ("Forum A", "Forum B", "Arrêt A", "Arrêt sans chiffres")
        if title in content
    }


def test_the_listing_filters_by_programme_venue_and_period(
    client, programme_staff, records, venue_a
):
    client.force_login(programme_staff)
    url = reverse(LISTING)
    everything = events_listed(client, url)
    assert everything == {"Forum A", "Forum B", "Arrêt A"}
    programme = records["bus-a"].event.programme
    assert events_listed(client, url, programme=programme.pk) == {"Arrêt A"}
    assert events_listed(client, url, venue=venue_a.pk) == {"Forum A", "Arrêt A"}
    start = records["seniors-b"].start.date()
    assert events_listed(
        client, url, period_from=start.isoformat(), period_to=start.isoformat()
    ) == {"Forum B"}


def test_a_venue_manager_is_offered_only_their_venues(client, manager_a, records, venue_a, venue_b):
    client.force_login(manager_a)
    page = BeautifulSoup(client.get(reverse(LISTING)).content, "html.parser")
    options = {o.get_text(strip=True) for o in page.select("select[name=venue] option")}
    assert str(venue_a) in options and str(venue_b) not in options
    assert page.select("select[name=programme]")
    # Another venue asked for by hand is not a choice: the filter refuses it, nothing leaks.
    content = client.get(reverse(LISTING), {"venue": venue_b.pk}).content.decode()
    assert "Forum B" not in content


def test_sessions_waiting_for_attendance_are_a_filter_of_the_dates_and_a_button(
    client, programme_staff, records
):
    client.force_login(programme_staff)
    dates = reverse(DATES)
    assert events_listed(client, dates, awaiting_attendance="true") == {"Arrêt sans chiffres"}
    assert "Arrêt sans chiffres" not in events_listed(client, dates, awaiting_attendance="false")
    page = BeautifulSoup(client.get(reverse(LISTING)).content, "html.parser")
    [button] = page.select(f'a[href="{reverse("programmes_attendance_pending")}"]')
    assert "Séances à saisir" in button.get_text()
