"""Benchmark of the participation reports: 200,000 attendance records across 5 years.

Run on demand (not collected by pytest):

    .venv/bin/python tests/bench/reports.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python tests/bench/reports.py

On PostgreSQL the script creates and finally drops its own database `ihds_bench_reports` on the
server of DATABASE_URL. For each report table it prints the time of the report's query path
(programmes.reports / artworks-free: the selector plus the bars) next to the time of the bare
grouped SQL it needs (the floor, hand-written), and the ratio. Goal: within 2× on PostgreSQL.
"""

import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The script's own folder holds import_export.py, which would hide the django-import-export
# package: it is taken off the path.
HERE = Path(__file__).resolve().parent
sys.path = [str(ROOT / "site"), str(ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != HERE
]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from tests.bench.common import prepare_database  # noqa: E402  (the path is set above)

RECORDS = int(os.environ.get("BENCH_RECORDS", 200_000))
BENCH_DB = "ihds_bench_reports"
REPEAT = 5


def build():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from home.models import HomePage
    from places.models import Commune, Venue
    from programmes.models import (
        AttendanceRecord,
        Audience,
        Edition,
        EditionTarget,
        EventPage,
        Occurrence,
        ProgrammeIndexPage,
        ProgrammePage,
    )

    rng = random.Random(92)
    communes = list(Commune.objects.all())
    Venue.objects.bulk_create(
        Venue(name=f"Lieu {n}", code=f"bench-{n}", kind="pole_social", commune=rng.choice(communes))
        for n in range(120)
    )
    venues = list(Venue.objects.all())
    audiences = [Audience.objects.create(name=f"Public {n}", slug=f"public-{n}") for n in range(6)]
    index = HomePage.objects.get().add_child(
        instance=ProgrammeIndexPage(title="Programmes", slug="p")
    )
    now = timezone.now()
    events = []
    editions = []
    for p in range(8):
        programme = index.add_child(
            instance=ProgrammePage(
                title=f"Programme {p}", slug=f"programme-{p}", summary="…", theme="culture"
            )  # fmt: skip
        )
        for year in range(5):
            start = (now - timedelta(days=365 * (5 - year))).date()
            edition = Edition.objects.create(
                programme=programme, name=f"P{p} {start.year}", start_date=start,
                end_date=start + timedelta(days=364),
            )  # fmt: skip
            edition.venues.set(rng.sample(venues, 10))
            EditionTarget.objects.create(edition=edition, audience=rng.choice(audiences),
                                         people_count=1800)  # fmt: skip
            editions.append(edition)
            for e in range(3):
                events.append(
                    programme.add_child(
                        instance=EventPage(
                            title=f"Événement {p}-{year}-{e}",
                            slug=f"e-{p}-{year}-{e}",
                            summary="…",
                            edition=edition,
                            audience=rng.choice(audiences),
                            starts_at=datetime.combine(start, datetime.min.time(), now.tzinfo),
                            ends_at=datetime.combine(start, datetime.min.time(), now.tzinfo)
                            + timedelta(hours=2),
                        )  # fmt: skip
                    )
                )
    Occurrence.objects.all().delete()
    batch = 20_000
    for first in range(0, RECORDS, batch):
        occurrences = []
        for n in range(first, min(first + batch, RECORDS)):
            event = events[n % len(events)]
            venue = rng.choice(venues)
            start = now - timedelta(days=rng.randint(1, 5 * 365), hours=rng.randint(0, 12))
            occurrences.append(
                Occurrence(
                    event=event,
                    rule_key=f"b{n}",
                    start=start,
                    end=start + timedelta(hours=2),
                    venue=venue,
                    commune_id=venue.commune_id,
                )  # fmt: skip
            )
        created = Occurrence.objects.bulk_create(occurrences, batch_size=5000)
        if created[0].pk is None:  # older backends: fetch the ids
            created = list(
                Occurrence.objects.filter(rule_key__in=[o.rule_key for o in occurrences])
            )
        AttendanceRecord.objects.bulk_create(
            (AttendanceRecord(occurrence_id=o.pk, total=rng.randint(3, 60)) for o in created),
            batch_size=5000,
        )
    return get_user_model().objects.create_superuser("bench", "bench@example.org", "x")


FLOORS = {
    "programme": """
        SELECT p.title, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a
        JOIN programmes_occurrence o ON o.id = a.occurrence_id
        JOIN programmes_eventpage e ON e.page_ptr_id = o.event_id
        LEFT JOIN wagtailcore_page p ON p.id = e.programme_id
        GROUP BY p.title ORDER BY p.title""",
    "edition": """
        SELECT ed.name, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a
        JOIN programmes_occurrence o ON o.id = a.occurrence_id
        JOIN programmes_eventpage e ON e.page_ptr_id = o.event_id
        LEFT JOIN programmes_edition ed ON ed.id = e.edition_id
        GROUP BY ed.name ORDER BY ed.name""",
    "commune": """
        SELECT c.name, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a
        JOIN programmes_occurrence o ON o.id = a.occurrence_id
        LEFT JOIN places_commune c ON c.id = o.commune_id
        GROUP BY c.name ORDER BY c.name""",
    "sst": """
        SELECT s.name, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a
        JOIN programmes_occurrence o ON o.id = a.occurrence_id
        LEFT JOIN places_commune c ON c.id = o.commune_id
        LEFT JOIN places_sst s ON s.id = c.sst_id
        GROUP BY s.name ORDER BY s.name""",
    "venue": """
        SELECT v.name, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a
        JOIN programmes_occurrence o ON o.id = a.occurrence_id
        LEFT JOIN places_venue v ON v.id = o.venue_id
        GROUP BY v.name ORDER BY v.name""",
    "audience": """
        SELECT au.name, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a
        JOIN programmes_occurrence o ON o.id = a.occurrence_id
        JOIN programmes_eventpage e ON e.page_ptr_id = o.event_id
        LEFT JOIN programmes_audience au ON au.id = e.audience_id
        GROUP BY au.name ORDER BY au.name""",
}
MONTH_FLOOR = {
    "postgresql": """
        SELECT date_trunc('month', o.start AT TIME ZONE 'Europe/Paris') m, SUM(a.total),
               COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a JOIN programmes_occurrence o ON o.id = a.occurrence_id
        GROUP BY m ORDER BY m""",
    "sqlite": """
        SELECT strftime('%Y-%m', o.start) m, SUM(a.total), COUNT(a.id), COUNT(DISTINCT o.venue_id)
        FROM programmes_attendancerecord a JOIN programmes_occurrence o ON o.id = a.occurrence_id
        GROUP BY m ORDER BY m""",
}
TARGETS_FLOOR = """
    SELECT ed.id, ed.name,
      (SELECT SUM(t.people_count) FROM programmes_editiontarget t WHERE t.edition_id = ed.id),
      (SELECT SUM(a.total) FROM programmes_attendancerecord a
         JOIN programmes_occurrence o ON o.id = a.occurrence_id
         JOIN programmes_eventpage e ON e.page_ptr_id = o.event_id WHERE e.edition_id = ed.id),
      (SELECT COUNT(*) FROM programmes_edition_venues ev WHERE ev.edition_id = ed.id),
      (SELECT COUNT(DISTINCT o.venue_id) FROM programmes_attendancerecord a
         JOIN programmes_occurrence o ON o.id = a.occurrence_id
         JOIN programmes_eventpage e ON e.page_ptr_id = o.event_id
         JOIN programmes_edition_venues ev ON ev.venue_id = o.venue_id AND ev.edition_id = ed.id
         WHERE e.edition_id = ed.id)
    FROM programmes_edition ed ORDER BY ed.start_date DESC, ed.name"""


def best_of(function):
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings), statistics.median(timings)


def main():
    vendor, cleanup = prepare_database(BENCH_DB)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from programmes import reports

        print(f"Base : {vendor}. Migration…", flush=True)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        user = build()
        print(f"{RECORDS} fréquentations créées en {time.perf_counter() - started:.0f} s.")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        def raw(sql):
            def run():
                with connection.cursor() as cursor:
                    cursor.execute(sql)
                    return cursor.fetchall()

            return run

        cases = []
        for group_by in reports.GROUPINGS:
            floor_sql = MONTH_FLOOR[vendor] if group_by == "month" else FLOORS[group_by]

            def report(group_by=group_by):
                rows = reports.reach(reports.records_for(user), group_by)
                return reports.with_bars(list(rows), "people")

            cases.append((f"fréquentation par {group_by}", report, raw(floor_sql)))

        def targets():
            return reports.with_bars(reports.target_progress(), "reached_people", "target_people")

        cases.append(("objectifs des éditions", targets, raw(TARGETS_FLOOR)))
        print(f"{'rapport':32} {'rapport (s)':>12} {'plancher (s)':>12} {'ratio':>7}")
        for name, report, floor in cases:
            assert len(report()) == len(floor()), name
            report_time, _ = best_of(report)
            floor_time, _ = best_of(floor)
            ratio = report_time / floor_time
            print(f"{name:32} {report_time:12.4f} {floor_time:12.4f} {ratio:7.2f}", flush=True)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
