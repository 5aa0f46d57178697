"""Benchmark of spreadsheet import and export: 100,000 attendance rows, CSV and XLSX.

Run on demand (not collected by pytest):

    .venv/bin/python tests/bench/import_export.py                     # SQLite (temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python tests/bench/import_export.py

On PostgreSQL it creates and finally drops its own database `ihds_bench_io` (BENCH_DB_NAME
names another, so that two runs on one server do not collide). It builds 100,000 past sessions
(occurrences of 24 events of a programme asking for the adults / children breakdown), writes
one file of 100,000 attendance rows in each format, then times, in one run
and each in a fresh process (so that the peak memory, `ru_maxrss`, is that operation's own):

- import: (a) this project's import (`spreadsheets.services.run_import`, resource
  « frequentation », the path of the admin, the commands and the Celery jobs), (b) a plain
  django-import-export ModelResource with default settings on the same file (same columns,
  session by identifier; it writes the total only, not the parts), (c) the floor: the same rows
  read with the csv module / openpyxl and written with `bulk_create` (and `COPY` on PostgreSQL);
  also (a) again on the same file, where every row is unchanged;
- export of the 100,000 records to XLSX: this project's export vs. one query and openpyxl's
  write-only mode writing the same values.

Set BENCH_ROWS to change the size, BENCH_PLAIN_ROWS to time (b) on the first N rows only
(its time is then scaled to the whole file, and said so).
"""

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# This file's name would hide the django-import-export package (`import_export`) from its own
# folder, which Python puts first on the path of a script.
HERE = Path(__file__).resolve().parent
sys.path = [str(ROOT / "site"), str(ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != HERE
]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Reading a large XLSX runs in a child stopped after 25 s (a web request's bound); this
# measures the import, not whether a busy machine reads 100,000 rows within that bound.
os.environ.setdefault("SPREADSHEETS_READ_TIMEOUT", "600")
os.environ.setdefault("SPREADSHEETS_READ_CPU_SECONDS", "600")

from tests.bench.common import prepare_database  # noqa: E402  (the path is set above)

ROWS = int(os.environ.get("BENCH_ROWS", 100_000))
PLAIN_ROWS = int(os.environ.get("BENCH_PLAIN_ROWS", ROWS))
#: BENCH_DB_NAME: another name, so that two runs on one server do not drop each other's
BENCH_DB = os.environ.get("BENCH_DB_NAME", "ihds_bench_io")
#: BENCH_ONLY=project-import,floor-bulk-create: time only these (for profiling)
ONLY = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
HEADERS = [
    "Identifiant de la séance",
    "Participants (total)",
    "Adultes / enfants : Adultes",
    "Adultes / enfants : Enfants",
    "Adultes / enfants : non renseigné",
]


# --- set-up (parent process) ----------------------------------------------------------------


def build():
    """100,000 past sessions at 50 venues, of 24 events of one programme."""
    from django.utils import timezone

    from home.models import HomePage
    from places.models import Commune, Venue
    from programmes.models import EventPage, Occurrence, ProgrammeIndexPage, ProgrammePage

    rng = random.Random(92)
    communes = list(Commune.objects.all())
    Venue.objects.bulk_create(
        Venue(name=f"Lieu {n}", code=f"bench-{n}", kind="pole_social", commune=rng.choice(communes))
        for n in range(50)
    )
    venues = list(Venue.objects.all())
    index = HomePage.objects.get().add_child(
        instance=ProgrammeIndexPage(title="Programmes", slug="p")
    )
    programme = index.add_child(
        instance=ProgrammePage(
            title="Giga Séniors",
            slug="giga-seniors",
            summary="…",
            theme="prevention",
            breakdown_adults_children=True,
        )  # fmt: skip
    )
    now = timezone.now()
    events = [
        programme.add_child(
            instance=EventPage(
                title=f"Atelier {n}",
                slug=f"atelier-{n}",
                summary="…",
                starts_at=now - timedelta(days=400),
                ends_at=now - timedelta(days=400, hours=-2),
            )  # fmt: skip
        )
        for n in range(24)
    ]
    Occurrence.objects.all().delete()
    for first in range(0, ROWS, 20_000):
        Occurrence.objects.bulk_create(
            (
                Occurrence(
                    event=events[n % len(events)],
                    rule_key=f"b{n}",
                    start=now - timedelta(days=1 + n % 700, hours=3),
                    end=now - timedelta(days=1 + n % 700, hours=1),
                    venue=venues[n % len(venues)],
                    commune_id=venues[n % len(venues)].commune_id,
                )  # fmt: skip
                for n in range(first, min(first + 20_000, ROWS))
            ),
            batch_size=5000,
        )


def write_files(folder):
    """The same 100,000 rows as CSV (UTF-8 with BOM, « ; », as French Excel saves) and XLSX."""
    from openpyxl import Workbook

    from programmes.models import Occurrence

    rng = random.Random(6)
    rows = []
    for (uuid,) in Occurrence.objects.order_by("pk").values_list("uuid"):
        adults, children, unknown = rng.randint(0, 30), rng.randint(0, 30), rng.randint(0, 3)
        rows.append([str(uuid), adults + children + unknown, adults, children, unknown])
    csv_path = folder / "frequentation.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)
    xlsx_path = folder / "frequentation.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Fréquentation")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def clear_attendance():
    from django.db import connection

    from programmes.models import AttendancePart, AttendanceRecord

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE programmes_attendancepart, programmes_attendancerecord, "
                "wagtailcore_modellogentry"
            )
    else:
        from wagtail.models import ModelLogEntry

        AttendancePart.objects.all().delete()
        AttendanceRecord.objects.all().delete()
        ModelLogEntry.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "VACUUM")


def count_attendance():
    from programmes.models import AttendancePart, AttendanceRecord

    return AttendanceRecord.objects.count(), AttendancePart.objects.count()


# --- measured operations (each in its own process) ------------------------------------------


def op_project_import(path):
    from spreadsheets import registry
    from spreadsheets.reading import read_spreadsheet
    from spreadsheets.services import run_import

    sheet = read_spreadsheet(Path(path).read_bytes(), Path(path).name)
    report = run_import(registry.get("frequentation"), sheet, None)
    assert not report.errors and not report.file_errors, (report.errors[:3], report.file_errors)
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}


def op_plain_import(path):
    import tablib
    from import_export import fields, resources, widgets

    from programmes.models import AttendanceRecord, Occurrence

    class PlainAttendanceResource(resources.ModelResource):
        occurrence = fields.Field(
            attribute="occurrence",
            column_name=HEADERS[0],
            widget=widgets.ForeignKeyWidget(Occurrence, field="uuid"),
        )
        total = fields.Field(attribute="total", column_name=HEADERS[1])

        class Meta:
            model = AttendanceRecord
            fields = ("occurrence", "total")
            import_id_fields = ("occurrence",)

    data = Path(path).read_bytes()
    if path.endswith(".csv"):
        dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv", delimiter=";")
    else:
        dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    if PLAIN_ROWS < len(dataset):
        dataset = dataset.subset(rows=range(PLAIN_ROWS))
    result = PlainAttendanceResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors()
    return {"rows": len(dataset)}


def _read_rows(path):
    if path.endswith(".csv"):
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, delimiter=";")
            next(reader)
            return [row for row in reader if row]
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
    return [list(row) for row in rows]


def op_floor_bulk_create(path):
    from django.db import transaction
    from django.utils import timezone

    from programmes.models import AttendancePart, AttendanceRecord, Occurrence

    started = time.perf_counter()
    rows = _read_rows(path)
    occurrence_of = dict(Occurrence.objects.values_list("uuid", "pk"))
    import uuid as uuid_module

    read = time.perf_counter() - started
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        records = AttendanceRecord.objects.bulk_create(
            [
                AttendanceRecord(
                    occurrence_id=occurrence_of[uuid_module.UUID(row[0])],
                    total=int(row[1]),
                    created_at=now,
                    updated_at=now,
                )  # fmt: skip
                for row in rows
            ],
            batch_size=2000,
        )
        AttendancePart.objects.bulk_create(
            [
                AttendancePart(
                    record_id=record.pk, dimension="adults_children", category=c, count=int(n)
                )  # fmt: skip
                for record, row in zip(records, rows, strict=True)
                for c, n in zip(("adultes", "enfants", "inconnu"), row[2:5], strict=True)
                if int(n)
            ],
            batch_size=2000,
        )
    return {"read_seconds": read, "insert_seconds": time.perf_counter() - started}


def op_floor_copy(path):
    from django.db import connection, transaction
    from django.utils import timezone

    from programmes.models import Occurrence

    started = time.perf_counter()
    rows = _read_rows(path)
    occurrence_of = {str(u): pk for u, pk in Occurrence.objects.values_list("uuid", "pk")}
    read = time.perf_counter() - started
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = (
            "COPY programmes_attendancerecord (occurrence_id, total, over_capacity_confirmed, "
            "created_at, updated_at) FROM STDIN"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row((occurrence_of[row[0]], int(row[1]), False, now, now))
        cursor.execute("SELECT occurrence_id, id FROM programmes_attendancerecord")
        record_of = dict(cursor.fetchall())
        copy_sql = (
            "COPY programmes_attendancepart (record_id, dimension, category, count) FROM STDIN"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                record = record_of[occurrence_of[row[0]]]
                for category, n in zip(("adultes", "enfants", "inconnu"), row[2:5], strict=True):
                    if int(n):
                        copy.write_row((record, "adults_children", category, int(n)))
    return {"read_seconds": read, "insert_seconds": time.perf_counter() - started}


def op_project_export(path):
    from spreadsheets import registry
    from spreadsheets.services import export

    with open(path, "wb") as stream:
        export(registry.get("frequentation"), "xlsx", None, stream=stream)
    return {"bytes": Path(path).stat().st_size}


def op_floor_export(path):
    """The same 21 columns as the project's export (one per part of every breakdown)."""
    from openpyxl import Workbook

    from programmes.models import AttendancePart, AttendanceRecord
    from programmes.models.participation import BREAKDOWNS
    from programmes.participation import categories_of

    columns = [(d, c) for d in BREAKDOWNS for c in categories_of(d)]
    parts = {}
    for record_id, dimension, category, n in AttendancePart.objects.values_list(
        "record_id", "dimension", "category", "count"
    ).iterator(chunk_size=5000):
        parts.setdefault(record_id, {})[(dimension, category)] = n
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Données")
    sheet.append(["Identifiant", "Programme", "Événement", "Début", "Lieu", "Total",
                  "Dépassement", *(f"{d} : {c}" for d, c in columns)])  # fmt: skip
    records = AttendanceRecord.objects.order_by("-occurrence__start").values_list(
        "pk", "occurrence__uuid", "occurrence__event__programme__title",
        "occurrence__event__title", "occurrence__start", "occurrence__venue__code", "total",
        "over_capacity_confirmed",
    )  # fmt: skip
    for pk, uuid, programme, event, start, venue, total, confirmed in records.iterator(5000):
        mine = parts.get(pk, {})
        sheet.append([str(uuid), programme, event, start.replace(tzinfo=None), venue, total,
                      "oui" if confirmed else "non", *(mine.get(k) for k in columns)])  # fmt: skip
    with open(path, "wb") as stream:
        book.save(stream)
    return {"bytes": Path(path).stat().st_size}


def op_baseline(path):
    return {}


OPERATIONS = {
    "baseline": op_baseline,
    "project-import": op_project_import,
    "plain-import": op_plain_import,
    "floor-bulk-create": op_floor_bulk_create,
    "floor-copy": op_floor_copy,
    "project-export": op_project_export,
    "floor-export": op_floor_export,
}


def peak_memory_mb():
    """This process's own peak resident memory (VmHWM: unlike ru_maxrss, not inherited from
    the parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_here(name, path):
    import django

    django.setup()
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        details = profile.runcall(OPERATIONS[name], path)
        with open(ROOT / "var" / f"profile-{name}.txt", "w") as stream:
            pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(45)
    else:
        details = OPERATIONS[name](path)
    seconds = time.perf_counter() - started
    peak_mb = peak_memory_mb()
    print("RESULT " + json.dumps({"seconds": seconds, "peak_mb": peak_mb, **details}))


def measure(name, path):
    """Run one operation in a fresh process; (seconds, peak MB, details)."""
    output = subprocess.run(
        [sys.executable, __file__, "--measure", name, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


# --- the run --------------------------------------------------------------------------------


def main():
    vendor, cleanup = prepare_database(BENCH_DB)
    import django

    django.setup()
    from django.core.management import call_command

    try:
        print(f"Database: {vendor}; {ROWS:,} attendance rows")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        build()
        folder = Path(tempfile.mkdtemp(prefix="bench-io-files-"))
        files = write_files(folder)
        sizes = ", ".join(f"{k} {p.stat().st_size / 1e6:.1f} MB" for k, p in files.items())
        print(f"Set-up: {time.perf_counter() - started:.1f} s; files: {sizes}")
        from django.db import connections

        connections.close_all()
        baseline = measure("baseline", "")
        print(f"A Django process at rest: {baseline['peak_mb']:.0f} MB")
        results = {}
        for file_format, path in files.items():
            floors = ["floor-bulk-create"] + (["floor-copy"] if vendor == "postgresql" else [])
            for name in [*floors, "plain-import", "project-import"]:
                if ONLY and name not in ONLY:
                    continue
                clear_attendance()
                connections.close_all()
                result = measure(name, path)
                records, parts = count_attendance()
                result.update(records=records, parts=parts)
                if name == "plain-import" and result["rows"] < ROWS:
                    result["measured_seconds"] = result["seconds"]
                    result["seconds"] *= ROWS / result["rows"]
                results[(file_format, name)] = result
                phases = {k: round(v, 2) for k, v in result.items() if k.endswith("_seconds")}
                print(f"  {file_format} {name}: {result['seconds']:.2f} s, "
                      f"{result['peak_mb']:.0f} MB, {records:,} records, {parts:,} parts "
                      f"{phases}")  # fmt: skip
            connections.close_all()
            again = measure("project-import", path)
            results[(file_format, "project-reimport")] = again
            print(f"  {file_format} project re-import (unchanged): {again['seconds']:.2f} s, "
                  f"{again['peak_mb']:.0f} MB, {again['unchanged']:,} unchanged")  # fmt: skip
        if ONLY and not any(name.endswith("export") for name in ONLY):
            return
        export_results = {}
        for name in ("floor-export", "project-export"):
            connections.close_all()
            export_results[name] = measure(name, folder / f"{name}.xlsx")
            print(f"  {name}: {export_results[name]['seconds']:.2f} s, "
                  f"{export_results[name]['peak_mb']:.0f} MB")  # fmt: skip
        if not ONLY:
            report(vendor, results, export_results, baseline)
    finally:
        cleanup()


def report(vendor, results, exports, baseline):
    print()
    print(f"## {vendor}: import of {ROWS:,} attendance rows (time, peak memory of the process)")
    print()
    print(
        "| File | Project (a) | Plain ModelResource (b) | bulk_create (c) | COPY | (b)/(a) "
        "| (a)/(c) | (a) re-import, unchanged |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for file_format in ("csv", "xlsx"):
        a = results[(file_format, "project-import")]
        b = results[(file_format, "plain-import")]
        c = results[(file_format, "floor-bulk-create")]
        copy = results.get((file_format, "floor-copy"))
        again = results[(file_format, "project-reimport")]
        plain_note = f" (scaled from {b['rows']:,} rows)" if "measured_seconds" in b else ""
        copy_cell = f"{copy['seconds']:.1f} s" if copy else "—"
        print(
            f"| {file_format.upper()} | {a['seconds']:.1f} s, {a['peak_mb']:.0f} MB "
            f"| {b['seconds']:.1f} s{plain_note}, {b['peak_mb']:.0f} MB "
            f"| {c['seconds']:.1f} s ({c['read_seconds']:.1f} read + "
            f"{c['insert_seconds']:.1f} insert), {c['peak_mb']:.0f} MB "
            f"| {copy_cell} "
            f"| {b['seconds'] / a['seconds']:.1f}× | {a['seconds'] / c['seconds']:.2f}× "
            f"| {again['seconds']:.1f} s, {again['peak_mb']:.0f} MB |"
        )
    print()
    a, f = exports["project-export"], exports["floor-export"]
    print(f"## {vendor}: export of {ROWS:,} records to XLSX")
    print()
    print("| Project export | openpyxl write-only (floor) | ratio |")
    print("|---|---|---|")
    print(f"| {a['seconds']:.1f} s, {a['peak_mb']:.0f} MB | {f['seconds']:.1f} s, "
          f"{f['peak_mb']:.0f} MB | {a['seconds'] / f['seconds']:.2f}× |")  # fmt: skip
    print()
    print(f"Peak memory of a Django process at rest: {baseline['peak_mb']:.0f} MB.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", nargs=2, metavar=("OPERATION", "PATH"))
    args = parser.parse_args()
    if args.measure:
        measure_here(*args.measure)
    else:
        main()
