"""Attendance rows named as the template offers: without the session's identifier, by its
programme, event and start (issue 13, item 9); and every error of a row reported, the impossible
date beside a bad count included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programmes.models import AttendanceRecord, Occurrence
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import run_import
from tests.factories import VenueFactory
from tests.programmes.participation import culottees, past_session
from tests.spreadsheets.helpers import csv_bytes

pytestmark = pytest.mark.django_db

ID, PROGRAMME, EVENT, START, VENUE, TOTAL = (
    "Identifiant de la séance",
    "Programme",
    "Événement",
    "Début",
    "Code du lieu",
    "Participants (total)",
)
LEVELS = ["Niveau scolaire : 6e", "Niveau scolaire : 5e"]
HEADERS = [ID, PROGRAMME, EVENT, START, VENUE, TOTAL, *LEVELS, "Genre : Filles"]


def load(rows, user, headers=HEADERS, **options):
    sheet = read_spreadsheet(csv_bytes([headers, *rows], encoding="cp1252"), "frequentation.csv")
    return run_import(registry.get("frequentation"), sheet, user, **options)


def when(session):
    return timezone.localtime(session.start).strftime("%d/%m/%Y %H:%M")


def by_name(session, total=12, programme=None, event=None, start=None, venue=""):
    return [
        "",
        programme or session.event.programme.title,
        event or session.event.title,
        when(session) if start is None else start,
        venue,
        total,
        total,
        0,
        total,
    ]


def errors_of(report):
    found = {}
    for error in report.errors:
        found.setdefault((error["line"], error["column"]), []).append(error["message"])
    return found


@pytest.fixture
def session(venue_a):
    return past_session(culottees(), venue_a, days_ago=3, capacity=30)


def test_a_row_without_identifier_finds_its_session_by_programme_event_and_start(
    session, programme_staff
):
    report = load([by_name(session)], programme_staff)
    assert report.is_valid and report.written, report.errors
    record = AttendanceRecord.objects.get(occurrence=session)
    assert record.total == 12
    # Slugs work as well as titles; the same row again changes nothing.
    again = by_name(
        session, programme=session.event.programme.slug, event=session.event.slug.upper()
    )
    report = load([again], programme_staff)
    assert (report.created, report.updated, report.unchanged, report.invalid) == (0, 0, 1, 0)


def test_a_file_without_the_identifier_column_is_read_by_programme_event_and_start(
    session, programme_staff
):
    headers = HEADERS[1:]
    report = load([by_name(session)[1:]], programme_staff, headers=headers)
    assert report.is_valid and report.created == 1, (report.file_errors, report.errors)

    report = load([[when(session), 12]], programme_staff, headers=[START, TOTAL])
    assert report.file_errors == [
        "Colonne obligatoire absente : « Identifiant de la séance » ou « Programme », "
        "« Événement » et « Début »."
    ]


def test_no_or_several_matching_sessions_are_refused_in_french(session, programme_staff, venue_a):
    other_venue = VenueFactory(name="Collège B", code="college-b")
    twin = Occurrence.objects.create(
        event=session.event,
        rule_key="m-twin",
        start=session.start,
        end=session.end,
        venue=other_venue,
        commune=other_venue.commune,
    )
    later = timezone.localtime(session.start) + timedelta(days=1)
    report = load(
        [
            by_name(session, start=later.strftime("%d/%m/%Y %H:%M")),  # line 2: no session
            by_name(session),  # line 3: two sessions start then
            by_name(session, event="Atelier inconnu"),  # line 4
            by_name(session, start=""),  # line 5
            ["", "", "", "", "", 3, 3, 0, 3],  # line 6
        ],
        programme_staff,
    )
    errors = errors_of(report)
    assert errors[(2, START)] == [
        f"Aucune séance de « {session.event.title} » ne commence le "
        f"{later.strftime('%d/%m/%Y à %H:%M')}."
    ]
    assert "Plusieurs séances" in errors[(3, ID)][0]
    assert "indiquez l'identifiant de la séance" in errors[(3, ID)][0]
    assert errors[(4, EVENT)] == [
        "Le programme « Toutes culottées » n'a pas d'événement « Atelier inconnu »."
    ]
    assert errors[(5, ID)] == ["Sans identifiant de séance, indiquez aussi : « Début »."]
    assert errors[(6, ID)] == [
        "Indiquez l'identifiant de la séance, ou son programme, son événement et son début."
    ]
    assert not report.written and not AttendanceRecord.objects.exists()

    # The venue code tells the two sessions apart.
    report = load([by_name(session, venue=venue_a.code)], programme_staff)
    assert report.is_valid and report.written, report.errors
    assert AttendanceRecord.objects.get().occurrence == session
    assert not AttendanceRecord.objects.filter(occurrence=twin).exists()


def test_every_error_of_a_row_is_reported_not_only_the_first(session, programme_staff):
    report = load(
        [
            by_name(session, start="31/11/2025 10:00", total="vingt"),  # line 2
            [str(session.uuid), "", "", "31/11/2025 10:00", "", "vingt", 0, 0, 0],  # line 3
            [str(session.uuid), "", "", "", "", 20, 5, 0, "beaucoup"],  # line 4
        ],
        programme_staff,
    )
    errors = errors_of(report)
    assert "« 31/11/2025 10:00 » n'est pas une date et heure" in errors[(2, START)][0]
    assert "vingt" in errors[(2, TOTAL)][0]
    assert "« 31/11/2025 10:00 » n'est pas une date et heure" in errors[(3, START)][0]
    assert "vingt" in errors[(3, TOTAL)][0]
    # A bad cell does not hide the rule the other cells break (5 + 0 ≠ 20 in the levels).
    assert "beaucoup" in errors[(4, "Genre : Filles")][0]
    assert "les parts font 5 pour un total de 20" in " ".join(
        errors[(4, "Niveau scolaire : non renseigné")]
    )
    assert report.invalid == 3 and not AttendanceRecord.objects.exists()
