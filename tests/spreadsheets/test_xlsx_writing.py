"""How write_xlsx puts values in cells: dates in French formats, decimals as numbers, empty
cells left out (an empty text is no cell at all, as in a sheet typed by hand)."""

import datetime
import io
from decimal import Decimal

import openpyxl

from spreadsheets.writing import ExportInfo, write_xlsx

WHEN = datetime.datetime(2025, 3, 12, 10, 30)


def written(rows, headers=("Nom", "Début", "Jour", "Montant", "Participants"), info=None):
    stream = io.BytesIO()
    write_xlsx(list(headers), rows, stream, info=info)
    return openpyxl.load_workbook(io.BytesIO(stream.getvalue()))


def test_dates_decimals_and_empty_cells():
    rows = [
        ["A", WHEN, datetime.date(2025, 3, 12), Decimal("12.50"), 3],
        ["", WHEN + datetime.timedelta(days=1), None, "", 4],
        ["C", None, datetime.date(2025, 3, 14), Decimal("1"), ""],
    ]
    sheet = written(rows).worksheets[0]
    assert [c.value for c in sheet[1]] == ["Nom", "Début", "Jour", "Montant", "Participants"]
    assert all(c.font.bold for c in sheet[1])
    # every row keeps its own date, though one styled cell per column is reused
    assert [c.value for c in sheet["B"][1:]] == [WHEN, WHEN + datetime.timedelta(days=1), None]
    assert [c.number_format for c in sheet["B"][1:3]] == ["DD/MM/YYYY HH:MM"] * 2
    assert [c.value for c in sheet["C"][1:]] == [
        datetime.datetime(2025, 3, 12),
        None,
        datetime.datetime(2025, 3, 14),
    ]
    assert sheet["C2"].number_format == sheet["C4"].number_format == "DD/MM/YYYY"
    assert sheet["D2"].value == 12.5 and sheet["D2"].data_type == "n"
    assert sheet["E2"].number_format == "General"  # a count is not styled
    # an empty text is no cell: nothing written where a row has « »
    raw = io.BytesIO()
    write_xlsx(["Nom", "Participants"], [["", 4]], raw)
    xml = zipfile_text(raw.getvalue(), "xl/worksheets/sheet1.xml")
    assert 'r="A2"' not in xml and 'r="B2"' in xml


def zipfile_text(data, name):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def test_the_information_sheet_totals_the_count_columns():
    info = ExportInfo(title="Essai", exported_at=WHEN)
    rows = [
        ["A", WHEN, None, Decimal("2.5"), 3],
        ["B", None, None, "", 4],
        ["C", WHEN, None, Decimal("1"), None],
    ]
    book = written(rows, info=info)
    lines = [[c.value for c in row] for row in book["Informations"].iter_rows()]
    assert ["Lignes", 3] in lines
    totals = lines[lines.index(["Totaux", None]) + 1 :]
    assert totals == [["Montant", 3.5], ["Participants", 7]]
