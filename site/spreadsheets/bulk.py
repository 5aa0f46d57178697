"""The batched import path, for resources staff exchange by the tens of thousands of rows
(attendance): the same columns, widgets, rules and report as django-import-export's row by row
path, but the records a file names are loaded in a few queries and written with `bulk_create`
/ `bulk_update`, a batch at a time.

A resource opts in with `bulk_import = True` and may refine the hooks of SpreadsheetResource
(`bulk_prepare`, `bulk_instance`, `bulk_fill`, `bulk_validate`, `bulk_changed`, `bulk_write`,
`bulk_label`). Rows are loaded, checked and written a batch at a time inside the import's
transaction, so memory stays flat whatever the file's length; `run_import` rolls the
transaction back at the end when any row was invalid and the user did not ask to keep the
valid ones — the same all-or-nothing as the other path.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from import_export.results import RowResult

BATCH_SIZE = 2000
#: how often (in rows) the progress callback is told
PROGRESS_EVERY = 250


@dataclass
class InvalidRow:
    number: int  # 1-based index of the data row (as django-import-export counts)
    error_dict: dict


@dataclass
class BulkResult:
    invalid_rows: list = field(default_factory=list)
    base_errors: list = field(default_factory=list)
    written: int = 0


def import_rows(
    resource, headers, rows, *, dry_run, skip_invalid, batch_size=None, labelled_rows=500
):
    """Check every row of `rows` (lists of cells under `headers`) and, unless `dry_run` or
    (an invalid row and not `skip_invalid`), write the valid ones. Fills
    `resource.row_actions` like the row by row path (with a label for the first
    `labelled_rows` rows, the ones a report shows) and returns a BulkResult.

    Rows go a batch at a time: the resource loads what the batch names (`bulk_prepare`),
    each row is checked, then the batch's valid rows are written. Only the keys already seen
    (to refuse a file naming a record twice) and the rows' actions outlive a batch."""
    batch_size = batch_size or BATCH_SIZE
    result = BulkResult()
    resource.reset_widgets()
    write = not dry_run
    seen = {}
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        resource.bulk_prepare(headers, batch)
        creates, updates = [], []
        for number, values in enumerate(batch, start=start + 1):
            row = dict(zip(headers, values, strict=False))
            action, instance = _check_row(resource, row, number, seen, result, creates, updates)
            if action == RowResult.IMPORT_TYPE_INVALID and not skip_invalid:
                write = False
            label = None
            if number <= labelled_rows:
                label = str(resource.bulk_label(instance, row))
            resource.row_actions.append((action, label))
            if resource.progress is not None and (
                number % PROGRESS_EVERY == 0 or number == len(rows)
            ):
                resource.progress(number)
        if write and (creates or updates):
            resource.bulk_write(creates, updates)
            result.written += len(creates) + len(updates)
    return result


def _check_row(resource, row, number, seen, result, creates, updates):
    errors = {}
    instance, new = resource.bulk_instance(row)
    resource.bulk_begin_row(instance, new, row)
    _merge(errors, resource.bulk_fill(instance, row))
    # Every error of the row, not only its bad cells: the rules that do not depend on them too.
    _merge(errors, resource.bulk_validate(instance, row, new, dict(errors)))
    key = resource.bulk_key(instance, row)
    if key is not None and not errors:
        first = seen.get(key)
        if first is not None:
            errors[NON_FIELD_ERRORS] = [
                _("Cette ligne désigne la même fiche que la ligne de données n° %(n)s.")
                % {"n": first}
            ]
        else:
            seen[key] = number
    if errors:
        result.invalid_rows.append(InvalidRow(number, errors))
        return RowResult.IMPORT_TYPE_INVALID, instance
    if new:
        creates.append((instance, row))
        return RowResult.IMPORT_TYPE_NEW, instance
    if resource.bulk_changed(instance, row):
        updates.append((instance, row))
        return RowResult.IMPORT_TYPE_UPDATE, instance
    return RowResult.IMPORT_TYPE_SKIP, instance


def _merge(errors, more):
    for key, messages in (more or {}).items():
        errors.setdefault(key, [])
        errors[key] = list(errors[key]) + [str(m) for m in messages]
