"""Importing and exporting a registered resource: the one code path used by the admin, the
commands and the background jobs.

An import runs in ONE transaction. By default any invalid row rolls the whole import back
(nothing written); with `skip_invalid` the valid rows are kept and the rejected ones are given
back as a spreadsheet with an « Erreur » column. A dry run (the preview) always rolls back.

Only the resource's known columns are read: a column it does not know is named in the report as
ignored and its cells are dropped before anything else (`known_columns`), so they are never
stored, logged, nor given back in the rejected-rows file.
"""

import logging
import time
import unicodedata
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.results import RowResult

from spreadsheets import bulk
from spreadsheets.reading import Sheet
from spreadsheets.signals import rows_imported, rows_writing
from spreadsheets.widgets import escape_formula
from spreadsheets.writing import ExportInfo, write_spreadsheet

logger = logging.getLogger(__name__)

ERROR_COLUMN = "Erreur"
#: how many rows and errors a report keeps for display (all are counted)
REPORT_ROWS_LIMIT = 500
REPORT_ERRORS_LIMIT = 1000

ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
    RowResult.IMPORT_TYPE_INVALID: "invalid",
    RowResult.IMPORT_TYPE_ERROR: "invalid",
}


@dataclass
class ImportReport:
    resource: str
    file_format: str = ""
    dry_run: bool = False
    skip_invalid: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    invalid: int = 0
    written: bool = False
    duration: float = 0.0
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # {"line", "column", "message"}
    rows: list = field(default_factory=list)  # {"line", "action", "label"}
    rejected: bytes | None = None

    @property
    def is_valid(self):
        return not self.file_errors and not self.invalid

    @property
    def error_count(self):
        return len(self.file_errors) + self.invalid

    def as_dict(self):
        data = asdict(self)
        data.pop("rejected")
        return data

    def summary(self):
        return _(
            "%(created)s à créer, %(updated)s à modifier, %(unchanged)s inchangée(s), "
            "%(invalid)s en erreur"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
        }


def _normalise(heading):
    text = unicodedata.normalize("NFKD", str(heading or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    return " ".join(text.replace("*", " ").split())


def unknown_column_warning(heading):
    return _("Colonne inconnue, ignorée (son contenu n'est pas conservé) : « %(col)s ».") % {
        "col": heading
    }


def map_headers(resource, headers):
    """(headers renamed to the resource's exact column names, file errors, warnings)."""
    known = {}
    for f in resource.get_import_fields():
        known[_normalise(f.column_name)] = f.column_name
    mapped, seen, errors, warnings = [], set(), [], []
    for heading in headers:
        canonical = known.get(_normalise(heading))
        if canonical is None:
            mapped.append(str(heading or ""))
            if heading and _normalise(heading) != _normalise(ERROR_COLUMN):
                warnings.append(unknown_column_warning(heading))
            continue
        if canonical in seen:
            errors.append(_("La colonne « %(col)s » apparaît deux fois.") % {"col": canonical})
        seen.add(canonical)
        mapped.append(canonical)
    for required in resource.missing_columns(seen):
        errors.append(_("Colonne obligatoire absente : « %(col)s ».") % {"col": required})
    return mapped, errors, warnings


def known_columns(registered, sheet: Sheet):
    """(`sheet` restricted to the columns `registered` knows, under their exact names; the
    headings of the columns left out). A column without a heading is left out too, and named
    by its position when it holds anything; a re-sent « Erreur » column is left out silently."""
    resource = registered.resource()
    with translation.override("fr"):
        known = {_normalise(f.column_name): f.column_name for f in resource.get_import_fields()}
        keep, headers, ignored = [], [], []
        for index, heading in enumerate(sheet.headers):
            canonical = known.get(_normalise(heading))
            if canonical is not None:
                keep.append(index)
                headers.append(canonical)
            elif str(heading or "").strip():
                if _normalise(heading) != _normalise(ERROR_COLUMN):
                    ignored.append(str(heading))
            elif any(index < len(row) and row[index] not in (None, "") for row in sheet.rows):
                ignored.append(_("sans en-tête (colonne %(n)s)") % {"n": index + 1})
    rows = [[row[index] if index < len(row) else None for index in keep] for row in sheet.rows]
    restricted = Sheet(
        format=sheet.format, headers=headers, rows=rows, line_numbers=list(sheet.line_numbers)
    )
    return restricted, ignored


def run_import(
    registered,
    sheet: Sheet,
    user=None,
    *,
    dry_run=False,
    skip_invalid=False,
    progress=None,
    ignored_columns=(),
):
    """Import `sheet` into `registered`'s model as `user` (None: the command line, all rights).

    Columns the resource does not know are dropped first; `ignored_columns` names those an
    earlier step already dropped (a stored preview), for the report.
    `progress(done, total)` is called after each row; an exception it raises aborts the
    import with nothing written.
    """
    started = time.monotonic()
    sheet, dropped = known_columns(registered, sheet)
    report = ImportReport(
        registered.name,
        sheet.format,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        total=len(sheet.rows),
    )
    total = len(sheet.rows)
    resource = registered.resource(
        user=user, progress=(lambda done: progress(done, total)) if progress else None
    )
    with translation.override("fr"):
        headers, report.file_errors, report.warnings = map_headers(resource, sheet.headers)
        report.warnings += [unknown_column_warning(h) for h in [*ignored_columns, *dropped]]
        if not sheet.rows:
            report.file_errors.append(_("Le fichier ne contient aucune ligne de données."))
        if report.file_errors:
            report.duration = time.monotonic() - started
            return report
        result = _import_in_batches(registered, resource, headers, sheet, dry_run, skip_invalid)
        for error in result.base_errors:
            report.file_errors.append(_("Import interrompu : %(error)s") % {"error": error.error})
        rejected_errors = _fill_report(report, resource, sheet, result)
    report.written = (
        not dry_run
        and not report.file_errors
        and (skip_invalid or not report.invalid)
        and bool(report.created or report.updated)
    )
    if report.written:
        _announce_on_commit(registered.model, report, result.pks, resource.index_written_rows)
    if report.invalid:
        report.rejected = rejected_rows_file(sheet, rejected_errors)
    report.duration = time.monotonic() - started
    return report


def _announce_on_commit(model, report, pks, index):
    """`signals.rows_imported`, once the import's records are committed (at once outside a
    transaction), with the written records' primary keys."""
    created, updated, pks = report.created, report.updated, tuple(pks)
    transaction.on_commit(
        lambda: rows_imported.send(
            sender=model,
            model=model,
            created=created,
            updated=updated,
            deleted=0,
            pks=pks,
            index=index,
        )
    )


def _import_in_batches(registered, resource, headers, sheet, dry_run, skip_invalid):
    """spreadsheets.bulk: rows are written a batch at a time inside one transaction, rolled
    back at the end for a preview or an all-or-nothing import with an invalid row; within
    what `signals.rows_writing`'s receivers return (the search index waits for the end)."""
    try:
        with transaction.atomic(), ExitStack() as stack:
            for _receiver, context in rows_writing.send(
                sender=registered.model, model=registered.model
            ):
                if context is not None:
                    stack.enter_context(context)
            result = bulk.import_rows(
                resource,
                headers,
                sheet.rows,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                labelled_rows=REPORT_ROWS_LIMIT,
            )
            if dry_run or (result.invalid_rows and not skip_invalid):
                transaction.set_rollback(True)
    except DatabaseError as error:
        logger.warning("Batched import of %s refused by the database: %r", resource, error)
        resource.row_actions = []
        message = _(
            "la base de données a refusé l'écriture (une fiche a peut-être été modifiée en "
            "même temps) ; rien n'a été enregistré, réessayez."
        )
        result = bulk.BulkResult(base_errors=[_BaseError(message)])
    return result


@dataclass
class _BaseError:
    error: str


def _fill_report(report, resource, sheet, result):
    """Fill the report's counts and (capped) lists; return every invalid row's messages by
    line, uncapped, for the rejected-rows file: no invalid row may be left out of it."""
    counts = {"new": 0, "update": 0, "unchanged": 0, "invalid": 0}
    for index, (import_type, label) in enumerate(resource.row_actions):
        action = ACTIONS.get(import_type, "invalid")
        counts[action] += 1
        if len(report.rows) < REPORT_ROWS_LIMIT:
            report.rows.append(
                {"line": sheet.line_numbers[index], "action": action, "label": str(label or "")}
            )
    report.created, report.updated = counts["new"], counts["update"]
    report.unchanged, report.invalid = counts["unchanged"], counts["invalid"]
    report.skipped = report.invalid if report.skip_invalid else 0
    by_line = {}
    for invalid in result.invalid_rows:
        line = sheet.line_numbers[invalid.number - 1]
        texts = by_line.setdefault(line, [])
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else resource.column_for(key)
            for message in messages:
                texts.append(f"{column} : {message}" if column else str(message))
                if len(report.errors) < REPORT_ERRORS_LIMIT:
                    report.errors.append({"line": line, "column": column, "message": message})
        if not texts:
            texts.append(_("Ligne refusée."))
    return by_line


def rejected_rows_file(sheet, by_line):
    """The invalid rows as they were sent, in the columns the resource knows, plus an « Erreur »
    column (the messages of each line, from `by_line`), in the file's format."""
    headers = [h for h in sheet.headers]
    keep = [i for i, h in enumerate(headers) if _normalise(h) != _normalise(ERROR_COLUMN)]
    rows = []
    for values, line in zip(sheet.rows, sheet.line_numbers, strict=True):
        if line in by_line:
            cells = [escape_formula(values[i]) for i in keep]
            rows.append([*cells, " ; ".join(by_line[line])])
    return write_spreadsheet(
        sheet.format,
        [headers[i] for i in keep] + [ERROR_COLUMN],
        rows,
        title=_("Lignes refusées"),
    )


# --- export ----------------------------------------------------------------------------------


def export_queryset(registered, user=None, queryset=None):
    """What `user` may export of `registered`, optionally narrowed by a listing's queryset.

    The rows are read through the resource's own queryset (its joins, annotations and
    prefetches), narrowed to the listing's records and kept in the listing's order."""
    records = registered.resource(user=user).get_queryset()
    if queryset is not None:
        ordering = queryset.query.order_by
        records = records.filter(pk__in=queryset.order_by().values("pk"))
        if ordering:
            records = records.order_by(*ordering)
    return registered.scope(records, user)


def export(
    registered, file_format, user=None, queryset=None, stream=None, progress=None, filters=""
):
    """Write the records to `stream` (or return bytes), in a form `run_import` reads back.

    `progress(done)` is called after each row is written (the background export's progress bar).
    `filters` (« Type de lieu : Collège ; … ») is said, with the date and the totals, on the
    file's « Informations » sheet (writing.ExportInfo); the table itself stays importable.
    """
    resource = registered.resource(user=user)
    with translation.override("fr"):
        records = export_queryset(registered, user, queryset)
        if not records.query.order_by:
            records = records.order_by(*(registered.model._meta.ordering or ["pk"]))
        rows = resource.export_rows(records, text=file_format == "csv")
        if progress is not None:
            rows = _reporting(rows, progress)
        title = str(registered.verbose_name)
        return write_spreadsheet(
            file_format,
            resource.get_export_headers(),
            rows,
            stream,
            title=title,
            info=ExportInfo(title=title[:1].upper() + title[1:], filters=filters),
        )


def _reporting(rows, progress):
    for done, row in enumerate(rows, 1):
        yield row
        progress(done)


def template(registered, file_format):
    """The headers and one example row: what « Télécharger le modèle » gives."""
    resource = registered.resource()
    with translation.override("fr"):
        return write_spreadsheet(
            file_format,
            resource.get_export_headers(),
            [resource.example_row()],
            title=_("Modèle %(name)s") % {"name": registered.verbose_name},
        )


def export_filename(registered, file_format, suffix=""):
    from django.utils import timezone

    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return f"{registered.name}{suffix}-{stamp}.{file_format}"
