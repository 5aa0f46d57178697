"""Reading the spreadsheets people really send: XLSX, ODS and CSV (UTF-8 with or without BOM,
or Windows-1252; comma, semicolon or tab), safely and with bounded cost.

Every refusal is a `SpreadsheetError` whose message is French and meant for the person who
sent the file. Limits (settings, with defaults): SPREADSHEETS_MAX_UPLOAD_SIZE (bytes),
SPREADSHEETS_MAX_ROWS, SPREADSHEETS_MAX_COLUMNS, SPREADSHEETS_MAX_UNCOMPRESSED_SIZE (bytes of
all members of an XLSX/ODS archive), SPREADSHEETS_MAX_PART_SIZE (bytes of one XML member).

The cost of a read is bounded twice:

- before any XML parser runs, every XML member of an archive, whether the workbook lists it or
  not, is read once as bytes (`check_parts`): it must fit SPREADSHEETS_MAX_PART_SIZE, be UTF-8
  (or a subset of it), and hold no comment, DTD, entity declaration, CDATA section or
  processing instruction, nor any run of more than MAX_TOKEN bytes without a « < » (a huge
  comment, tag or attribute costs expat < 2.6 quadratic time: 20 MB took 30 s);
- a workbook that unpacks to more than SPREADSHEETS_IN_PROCESS_SIZE bytes is checked and
  parsed in a forked child (`spreadsheets.sandbox`) with a wall-clock timeout
  (SPREADSHEETS_READ_TIMEOUT, seconds), a CPU limit (SPREADSHEETS_READ_CPU_SECONDS) and an
  address-space allowance (SPREADSHEETS_READ_MEMORY, bytes): whatever a file does, the
  caller (a web worker) gets its rows or a French refusal in time, and no process but that
  child is ever killed. In a Celery task (no web worker waits), time and CPU extend to
  SPREADSHEETS_BACKGROUND_READ_TIMEOUT. Numbers are bounded too (`check_number`): |x| < 10^30.
"""

import codecs
import csv
import datetime
import io
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FORMATS = ("csv", "xlsx", "ods")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class SpreadsheetError(ValueError):
    """A file that cannot be read; the message is for the person who sent it."""


def limit(name):
    defaults = {
        "MAX_UPLOAD_SIZE": 20 * 1024 * 1024,
        "MAX_ROWS": 200_000,
        "MAX_COLUMNS": 200,
        "MAX_UNCOMPRESSED_SIZE": 300 * 1024 * 1024,
        "MAX_PART_SIZE": 200 * 1024 * 1024,
        "READ_TIMEOUT": 25,
        "READ_CPU_SECONDS": 25,
        "READ_MEMORY": 1024 * 1024 * 1024,
        "IN_PROCESS_SIZE": 1024 * 1024,
        "BACKGROUND_READ_TIMEOUT": 600,
    }
    return getattr(settings, f"SPREADSHEETS_{name}", defaults[name])


@dataclass
class Sheet:
    """The first sheet of a file: headers, non-blank rows and their line numbers in the file."""

    format: str
    headers: list
    rows: list = field(default_factory=list)
    line_numbers: list = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""

    def __len__(self):
        return len(self.rows)


def check_size(size):
    if size > limit("MAX_UPLOAD_SIZE"):
        raise SpreadsheetError(
            _("Le fichier pèse %(size)s ; la taille maximale est %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(limit("MAX_UPLOAD_SIZE"))}
        )


def detect_format(data: bytes, filename: str = "") -> str:
    """The format from the content, checked against the extension when there is one."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension and extension not in FORMATS:
        raise SpreadsheetError(
            _("Format non pris en charge : « .%(ext)s ». Envoyez un fichier XLSX, ODS ou CSV.")
            % {"ext": extension}
        )
    if data[:4] == b"PK\x03\x04":
        content = _zip_kind(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetError(
            _(
                "Ce fichier est au format Excel 97-2003 (.xls), qui n'est pas accepté : "
                "enregistrez-le au format XLSX, ODS ou CSV."
            )
        )
    else:
        content = "csv"
    if extension and extension != content:
        raise SpreadsheetError(
            _(
                "Le contenu du fichier ne correspond pas à son extension « .%(ext)s » "
                "(il ressemble à un fichier %(kind)s)."
            )
            % {"ext": extension, "kind": content.upper()}
        )
    return content


def _zip_kind(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        raise SpreadsheetError(_("Le fichier est une archive endommagée.")) from None
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        return "ods"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    raise SpreadsheetError(_("Cette archive n'est ni un classeur XLSX ni un classeur ODS."))


def _open_archive(data):
    """The archive, once the declared sizes of its members are known to be reasonable."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    total = sum(info.file_size for info in archive.infolist())
    if total > limit("MAX_UNCOMPRESSED_SIZE"):
        raise SpreadsheetError(
            _(
                "Le classeur se décompresse en %(size)s, au-delà de la limite de %(max)s : "
                "il est refusé."
            )
            % {"size": filesizeformat(total), "max": filesizeformat(limit("MAX_UNCOMPRESSED_SIZE"))}
        )
    return archive


#: The longest run of bytes without a « < » an XML member may hold (text, a tag and its
#: attributes): a cell holds at most 32,767 characters (128 kB in UTF-8).
MAX_TOKEN = 512 * 1024
_WINDOW = MAX_TOKEN // 2
_XML_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}
_DECLARATION = re.compile(rb"<\?xml[^>]{0,200}?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_MARKUP = {
    b"<!--": gettext_lazy("un commentaire XML"),
    b"<![": gettext_lazy("une section CDATA"),
    b"<!": gettext_lazy("une déclaration DTD ou d'entités"),
    b"<?": gettext_lazy("une instruction de traitement XML"),
}


def _refused_part(name, reason):
    return SpreadsheetError(
        _("Le classeur contient %(what)s (partie « %(part)s ») : il est refusé.")
        % {"what": reason, "part": name[:80]}
    )


def check_parts(data):
    """Every XML member of the archive, listed by the workbook or not, read once as bytes:
    bounded in size, UTF-8, without comments, DTDs, entities, CDATA sections, processing
    instructions or oversized tokens. Linear, without an XML parser, but 300 MB still take a
    few seconds (5 s on a busy 2-core machine): large archives are checked in the child.

    Returns the total size of the XML members."""
    max_part, xml_size = limit("MAX_PART_SIZE"), 0
    try:
        with _open_archive(data) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                with archive.open(info) as stream:
                    if _check_part(info, stream, max_part):
                        xml_size += info.file_size
        return xml_size
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        raise SpreadsheetError(_("Le fichier est une archive endommagée.")) from None
    except NotImplementedError:
        raise SpreadsheetError(
            _("L'archive utilise une compression non prise en charge : enregistrez-la à nouveau.")
        ) from None


def _check_part(info, stream, max_part):
    name = info.filename
    chunk = stream.read(_WINDOW)
    start = 3 if chunk.startswith(codecs.BOM_UTF8) else 0
    if chunk[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or chunk[:4] in (
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
    ):
        raise _refused_part(name, _("un texte XML dans un encodage autre que UTF-8"))
    head = chunk[start:].lstrip()[:4]
    if head and not head.startswith(b"<") and not head.startswith(b"\x00<"):
        return False  # not XML (a picture, printer settings): no XML parser reads it
    if b"\x00" in head:  # UTF-16 without a byte-order mark, which expat would read
        raise _refused_part(name, _("un texte XML dans un encodage autre que UTF-8"))
    if info.file_size > max_part:
        raise SpreadsheetError(
            _(
                "Une partie du classeur (« %(part)s ») se décompresse en %(size)s, au-delà de la "
                "limite de %(max)s : il est refusé."
            )
            % {
                "part": name[:80],
                "size": filesizeformat(info.file_size),
                "max": filesizeformat(max_part),
            }
        )
    declaration = _DECLARATION.match(chunk, chunk.find(b"<", start))
    if declaration:
        encoding = _ENCODING.search(declaration.group())
        if encoding and encoding.group(1).decode().lower() not in _XML_ENCODINGS:
            raise _refused_part(name, _("un texte XML dans un encodage autre que UTF-8"))
    position = declaration.end() if declaration else 0
    previous = b""
    while chunk:
        window = previous + chunk[position:]
        position = 0
        if b"<!" in window or b"<?" in window:
            for markup, reason in _MARKUP.items():
                if markup in window:
                    raise _refused_part(name, str(reason))
        # Every aligned window of _WINDOW bytes holds a « < », so no run exceeds MAX_TOKEN.
        if len(chunk) == _WINDOW and b"<" not in chunk:
            raise _refused_part(
                name,
                _("un élément XML démesuré (plus de %(max)s sans balise)")
                % {"max": filesizeformat(MAX_TOKEN)},
            )
        previous = chunk[-3:]
        chunk = stream.read(_WINDOW)
    return True


def _too_many_rows():
    return SpreadsheetError(
        _("La feuille compte plus de %(max)s lignes : découpez le fichier.")
        % {"max": f"{limit('MAX_ROWS'):,}".replace(",", "\u202f")}
    )


def _too_many_columns(count=None):
    return SpreadsheetError(
        _("La feuille compte plus de %(max)s colonnes : elle est refusée.")
        % {"max": limit("MAX_COLUMNS")}
    )


#: Numbers are read only below 10^30 in magnitude and above 10^-100 (when not zero): beyond,
#: no figure of this site makes sense, and `int(Decimal("1e1000000"))` alone takes a minute.
MAX_MAGNITUDE = 30
MIN_EXPONENT = -100
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,9})?")


def cell_name(column, line):
    """« B12 » from the column's index (from 0) and the line number."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{line}"


def _number_refused(raw, column, line):
    raw = str(raw)
    return SpreadsheetError(
        _(
            "La cellule %(cell)s contient un nombre hors des limites acceptées (« %(value)s ») : "
            "le fichier est refusé."
        )
        % {"cell": cell_name(column, line), "value": raw if len(raw) <= 40 else raw[:40] + "…"}
    )


def check_number(value, column, line, written=None):
    """The number itself if its magnitude is reasonable; a SpreadsheetError naming the cell
    (and the number as `written` in the file) otherwise: infinite, not a number, 1e1000000…"""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= 10.0**MAX_MAGNITUDE:
            raise _number_refused(value if written is None else written, column, line)
    elif isinstance(value, int):
        if abs(value) >= 10**MAX_MAGNITUDE:
            raise _number_refused(value if written is None else written, column, line)
    elif isinstance(value, Decimal):
        if not value.is_finite() or (
            value and not MIN_EXPONENT <= value.adjusted() < MAX_MAGNITUDE
        ):
            raise _number_refused(value if written is None else written, column, line)
    return value


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value if value else None
    return value


class _Collector:
    """Accumulates rows: trims trailing empty cells, drops blank rows, enforces the limits."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.line = 0
        self.max_rows = limit("MAX_ROWS")
        self.max_columns = limit("MAX_COLUMNS")

    def add(self, values, repeat=1):
        values = [_clean(v) for v in values]
        while values and values[-1] is None:
            values.pop()
        if len(values) > self.max_columns:
            raise _too_many_columns()
        start = self.line
        self.line += repeat
        # Every line counts, blank or not: a million empty lines is refused, not skimmed.
        if self.line > self.max_rows + 1:
            raise _too_many_rows()
        if not values:
            return
        for offset in range(repeat):
            line = start + offset + 1
            if self.sheet.headers is None:
                self.sheet.headers = ["" if v is None else str(v).strip() for v in values]
            else:
                self.sheet.rows.append(values)
                self.sheet.line_numbers.append(line)

    def finish(self):
        sheet = self.sheet
        if not sheet.headers:
            raise SpreadsheetError(_("Le fichier est vide : aucune ligne d'en-têtes."))
        width = len(sheet.headers)
        for index, row in enumerate(sheet.rows):
            if len(row) < width:
                sheet.rows[index] = row + [None] * (width - len(row))
            elif len(row) > width:
                extra = row[width:]
                if any(v is not None for v in extra):
                    raise SpreadsheetError(
                        _("La ligne %(line)s a plus de colonnes que la ligne d'en-têtes.")
                        % {"line": sheet.line_numbers[index]}
                    )
                sheet.rows[index] = row[:width]
        return sheet


# --- CSV -------------------------------------------------------------------------------------


def decode_text(data: bytes):
    """(text, encoding): UTF-8 (BOM or not) first, then Windows-1252, then a guess."""
    if b"\x00" in data[:65536]:
        raise SpreadsheetError(
            _("Ce fichier n'est pas un fichier texte CSV (il contient des données binaires).")
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SpreadsheetError(_("Impossible de reconnaître l'encodage de ce fichier CSV."))
    return str(best), best.encoding


def detect_delimiter(text):
    """The separator used in the header line: the most frequent of ; , and tab (; on a tie,
    as French Excel writes it)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(first, d) for d in (";", ",", "\t")}
    best = max(counts.values())
    if best == 0:
        return ";"
    return next(d for d in (";", ",", "\t") if counts[d] == best)


def _count_outside_quotes(line, delimiter):
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def read_csv(data: bytes) -> Sheet:
    text, encoding = decode_text(data)
    delimiter = detect_delimiter(text)
    sheet = Sheet("csv", None, encoding=encoding, delimiter=delimiter)
    collector = _Collector(sheet)
    csv.field_size_limit(1024 * 1024)
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            collector.add(values)
    except csv.Error as error:
        raise SpreadsheetError(
            _("Le fichier CSV est mal formé (ligne %(line)s).") % {"line": collector.line + 1}
        ) from error
    return collector.finish()


# --- XLSX ------------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> Sheet:
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a locked dependency
        raise SpreadsheetError(_("La lecture des fichiers XLSX est désactivée sur ce serveur."))
    _open_archive(data).close()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise SpreadsheetError(_("Ce classeur XLSX ne peut pas être lu.")) from error
    try:
        worksheet = book.worksheets[0]
        # The declared dimension (<dimension ref="A1:X9">) lets an oversized sheet be refused
        # before a single row is parsed.
        if (worksheet.max_row or 0) > limit("MAX_ROWS") + 1:
            raise _too_many_rows()
        if (worksheet.max_column or 0) > limit("MAX_COLUMNS"):
            raise _too_many_columns()
        # …but not trusted to read: openpyxl stops at the declared last row, and a file whose
        # dimension is wrong would lose its other rows without a word. The limits still hold
        # row by row below.
        worksheet.reset_dimensions()
        sheet = Sheet("xlsx", None)
        collector = _Collector(sheet)
        # openpyxl yields the missing rows of a gap as empty rows itself; a row it skipped
        # (none today) would still keep the next rows on their own line numbers.
        position = 0
        for row in worksheet.iter_rows():
            position += 1
            cells = [c for c in row if getattr(c, "value", None) is not None]
            number = getattr(cells[0], "row", None) if cells else None
            if number is None:
                collector.add([])
                continue
            if number > position:
                collector.add([], repeat=number - position)
                position = number
            values = [c.value for c in row]
            for column, value in enumerate(values):
                if isinstance(value, (int, float)):
                    check_number(value, column, number)
            collector.add(values)
        return collector.finish()
    except SpreadsheetError:
        raise
    except Exception as error:
        # A cell pointing at a missing shared string, a malformed number…
        raise SpreadsheetError(_("Ce classeur XLSX ne peut pas être lu.")) from error
    finally:
        book.close()


# --- ODS -------------------------------------------------------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_value(cell, column, line):
    kind = cell.get(f"{_O}value-type")
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(f"{_O}value") or ""
        if len(raw) > 100 or not _NUMBER.fullmatch(raw):
            raise _number_refused(raw, column, line)
        # Bounded before any conversion: int() of 1e1000000 would take a minute.
        number = check_number(Decimal(raw), column, line, raw)
        return int(number) if number == number.to_integral_value() else number
    if kind == "date":
        raw = cell.get(f"{_O}date-value")
        if "T" in raw:
            return datetime.datetime.fromisoformat(raw)
        return datetime.date.fromisoformat(raw)
    if kind == "boolean":
        return cell.get(f"{_O}boolean-value") == "true"
    # The cell's own paragraphs only: a comment (office:annotation) holds paragraphs too.
    paragraphs = ["".join(p.itertext()) for p in cell.findall(f"{_X}p")]
    return "\n".join(paragraphs) if paragraphs else None


def read_ods(data: bytes) -> Sheet:
    from defusedxml.ElementTree import iterparse

    sheet = Sheet("ods", None)
    collector = _Collector(sheet)
    max_columns = limit("MAX_COLUMNS")
    pending_blank = 0
    try:
        with _open_archive(data) as archive, archive.open("content.xml") as content:
            for _event, element in iterparse(content, events=("end",)):
                if element.tag == f"{_T}table-row":
                    values = []
                    for cell in element:
                        if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                            continue
                        repeat = int(cell.get(f"{_T}number-columns-repeated", "1"))
                        value = _ods_value(cell, len(values), collector.line + pending_blank + 1)
                        if value is None and repeat > 1:
                            values.extend([None] * min(repeat, max_columns + 1))
                        else:
                            if len(values) + repeat > max_columns and value is not None:
                                raise _too_many_columns()
                            values.extend([value] * repeat)
                    repeat = int(element.get(f"{_T}number-rows-repeated", "1"))
                    if all(_clean(v) is None for v in values):
                        # LibreOffice writes formatted blank rows as one repeated row; they
                        # only count once data follows them (trailing ones are dropped).
                        pending_blank += repeat
                    else:
                        if pending_blank:
                            collector.add([], repeat=pending_blank)
                            pending_blank = 0
                        if collector.line + repeat > limit("MAX_ROWS") + 1:
                            raise _too_many_rows()
                        collector.add(values, repeat=repeat)
                    element.clear()
                elif element.tag == f"{_T}table":
                    break
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(_("Ce classeur ODS ne peut pas être lu.")) from error
    return collector.finish()


READERS = {"csv": read_csv, "xlsx": read_xlsx, "ods": read_ods}


def read_spreadsheet(data: bytes, filename: str = "") -> Sheet:
    """Read the first sheet of an uploaded file, whatever the supported format, within
    bounded time and memory (see the module's docstring)."""
    check_size(len(data))
    kind = detect_format(data, filename)
    if kind == "csv":
        # Read here: the csv module reads in one linear pass, every limit checked as it goes,
        # and no construct of a CSV costs more than its size (20 MB: a few seconds at most).
        # A child would double the time of a large file (its rows sent back).
        return read_csv(data)
    with _open_archive(data) as archive:  # the declared sizes: nothing decompressed yet
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked <= limit("IN_PROCESS_SIZE"):
        # A small workbook cannot cost much once its XML has passed the byte checks.
        return read_workbook(kind, data)
    # The byte checks too run in the child: they are linear, yet 300 MB take seconds.
    return read_bounded(read_workbook, kind, data)


def read_workbook(kind, data):
    check_parts(data)
    return READERS[kind](data)


def in_celery_task():
    """Whether this runs inside a Celery task (a worker, or `apply()` in place)."""
    from celery import current_task

    return bool(current_task) and bool(getattr(current_task.request, "id", None))


def read_bounded(reader, *args):
    """`reader(*args)` in a child process with a timeout, a CPU and a memory limit."""
    # Loaded here, once: not again in every child, nor while another thread may hold a lock.
    import defusedxml.ElementTree  # noqa: F401
    import openpyxl  # noqa: F401

    from spreadsheets import sandbox

    if not sandbox.available():  # pragma: no cover - every supported server can fork
        return reader(*args)
    timeout, cpu_seconds = limit("READ_TIMEOUT"), limit("READ_CPU_SECONDS")
    if in_celery_task():
        # No web worker waits on a Celery job, which has its own hard time limit: a large
        # file read in time by the upload is not refused because the worker is busier.
        timeout = cpu_seconds = max(timeout, limit("BACKGROUND_READ_TIMEOUT"))
    try:
        return sandbox.run_bounded(
            reader,
            *args,
            timeout=timeout,
            cpu_seconds=cpu_seconds,
            memory_bytes=limit("READ_MEMORY"),
            refused=(SpreadsheetError,),
        )
    except sandbox.TooComplex:
        raise SpreadsheetError(
            _(
                "Le fichier est trop complexe à lire dans le temps et la mémoire impartis : il "
                "est refusé. Enregistrez-le à nouveau depuis votre tableur, ou découpez-le."
            )
        ) from None
