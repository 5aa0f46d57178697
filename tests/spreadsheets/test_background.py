"""Large files go through a real Celery worker (Redis in CI, the filesystem broker otherwise);
a failure in the middle of an import leaves nothing written and the job marked failed."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError

from config.celery import app
from places.models import Venue
from spreadsheets import jobs, registry
from spreadsheets.models import ImportJob
from tests.factories import UserFactory
from tests.spreadsheets.helpers import VENUE_HEADERS, csv_bytes

# The worker runs in another thread with its own connection: the data must be committed, and
# the migrations' data (communes, groups) restored after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROWS = [VENUE_HEADERS] + [
    [f"lieu-fond-{n}", f"Lieu de fond {n}", "Centre social", "92004", "", ""] for n in range(12)
]


def wait_for(job, statuses, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            job.refresh_from_db()
        except OperationalError as error:
            # SQLite's shared in-memory test database locks a table while the worker thread
            # writes to it (not retried by the busy timeout): ask again.
            if "locked" not in str(error):
                raise
            time.sleep(0.1)
            continue
        if job.status in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job.status}")


@pytest.fixture
def staff():
    from home.roles import PROGRAMME_STAFF

    return UserFactory(username="equipe.fond", groups=[PROGRAMME_STAFF])


@pytest.fixture
def big_file_job(staff, settings):
    settings.SPREADSHEETS_BACKGROUND_ROWS = 5
    return jobs.create_job(staff, registry.get("lieux"), csv_bytes(ROWS), "grand.csv")


def test_a_large_file_is_previewed_and_imported_by_a_worker(big_file_job):
    job = big_file_job
    assert job.background and job.row_count == 12
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        jobs.start(job, jobs.PREVIEW)
        wait_for(job, {ImportJob.Status.PREVIEWED, ImportJob.Status.FAILED})
        assert job.status == ImportJob.Status.PREVIEWED, job.message
        assert job.report["created"] == 12 and not Venue.objects.filter(code="lieu-fond-0")
        jobs.start(job, jobs.IMPORT)
        wait_for(job, ImportJob.FINISHED)
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.created_count == 12 and job.progress == 100 and job.task_id
    assert Venue.objects.filter(code__startswith="lieu-fond-").count() == 12


def test_a_failure_mid_import_leaves_nothing_written_and_the_job_failed(big_file_job, monkeypatch):
    job = big_file_job
    real_run_import = jobs.run_import

    def crashing_run_import(*args, progress=None, **kwargs):
        def crash(done, total):
            if done == 6:
                raise RuntimeError("worker lost")

        return real_run_import(*args, progress=crash, **kwargs)

    jobs.run_job(job.pk, jobs.PREVIEW)
    monkeypatch.setattr(jobs, "run_import", crashing_run_import)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        jobs.start(job, jobs.IMPORT)
        wait_for(job, ImportJob.FINISHED)
    assert job.status == ImportJob.Status.FAILED
    assert "rien n'a été enregistré" in job.message
    assert not Venue.objects.filter(code__startswith="lieu-fond-").exists()


def test_a_finished_job_is_not_run_again(big_file_job):
    job = big_file_job
    jobs.run_job(job.pk, jobs.PREVIEW)
    jobs.run_job(job.pk, jobs.IMPORT)
    Venue.objects.filter(code="lieu-fond-0").update(name="Modifié depuis")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    jobs.run_job(job.pk, jobs.IMPORT)  # a redelivered message
    assert Venue.objects.get(code="lieu-fond-0").name == "Modifié depuis"
    job.refresh_from_db()
    assert job.attempts == 1  # the import phase counts its own attempts


def test_a_job_redelivered_too_often_is_marked_failed(big_file_job):
    job = big_file_job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING, attempts=jobs.MAX_ATTEMPTS
    )
    job = jobs.run_job(job.pk, jobs.IMPORT)
    assert job.status == ImportJob.Status.FAILED and "tentatives" in job.message
    assert not Venue.objects.filter(code__startswith="lieu-fond-").exists()


def test_the_task_is_reliable():
    from spreadsheets.tasks import run_import_job

    assert run_import_job.acks_late and run_import_job.reject_on_worker_lost
    assert run_import_job.max_retries == 3
