"""A venue manager who opens another venue's record (by a shared link, a typed address) gets a
« page introuvable » answer, never a redirect to the dashboard with a generic message."""

import pytest
from django.urls import reverse

from programmes.participation import save_record
from tests.artworks.factories import MediationSessionFactory, PlacementFactory
from tests.programmes import factories as f
from tests.programmes.participation import past_session

pytestmark = pytest.mark.django_db

VIEWS = ["edit", "inspect", "history", "delete"]


def assert_not_found(response):
    assert response.status_code == 404, (response.status_code, response.get("Location"))


@pytest.fixture
def other_attendance(programme_staff, venue_b):
    occurrence = past_session(f.programme("Giga Séniors"), venue_b)
    return save_record(programme_staff, occurrence, 12, {})


@pytest.mark.parametrize("view", VIEWS)
def test_another_venues_attendance_record_is_not_found(client, manager_a, other_attendance, view):
    client.force_login(manager_a)
    name = f"wagtailsnippets_programmes_attendancerecord:{view}"
    assert_not_found(client.get(reverse(name, args=[other_attendance.pk])))


def test_another_venues_attendance_record_cannot_be_changed_by_post(
    client, manager_a, other_attendance
):
    client.force_login(manager_a)
    url = reverse("wagtailsnippets_programmes_attendancerecord:edit", args=[other_attendance.pk])
    assert_not_found(client.post(url, {"total": 99}))
    other_attendance.refresh_from_db()
    assert other_attendance.total == 12


def test_an_own_record_past_the_correction_period_is_still_refused_not_hidden(
    client, settings, manager_a, venue_a
):
    """Within their venue, the correction period still answers « not allowed » (the record
    exists for them), unlike another venue's record."""
    from django.utils import timezone

    from programmes.models import AttendanceRecord

    settings.ATTENDANCE_CORRECTION_DAYS = 7
    occurrence = past_session(f.programme("Giga Séniors"), venue_a, days_ago=20)
    record = save_record(manager_a, occurrence, 9, {})
    AttendanceRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=8)
    )
    client.force_login(manager_a)
    url = reverse("wagtailsnippets_programmes_attendancerecord:edit", args=[record.pk])
    response = client.get(url)
    assert response.status_code != 404 and response.status_code != 200
    inspect = reverse("wagtailsnippets_programmes_attendancerecord:inspect", args=[record.pk])
    assert client.get(inspect).status_code == 200


@pytest.mark.parametrize("view", VIEWS)
def test_another_venues_placement_is_not_found(client, manager_a, venue_b, view):
    placement = PlacementFactory(venue=venue_b)
    client.force_login(manager_a)
    url = reverse(f"wagtailsnippets_artworks_placement:{view}", args=[placement.pk])
    assert_not_found(client.get(url))


@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_another_venues_placement_actions_are_not_found(client, manager_a, venue_b, action):
    placement = PlacementFactory(venue=venue_b)
    client.force_login(manager_a)
    url = reverse(f"wagtailsnippets_artworks_placement:{action}", args=[placement.pk])
    assert_not_found(client.get(url))


@pytest.mark.parametrize("view", VIEWS)
def test_another_venues_mediation_session_is_not_found(client, manager_a, venue_b, view):
    session = MediationSessionFactory(placement=PlacementFactory(venue=venue_b))
    client.force_login(manager_a)
    url = reverse(f"wagtailsnippets_artworks_mediationsession:{view}", args=[session.pk])
    assert_not_found(client.get(url))
