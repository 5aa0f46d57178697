"""Writing spreadsheets that open correctly in French Excel and LibreOffice.

CSV: UTF-8 with a BOM and `;` (what French Excel expects). XLSX: openpyxl's write-only mode,
row by row, so a large export is streamed rather than built in memory. ODS: tablib (odfpy).

An export (XLSX, ODS) also says what it holds: its title, the filters applied, the date of the
export and the totals of its numeric columns. The first sheet stays the bare table, so that the
file imports back with no change (reading.py reads the first sheet only); that header block is
the second sheet, « Informations ». Wagtail's listing and report downloads, which are never
imported, carry the same block above the table and a totals row (listing_export.py).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

INFO_SHEET = "Informations"
NO_FILTER = "Aucun : toutes les données auxquelles vous avez accès"
#: numeric columns that are not quantities: never totalled
NOT_A_QUANTITY = re.compile(
    r"ann[ée]e|identifiant|num[ée]ro|code|latitude|longitude|\bid\b|postal|siret|uai|ordre",
    re.IGNORECASE,
)


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


class ColumnTotals:
    """Sums the columns whose every filled cell is a number (counts, amounts), fed row by row
    while the rows are written; a year, a number or a code column is never summed."""

    def __init__(self, headers):
        self.headers = [str(h) for h in headers]
        self.sums = [0] * len(self.headers)
        self.numeric = [not NOT_A_QUANTITY.search(h) for h in self.headers]
        self.filled = [False] * len(self.headers)
        self.rows = 0
        self._watched = [i for i, numeric in enumerate(self.numeric) if numeric]

    def feed(self, row):
        self.rows += 1
        if not isinstance(row, list | tuple):
            row = list(row)
        numeric, sums, filled = self.numeric, self.sums, self.filled
        size = len(row)
        # Only the columns still numeric are looked at: a text column drops out at its first
        # text cell, so a long export checks its counts, not its titles, row after row.
        for i in self._watched:
            if i >= size:
                break
            value = row[i]
            if value is None or value == "":
                continue
            if type(value) is int or _is_number(value):
                sums[i] += value
                filled[i] = True
            else:
                numeric[i] = False
                self._watched = [j for j in self._watched if numeric[j]]
        return row

    def columns(self):
        """[(column index, heading, total)] of the summed columns."""
        return [
            (i, heading, float(total) if isinstance(total, Decimal) else total)
            for i, (heading, total) in enumerate(zip(self.headers, self.sums, strict=True))
            if self.numeric[i] and self.filled[i]
        ]

    def row(self, label="Total"):
        """A totals row for the table: the label in the first column, the sums below theirs;
        None when no column is summed."""
        columns = self.columns()
        if not columns:
            return None
        values = [None] * len(self.headers)
        for i, _heading, total in columns:
            values[i] = total
        if values[0] is None:
            values[0] = label
        return values


@dataclass
class ExportInfo:
    """What an export holds, said in its header block."""

    title: str
    filters: str = ""
    exported_at: datetime.datetime = field(default=None)

    def __post_init__(self):
        if self.exported_at is None:
            from django.utils import timezone

            self.exported_at = timezone.localtime()

    def lines(self):
        """[(label, value)]: the header block's rows."""
        return [
            ("Contenu", str(self.title)),
            ("Filtres appliqués", str(self.filters) or NO_FILTER),
            ("Exporté le", self.exported_at.strftime("%d/%m/%Y à %H:%M")),
        ]

    def block(self):
        """The header block above a table: its title, then one sentence a line."""
        _title, (filters_label, filters), (date_label, date) = self.lines()
        return [str(self.title), f"{filters_label} : {filters}", f"{date_label} {date}"]

    def sheet_rows(self, totals):
        rows = [list(line) for line in self.lines()]
        rows.append(["Lignes", totals.rows])
        columns = totals.columns()
        if columns:
            rows.append([])
            rows.append(["Totaux", None])
            rows.extend([heading, total] for _i, heading, total in columns)
        return rows


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


#: the number formats of date cells in an XLSX export (French order)
DATE_FORMATS = {datetime.datetime: "DD/MM/YYYY HH:MM", datetime.date: "DD/MM/YYYY"}


def _xlsx_values(sheet, rows):
    """The rows as openpyxl's write-only sheet takes them, with as little work per cell as a
    large export allows: an empty cell (None or « ») is left out, a Decimal becomes a float,
    a date or date-time goes in a styled cell (French format). Styled cells are made once per
    column and format and reused row after row: the sheet writes each row before the next is
    given, so one cell object per column is enough."""
    from openpyxl.cell import WriteOnlyCell

    styled = {}

    def date_cell(i, value):
        kind = datetime.datetime if isinstance(value, datetime.datetime) else datetime.date
        cell = styled.get((i, kind))
        if cell is None:
            cell = styled[(i, kind)] = WriteOnlyCell(sheet)
            cell.number_format = DATE_FORMATS[kind]
        cell.value = value
        return cell

    plain = (str, int, float, bool)
    for row in rows:
        values = list(row)
        for i, value in enumerate(values):
            kind = type(value)
            if kind in plain:
                if kind is str and not value:
                    values[i] = None
            elif value is None:
                continue
            elif isinstance(value, datetime.date):
                values[i] = date_cell(i, value)
            elif isinstance(value, Decimal):
                values[i] = float(value)
        yield values


def write_xlsx(headers, rows, stream, title="Données", info=None):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    totals = ColumnTotals(headers)
    if info is not None:
        rows = map(totals.feed, rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for heading in headers:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    append = sheet.append
    for values in _xlsx_values(sheet, rows):
        append(values)
    if info is not None:
        sheet = book.create_sheet(title=INFO_SHEET)
        for i, row in enumerate(info.sheet_rows(totals)):
            if row and (i == 0 or row[0] == "Totaux"):
                label = WriteOnlyCell(sheet, value=row[0])
                label.font = bold
                row = [label, *row[1:]]
            sheet.append(row)
    book.save(stream)


def write_ods(headers, rows, stream, title="Données", info=None):
    import tablib

    totals = ColumnTotals(headers)
    dataset = tablib.Dataset(headers=list(headers), title=title)
    for row in rows:
        dataset.append(totals.feed([float(v) if isinstance(v, Decimal) else v for v in row]))
    if info is None:
        stream.write(dataset.export("ods"))
        return
    sheet_rows = info.sheet_rows(totals)
    about = tablib.Dataset(title=INFO_SHEET)
    about.headers = ["Export", ""]
    for row in sheet_rows:
        about.append((list(row) + [None, None])[:2])
    stream.write(tablib.Databook([dataset, about]).export("ods"))


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods}


def sheet_title(title):
    """A sheet name Excel accepts: 31 characters at most, none of []:*?/\\."""
    cleaned = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", str(title))).strip()
    return (cleaned[:1].upper() + cleaned[1:])[:31].strip() or "Données"


def write_spreadsheet(file_format, headers, rows, stream=None, title=None, info=None):
    """Write headers then rows to `stream` (bytes); without a stream, return the bytes. The
    sheet (XLSX, ODS) is named after `title`, the content's name; with `info` (ExportInfo) a
    second sheet « Informations » says what the file holds (a CSV holds the table only)."""
    own = stream is None
    if own:
        stream = io.BytesIO()
    named = {"title": sheet_title(title)} if title and file_format != "csv" else {}
    if info is not None and file_format != "csv":
        named["info"] = info
    WRITERS[file_format](headers, rows, stream, **named)
    if own:
        return stream.getvalue()
    return None
