"""What the benchmark scripts share: a database of their own, dropped at the end."""

import os
import shutil
import tempfile
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
