"""Cost of every public page type, uncached and cached, run on demand (issue 16):

    .venv/bin/python tests/bench/pages.py [--factor 10] [--duration 10] [--skip-prepare]
                                         [--only agenda] [--uncached-only] [--conn-max-age 60]

It builds a PostgreSQL database `ihds_speed` with the demo data (`--factor 10`: `ihds_speed_x10`,
the demo data scaled to ten times its events, works and venues with tests/bench/scale.py;
`--skip-prepare` reuses it), counts the SQL queries and bytes of each page with Django's test
client (and the CPU milliseconds a request takes in that process, the figure least moved by
other people's load), then starts gunicorn (2 sync workers, as on the reference machine)
twice — public page cache off (PUBLIC_PAGE_CACHE_SECONDS=0), then on — and drives each page with
`wrk -t2 -c20 -d10s`, next to the trivial view /bench/floor on the same server, measured first and
last. On a shared machine only the ratio to the floor of the same run means something; the goal
of issue 16 is every page, uncached, at ≥ 1/20 of the floor's requests per second.
Needs PostgreSQL and Redis on 127.0.0.1 and Debian's `wrk`. Environment: DATABASE_URL's server
(default postgres://postgres@127.0.0.1:5432), BENCH_REDIS_DB (default 15), BENCH_PORT (8071).
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's root, for `tests.bench`

from tests.bench import common  # noqa: E402  (the path is set above)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8071"))
BASE = f"http://127.0.0.1:{PORT}"
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "15")
# Demo sizes (load_demo_data): 15 events, 40 works, 23 venues, 21 attendance records.
DEMO = {"events": 15, "works": 40, "venues": 23, "attendance": 21}

# Run by `manage.py shell`: the URL of each public page type, its queries and its bytes.
URLS_SCRIPT = """
import json
import time
from django.db import connection
from django.db.models import Count
from django.test import Client
from wagtail.models import Page
from tests.bench.scale import sizes
from programmes.models import CalendarPage, EventPage, Occurrence, ProgrammePage

urls = {"Accueil": "/"}
def first_url(model_name, **filters):
    from django.apps import apps
    for label in ("home", "programmes", "artworks", "places"):
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        page = model.objects.live().public().filter(**filters).order_by("path").first()
        return page.url if page else None

urls["Nos programmes"] = first_url("ProgrammeIndexPage")
busiest = (ProgrammePage.objects.live().public().annotate(n=Count("id"))
           .order_by("path"))
programme = max(busiest, key=lambda p: EventPage.objects.child_of(p).count())
urls["Un programme"] = programme.url
event = (EventPage.objects.live().public().filter(is_public=True)
         .annotate(dates=Count("occurrences")).order_by("-dates", "path").first())
urls["Un événement (le plus de dates)"] = event.url
agenda = CalendarPage.objects.live().first().url
urls["Agenda"] = agenda
urls["Agenda, page 3"] = agenda + "?page=3"
urls["Agenda filtré (commune)"] = agenda + "?commune=92004"
try:
    from artworks.models import Artist, Artwork, ArtworkProgrammePage
    oeuvre = ArtworkProgrammePage.objects.live().first().url
    urls["Un mois, une œuvre"] = oeuvre
    work = Artwork.objects.filter(placements__status="installed").order_by("pk").first()
    urls["Index des œuvres"] = oeuvre + "oeuvres/"
    urls["Une œuvre"] = f"{oeuvre}oeuvres/{work.slug}/"
    urls["Index des artistes"] = oeuvre + "artistes/"
    artist = Artist.objects.annotate(n=Count("artworks")).order_by("-n", "pk").first()
    urls["Un artiste"] = f"{oeuvre}artistes/{artist.slug}/"
    urls["Annuaire des lieux"] = oeuvre + "lieux/"
    urls["Un lieu"] = f"{oeuvre}lieux/{work.placements.first().venue.code}/"
except ImportError:
    pass
urls["Recherche"] = "/recherche/?q=sant%C3%A9"
urls["Mentions légales"] = first_url("LegalNoticePage")
urls["sitemap.xml"] = "/sitemap.xml"
urls["robots.txt"] = "/robots.txt"
urls["agenda.ics"] = "/agenda.ics"
urls["iCal d'un programme"] = f"/agenda/programme/{programme.slug}.ics"
urls["iCal d'un événement"] = f"/agenda/evenement/{event.pk}.ics"
occurrence = Occurrence.objects.filter(event=event).order_by("start").first()
urls["iCal d'une date"] = f"/agenda/date/{occurrence.uuid}.ics"
urls = {k: v for k, v in urls.items() if v}

client = Client()
figures = {}
for label, url in urls.items():
    client.get(url)  # warm the per-process caches (site root, content types)
    queries = []
    with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
        response = client.get(url)
    started = time.process_time()  # CPU of this process: steadier than req/s on a busy machine
    for _ in range(5):
        client.get(url)
    figures[label] = {"url": url, "status": response.status_code, "queries": len(queries),
                      "size": len(response.content),
                      "cpu_ms": (time.process_time() - started) * 200}
print("URLS=" + json.dumps(figures))
print("SIZES=" + sizes())
"""


def database_url(name):
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ihds_speed")
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def environment(name, cache_seconds):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SERVE_MEDIA="1",
        BENCH_FLOOR_VIEW="1",
        DATABASE_URL=database_url(name),
        CELERY_BROKER_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds),
        STATIC_ROOT=str(ROOT / "var" / "load-static"),
        PYTHONPATH=f"{ROOT / 'site'}:{ROOT}",
        DJANGO_SETTINGS_MODULE="config.settings",
        PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    )
    return env


def manage(env, *args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def flush_cache():
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], check=True, capture_output=True)


def prepare(env, name, factor):
    import psycopg

    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    flush_cache()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo_data", stdout=subprocess.DEVNULL)
    if factor > 1:
        targets = {k: v * factor for k, v in DEMO.items()}
        manage(
            env,
            "shell",
            "-c",
            f"from tests.bench.scale import scale; scale(**{targets!r})",
        )


def page_figures(env):
    out = manage(env, "shell", "-c", URLS_SCRIPT, capture_output=True, text=True).stdout
    lines = dict(line.split("=", 1) for line in out.splitlines() if line[:5] in ("URLS=", "SIZES"))
    return json.loads(lines["URLS"]), lines["SIZES"]


def start_server(env):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        os.environ.get("WEB_CONCURRENCY", "2"),
    ]
    return common.start_server(command, env, ROOT, BASE)


def run(env, urls, args, script, title):
    """One server, the floor first and last, each page between: {label: wrk figures}."""
    flush_cache()
    server = start_server(env)
    rows = [("Plancher", "/bench/floor"), *urls, ("Plancher, en fin", "/bench/floor")]
    results = {}
    try:
        for label, url in rows:
            results[label] = common.drive(
                BASE, url, args.duration, args.connections, script, warm_ups=2
            )
            print(f"  [{title}] {label:34} {results[label]['rps']:8.1f} req/s", file=sys.stderr)
    finally:
        common.stop_server(server)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=1, help="1: demo size; 10: ten times")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--uncached-only", action="store_true")
    parser.add_argument("--only", default="", help="pages whose label contains this text")
    parser.add_argument(
        "--conn-max-age",
        default=os.environ.get("CONN_MAX_AGE", "60"),
        help="CONN_MAX_AGE of the server (the settings' default on PostgreSQL: 60; 0: a new "
        "connection per request)",
    )
    args = parser.parse_args()
    os.environ["CONN_MAX_AGE"] = str(args.conn_max_age)
    name = "ihds_speed" if args.factor == 1 else f"ihds_speed_x{args.factor}"
    uncached_env = environment(name, 0)
    if not args.skip_prepare:
        prepare(uncached_env, name, args.factor)
    manage(uncached_env, "collectstatic", "--no-input", "-v0")
    figures, sizes = page_figures(uncached_env)
    urls = [(label, f["url"]) for label, f in figures.items() if args.only.lower() in label.lower()]
    load_before = os.getloadavg()
    with common.wrk_script(ROOT / "var") as script:
        uncached = run(uncached_env, urls, args, script, "sans cache")
        cached = {}
        if not args.uncached_only:
            cached = run(environment(name, 300), urls, args, script, "cache")
    load_after = os.getloadavg()

    def floor(results):  # the stricter of the two
        return max(results["Plancher"]["rps"], results["Plancher, en fin"]["rps"])

    print(f"\nDonnées ({name}) : {sizes}")
    print(
        "Charge de la machine (1, 5, 15 min) : avant "
        + " / ".join(f"{n:.2f}" for n in load_before)
        + ", après "
        + " / ".join(f"{n:.2f}" for n in load_after)
    )
    print(
        f"gunicorn {os.environ.get('WEB_CONCURRENCY', '2')} workers sync, "
        f"CONN_MAX_AGE={args.conn_max_age}, wrk -t2 "
        f"-c{args.connections} -d{args.duration}s ; objectif : sans cache ≥ plancher / 20\n"
    )
    for title, results in (("sans cache", uncached), ("avec cache", cached)):
        if results:
            print(
                f"Plancher {title} : {results['Plancher']['rps']:.0f} req/s au début, "
                f"{results['Plancher, en fin']['rps']:.0f} à la fin"
            )
    header = (
        f"\n{'page':32} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'1/x':>6} "
        f"{'cache':>7} {'p50':>6} {'octets':>8} {'req.SQL':>7} {'CPU ms':>7}"
    )
    print(header)
    worst, errors = 0, 0
    for label, _url in urls:
        u, c, f = uncached[label], cached.get(label), figures[label]
        ratio = floor(uncached) / u["rps"]
        worst = max(worst, ratio)
        errors += u["errors"] + (c["errors"] if c else 0)
        cells = f"{c['rps']:7.0f} {c['p50']:6.1f}" if c else f"{'':7} {'':6}"
        flag = "" if ratio <= 20 else "  ← > 20×"
        print(
            f"{label[:32]:32} {u['rps']:7.1f} {u['p50']:7.1f} {u['p95']:7.1f} {ratio:5.1f}× "
            f"{cells} {u['bytes'] // max(u['requests'], 1):8d} {f['queries']:7d} "
            f"{f['cpu_ms']:7.1f}{flag}"
        )
    print(f"\nPire rapport au plancher, sans cache : {worst:.1f}× (objectif ≤ 20×) ; "
          f"erreurs : {errors}")  # fmt: skip


if __name__ == "__main__":
    main()
