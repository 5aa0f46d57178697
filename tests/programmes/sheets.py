"""Helpers for the programmes' spreadsheet tests: French CSV files, imports, commands, snapshots."""

import csv
from io import StringIO

from django.core.management import call_command

from spreadsheets import registry
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import export, run_import


def french_csv(rows):
    """What French Excel saves as « CSV (séparateur : point-virgule) »: Windows-1252, « ; »."""
    text = StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("cp1252")


def import_rows(resource, rows, user=None, **kwargs):
    sheet = read_spreadsheet(french_csv(rows), f"{resource}.csv")
    return run_import(registry.get(resource), sheet, user, **kwargs)


def exported(resource, user=None, file_format="csv"):
    """The export as a list of {heading: cell} dicts (empty cells as "")."""
    sheet = read_spreadsheet(
        export(registry.get(resource), file_format, user=user), f"x.{file_format}"
    )
    return [
        {h: "" if cell is None else cell for h, cell in zip(sheet.headers, row, strict=True)}
        for row in sheet.rows
    ]


def headers(resource):
    return registry.get(resource).resource().get_export_headers()


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot(model, m2m=()):
    """Every column of every row, and the many-to-many sets named in `m2m`."""
    rows = list(model.objects.order_by("pk").values())
    for row in rows:
        obj = model.objects.get(pk=row["id"])
        for name in m2m:
            row[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return rows


def counts(report):
    return (report.created, report.updated, report.unchanged, report.invalid)
