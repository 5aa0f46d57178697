"""Writing spreadsheets that open correctly in French Excel and LibreOffice.

CSV: UTF-8 with a BOM and `;` (what French Excel expects). XLSX: openpyxl's write-only mode,
row by row, so a large export is streamed rather than built in memory. ODS: tablib (odfpy).
"""

import csv
import datetime
import io
import re
from decimal import Decimal

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def write_csv(headers, rows, stream):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    text.flush()
    text.detach()


def write_xlsx(headers, rows, stream, title="Données"):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for heading in headers:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = (
                    "DD/MM/YYYY HH:MM" if isinstance(value, datetime.datetime) else "DD/MM/YYYY"
                )
                values.append(cell)
            elif isinstance(value, Decimal):
                values.append(float(value))
            else:
                values.append(value)
        sheet.append(values)
    book.save(stream)


def write_ods(headers, rows, stream, title="Données"):
    import tablib

    dataset = tablib.Dataset(headers=list(headers), title=title)
    for row in rows:
        dataset.append([float(v) if isinstance(v, Decimal) else v for v in row])
    stream.write(dataset.export("ods"))


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods}


def sheet_title(title):
    """A sheet name Excel accepts: 31 characters at most, none of []:*?/\\."""
    cleaned = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", str(title))).strip()
    return (cleaned[:1].upper() + cleaned[1:])[:31].strip() or "Données"


def write_spreadsheet(file_format, headers, rows, stream=None, title=None):
    """Write headers then rows to `stream` (bytes); without a stream, return the bytes. The
    sheet (XLSX, ODS) is named after `title`, the content's name."""
    own = stream is None
    if own:
        stream = io.BytesIO()
    named = {"title": sheet_title(title)} if title and file_format != "csv" else {}
    WRITERS[file_format](headers, rows, stream, **named)
    if own:
        return stream.getvalue()
    return None
