"""Builders for the files people send: CSV in a given encoding and dialect, XLSX, ODS."""

import io

import openpyxl
import tablib

from spreadsheets.reading import read_spreadsheet

VENUE_HEADERS = ["Code", "Nom", "Type de lieu", "Code INSEE de la commune", "Latitude", "Longitude"]


def csv_bytes(rows, delimiter=";", encoding="utf-8", bom=False, newline="\r\n"):
    lines = [delimiter.join(str(cell) for cell in row) for row in rows]
    data = (newline.join(lines) + newline).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def ods_bytes(rows):
    dataset = tablib.Dataset(headers=list(rows[0]))
    for row in rows[1:]:
        dataset.append(list(row))
    return dataset.export("ods")


def sheet_of(data, filename):
    return read_spreadsheet(data, filename)


def listing_download(data):
    """A Wagtail listing or report download (XLSX): its header block (title, filters, date),
    headings, data rows and totals row (None when it has none)."""
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    block = [row[0] for row in rows[:3]]
    assert rows[3] == () or all(value is None for value in rows[3]), rows[:5]
    headings, body = rows[4], rows[5:]
    totals = body[-1] if body and body[-1][0] == "Total" else None
    return block, headings, (body[:-1] if totals else body), totals
