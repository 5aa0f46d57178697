"""The attendance export builds its rows from two streamed queries, the parts then the records
(AttendanceResource.export_rows): the same cells, in the same order, as the generic path that
renders each column of each record through its widget, in fewer queries."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from programmes.models import AttendancePart, AttendanceRecord
from programmes.resources import attendance
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource
from spreadsheets.services import export_queryset
from tests.programmes.participation import culottees, past_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(venue_a, venue_b):
    programme = culottees()
    made = []
    sessions = [
        past_session(programme, venue_a, days_ago=3),
        past_session(programme, venue_b, days_ago=4, title="=SOMME(A1:A2)"),
        past_session(programme, venue_a, days_ago=5),
    ]
    # an older record of a session that has lost its venue, and a start to the second
    sessions[2].venue = None
    sessions[2].start = sessions[2].start.replace(second=42) - timedelta(days=1)
    sessions[2].save()
    parts = [
        {("school_level", "4e"): 20, ("gender", "filles"): 12, ("gender", "garcons"): 8},
        {},
        {("school_level", "inconnu"): 5},
    ]
    for n, (session, mine) in enumerate(zip(sessions, parts, strict=True)):
        record = AttendanceRecord.objects.create(
            occurrence=session, total=sum(mine.values()) or 7, over_capacity_confirmed=n == 1
        )
        AttendancePart.objects.bulk_create(
            AttendancePart(record=record, dimension=d, category=c, count=k)
            for (d, c), k in mine.items()
        )
        made.append(record)
    return made


def rows_both_ways(text, queryset=None):
    registered = registry.get("frequentation")
    with translation.override("fr"):
        resource = registered.resource()
        records = export_queryset(registered, None, queryset).order_by("-occurrence__start")
        fast = list(resource.export_rows(records, text=text))
        generic = list(SpreadsheetResource.export_rows(resource, records, text=text))
    return fast, generic


@pytest.mark.parametrize("text", [True, False], ids=["csv", "xlsx-ods"])
def test_the_rows_are_those_of_the_generic_path(records, text):
    fast, generic = rows_both_ways(text)
    assert len(fast) == 3
    assert fast == generic
    by_id = {row[0]: row for row in fast}
    assert by_id[str(records[1].occurrence.uuid)][2] == "'=SOMME(A1:A2)"  # formula escaped
    assert by_id[str(records[2].occurrence.uuid)][4] == ""  # no venue
    start = by_id[str(records[2].occurrence.uuid)][3]
    local = timezone.localtime(records[2].occurrence.start)
    if text:
        assert start == local.strftime("%d/%m/%Y %H:%M:%S")
    else:
        assert start == local.replace(tzinfo=None)
    assert by_id[str(records[1].occurrence.uuid)][6] == "oui"


def test_the_export_costs_two_queries_whatever_its_size(
    records, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(attendance, "CHUNK", 2)
    registered = registry.get("frequentation")
    resource = registered.resource()
    queryset = export_queryset(registered).order_by("pk")
    # 3 records read in chunks of 2: the parts, then the records, each one streamed query
    with django_assert_max_num_queries(2):
        rows = list(resource.export_rows(queryset, text=False))
    assert [row[0] for row in rows] == [str(r.occurrence.uuid) for r in records]


def test_a_narrowed_listing_exports_its_own_records_only(records):
    narrowed = AttendanceRecord.objects.filter(pk=records[0].pk)
    fast, generic = rows_both_ways(False, narrowed)
    assert fast == generic and [row[0] for row in fast] == [str(records[0].occurrence.uuid)]
