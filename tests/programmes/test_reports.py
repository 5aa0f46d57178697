"""Reports: every figure equals the sums of known records; exports carry the same totals."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse

from places.models import Commune
from programmes.models import AttendanceRecord, EditionTarget
from tests.factories import VenueFactory
from tests.programmes import factories as f
from tests.programmes.participation import past_session
from tests.spreadsheets.helpers import listing_download

pytestmark = pytest.mark.django_db

REACH = "programmes_report_reach"


@pytest.fixture
def known(db):
    """Two programmes, three venues in two communes, six records with known totals."""
    asnieres = Commune.objects.get(insee_code="92004")
    gennevilliers = Commune.objects.get(insee_code="92036")
    college_1 = VenueFactory(name="Collège Un", code="college-un", commune=asnieres, kind="college")
    college_2 = VenueFactory(name="Collège Deux", code="college-deux", commune=gennevilliers,
                             kind="college")  # fmt: skip
    college_3 = VenueFactory(name="Collège Trois", code="college-trois", commune=gennevilliers,
                             kind="college")  # fmt: skip
    girls = f.audience("Collégiennes", "collegiennes")
    seniors = f.audience("Seniors", "seniors")
    culottees = f.programme("Toutes culottées")
    giga = f.programme("Giga Séniors")
    edition = f.edition(culottees, "Toutes culottées 2030", start=f.paris(2000, 1, 1).date())
    edition.venues.add(college_1, college_2, college_3)
    edition.save()
    EditionTarget.objects.create(edition=edition, audience=girls, people_count=1800)
    figures = [
        (culottees, college_1, girls, 150, 3, edition),
        (culottees, college_1, girls, 140, 40, edition),
        (culottees, college_2, girls, 160, 50, edition),
        (giga, college_2, seniors, 30, 4, None),
        (giga, college_3, seniors, 25, 45, None),
        (giga, college_3, seniors, 4, 80, None),
    ]
    for number, (programme, venue, audience, total, days_ago, ed) in enumerate(figures):
        occurrence = past_session(programme, venue, days_ago=days_ago, title=f"S{number}",
                                  audience=audience, edition=ed)  # fmt: skip
        AttendanceRecord.objects.create(occurrence=occurrence, total=total)
    return {"figures": figures, "edition": edition}


def table(html, table_id):
    """The rows of a report table as {first cell: [other cells]}."""
    import re

    body = html.split(f'id="{table_id}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<.*?>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("programme", {"Toutes culottées": ["3", "450", "2"], "Giga Séniors": ["3", "59", "2"]}),
        ("commune", {"Asnières-sur-Seine": ["2", "290", "1"], "Gennevilliers": ["4", "219", "2"]}),
        (
            "venue",
            {
                "Collège Un": ["2", "290", "1"],
                "Collège Deux": ["2", "190", "1"],
                "Collège Trois": ["2", "29", "1"],
            },
        ),  # fmt: skip
        ("audience", {"Collégiennes": ["3", "450", "2"], "Seniors": ["3", "59", "2"]}),
        (
            "edition",
            {"Toutes culottées 2030": ["3", "450", "2"], "(non renseigné)": ["3", "59", "2"]},
        ),
    ],
)
def test_reach_table_equals_the_sums_of_the_records(
    client, programme_staff, known, group_by, expected
):
    client.force_login(programme_staff)
    html = client.get(reverse(REACH), {"group_by": group_by}).content.decode()
    assert table(html, "reach-table") == expected
    assert 'id="total-people">509<' in html and 'id="total-sessions">6<' in html


def test_reach_by_sst_and_by_month_add_up_to_the_same_total(client, programme_staff, known):
    client.force_login(programme_staff)
    for group_by in ("sst", "month"):
        rows = table(
            client.get(reverse(REACH), {"group_by": group_by}).content.decode(), "reach-table"
        )
        assert sum(int(cells[1]) for cells in rows.values()) == 509
        assert sum(int(cells[0]) for cells in rows.values()) == 6


def test_reach_filters_narrow_the_totals(client, programme_staff, known):
    client.force_login(programme_staff)
    gennevilliers = Commune.objects.get(insee_code="92036")
    html = client.get(
        reverse(REACH), {"group_by": "programme", "commune": gennevilliers.pk}
    ).content.decode()
    assert table(html, "reach-table") == {"Toutes culottées": ["1", "160", "1"],
                                          "Giga Séniors": ["3", "59", "2"]}  # fmt: skip
    today = f.paris(2000, 1, 1).date().today()
    start = (today - timedelta(days=42)).isoformat()
    html = client.get(
        reverse(REACH), {"group_by": "programme", "period_from": start}
    ).content.decode()
    assert table(html, "reach-table") == {"Toutes culottées": ["2", "290", "1"],
                                          "Giga Séniors": ["1", "30", "1"]}  # fmt: skip


def test_the_chart_draws_the_tables_figures(client, programme_staff, known):
    client.force_login(programme_staff)
    html = client.get(reverse(REACH), {"group_by": "programme"}).content.decode()
    chart = html.split('class="report-chart"', 1)[1].split("</ul>", 1)[0]
    assert 'style="width: 100%"' in chart  # the largest group fills the track
    assert '<span class="figure">450</span>' in chart and '<span class="figure">59</span>' in chart


def test_xlsx_and_csv_exports_carry_the_tables_totals(client, programme_staff, known):
    client.force_login(programme_staff)
    response = client.get(reverse(REACH), {"group_by": "commune", "export": "xlsx"})
    block, headings, rows, totals = listing_download(b"".join(response.streaming_content))
    assert block[0] == "Fréquentation : personnes touchées"
    assert headings == ("Regroupement", "Séances", "Personnes", "Lieux")
    assert {r[0]: r[1:] for r in rows} == {"Asnières-sur-Seine": (2, 290, 1),
                                           "Gennevilliers": (4, 219, 2)}  # fmt: skip
    assert sum(r[2] for r in rows) == 509 == totals[2]
    assert totals[:2] == ("Total", 6)
    response = client.get(reverse(REACH), {"group_by": "commune", "export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert sum(int(line[2]) for line in lines[1:]) == 509


def test_a_venue_manager_sees_only_their_venues_in_the_report(client, known):
    from tests.factories import UserFactory

    manager = UserFactory(username="lieu.trois", groups=["Responsables de lieu"])
    AttendanceRecord.objects.first().occurrence.venue  # noqa: B018
    from places.models import Venue

    Venue.objects.get(code="college-trois").managers.add(manager)
    client.force_login(manager)
    html = client.get(reverse(REACH), {"group_by": "venue"}).content.decode()
    assert table(html, "reach-table") == {"Collège Trois": ["2", "29", "1"]}
    assert client.get(reverse("programmes_report_targets")).status_code in (302, 403)


def test_target_progress_counts_people_and_colleges_covered(client, programme_staff, known):
    client.force_login(programme_staff)
    html = client.get(reverse("programmes_report_targets")).content.decode()
    assert table(html, "targets-table")["Toutes culottées 2030"] == [
        "Toutes culottées", "1800", "450", "25 %", "3", "2",
    ]  # fmt: skip
    response = client.get(reverse("programmes_report_targets"), {"export": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert ("Toutes culottées 2030", "Toutes culottées", 1800, 450, 25, 3, 2) in rows


def test_each_report_table_is_one_query(
    client, programme_staff, known, django_assert_max_num_queries
):
    from programmes import reports

    records = AttendanceRecord.objects.all()
    for group_by in reports.GROUPINGS:
        with django_assert_max_num_queries(1):
            list(reports.reach(records, group_by))
    with django_assert_max_num_queries(1):
        list(reports.target_progress())
