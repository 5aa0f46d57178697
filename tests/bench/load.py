"""Load test of the production-like stack, run on demand (not by the test suite):

    .venv/bin/python tests/bench/load.py [--duration 60] [--connections 50]

It builds a PostgreSQL database `ihds_load` with the demo data scaled up to 10,000 events with
their dates, 200,000 attendance records and 1,000 works on show (tests/bench/scale.py: about
three minutes; `--skip-prepare` reuses the database), starts the stack as `make serve-prod`
does (gunicorn, Celery worker and beat through honcho, whitenoise, Redis cache), drives each
public page with wrk at 50 concurrent connections, and prints requests/s, p50, p95 and errors
per page next to a trivial Django view on the same server (the floor, measured first and last),
with the dataset's sizes and the machine's load average. Needs PostgreSQL and Redis on
127.0.0.1 and Debian's `wrk`.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's root, for `tests.bench`

from tests.bench import common  # noqa: E402  (the path is set above)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = 8050
BASE = f"http://127.0.0.1:{PORT}"

URLS_SCRIPT = """
import json
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from wagtail.models import Page
from tests.bench.scale import sizes
urls = {"Accueil": "/", "Recherche": "/recherche/?q=sant%C3%A9"}
# The first live public page of each page type (one query per type, not 10,000 specific pages).
types = Page.objects.live().exclude(depth__lte=1).values_list("content_type", flat=True)
for content_type in ContentType.objects.filter(pk__in=types.distinct()).order_by("pk"):
    model = content_type.model_class()
    pages = model.objects.live().public().order_by("path")
    if hasattr(model, "is_public"):  # private events answer 404 by design
        pages = pages.filter(is_public=True)
    page = pages.first()
    if page is not None and page.url not in urls.values():
        urls.setdefault(str(model._meta.verbose_name), page.url)
try:
    from programmes.models import CalendarPage, EventPage
    agenda = CalendarPage.objects.live().first().url
    urls["Agenda, page 50"] = f"{agenda}?page=50"
    urls["Agenda filtré (commune)"] = f"{agenda}?commune=92050"
    busiest = (EventPage.objects.live().public().filter(is_public=True)
               .annotate(dates=Count("occurrences")).order_by("-dates", "path").first())
    urls["Événement (série de dates)"] = busiest.url
except (ImportError, AttributeError):
    pass
try:
    from artworks.models import Artist, Artwork
    from places.models import Venue
    programme = next(u for k, u in urls.items() if "œuvre" in k.lower())
    work = Artwork.objects.filter(placements__status="installed").first()
    urls["Œuvre"] = f"{programme}oeuvres/{work.slug}/"
    urls["Artiste"] = f"{programme}artistes/{Artist.objects.first().slug}/"
    urls["Lieu"] = f"{programme}lieux/{work.placements.first().venue.code}/"
except (StopIteration, ImportError, AttributeError):
    pass
print("URLS=" + json.dumps(urls))
print("SIZES=" + sizes())
"""


def environment():
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SERVE_MEDIA="1",
        BENCH_FLOOR_VIEW="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/ihds_load",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/6",
        CACHE_URL="redis://127.0.0.1:6379/7",
        PUBLIC_PAGE_CACHE_SECONDS="300",
        STATIC_ROOT=str(ROOT / "var" / "load-static"),
        PYTHONPATH=f"{ROOT / 'site'}:{ROOT}",
        PORT=str(PORT),
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "4"),
        PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", "ihds_load"], check=True)
    subprocess.run(["redis-cli", "-n", "7", "flushdb"], check=True, capture_output=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo_data")
    manage(env, "shell", "-c", "from tests.bench.scale import scale; scale()")


def start_stack(env):
    command = [str(ROOT / ".venv" / "bin" / "honcho"), "-f", "Procfile", "start"]
    return common.start_server(command, env, ROOT, BASE)


def page_urls(env):
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", URLS_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = dict(line.split("=", 1) for line in out.splitlines() if line[:5] in ("URLS=", "SIZES"))
    return json.loads(lines["URLS"]), lines["SIZES"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk est absent : apt-get install wrk")
    env = environment()
    if not args.skip_prepare:
        prepare(env)
    manage(env, "collectstatic", "--no-input", "-v0")
    urls, sizes = page_urls(env)
    load_before = os.getloadavg()
    stack = start_stack(env)
    try:
        with common.wrk_script(ROOT / "var") as script:
            # The floor again at the end: on a shared machine, how much the load around us moved.
            rows = [
                ("Plancher (vue Django triviale)", "/bench/floor"),
                *urls.items(),
                ("Plancher, en fin de mesure", "/bench/floor"),
            ]
            results = []
            for label, url in rows:
                figures = common.drive(BASE, url, args.duration, args.connections, script)
                results.append((label, url, figures))
                print(f"  {label:32} {figures['rps']:8.1f} req/s", file=sys.stderr)
    finally:
        common.stop_server(stack)
    load_after = os.getloadavg()
    floor = max(results[0][2]["rps"], results[-1][2]["rps"])  # the stricter of the two
    print(f"\nDonnées : {sizes}")
    print(
        "Charge de la machine (1, 5, 15 min) : avant "
        + " / ".join(f"{n:.2f}" for n in load_before)
        + ", après "
        + " / ".join(f"{n:.2f}" for n in load_after)
    )
    print(f"\n{args.connections} connexions, {args.duration} s par page, cache des pages actif\n")
    print(
        f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'erreurs':>8} {'plancher/page':>14}"
    )
    for label, _url, f in results:
        print(
            f"{label[:34]:34} {f['rps']:8.1f} {f['p50']:8.1f} {f['p95']:8.1f} {f['errors']:8d} "
            f"{floor / f['rps']:13.2f}×"
        )
    worst = max(floor / f["rps"] for _, _, f in results)
    errors = sum(f["errors"] for _, _, f in results)
    print(f"\nPire rapport au plancher : {worst:.2f}× (objectif ≤ 3×) ; erreurs : {errors}")


if __name__ == "__main__":
    main()
