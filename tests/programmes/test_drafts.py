"""Drafts are drafts: the sessions of an event that was never published (or is unpublished)
stay out of « Mes séances à saisir », the reminders, the digest, the dashboard and the
reports; once the event is published they appear."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from programmes import reminders, reports
from programmes.dashboard import AttendancePanel
from programmes.models import AttendanceRecord, Occurrence
from programmes.views.attendance import pending_sessions
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(venue_a):
    """A past session of an event saved as a draft, never published."""
    programme = f.programme("Giga Séniors")
    occurrence = past_session(programme, venue_a, days_ago=5, title="Atelier en brouillon")
    event = occurrence.event
    event.live = False
    event.has_unpublished_changes = True
    event.save()
    return Occurrence.objects.get(pk=occurrence.pk)


def publish(occurrence):
    event = occurrence.event
    event.save_revision().publish()


def test_a_draft_session_is_out_of_the_work_queue_until_published(client, manager_a, draft):
    assert list(pending_sessions(manager_a)) == []
    client.force_login(manager_a)
    page = client.get(reverse("programmes_attendance_pending")).content.decode()
    assert "Atelier en brouillon" not in page
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Atelier en brouillon" not in home

    publish(draft)
    assert list(pending_sessions(manager_a)) == [draft]
    page = client.get(reverse("programmes_attendance_pending")).content.decode()
    assert "Atelier en brouillon" in page


def test_a_draft_session_gets_no_reminder_nor_digest_line(settings, manager_a, draft):
    settings.ATTENDANCE_REMINDER_DAYS = 3
    assert reminders.send_session_reminders() == 0
    assert mail.outbox == []

    publish(draft)
    assert reminders.send_session_reminders() == 1
    assert "Atelier en brouillon" in mail.outbox[0].subject


def test_the_staff_dashboard_does_not_wait_for_a_draft(programme_staff, draft):
    assert AttendancePanel(programme_staff).get_context_data()["waiting"] == 0
    publish(draft)
    assert AttendancePanel(programme_staff).get_context_data()["waiting"] == 1


def test_a_draft_session_counts_in_no_report_total(programme_staff, venue_a, draft):
    published = past_session(f.programme("Sourires d'été"), venue_a, days_ago=4, title="Publié")
    AttendanceRecord.objects.create(occurrence=published, total=10)
    AttendanceRecord.objects.create(occurrence=draft, total=99)
    edition = f.edition(draft.event.programme.specific, start=draft.start.date() - timedelta(1))
    draft.event.edition = edition
    draft.event.save()

    records = reports.records_for(programme_staff)
    assert sum(row["people"] for row in reports.reach(records)) == 10
    assert reports.target_progress().get(pk=edition.pk)["reached_people"] == 0

    publish(Occurrence.objects.get(pk=draft.pk))
    assert sum(row["people"] for row in reports.reach(records.all())) == 109
    assert reports.target_progress().get(pk=edition.pk)["reached_people"] == 99


def test_the_dates_listing_marks_a_draft_event_s_dates_brouillon(client, programme_staff, draft):
    client.force_login(programme_staff)
    html = client.get(reverse("wagtailsnippets_programmes_occurrence:list")).content.decode()
    assert "Brouillon" in html
    assert "Publiée" not in html
    publish(draft)
    html = client.get(reverse("wagtailsnippets_programmes_occurrence:list")).content.decode()
    assert "Publiée" in html and "Brouillon" not in html
