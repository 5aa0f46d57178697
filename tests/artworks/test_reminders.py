"""The daily job: reminders to venue managers, overdue flag, nothing sent twice."""

import datetime

import pytest

from artworks.models import PlacementReminder, PlacementStatus
from artworks.tasks import send_placement_reminders
from tests.artworks.factories import PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 2)


@pytest.fixture
def due(venue_a, manager_a):
    manager_a.email = "karim@exemple.fr"
    manager_a.save()
    return {
        "start": PlacementFactory(
            venue=venue_a,
            start_date=TODAY + datetime.timedelta(days=3),
            end_date=TODAY + datetime.timedelta(days=33),
        ),
        "end": PlacementFactory(
            venue=venue_a,
            start_date=TODAY - datetime.timedelta(days=25),
            end_date=TODAY + datetime.timedelta(days=5),
            status=PlacementStatus.INSTALLED,
        ),
        "overdue": PlacementFactory(
            venue=venue_a,
            start_date=TODAY - datetime.timedelta(days=40),
            end_date=TODAY - datetime.timedelta(days=2),
            status=PlacementStatus.INSTALLED,
        ),
        "far": PlacementFactory(
            venue=venue_a,
            start_date=TODAY + datetime.timedelta(days=30),
            end_date=TODAY + datetime.timedelta(days=60),
        ),
        "confirmed": PlacementFactory(
            venue=venue_a,
            start_date=TODAY + datetime.timedelta(days=2),
            end_date=TODAY + datetime.timedelta(days=20),
            status=PlacementStatus.INSTALLED,
        ),
    }


def test_managers_get_one_french_reminder_per_placement_to_confirm(mailoutbox, due):
    result = send_placement_reminders.apply(kwargs={"today": TODAY.isoformat()}).get()
    assert result["sent"] == 3
    subjects = sorted(m.subject for m in mailoutbox)
    assert any("Installation à confirmer" in s for s in subjects)
    assert any("Retrait à confirmer" in s for s in subjects)
    assert any("Retrait en retard" in s for s in subjects)
    assert all(m.to == ["karim@exemple.fr"] for m in mailoutbox)
    assert "merci de confirmer" in mailoutbox[0].body
    due["overdue"].refresh_from_db()
    assert due["overdue"].removal_overdue_since == TODAY
    due["far"].refresh_from_db()
    assert not PlacementReminder.objects.filter(placement=due["far"]).exists()


def test_running_the_job_twice_sends_nothing_twice(mailoutbox, due):
    send_placement_reminders.apply(kwargs={"today": TODAY.isoformat()}).get()
    sent = len(mailoutbox)
    again = send_placement_reminders.apply(kwargs={"today": TODAY.isoformat()}).get()
    assert again["sent"] == 0 and len(mailoutbox) == sent
    next_day = (TODAY + datetime.timedelta(days=1)).isoformat()
    send_placement_reminders.apply(kwargs={"today": next_day}).get()
    assert len(mailoutbox) == sent
    assert PlacementReminder.objects.count() == 3


def test_the_job_is_in_the_beat_schedule():
    from config.celery import beat_schedule

    entries = [e["task"] for e in beat_schedule().values()]
    assert "artworks.send_placement_reminders" in entries
