"""The one import pipeline: every registered resource's rows are loaded, built, checked and
written a batch at a time, through the protocol of SpreadsheetResource (spreadsheets.base):

    load_batch(headers, rows)            the records (and references) the batch names
    find_instance / begin_row / fill     the record a row names, its cells set on it
    check                                rights, row scope, the model's own rules
    record_key / repeat_errors           a file naming one record twice
    has_changed                          an unchanged row writes nothing
    write_batch(creates, updates)        in bulk, or row by row where save() matters

django-import-export gives the columns and their widgets (and the export); it no longer drives
the import. Rows are checked and written inside the import's transaction, so memory stays flat
whatever the file's length; `run_import` rolls the transaction back at the end when any row was
invalid and the user did not ask to keep the valid ones (all or nothing), and always for a
preview.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export.results import RowResult

BATCH_SIZE = 2000


@dataclass
class InvalidRow:
    number: int  # 1-based index of the data row
    error_dict: dict


@dataclass
class BulkResult:
    invalid_rows: list = field(default_factory=list)
    base_errors: list = field(default_factory=list)
    written: int = 0
    #: primary keys of the records written (the import's own model)
    pks: list = field(default_factory=list)


def import_rows(
    resource, headers, rows, *, dry_run, skip_invalid, batch_size=None, labelled_rows=500
):
    """Check every row of `rows` (lists of cells under `headers`) and, unless `dry_run` or
    (an invalid row and not `skip_invalid`), write the valid ones. Fills
    `resource.row_actions` (with a label for the first `labelled_rows` rows, the ones a report
    shows) and returns a BulkResult.

    Only the keys already seen (to refuse a file naming a record twice) and the rows' actions
    outlive a batch. A `sequential` resource goes one row per batch and is written in a
    preview too (the caller rolls it back), so that each row meets the rows above it."""
    sequential = resource.sequential
    batch_size = 1 if sequential else (batch_size or BATCH_SIZE)
    result = BulkResult()
    resource.reset_widgets()
    write = sequential or not dry_run
    seen = {}
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        resource.load_batch(headers, batch)
        creates, updates, numbers = [], [], {}
        for number, values in enumerate(batch, start=start + 1):
            row = resource.read_row(headers, values)
            action, instance = _check_row(resource, row, number, seen, result, creates, updates)
            if instance is not None:
                numbers[id(instance)] = number
            if action == RowResult.IMPORT_TYPE_INVALID and not (skip_invalid or sequential):
                write = False
            label = None
            if number <= labelled_rows:
                labeller = (
                    resource.invalid_row_label
                    if action == RowResult.IMPORT_TYPE_INVALID
                    else resource.row_label
                )
                label = str(labeller(instance, row))
            resource.row_actions.append((action, label))
            if resource.progress is not None:
                resource.progress(number)
        if write and (creates or updates):
            refused = resource.write_batch(creates, updates) or []
            for instance, errors in refused:
                number = numbers[id(instance)]
                result.invalid_rows.append(InvalidRow(number, errors))
                action, label = resource.row_actions[number - 1]
                resource.row_actions[number - 1] = (RowResult.IMPORT_TYPE_INVALID, label)
            if refused and not skip_invalid:
                write = sequential
            refused_ids = {id(instance) for instance, _errors in refused}
            written = [i for i, _row in (*creates, *updates) if id(i) not in refused_ids]
            result.written += len(written)
            result.pks.extend(i.pk for i in written)
    result.invalid_rows.sort(key=lambda invalid: invalid.number)
    return result


def _check_row(resource, row, number, seen, result, creates, updates):
    errors = {}
    try:
        instance, new = resource.find_instance(row)
    except ValidationError as error:
        result.invalid_rows.append(InvalidRow(number, _as_dict(error)))
        return RowResult.IMPORT_TYPE_INVALID, None
    resource.begin_row(instance, new, row)
    _merge(errors, resource.fill(instance, row))
    # Every error of the row, not only its bad cells: the rules that do not depend on them too.
    _merge(errors, resource.check(instance, row, new, dict(errors)))
    key = resource.record_key(instance, row) if not errors else None
    if key is not None:
        first = seen.get(key)
        if first is None:
            seen[key] = (number, resource.row_signature(instance, row))
        else:
            repeated = resource.repeat_errors(instance, row, *first)
            if repeated is None:
                return RowResult.IMPORT_TYPE_SKIP, instance
            _merge(errors, repeated)
    if errors:
        result.invalid_rows.append(InvalidRow(number, errors))
        return RowResult.IMPORT_TYPE_INVALID, instance
    if new:
        creates.append((instance, row))
        return RowResult.IMPORT_TYPE_NEW, instance
    if resource.has_changed(instance, row):
        updates.append((instance, row))
        return RowResult.IMPORT_TYPE_UPDATE, instance
    return RowResult.IMPORT_TYPE_SKIP, instance


def _as_dict(error):
    if hasattr(error, "error_dict"):
        return {key: [str(m) for m in messages] for key, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in error.messages]}


def _merge(errors, more):
    for key, messages in (more or {}).items():
        errors.setdefault(key, [])
        errors[key] = list(errors[key]) + [str(m) for m in messages]
