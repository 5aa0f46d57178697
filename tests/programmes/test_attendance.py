"""Attendance logging: validation, venue scoping, the grid, the correction period, the log."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from places.models import VenueRecordLogEntry
from programmes.forms import AttendanceForm
from programmes.models import AttendanceRecord
from programmes.participation import save_record, validate
from tests.programmes import factories as f
from tests.programmes.participation import culottees, culottees_parts, past_session

pytestmark = pytest.mark.django_db

PENDING = "programmes_attendance_pending"


def grid_row(occurrence, total, **parts):
    prefix = f"s{occurrence.pk}"
    data = {f"{prefix}-total": total}
    for name, value in parts.items():
        dimension, category = name.split("__")
        data[f"{prefix}-part__{dimension}__{category}"] = value
    return data


def test_a_negative_count_is_refused_in_french(venue_a):
    occurrence = past_session(f.programme("Giga Séniors"), venue_a)
    form = AttendanceForm({"total": "-3"}, occurrence=occurrence)
    assert not form.is_valid()
    assert form.errors["total"] == ["Le nombre de personnes ne peut pas être négatif."]
    assert validate(occurrence, 10, {("age_band", "75+"): -1})


def test_breakdown_parts_must_add_up_to_the_total(venue_a):
    occurrence = past_session(culottees(), venue_a)
    errors = validate(occurrence, 30, culottees_parts())
    assert "breakdown__school_level" in errors and "breakdown__gender" in errors
    assert "les parts font 25 pour un total de 30" in errors["breakdown__school_level"]
    assert validate(occurrence, 25, culottees_parts()) == {}


def test_a_part_marked_unknown_completes_the_breakdown(venue_a):
    occurrence = past_session(culottees(), venue_a)
    parts = culottees_parts(girls=20, unknown=5)
    assert validate(occurrence, 25, parts) == {}


def test_a_total_over_capacity_needs_an_explicit_confirmation(venue_a):
    occurrence = past_session(f.programme("Giga Séniors"), venue_a, capacity=20)
    errors = validate(occurrence, 24, {})
    assert "cochez la case pour confirmer" in errors["over_capacity_confirmed"]
    assert validate(occurrence, 24, {}, over_capacity_confirmed=True) == {}
    with pytest.raises(ValidationError):
        save_record(None, occurrence, 24, {})
    assert not AttendanceRecord.objects.exists()


def test_the_attendance_form_has_no_free_text_field_for_a_name(venue_a):
    form = AttendanceForm(occurrence=past_session(culottees(), venue_a))
    assert all(
        field.__class__.__name__ in {"IntegerField", "BooleanField"}
        for field in form.fields.values()
    )


def test_a_venue_manager_sees_only_their_own_sessions_to_log(client, manager_a, venue_a, venue_b):
    programme = f.programme("Giga Séniors")
    mine = past_session(programme, venue_a, title="Atelier chez A")
    past_session(programme, venue_b, title="Atelier chez B")
    f.event(programme, "Atelier futur", venue=venue_a)  # in 2030: not yet to log
    client.force_login(manager_a)
    html = client.get(reverse(PENDING)).content.decode()
    assert "Atelier chez A" in html and "Atelier chez B" not in html
    assert "Atelier futur" not in html
    assert f'data-occurrence="{mine.pk}"' in html


def test_a_venue_manager_logs_two_sessions_at_once_in_the_grid(client, manager_a, venue_a):
    programme = culottees()
    first = past_session(programme, venue_a, days_ago=3)
    second = past_session(programme, venue_a, days_ago=10)
    third = past_session(programme, venue_a, days_ago=17)
    client.force_login(manager_a)
    data = {
        **grid_row(first, 25, school_level__5e=10, school_level__4e=10, school_level__3e=5,
                   gender__filles=25),
        **grid_row(second, 12, school_level__inconnu=12, gender__filles=12),
        **grid_row(third, ""),
    }  # fmt: skip
    response = client.post(reverse(PENDING), data)
    assert response.status_code == 302
    records = {r.occurrence_id: r for r in AttendanceRecord.objects.all()}
    assert set(records) == {first.pk, second.pk}
    assert records[first.pk].parts_by_dimension()["school_level"] == {"5e": 10, "4e": 10, "3e": 5}
    assert records[first.pk].recorded_by == manager_a
    html = client.get(reverse(PENDING)).content.decode()
    assert f'data-occurrence="{third.pk}"' in html
    assert f'data-occurrence="{first.pk}"' not in html


def test_one_wrong_row_in_the_grid_saves_nothing(client, manager_a, venue_a):
    programme = culottees()
    first = past_session(programme, venue_a, days_ago=3)
    second = past_session(programme, venue_a, days_ago=10)
    client.force_login(manager_a)
    data = {
        **grid_row(first, 12, school_level__inconnu=12, gender__filles=12),
        **grid_row(second, 12, school_level__5e=3, gender__filles=12),
    }
    response = client.post(reverse(PENDING), data)
    assert response.status_code == 200
    assert "rien n&#x27;a été enregistré" in response.content.decode()
    assert "les parts font 3 pour un total de 12" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_another_venues_session_cannot_be_logged(client, manager_a, venue_b):
    other = past_session(f.programme("Giga Séniors"), venue_b)
    client.force_login(manager_a)
    url = reverse("programmes_attendance_log", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"total": 10}).status_code == 404
    response = client.post(reverse(PENDING), grid_row(other, 10))
    assert not AttendanceRecord.objects.exists(), response.status_code


def test_every_change_is_in_the_records_history_with_who(client, manager_a, venue_a):
    occurrence = past_session(f.programme("Giga Séniors"), venue_a)
    client.force_login(manager_a)
    url = reverse("programmes_attendance_log", args=[occurrence.pk])
    assert client.post(url, {"total": 14}).status_code == 302
    assert client.post(url, {"total": 15}).status_code == 302
    record = AttendanceRecord.objects.get()
    assert record.total == 15
    entries = VenueRecordLogEntry.objects.for_instance(record).order_by("timestamp")
    assert [e.action for e in entries] == ["wagtail.create", "wagtail.edit"]
    assert {e.user_id for e in entries} == {manager_a.pk}
    assert [e.data["total"] for e in entries] == [14, 15]
    history = reverse("wagtailsnippets_programmes_attendancerecord:history", args=[record.pk])
    page = client.get(history)
    assert page.status_code == 200 and "responsable.a" in page.content.decode()


def test_a_venue_manager_corrects_only_within_the_period(
    client, settings, manager_a, programme_staff, venue_a
):
    settings.ATTENDANCE_CORRECTION_DAYS = 7
    occurrence = past_session(f.programme("Giga Séniors"), venue_a, days_ago=20)
    record = save_record(manager_a, occurrence, 9, {})
    AttendanceRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=8)
    )
    client.force_login(manager_a)
    url = reverse("programmes_attendance_log", args=[occurrence.pk])
    assert client.post(url, {"total": 10}).status_code == 302
    assert AttendanceRecord.objects.get().total == 9
    edit = reverse("wagtailsnippets_programmes_attendancerecord:edit", args=[record.pk])
    assert client.get(edit).status_code != 200
    client.force_login(programme_staff)
    assert client.post(url, {"total": 10}).status_code == 302
    assert AttendanceRecord.objects.get().total == 10


def test_the_snippet_edit_form_applies_the_same_rules(client, programme_staff, venue_a):
    occurrence = past_session(culottees(), venue_a)
    record = save_record(programme_staff, occurrence, 25, culottees_parts())
    client.force_login(programme_staff)
    url = reverse("wagtailsnippets_programmes_attendancerecord:edit", args=[record.pk])
    data = {"total": 26, **{f"part__{d}__{c}": n for (d, c), n in culottees_parts().items()}}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "les parts font 25 pour un total de 26" in response.content.decode()
    data["part__school_level__inconnu"] = 1
    data["part__gender__inconnu"] = 1
    assert client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert record.total == 26 and record.parts_by_dimension()["gender"]["inconnu"] == 1
    assert VenueRecordLogEntry.objects.for_instance(record).filter(action="wagtail.edit").exists()


def test_the_records_listing_and_inspect_pages_have_french_headings(client, manager_a, venue_a):
    occurrence = past_session(f.programme("Giga Séniors"), venue_a)
    client.force_login(manager_a)
    client.post(reverse("programmes_attendance_log", args=[occurrence.pk]), {"total": 14})
    record = AttendanceRecord.objects.get()
    for url in (
        reverse("wagtailsnippets_programmes_attendancerecord:list"),
        reverse("wagtailsnippets_programmes_attendancerecord:inspect", args=[record.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Répartition" in page and "Breakdown summary" not in page, url
