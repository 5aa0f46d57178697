"""The costly files of the hostile corpus uploaded through the admin, on gunicorn with
production settings: how long each refusal takes, and whether a worker was killed.

Run on demand (not collected by pytest); it needs nothing running and leaves nothing behind:

    .venv/bin/python tests/bench/upload_bombs.py

In a temporary folder it migrates a SQLite database, collects the static files, creates a
superuser, starts `gunicorn config.wsgi -w 2 --timeout 30` (DEBUG=0, a SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=0 and cookies without `Secure`, as behind a local
proxy), logs in, and posts each file to the venue import page (/admin/tableurs/lieux/importer/),
plus a valid file for comparison. It prints the time of each answer and its message, the
worker PIDs before and after, and the lines of gunicorn's log about timeouts or killed
workers; then it stops that gunicorn (only it) and deletes the folder.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path = [str(ROOT / "site"), str(ROOT)] + [
    p for p in sys.path if Path(p or ".").resolve() != HERE
]

#: BENCH_HEAVY_ROWS=100000: also upload a valid workbook of that many rows (with, say,
#: SPREADSHEETS_READ_TIMEOUT=3 in the environment, to see the child stopped in time).
HEAVY_ROWS = int(os.environ.get("BENCH_HEAVY_ROWS", 0))
FILES = ["bombe-commentaire.xlsx", "exposant-geant.ods", "entites-non-listees.xlsx"]
PASSWORD = "mesure-des-bombes-2026"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers(master):
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return sorted(int(pid) for pid in children)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def form_errors(html):
    found = re.findall(r'class="error-message"[^>]*>(.*?)</', html, re.S)
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in found]
    return " ".join(dict.fromkeys(text for text in texts if text))


def main():
    import requests

    folder = Path(tempfile.mkdtemp(prefix="upload-bombs-"))
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "mesure-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "VAR_DIR": str(folder / "var"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    server = None
    log = folder / "gunicorn.log"
    try:
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(manage + command, env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            manage
            + [
                "shell",
                "-c",
                "from django.contrib.auth import get_user_model; "
                "get_user_model().objects.create_superuser("
                f"'mesure', 'mesure@example.org', '{PASSWORD}')",
            ],
            env=env,
            check=True,
        )
        server = subprocess.Popen(
            [
                str(Path(python).parent / "gunicorn"),
                "config.wsgi",
                "-w",
                "2",
                "--timeout",
                "30",
                "--bind",
                f"127.0.0.1:{port}",
                "--error-logfile",
                str(log),
                "--log-level",
                "info",
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        for _ in range(100):
            try:
                page = session.get(f"{base}/admin/login/", timeout=60)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        answer = session.post(
            f"{base}/admin/login/",
            data={
                "username": "mesure",
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(page.text),
                "next": "/admin/",
            },
            headers={"Referer": f"{base}/admin/login/"},
            timeout=30,
        )
        assert "/admin/login/" not in answer.url, "connexion refusée"
        before = workers(server.pid)
        print(f"gunicorn {server.pid}, workers {before}")

        from tests.security.corpus import BAD_SPREADSHEETS
        from tests.spreadsheets.helpers import VENUE_HEADERS, xlsx_bytes

        uploads = [(name, BAD_SPREADSHEETS[name]()) for name in FILES]
        uploads.append(
            (
                "valide.xlsx",
                xlsx_bytes([VENUE_HEADERS, ["mesure-1", "Lieu mesuré", "pole_social", "", "", ""]]),
            )
        )
        if HEAVY_ROWS:  # a valid but long workbook: read in the child, within its limits
            rows = [
                [f"lourd-{n}", f"Lieu {n}", "pole_social", "", "", ""] for n in range(HEAVY_ROWS)
            ]
            uploads.append((f"lourd-{HEAVY_ROWS}.xlsx", xlsx_bytes([VENUE_HEADERS, *rows])))
        url = f"{base}/admin/tableurs/lieux/importer/"
        for name, data in uploads:
            form = session.get(url, timeout=30)
            started = time.monotonic()
            answer = session.post(
                url,
                data={"csrfmiddlewaretoken": csrf_token(form.text)},
                files={"file": (name, data)},
                headers={"Referer": url},
                timeout=120,
            )
            elapsed = time.monotonic() - started
            outcome = form_errors(answer.text) or f"→ {answer.url}"
            print(
                f"{name:<26} {len(data):>7} o  HTTP {answer.status_code}  {elapsed:6.3f} s  "
                f"{outcome[:160]}"
            )
        after = workers(server.pid)
        print(f"workers after: {after} ({'same' if after == before else 'CHANGED'})")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if log.exists():
            lines = log.read_text().splitlines()
            alarming = [
                line
                for line in lines
                if re.search(r"WORKER TIMEOUT|SIGKILL|Worker exiting|Booting worker", line)
            ]
            print(
                f"gunicorn log: {len(lines)} lines; about workers (exits: our SIGTERM at the end):"
            )
            for line in alarming:
                print("   ", line)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
