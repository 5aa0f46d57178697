import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "programmes.hauts-de-seine.fr",
    "SECURE_SSL_REDIRECT": "1",
}


def run_check_deploy(extra_env):
    env = {**os.environ, **extra_env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for Playwright
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_the_local_default_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_check_deploy(env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_people_read_french_in_paris_time():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def test_wagtail_search_uses_the_database_backend_with_french_on_postgres():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.database"
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        assert backend["SEARCH_CONFIG"] == "french"


def database_settings(extra_env):
    """The default database as the settings build it for this environment (a fresh process)."""
    env = {key: value for key, value in os.environ.items() if key != "CONN_MAX_AGE"}
    env.update(extra_env, PYTHONPATH=f"{ROOT / 'site'}:{ROOT}")
    code = (
        "import json, config.settings as s; d = s.DATABASES['default'];"
        "print(json.dumps([d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_connections_are_kept_and_checked_sqlite_ones_are_not():
    kept = database_settings({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ihds"})
    assert kept == '["django.db.backends.postgresql", 60, true]'
    local = database_settings({"DATABASE_URL": "sqlite:////tmp/ihds-settings-check.sqlite3"})
    assert local == '["django.db.backends.sqlite3", 0, true]'
    chosen = database_settings(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ihds", "CONN_MAX_AGE": "0"}
    )
    assert chosen == '["django.db.backends.postgresql", 0, true]'
