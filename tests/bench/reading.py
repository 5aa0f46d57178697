"""Benchmark of reading uploads: the bounded read (byte checks + child process) against the
bare reader in the same process, and the hostile corpus.

Run on demand (not collected by pytest), no database needed:

    .venv/bin/python tests/bench/reading.py            # 100,000 rows; BENCH_ROWS to change

For CSV, XLSX and ODS files of BENCH_ROWS attendance rows (the shape of
tests/bench/import_export.py: an identifier and four numbers) and for a 3-row file read 50
times, it prints the median of BENCH_REPEAT runs (one for the large workbooks) of
`read_spreadsheet` (what the admin, the commands and the jobs call) and of the bare reader
(`READERS[kind]`: no check, no child), and the time each file of the hostile corpus takes
to be refused.
"""

import csv
import io
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# This folder holds `import_export.py`, which would hide django-import-export from Django.
HERE = Path(__file__).resolve().parent
sys.path = [str(ROOT / "site"), str(ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != HERE
]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# What is measured is the cost of the bounds, not whether this machine reads 100,000 rows
# within them: a loaded machine could pass the 25-s default.
os.environ.setdefault("SPREADSHEETS_READ_TIMEOUT", "600")
os.environ.setdefault("SPREADSHEETS_READ_CPU_SECONDS", "600")

ROWS = int(os.environ.get("BENCH_ROWS", 100_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
HEADERS = ["Identifiant de la séance", "Participants (total)", "Adultes", "Enfants", "Autres"]


def rows(count):
    return [[str(uuid.UUID(int=n)), n % 60, n % 30, n % 29, n % 3] for n in range(count)]


def csv_file(data_rows):
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(data_rows)
    return stream.getvalue().encode("utf-8-sig")


def xlsx_file(data_rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Fréquentation")
    sheet.append(HEADERS)
    for row in data_rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def ods_file(data_rows):
    import tablib

    return tablib.Dataset(*data_rows, headers=HEADERS).export("ods")


def median_time(function, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    import django

    django.setup()
    from django.utils import translation

    from spreadsheets.reading import READERS, SpreadsheetError, read_spreadsheet
    from tests.security.corpus import BAD_SPREADSHEETS

    translation.activate("fr")
    big, small = rows(ROWS), rows(3)
    builders = {"csv": csv_file, "xlsx": xlsx_file, "ods": ods_file}
    print(f"{'fichier':<28} {'borné (s)':>10} {'nu (s)':>10} {'écart':>8}")
    for kind, build in builders.items():
        for label, data_rows, loops in ((f"{ROWS} lignes", big, 1), ("3 lignes × 50", small, 50)):
            data = build(data_rows)
            name = f"x.{kind}"

            def bounded(data=data, name=name, loops=loops):
                for _ in range(loops):
                    read_spreadsheet(data, name)

            def bare(data=data, kind=kind, loops=loops):
                for _ in range(loops):
                    READERS[kind](data)

            repeat = REPEAT if kind == "csv" or data_rows is small else 1
            with_bounds = median_time(bounded, repeat)
            without = median_time(bare, repeat)
            print(
                f"{kind + ' ' + label:<28} {with_bounds:>10.3f} {without:>10.3f} "
                f"{(with_bounds / without - 1) * 100:>+7.1f}%"
            )
    print()
    for name, build in BAD_SPREADSHEETS.items():
        data = build()
        started = time.perf_counter()
        try:
            read_spreadsheet(data, name)
            outcome = "LU (!)"
        except SpreadsheetError as error:
            outcome = str(error)
        print(f"{name:<28} {len(data):>9} o  {time.perf_counter() - started:6.3f} s  {outcome}")


if __name__ == "__main__":
    main()
