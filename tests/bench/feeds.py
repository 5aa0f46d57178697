"""Benchmark of the iCalendar feeds at scale (issue #16): `/agenda.ics` with 10,000 upcoming
dates, built (cache bypassed) and served from the public page cache (home.cache).

Run on demand (not collected by pytest):

    .venv/bin/python tests/bench/feeds.py                # SQLite (temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python tests/bench/feeds.py

On PostgreSQL it creates and finally drops its own database `ihds_bench_feeds`. It builds
BENCH_DATES (10,000) public dates of 40 events of 4 programmes over the next year, then prints,
for the full agenda feed, a programme's feed and an event's download, the median of
BENCH_REPEAT (5) requests through Django's test Client: built each time (the cache off), then
served from the cache; and the number of dates in each feed (FEED_MAX_ITEMS at most).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path = [str(ROOT / "site"), str(ROOT)] + [
    p for p in sys.path if p != str(Path(__file__).parent)
]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from tests.bench.common import prepare_database  # noqa: E402  (the path is set above)

DATES = int(os.environ.get("BENCH_DATES", 10_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 5))
BENCH_DB = os.environ.get("BENCH_DB", "ihds_bench_feeds")
PROGRAMMES, EVENTS_PER_PROGRAMME = 4, 10


def build():
    import datetime

    from django.utils import timezone

    from programmes.models import EventPage, Occurrence
    from tests.factories import VenueFactory
    from tests.programmes import factories as f

    f.calendar_page()
    venues = [VenueFactory(name=f"Lieu {n}", code=f"lieu-{n}") for n in range(10)]
    start = timezone.now() + datetime.timedelta(days=1)
    events = []
    for p in range(PROGRAMMES):
        programme = f.programme(f"Programme {p}")
        for e in range(EVENTS_PER_PROGRAMME):
            events.append(
                f.event(programme, f"Événement {p}-{e}", start=start, venue=venues[e % 10])
            )
    Occurrence.objects.filter(event__in=events).delete()
    step = datetime.timedelta(days=365) / DATES
    Occurrence.objects.bulk_create(
        (
            Occurrence(
                event=events[n % len(events)],
                rule_key=f"bench-{n}",
                start=start + step * n,
                end=start + step * n + datetime.timedelta(hours=2),
                venue=venues[n % 10],
                commune=venues[n % 10].commune,
            )
            for n in range(DATES)
        ),
        batch_size=2_000,
    )
    return EventPage.objects.order_by("pk").first(), "programme-0"


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url, secure=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, body


def measure(client, url, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    timed(client, url)  # per-process caches (content types, site root)
    built = [timed(client, url)[0] for _ in range(REPEAT)]
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    _first, body = timed(client, url)
    cached = [timed(client, url)[0] for _ in range(REPEAT)]
    return statistics.median(built), statistics.median(cached), body.count(b"BEGIN:VEVENT")


def main():
    vendor, cleanup = prepare_database(BENCH_DB)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        event, programme = build()
        print(f"{vendor}: {DATES:,} dates built in {time.perf_counter() - started:.1f} s")
        client = Client()
        print(f"{'feed':<42} {'built (median)':>15} {'cached (median)':>16} {'dates':>6}")
        for url in (
            "/agenda.ics",
            f"/agenda/programme/{programme}.ics",
            f"/agenda/evenement/{event.pk}.ics",
        ):
            built, cached, count = measure(client, url, settings)
            print(f"{url:<42} {built * 1000:>12.0f} ms {cached * 1000:>13.1f} ms {count:>6}")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
