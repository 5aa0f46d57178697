"""A real worker process killed with SIGKILL in the middle of an import: nothing is written,
and the message, never acknowledged, is run again by the next worker to completion.

It needs a database and a broker another process can reach and a broker that redelivers an
unacknowledged message: PostgreSQL and Redis, as in CI's second pass. (SQLite's test database
lives in this process's memory; the filesystem broker deletes a message as it is taken — there,
the daily task marks such a job failed, tests/spreadsheets/test_export_jobs.py.)
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection

from places.models import Venue
from spreadsheets import jobs, registry
from spreadsheets.models import ImportJob
from tests.factories import UserFactory
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

ROOT = Path(__file__).resolve().parents[2]
ROWS = 400

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"),
        reason="un worker tué en plein import se teste sur PostgreSQL et Redis (2e passe de CI)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def start_worker_process(visibility_timeout):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
        # The uploaded file is where this test's settings put it (a temporary folder).
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    command = [sys.executable, "-m", "celery", "-A", "tests.spreadsheets.killable_worker"]
    command += ["worker", "--pool=solo", "--loglevel=WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def progress_of(job):
    job.refresh_from_db()
    if not job.task_id:
        return 0
    info = AsyncResult(job.task_id).info
    return info.get("progress", 0) if isinstance(info, dict) else 0


def test_a_worker_killed_mid_import_writes_nothing_and_the_next_one_finishes(settings):
    settings.SPREADSHEETS_BACKGROUND_ROWS = 10
    staff = UserFactory(username="equipe.kill", groups=["Équipe programmes"])
    rows = [VENUE_HEADERS] + [
        [f"lieu-tue-{n}", f"Lieu {n}", "Centre social", "92004", "", ""] for n in range(ROWS)
    ]
    job = jobs.create_job(staff, registry.get("lieux"), csv_bytes(rows), "gros.csv")
    jobs.run_job(job.pk, jobs.PREVIEW)
    job.refresh_from_db()
    assert job.background and job.status == ImportJob.Status.PREVIEWED

    first = start_worker_process(visibility_timeout=3600)
    try:
        jobs.start(job, jobs.IMPORT)
        percent = wait(lambda: progress_of(job) >= 20 and progress_of(job), 90, "progress")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
    assert 20 <= percent < 100
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING and job.attempts == 1
    assert not Venue.objects.filter(code__startswith="lieu-tue-").exists()

    # The message was never acknowledged: the next worker takes it back and imports it all.
    second = start_worker_process(visibility_timeout=1)
    try:
        wait(lambda: job.refresh_from_db() or job.is_finished, 120, "the second worker")
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.attempts == 2 and job.created_count == ROWS
    assert Venue.objects.filter(code__startswith="lieu-tue-").count() == ROWS
