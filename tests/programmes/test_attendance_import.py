"""Attendance as a spreadsheet (resource « frequentation », batched path): counts by session
identifier, the forms' rules, all-or-nothing, skip-invalid, idempotence, venue scope, the log
and the round trip through export_data / import_data."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from places.models import VenueRecordLogEntry
from programmes.models import AttendancePart, AttendanceRecord
from programmes.models.events import OccurrenceStatus
from spreadsheets import bulk, registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export, run_import
from tests.programmes.participation import culottees, past_session
from tests.spreadsheets.helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

ID, TOTAL, CONFIRMED = (
    "Identifiant de la séance",
    "Participants (total)",
    "Dépassement de capacité confirmé",
)
LEVELS = [
    "Niveau scolaire : 6e",
    "Niveau scolaire : 5e",
    "Niveau scolaire : 4e",
    "Niveau scolaire : 3e",
]
GENDER = ["Genre : Filles", "Genre : Garçons", "Genre : non renseigné"]
HEADERS = [ID, TOTAL, *LEVELS, "Niveau scolaire : non renseigné", *GENDER]


def row(session, total, levels=(0, 0, 0, 0), level_unknown=0, girls=0, boys=0, unknown=0):
    return [str(session.uuid), total, *levels, level_unknown, girls, boys, unknown]


def load(rows, user=None, name="frequentation.csv", headers=HEADERS, **options):
    data = (
        csv_bytes([headers, *rows], encoding="cp1252")
        if name.endswith(".csv")
        else xlsx_bytes([headers, *rows])
    )
    return run_import(registry.get("frequentation"), read_spreadsheet(data, name), user, **options)


@pytest.fixture
def sessions(venue_a):
    programme = culottees()
    return [past_session(programme, venue_a, days_ago=d, capacity=30) for d in (3, 4, 5)]


def parts_of(session):
    record = AttendanceRecord.objects.get(occurrence=session)
    return record.total, {(p.dimension, p.category): p.count for p in record.parts.all()}


def test_a_file_creates_the_records_with_their_parts_and_log(sessions, programme_staff):
    report = load(
        [
            row(sessions[0], 25, (0, 10, 10, 5), girls=25),
            row(sessions[1], 12, (12, 0, 0, 0), girls=6, boys=6),
        ],
        programme_staff,
    )
    assert report.is_valid and report.written, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    total, parts = parts_of(sessions[0])
    assert total == 25
    assert parts == {
        ("school_level", "5e"): 10,
        ("school_level", "4e"): 10,
        ("school_level", "3e"): 5,
        ("gender", "filles"): 25,
    }
    record = AttendanceRecord.objects.get(occurrence=sessions[1])
    assert record.recorded_by == programme_staff
    entry = VenueRecordLogEntry.objects.get(object_id=str(record.pk), action="wagtail.create")
    assert entry.user == programme_staff
    assert entry.data["total"] == 12 and entry.data["import"] is True
    assert entry.data["parts"] == {"school_level:6e": 12, "gender:filles": 6, "gender:garcons": 6}


def test_the_same_file_twice_changes_nothing_and_a_changed_row_updates(sessions, programme_staff):
    rows = [
        row(sessions[0], 25, (0, 10, 10, 5), girls=25),
        row(sessions[1], 4, (4, 0, 0, 0), unknown=4),
    ]
    load(rows, programme_staff)
    again = load(rows, programme_staff)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert not again.written
    rows[1] = row(sessions[1], 5, (4, 1, 0, 0), unknown=5)
    changed = load(rows, programme_staff, name="frequentation.xlsx")
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1), changed.errors
    assert parts_of(sessions[1]) == (
        5,
        {("school_level", "6e"): 4, ("school_level", "5e"): 1, ("gender", "inconnu"): 5},
    )
    assert AttendanceRecord.objects.count() == 2
    record = AttendanceRecord.objects.get(occurrence=sessions[1])
    assert (
        VenueRecordLogEntry.objects.filter(object_id=str(record.pk), action="wagtail.edit").count()
        == 1
    )


def errors_by_column(report):
    return {(e["line"], e["column"]): e["message"] for e in report.errors}


def test_every_bad_row_is_named_in_french_and_nothing_is_written(
    sessions, programme_staff, venue_a
):
    future = past_session(sessions[0].event.programme, venue_a, days_ago=-3, title="À venir")
    cancelled = sessions[2]
    cancelled.status = OccurrenceStatus.CANCELLED
    cancelled.save()
    report = load(
        [
            row(sessions[0], 25, (0, 10, 10, 5), girls=25),  # valid, line 2
            row(sessions[1], 20, (10, 0, 0, 0), girls=20),  # levels add up to 10, line 3
            ["pas-un-identifiant", 3, 3, 0, 0, 0, 0, 3, 0, 0],  # line 4
            ["6f1c2b3a-0000-4000-8000-000000000000", 3, 3, 0, 0, 0, 0, 3, 0, 0],  # line 5
            row(future, 3, (3, 0, 0, 0), girls=3),  # line 6
            row(cancelled, 3, (3, 0, 0, 0), girls=3),  # line 7
            row(sessions[0], -2),  # line 8
            row(sessions[1], 40, (40, 0, 0, 0), girls=40),  # over capacity (30), line 9
        ],
        programme_staff,
    )
    assert not report.written
    assert AttendanceRecord.objects.count() == 0 and AttendancePart.objects.count() == 0
    errors = errors_by_column(report)
    assert "les parts font 10 pour un total de 20" in errors[(3, "Niveau scolaire : non renseigné")]
    assert "n'est pas un identifiant de séance" in errors[(4, ID)]
    assert "Aucune séance n'a l'identifiant" in errors[(5, ID)]
    assert "n'a pas encore eu lieu" in errors[(6, "")]
    assert "annulée" in errors[(7, "")]
    assert "ne peut pas être négatif" in errors[(8, TOTAL)]
    assert "capacité de 30" in errors[(9, CONFIRMED)]
    assert report.created == 1 and report.invalid == 7


def test_a_row_naming_a_session_twice_is_refused(sessions, programme_staff):
    report = load([row(sessions[0], 3, (3, 0, 0, 0), girls=3)] * 2, programme_staff)
    assert "même fiche que la ligne de données n° 1" in errors_by_column(report)[(3, "")]
    assert AttendanceRecord.objects.count() == 0


def test_a_breakdown_the_programme_does_not_ask_for_is_refused(sessions, programme_staff):
    headers = [*HEADERS, "Tranche d'âge : 75 ans et plus"]
    report = load(
        [[*row(sessions[0], 3, (3, 0, 0, 0), girls=3), 2]], programme_staff, headers=headers
    )
    assert (
        "ne demande pas la répartition « Tranche d'âge »"
        in errors_by_column(report)[(2, "Tranche d'âge : 75 ans et plus")]
    )


def test_over_capacity_is_accepted_once_confirmed(sessions, programme_staff):
    headers = [*HEADERS, CONFIRMED]
    report = load(
        [[*row(sessions[0], 40, (40, 0, 0, 0), girls=40), "oui"]], programme_staff, headers=headers
    )
    assert report.written, report.errors
    assert AttendanceRecord.objects.get().over_capacity_confirmed


def test_skip_invalid_keeps_the_valid_rows_and_returns_the_others(sessions, programme_staff):
    report = load(
        [row(sessions[0], 3, (3, 0, 0, 0), girls=3), row(sessions[1], 9, (1, 0, 0, 0), girls=9)],
        programme_staff,
        skip_invalid=True,
    )
    assert report.written and report.created == 1 and report.skipped == 1
    assert list(AttendanceRecord.objects.values_list("occurrence", flat=True)) == [sessions[0].pk]
    rejected = read_spreadsheet(report.rejected, "refus.csv")
    assert len(rejected.rows) == 1 and rejected.rows[0][0] == str(sessions[1].uuid)
    assert "les parts font 1" in rejected.rows[0][-1]


def test_an_invalid_row_after_written_batches_still_leaves_nothing(
    sessions, programme_staff, monkeypatch
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 1)
    report = load(
        [
            row(sessions[0], 3, (3, 0, 0, 0), girls=3),
            row(sessions[1], 3, (3, 0, 0, 0), girls=3),
            row(sessions[2], -1),
        ],
        programme_staff,
    )
    assert report.created == 2 and report.invalid == 1 and not report.written
    assert AttendanceRecord.objects.count() == 0 and VenueRecordLogEntry.objects.count() == 0


def test_a_preview_writes_nothing(sessions, programme_staff):
    report = load([row(sessions[0], 3, (3, 0, 0, 0), girls=3)], programme_staff, dry_run=True)
    assert report.created == 1 and not report.written
    assert AttendanceRecord.objects.count() == 0


def test_a_venue_manager_writes_only_their_venues_and_within_the_correction_period(
    sessions, manager_a, venue_b
):
    other = past_session(sessions[0].event.programme, venue_b, title="Ailleurs")
    refused = load([row(other, 3, (3, 0, 0, 0), girls=3)], manager_a)
    assert "lieu que vous ne gérez pas" in errors_by_column(refused)[(2, ID)]
    assert AttendanceRecord.objects.count() == 0

    assert load([row(sessions[0], 3, (3, 0, 0, 0), girls=3)], manager_a).written
    AttendanceRecord.objects.update(created_at=timezone.now() - timedelta(days=31))
    late = load([row(sessions[0], 4, (4, 0, 0, 0), girls=4)], manager_a)
    assert "plus de 30 jours" in errors_by_column(late)[(2, "")]
    assert AttendanceRecord.objects.get().total == 3


def test_a_user_without_the_right_writes_nothing(sessions, moderator):
    report = load([row(sessions[0], 3, (3, 0, 0, 0), girls=3)], moderator)
    assert "pas le droit de saisir" in errors_by_column(report)[(2, "")]
    assert AttendanceRecord.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_an_export_reimports_with_no_change(sessions, programme_staff, file_format, tmp_path):
    load(
        [
            row(sessions[0], 25, (0, 10, 10, 5), girls=25),
            row(sessions[1], 4, (4, 0, 0, 0), unknown=4),
        ],
        programme_staff,
    )
    before = list(AttendancePart.objects.order_by("pk").values())
    path = tmp_path / f"frequentation.{file_format}"
    call_command("export_data", "frequentation", "--format", file_format, "-o", str(path))
    sheet = read_spreadsheet(path.read_bytes(), path.name)
    assert sheet.headers[:6] == [ID, "Programme", "Événement", "Début", "Code du lieu", TOTAL]
    report = run_import(registry.get("frequentation"), sheet, None)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2), report.errors
    assert list(AttendancePart.objects.order_by("pk").values()) == before


def test_a_venue_managers_export_holds_only_their_venues(
    sessions, manager_a, venue_b, programme_staff
):
    other = past_session(sessions[0].event.programme, venue_b, title="Ailleurs")
    load(
        [row(sessions[0], 3, (3, 0, 0, 0), girls=3), row(other, 2, (2, 0, 0, 0), girls=2)],
        programme_staff,
    )
    sheet = read_spreadsheet(export(registry.get("frequentation"), "csv", manager_a), "f.csv")
    assert [r[0] for r in sheet.rows] == [str(sessions[0].uuid)]


def test_a_failure_after_written_batches_leaves_nothing(sessions, programme_staff, monkeypatch):
    """What a worker killed mid-import looks like to the database: the import's transaction
    never commits, whatever batches it had already written."""
    monkeypatch.setattr(bulk, "BATCH_SIZE", 1)

    def progress(done, total):
        if done == 3:
            assert AttendanceRecord.objects.count() == 2  # two batches written, not committed
            raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError):
        load(
            [row(s, 3, (3, 0, 0, 0), girls=3) for s in sessions], programme_staff, progress=progress
        )
    assert AttendanceRecord.objects.count() == 0 and AttendancePart.objects.count() == 0


def test_the_listing_export_fills_every_column_in_the_listings_order(
    client, sessions, programme_staff
):
    load(
        [row(sessions[0], 3, (3, 0, 0, 0), girls=3), row(sessions[2], 5, (5, 0, 0, 0), girls=5)],
        programme_staff,
    )
    client.force_login(programme_staff)
    response = client.get("/admin/snippets/programmes/attendancerecord/", {"tableur": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = read_spreadsheet(content, "f.csv")
    # most recent session first, as the listing shows them
    assert [r[0] for r in sheet.rows] == [str(sessions[0].uuid), str(sessions[2].uuid)]
    first = dict(zip(sheet.headers, sheet.rows[0], strict=True))
    assert first["Programme"] == "Toutes culottées"
    assert first["Événement"] == sessions[0].event.title
    assert first["Code du lieu"] == "pole-a"
    assert first["Niveau scolaire : 6e"] == "3"


def test_a_session_without_a_venue_keeps_its_older_record_but_takes_no_new_one(
    sessions, programme_staff, tmp_path
):
    """Older records (the demo's « Caravane solidaire 2023 ») sit on sessions with no venue:
    their export re-imports unchanged, while a new record there is still refused."""
    from programmes.models import Occurrence

    load([row(sessions[0], 25, (0, 10, 10, 5), girls=25)], programme_staff)
    Occurrence.objects.filter(pk__in=[sessions[0].pk, sessions[1].pk]).update(venue=None)
    path = tmp_path / "frequentation.xlsx"
    call_command("export_data", "frequentation", "--format", "xlsx", "-o", str(path))
    report = run_import(
        registry.get("frequentation"), read_spreadsheet(path.read_bytes(), path.name)
    )
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1), report.errors

    report = load([row(sessions[1], 4, (4, 0, 0, 0), unknown=4)], programme_staff)
    assert report.created == 0
    assert "n'a pas de lieu référencé" in report.errors[0]["message"]


def test_a_cancelled_session_is_refused_by_the_import_and_by_the_form_alike(
    client, sessions, manager_a
):
    """One rule (participation.session_refusal) for every writer: the import's message, and
    the single-session form that used to let a manager log a cancelled past session."""
    from django.urls import reverse

    sessions[0].status = OccurrenceStatus.CANCELLED
    sessions[0].save()
    report = load([row(sessions[0], 25, (0, 10, 10, 5), girls=25)], manager_a)
    assert report.created == 0
    assert report.errors[0]["message"] == (
        "Cette séance a été annulée : elle n'a pas de fréquentation."
    )
    client.force_login(manager_a)
    url = reverse("programmes_attendance_log", args=[sessions[0].pk])
    assert client.get(url).status_code == 302  # refused: Wagtail sends back to the dashboard
    assert client.post(url, {"total": 25}).status_code == 302
    assert not AttendanceRecord.objects.exists()


def test_an_imported_record_and_a_form_saved_one_get_the_same_log_entry(sessions, programme_staff):
    """One writer (participation.log_record_changes): same label, same counts, « importé »
    added for the import, one action id for the whole import."""
    from programmes.participation import save_record

    load(
        [row(sessions[0], 12, (12, 0, 0, 0), girls=12), row(sessions[1], 5, (5, 0, 0, 0), boys=5)],
        programme_staff,
    )
    parts = {("school_level", "6e"): 7, ("gender", "filles"): 7}
    saved = save_record(programme_staff, sessions[2], 7, parts)
    imported = AttendanceRecord.objects.get(occurrence=sessions[0])
    entries = {e.object_id: e for e in VenueRecordLogEntry.objects.all()}
    by_import, by_form = entries[str(imported.pk)], entries[str(saved.pk)]
    assert by_import.label == str(imported) and by_form.label == str(saved)
    assert by_import.data == {
        "total": 12,
        "parts": {"school_level:6e": 12, "gender:filles": 12},
        "import": True,
    }
    assert by_form.data == {"total": 7, "parts": {"school_level:6e": 7, "gender:filles": 7}}
    assert by_import.action == by_form.action == "wagtail.create"
    assert by_import.user_id == by_form.user_id == programme_staff.pk
    other = entries[str(AttendanceRecord.objects.get(occurrence=sessions[1]).pk)]
    assert other.uuid == by_import.uuid and by_form.uuid != by_import.uuid
