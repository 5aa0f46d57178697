"""What the benchmark scripts share: a database of their own, dropped at the end; a server
started and driven with wrk."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse


def prepare_database(name):
    """Point DATABASE_URL at a dedicated database: `name` on the PostgreSQL server of
    DATABASE_URL, or a temporary SQLite file. Returns the vendor and a cleanup function."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parsed = urlparse(url)
        admin = urlunparse(parsed._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{name}"))

        def cleanup():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

        return "postgresql", cleanup
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    return "sqlite", lambda: shutil.rmtree(folder, ignore_errors=True)


# --- driving a server with wrk (tests/bench/load.py, tests/bench/pages.py) --------------------

# wrk prints, once done, one JSON line of figures (the last line of its output).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "errors": %d, "bytes": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, errors, summary.bytes))
end
"""


@contextlib.contextmanager
def wrk_script(folder):
    """The path of WRK_SCRIPT written to a file in ``folder``, removed afterwards."""
    folder.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=folder, delete=False) as handle:
        handle.write(WRK_SCRIPT)
    try:
        yield handle.name
    finally:
        os.unlink(handle.name)


def start_server(command, env, cwd, base):
    """Start ``command`` in its own process group and wait for ``base``/healthz to answer."""
    server = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    stop_server(server)
    raise SystemExit(f"Le serveur ne répond pas sur {base}/healthz.")


def stop_server(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def drive(base, url, duration, connections, script, warm_ups=1):
    """wrk on ``base + url`` after ``warm_ups`` plain requests: its figures, with req/s."""
    for _ in range(warm_ups):  # warm the workers (and the cache, when it is on)
        with urllib.request.urlopen(base + url, timeout=60) as response:
            response.read()
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    out = subprocess.run(
        [*command, "-s", script, base + url], check=True, capture_output=True, text=True
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures
