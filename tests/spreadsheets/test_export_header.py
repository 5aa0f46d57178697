"""Exports say what they hold: title, filters applied, date of export, totals of the numeric
columns. Wagtail's listing and report downloads carry it above the table; the resources'
« Exporter » files keep a bare first sheet (they import back with no change) and say it on a
second sheet « Informations »."""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.urls import reverse
from django.utils import timezone

from artworks.models import MediationSession
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export, run_import
from spreadsheets.writing import ColumnTotals
from tests.artworks.factories import MediationSessionFactory, PlacementFactory
from tests.spreadsheets.helpers import listing_download

pytestmark = pytest.mark.django_db

SESSIONS = "wagtailsnippets_artworks_mediationsession:list"


@pytest.fixture
def sessions(venue_a, venue_b):
    here = PlacementFactory(venue=venue_a)
    MediationSessionFactory(placement=here, attendance_total=12, attendance_adults=4)
    MediationSessionFactory(
        placement=here,
        attendance_total=30,
        attendance_adults=10,
        starts_at=datetime.datetime(2025, 1, 9, 10, 0, tzinfo=datetime.UTC),
    )
    MediationSessionFactory(placement=PlacementFactory(venue=venue_b), attendance_total=7)
    return here


def download(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_listing_download_has_a_header_block_and_a_totals_row(
    client, programme_staff, sessions, venue_a
):
    client.force_login(programme_staff)
    response = client.get(reverse(SESSIONS), {"venue": venue_a.pk, "export": "xlsx"})
    block, headings, rows, totals = listing_download(download(response))
    assert block[0] == "Séances de médiation"
    assert block[1] == "Filtres appliqués : Lieu : Pôle social A (Asnières-sur-Seine)"
    assert block[2].startswith("Exporté le " + timezone.localdate().strftime("%d/%m/%Y"))
    assert "Participants" in headings
    assert len(rows) == 2
    column = headings.index("Participants")
    assert totals[column] == 42 == sum(row[column] for row in rows)
    assert totals[headings.index("Adultes")] == 14


def test_a_listing_download_without_filters_says_so(client, programme_staff, sessions):
    client.force_login(programme_staff)
    response = client.get(reverse(SESSIONS), {"export": "xlsx"})
    block, _headings, rows, totals = listing_download(download(response))
    assert block[1].startswith("Filtres appliqués : Aucun")
    assert len(rows) == 3 and totals[_headings.index("Participants")] == 49


def test_years_and_numbers_are_not_totalled():
    totals = ColumnTotals(["Titre", "Année", "Numéro d'inventaire", "Participants"])
    for row in (["A", 2008, 14, 3], ["B", 2010, 15, 4]):
        totals.feed(row)
    assert totals.row() == ["Total", None, None, 7]
    text = ColumnTotals(["Code", "Nom"])
    text.feed(["a", "b"])
    assert text.row() is None


@pytest.mark.parametrize("file_format", ["xlsx", "ods"])
def test_a_resource_export_says_what_it_holds_on_a_second_sheet_and_reimports(
    programme_staff, sessions, file_format
):
    registered = registry.get("seances-mediation")
    data = export(registered, file_format, user=programme_staff, filters="Lieu : Pôle social A")
    if file_format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book.sheetnames == ["Séances de médiation", "Informations"]
        info = [row for row in book["Informations"].iter_rows(values_only=True) if any(row)]
    else:
        book = tablib.Databook()
        book.load(data, "ods")
        sheets = book.sheets()
        assert [sheet.title for sheet in sheets] == ["Séances de médiation", "Informations"]
        info = [tuple(sheets[1].headers)] + [tuple(row) for row in sheets[1]]
        info = [row for row in info if any(v not in (None, "") for v in row)]
    labels = {row[0]: row[1] for row in info}
    assert labels["Contenu"] == "Séances de médiation"
    assert labels["Filtres appliqués"].startswith("Lieu : Pôle social A")
    assert labels["Exporté le"].startswith(timezone.localdate().strftime("%d/%m/%Y"))
    assert labels["Lignes"] == 3
    assert "Totaux" in labels
    assert float(labels["Participants (total)"]) == 49
    assert float(labels["Dont adultes"]) == 14
    # the first sheet is the bare table: it reads and imports back with no change
    sheet = read_spreadsheet(data, f"x.{file_format}")
    assert len(sheet.rows) == 3
    before = list(MediationSession.objects.values_list("pk", "attendance_total"))
    report = run_import(registered, sheet, user=programme_staff)
    assert report.file_errors == [] and report.errors == [], report
    assert (report.created, report.unchanged) == (0, 3)
    assert list(MediationSession.objects.values_list("pk", "attendance_total")) == before


def test_the_exporter_button_states_the_listing_filters(client, programme_staff, sessions, venue_a):
    client.force_login(programme_staff)
    response = client.get(reverse(SESSIONS), {"venue": venue_a.pk, "tableur": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(download(response)))
    labels = {row[0]: row[1] for row in book["Informations"].iter_rows(values_only=True) if row}
    assert labels["Filtres appliqués"].startswith("Lieu : Pôle social A")
    assert labels["Lignes"] == 2
