"""Every reminder and digest email links straight to the record or the action, with an absolute
address that opens that very record (followed here as the recipient would)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import resolve

from artworks.models import PlacementStatus
from artworks.services import send_placement_reminders
from programmes import reminders
from programmes.models import AttendanceRecord
from tests.artworks.factories import PlacementFactory
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db

BASE = "https://equipes.exemple.fr"
URL = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE


def links(body):
    found = URL.findall(body)
    assert found, body
    assert all(url.startswith(BASE + "/") for url in found), found
    return found


def path_and_query(url):
    parts = urlsplit(url)
    return parts.path, parts.query


def test_a_session_reminder_links_to_the_attendance_form_of_that_session(
    client, manager_a, venue_a
):
    session = past_session(f.programme("Giga Séniors"), venue_a, days_ago=5)
    assert reminders.send_session_reminders() == 1
    [url] = links(mail.outbox[0].body)
    path, _query = path_and_query(url)
    match = resolve(path)
    assert match.url_name == "programmes_attendance_log"
    assert match.kwargs["occurrence_pk"] == session.pk
    client.force_login(manager_a)
    page = client.get(path)
    assert page.status_code == 200 and session.event.title in page.content.decode()


def test_the_digest_links_to_the_sessions_waiting_of_each_venue(
    client, programme_staff, venue_a, venue_b
):
    programme = f.programme("Giga Séniors")
    waiting_a = past_session(programme, venue_a, days_ago=2, title="Atelier en attente A")
    waiting_b = past_session(programme, venue_b, days_ago=2, title="Atelier en attente B")
    done = past_session(programme, venue_a, days_ago=3, title="Atelier saisi")
    AttendanceRecord.objects.create(occurrence=done, total=17)

    assert reminders.send_weekly_digest() == 1
    body = mail.outbox[0].body
    urls = links(body)
    line_a = next(line for line in body.splitlines() if venue_a.name in line)
    [venue_a_url] = URL.findall(line_a)
    client.force_login(programme_staff)
    page = client.get("?".join(path_and_query(venue_a_url))).content.decode()
    assert waiting_a.event.title in page
    assert waiting_b.event.title not in page and "Atelier saisi" not in page
    all_waiting = next(u for u in urls if "venue=" not in u and "awaiting_attendance" in u)
    page = client.get("?".join(path_and_query(all_waiting))).content.decode()
    assert waiting_a.event.title in page and waiting_b.event.title in page
    report = next(u for u in urls if "rapports/frequentation" in u)
    assert client.get(path_and_query(report)[0]).status_code == 200


def test_a_placement_reminder_links_to_the_confirmation_and_the_placement(
    client, mailoutbox, manager_a, venue_a
):
    manager_a.email = "karim@exemple.fr"
    manager_a.save()
    today = datetime.date(2025, 6, 2)
    placement = PlacementFactory(
        venue=venue_a,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=33),
        status=PlacementStatus.PLANNED,
    )
    send_placement_reminders(today=today)
    [message] = mailoutbox
    names = {}
    for url in links(message.body):
        match = resolve(path_and_query(url)[0])
        assert match.kwargs["pk"] == placement.pk
        names[match.url_name] = path_and_query(url)[0]
    assert set(names) == {"confirm", "inspect"}
    client.force_login(manager_a)
    for path in names.values():
        page = client.get(path)
        assert page.status_code == 200 and placement.artwork.title in page.content.decode()
