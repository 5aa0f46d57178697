"""A rule defined once produces dates; dates changed by hand or with attendance survive edits."""

from datetime import date, time

import pytest
from django.utils import timezone

from programmes.models import AttendanceRecord, Occurrence, OccurrenceStatus, Recurrence
from programmes.services import sync_occurrences
from tests.programmes import factories as f

pytestmark = pytest.mark.django_db


def starts(event):
    return [timezone.localtime(o.start) for o in event.occurrences.order_by("start")]


def test_a_single_event_has_one_date(giga_seniors, residence):
    event = f.event(giga_seniors, venue=residence)
    [occurrence] = event.occurrences.all()
    assert occurrence.rule_key == "single"
    assert occurrence.commune == residence.commune
    assert occurrence.venue == residence


def test_a_weekly_rule_gives_one_date_per_week_at_the_same_local_time(giga_seniors):
    # 5 March to 30 April 2030 crosses the switch to summer time (31 March).
    event = f.weekly_event(giga_seniors, start=f.paris(2030, 3, 5, 14), until=date(2030, 4, 30))
    local = starts(event)
    assert len(local) == 9
    assert {d.weekday() for d in local} == {1}
    assert {(d.hour, d.minute) for d in local} == {(14, 0)}
    assert {d.utcoffset().total_seconds() / 3600 for d in local} == {1.0, 2.0}


def test_every_other_week(giga_seniors):
    event = f.weekly_event(giga_seniors, until=date(2030, 4, 30), interval_weeks=2)
    assert len(starts(event)) == 5


def test_a_list_of_stops_gives_one_date_per_stop_with_its_own_place(
    giga_seniors, gennevilliers, asnieres
):
    event = f.event(
        giga_seniors,
        title="Caravane",
        recurrence=Recurrence.DATES,
        planned=[
            f.stop(date(2023, 6, 8), address="Place Jean Grandel", commune=gennevilliers),
            f.stop(date(2023, 6, 13), address="Place de l'Hôtel de ville", commune=asnieres),
        ],
    )
    occurrences = list(event.occurrences.order_by("start"))
    assert [(o.commune, o.address) for o in occurrences] == [
        (gennevilliers, "Place Jean Grandel"),
        (asnieres, "Place de l'Hôtel de ville"),
    ]
    assert timezone.localtime(occurrences[0].start).date() == date(2023, 6, 8)
    assert timezone.localtime(occurrences[0].start).time() == time(9, 30)


def test_cancelling_one_date_leaves_the_others_alone(giga_seniors):
    event = f.weekly_event(giga_seniors)
    first, second, *_ = event.occurrences.order_by("start")
    second.cancel("Salle indisponible")
    assert Occurrence.objects.filter(event=event, status=OccurrenceStatus.CANCELLED).count() == 1
    first.refresh_from_db()
    assert first.status == OccurrenceStatus.SCHEDULED and not first.changed_by_hand
    second.refresh_from_db()
    assert second.sequence == 1 and second.note == "Salle indisponible"


def test_editing_the_rule_updates_untouched_dates_but_keeps_hand_changes(giga_seniors):
    event = f.weekly_event(giga_seniors)
    occurrences = list(event.occurrences.order_by("start"))
    cancelled, moved = occurrences[1], occurrences[2]
    cancelled.cancel()
    moved.move(
        moved.start.replace(hour=moved.start.hour + 1), moved.end.replace(hour=moved.end.hour + 1)
    )
    moved_start = moved.start
    untouched_uuid = occurrences[0].uuid

    event.starts_at = f.paris(2030, 3, 5, 10)
    event.ends_at = f.paris(2030, 3, 5, 12)
    event.save()
    sync_occurrences(event)  # what the admin's hooks and a publish do

    first = Occurrence.objects.get(uuid=untouched_uuid)
    assert timezone.localtime(first.start).hour == 10  # same UID, new time
    assert first.sequence == 1
    assert Occurrence.objects.get(pk=cancelled.pk).status == OccurrenceStatus.CANCELLED
    assert Occurrence.objects.get(pk=moved.pk).start == moved_start


def test_shortening_the_rule_never_deletes_dates_with_attendance(giga_seniors):
    event = f.weekly_event(giga_seniors, until=date(2030, 4, 30))
    last = event.occurrences.order_by("-start").first()
    AttendanceRecord.objects.create(occurrence=last, total=12)
    assert last.has_attendance

    event.repeat_until = date(2030, 3, 20)
    event.save()
    sync_occurrences(event)  # what the admin's hooks and a publish do

    remaining = event.occurrences.order_by("start")
    assert remaining.count() == 3 + 1  # 5, 12, 19 March + the date with attendance
    assert remaining.last().pk == last.pk
    assert remaining.last().attendance.total == 12


def test_changing_the_recurrence_type_replaces_only_untouched_dates(giga_seniors):
    event = f.weekly_event(giga_seniors)
    kept = event.occurrences.order_by("start")[3]
    kept.cancel("Annulé pour travaux")
    event.recurrence = Recurrence.NONE
    event.save()
    sync_occurrences(event)  # what the admin's hooks and a publish do
    keys = sorted(event.occurrences.values_list("rule_key", flat=True))
    assert keys == sorted(["single", kept.rule_key])


def test_syncing_twice_changes_nothing(giga_seniors):
    event = f.weekly_event(giga_seniors)
    before = list(event.occurrences.values_list("uuid", "sequence", "updated_at"))
    result = sync_occurrences(event)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert list(event.occurrences.values_list("uuid", "sequence", "updated_at")) == before


def test_editing_a_stop_moves_its_date_keeping_its_uid(giga_seniors, gennevilliers):
    event = f.event(
        giga_seniors,
        title="Bus",
        recurrence=Recurrence.DATES,
        planned=[f.stop(date(2030, 5, 2), address="Marché", commune=gennevilliers)],
    )
    [occurrence] = event.occurrences.all()
    planned = event.planned_dates.get()
    planned.date = date(2030, 5, 9)
    planned.save()
    event.save()
    sync_occurrences(event)  # what the admin's hooks and a publish do
    [after] = event.occurrences.all()
    assert after.uuid == occurrence.uuid
    assert timezone.localtime(after.start).date() == date(2030, 5, 9)
    assert after.sequence == 1


def test_publishing_a_revision_keeps_the_dates_in_step(giga_seniors):
    event = f.weekly_event(giga_seniors, until=date(2030, 3, 19))
    assert event.occurrences.count() == 3
    event.repeat_until = date(2030, 3, 26)
    event.save_revision().publish()
    assert event.occurrences.count() == 4


def test_rule_validation_messages_are_french(giga_seniors):
    from django.core.exceptions import ValidationError

    from programmes.models import EventPage

    page = EventPage(
        title="Sans fin",
        slug="sans-fin",
        summary="x",
        recurrence=Recurrence.WEEKLY,
        starts_at=f.paris(2030, 3, 5, 14),
        ends_at=f.paris(2030, 3, 5, 12),
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "La fin précède le début." in str(error.value)
    assert "Indiquez jusqu'à quand l'événement se répète." in str(error.value)
