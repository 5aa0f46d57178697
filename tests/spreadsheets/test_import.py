"""Import semantics: preview, all-or-nothing, skip-invalid with the rejected rows, idempotence,
rights and venue scope, formula escaping."""

import datetime
from decimal import Decimal

import pytest

from places.models import Venue
from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export, run_import
from spreadsheets.widgets import BooleanWidget, DateWidget, DecimalWidget
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

VENUES = registry.get("lieux")
GOOD = ["pole-clichy", "Pôle social de Clichy", "Pôle social", "92024", "48,9042", "2,3059"]
GOOD_2 = ["pmi-colombes", "PMI de Colombes", "pmi", "92025", "", ""]
BAD = ["ccas-nulle-part", "CCAS fantôme", "CCAS", "92999", "", ""]


def import_rows(rows, user=None, **kwargs):
    sheet = read_spreadsheet(csv_bytes([VENUE_HEADERS, *rows], encoding="cp1252"), "lieux.csv")
    return run_import(VENUES, sheet, user, **kwargs)


def test_the_preview_lists_what_would_happen_and_writes_nothing():
    report = import_rows([GOOD, GOOD_2, BAD], dry_run=True)
    assert (report.created, report.updated, report.invalid) == (2, 0, 1)
    assert [r["action"] for r in report.rows] == ["new", "new", "invalid"]
    assert report.errors == [
        {
            "line": 4,
            "column": "Code INSEE de la commune",
            "message": "Aucune commune n'a le code INSEE « 92999 ».",
        }
    ]
    assert not Venue.objects.filter(code__in=["pole-clichy", "pmi-colombes"]).exists()


def test_one_invalid_row_means_nothing_is_written_by_default():
    report = import_rows([GOOD, GOOD_2, BAD])
    assert report.invalid == 1 and not report.written
    assert not Venue.objects.filter(code__in=["pole-clichy", "pmi-colombes"]).exists()


def test_skip_invalid_keeps_the_valid_rows_and_returns_the_rejected_ones():
    report = import_rows([GOOD, BAD, GOOD_2], skip_invalid=True)
    assert report.written and report.created == 2 and report.skipped == 1
    assert set(Venue.objects.values_list("code", flat=True)) >= {"pole-clichy", "pmi-colombes"}
    rejected = read_spreadsheet(report.rejected, "refus.csv")
    assert rejected.headers == [*VENUE_HEADERS, "Erreur"]
    assert len(rejected.rows) == 1
    assert rejected.rows[0][0] == "ccas-nulle-part"
    assert "92999" in rejected.rows[0][-1]
    # Fixed and sent back, the rejected file imports (its « Erreur » column is ignored).
    fixed = [[*row[:3], "92036", *row[4:]] for row in rejected.rows]
    data = csv_bytes([rejected.headers, *[[c or "" for c in row] for row in fixed]])
    again = run_import(VENUES, read_spreadsheet(data, "corrige.csv"))
    assert again.is_valid and again.created == 1 and not again.warnings


def test_the_rejected_file_holds_every_invalid_row_even_past_the_displayed_errors(monkeypatch):
    """The preview shows a capped list of errors; the rejected rows file must not be capped,
    or rows past the cap would be neither imported nor handed back."""
    monkeypatch.setattr("spreadsheets.services.REPORT_ERRORS_LIMIT", 2)
    bad_rows = [[f"ccas-{n}", f"CCAS {n}", "CCAS", "92999", "", ""] for n in range(5)]
    report = import_rows([GOOD, *bad_rows], skip_invalid=True)
    assert report.invalid == 5 and len(report.errors) == 2
    rejected = read_spreadsheet(report.rejected, "refus.csv")
    assert [row[0] for row in rejected.rows] == [f"ccas-{n}" for n in range(5)]
    assert all("92999" in row[-1] for row in rejected.rows)


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    first = import_rows([GOOD, GOOD_2])
    assert first.created == 2
    second = import_rows([GOOD, GOOD_2])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert not second.written


def test_a_row_whose_code_exists_updates_that_venue(venue_a):
    report = import_rows([[venue_a.code, "Nouveau nom", "Pôle social", "92004", "", ""]])
    assert report.updated == 1
    venue_a.refresh_from_db()
    assert venue_a.name == "Nouveau nom"


def test_a_duplicated_code_inside_the_file_is_an_error_not_a_crash():
    report = import_rows([GOOD, GOOD])
    assert report.invalid == 1 and report.errors[0]["line"] == 3
    assert not Venue.objects.filter(code="pole-clichy").exists()


def test_a_missing_key_column_is_refused_before_any_row():
    sheet = read_spreadsheet(csv_bytes([["Nom"], ["Sans code"]]), "x.csv")
    report = run_import(VENUES, sheet)
    assert report.file_errors == ["Colonne obligatoire absente : « Code »."]


def test_headers_are_matched_without_case_or_accents():
    headers = ["code", "NOM", "type de lieu", "code insee de la commune"]
    sheet = read_spreadsheet(csv_bytes([headers, GOOD[:4]]), "x.csv")
    assert run_import(VENUES, sheet).created == 1


def test_a_manager_cannot_import_rows_of_another_venue(manager_a, venue_a, venue_b):
    rows = [
        [venue_a.code, "Renommé A", "Pôle social", "92004", "", ""],
        [venue_b.code, "Piraté", "Pôle social", "92004", "", ""],
    ]
    report = import_rows(rows, manager_a)
    assert report.updated == 1 and report.invalid == 1
    assert report.errors[0]["line"] == 3
    assert "ne fait pas partie des lieux que vous gérez" in report.errors[0]["message"]
    venue_b.refresh_from_db()
    assert venue_b.name == "Pôle social B"


def test_a_manager_gets_no_unchanged_confirmation_for_another_venue(manager_a, venue_b):
    row = [venue_b.code, venue_b.name, "Pôle social", "92004", "", ""]
    report = import_rows([row], manager_a, dry_run=True)
    assert report.unchanged == 0 and report.invalid == 1


def test_a_manager_cannot_create_venues(manager_a):
    report = import_rows([GOOD], manager_a)
    assert report.invalid == 1
    assert "pas le droit de créer" in report.errors[0]["message"]


def test_a_manager_exports_only_their_venues(manager_a, venue_a, venue_b):
    sheet = read_spreadsheet(export(VENUES, "csv", user=manager_a), "x.csv")
    assert [row[0] for row in sheet.rows] == [venue_a.code]


def test_formulas_are_escaped_on_export_and_restored_on_import(venue_a):
    venue_a.name = '=HYPERLINK("http://pirate")'
    venue_a.accessibility_notes = "@SUM(A1)"
    venue_a.phone = "+33 1 41 11 00 00"
    venue_a.save()
    for file_format in ("csv", "xlsx", "ods"):
        data = export(VENUES, file_format)
        sheet = read_spreadsheet(data, f"x.{file_format}")
        row = dict(zip(sheet.headers, sheet.rows[0], strict=True))
        assert row["Nom"] == '\'=HYPERLINK("http://pirate")'
        assert row["Accessibilité"] == "'@SUM(A1)"
        assert row["Téléphone"] == "'+33 1 41 11 00 00"
        report = run_import(VENUES, sheet)
        assert report.unchanged == 1, report.as_dict()
    venue_a.refresh_from_db()
    assert venue_a.name.startswith("=HYPERLINK")


def test_xlsx_typed_cells_are_understood():
    rows = [VENUE_HEADERS, ["pole-typed", "Typé", "PMI", 92004, 48.91, 2.28]]
    report = run_import(VENUES, read_spreadsheet(xlsx_bytes(rows), "x.xlsx"))
    assert report.created == 1
    venue = Venue.objects.get(code="pole-typed")
    assert venue.latitude == Decimal("48.91") and venue.commune.insee_code == "92004"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("14/07/2024", datetime.date(2024, 7, 14)),
        ("2024-07-14", datetime.date(2024, 7, 14)),
        ("14/07/24", datetime.date(2024, 7, 14)),
        (45487, datetime.date(2024, 7, 14)),
        ("45487", datetime.date(2024, 7, 14)),
        (datetime.datetime(2024, 7, 14, 10, 30), datetime.date(2024, 7, 14)),
    ],
)
def test_dates_are_read_as_french_iso_or_excel_serial(value, expected):
    assert DateWidget().clean(value) == expected


def test_a_wrong_date_says_so_in_french():
    with pytest.raises(ValueError, match="n'est pas une date"):
        DateWidget().clean("31/02/2024")


@pytest.mark.parametrize("value", ["2025", 2025, "123"])
def test_a_year_or_a_small_number_is_not_taken_for_an_excel_date(value):
    """« 2025 » typed in a date column is refused, not read as the serial day 2025 (1905)."""
    with pytest.raises(ValueError, match="n'est pas une date"):
        DateWidget().clean(value)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("45487", datetime.datetime(2024, 7, 14, 0, 0)),
        ("45487,4375", datetime.datetime(2024, 7, 14, 10, 30)),
        (45487.4375, datetime.datetime(2024, 7, 14, 10, 30)),
        ("14/07/2024 10h30", datetime.datetime(2024, 7, 14, 10, 30)),
    ],
)
def test_date_times_are_read_from_excel_serials_whole_or_with_a_time(value, expected):
    from django.utils import timezone

    from spreadsheets.widgets import DateTimeWidget

    assert DateTimeWidget().clean(value) == timezone.make_aware(expected)


@pytest.mark.parametrize("value", ["1 234,5", "1234,5", "1234.5", "1\u202f234,50", 1234.5])
def test_decimal_commas_and_spaces_are_read(value):
    assert DecimalWidget().clean(value) == Decimal("1234.5")


def test_decimals_are_written_with_a_comma_in_csv_and_typed_in_xlsx():
    assert DecimalWidget().render(Decimal("48.914500")) == "48,9145"
    assert DecimalWidget().render(Decimal("48.9145"), text=False) == Decimal("48.9145")


def test_booleans_are_oui_and_non():
    widget = BooleanWidget()
    assert widget.render(True) == "oui" and widget.clean("Non") is False
    with pytest.raises(ValueError, match="oui"):
        widget.clean("peut-être")


def test_a_second_row_for_the_same_venue_is_refused_in_french_and_nothing_is_written():
    twice = [GOOD[0], "Autre nom", *GOOD[2:]]
    report = import_rows([GOOD, GOOD_2, twice])
    assert [(e["line"], e["column"]) for e in report.errors] == [(4, "")]
    assert report.errors[0]["message"].startswith("Cette fiche figure déjà sur une ligne plus haut")
    assert not Venue.objects.filter(code__in=[GOOD[0], GOOD_2[0]]).exists()


def test_a_second_row_for_an_existing_commune_is_refused_not_silently_applied():
    headers = registry.get("communes").resource().get_export_headers()
    first = export(registry.get("communes"), "csv")
    rows = [["" if v is None else v for v in read_spreadsheet(first, "communes.csv").rows[0]]]
    changed = list(rows[0])
    changed[1] = f"{changed[1]} (bis)"
    sheet = read_spreadsheet(csv_bytes([headers, rows[0], changed]), "communes.csv")
    report = run_import(registry.get("communes"), sheet, None)
    assert len(report.errors) == 1 and report.errors[0]["line"] == 3
    assert report.updated == 0
