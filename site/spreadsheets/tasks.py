from celery import Task, shared_task
from django.db import InterfaceError, OperationalError
from django.utils.module_loading import import_string

#: a lost database connection is retried, with exponential backoff and jitter, three times
RETRIES = {
    "autoretry_for": (OperationalError, InterfaceError),
    "max_retries": 3,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
}


class SpreadsheetJobTask(Task):
    """Marks the job failed once Celery gives up on it (retries exhausted or a real error),
    with the `fail` function named by the task (`fail_job`)."""

    fail_job = None

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        import_string(self.fail_job)(args[0] if args else kwargs["job_id"])


@shared_task(
    bind=True,
    base=SpreadsheetJobTask,
    fail_job="spreadsheets.jobs.fail",
    name="spreadsheets.run_import_job",
    acks_late=True,
    reject_on_worker_lost=True,
    **RETRIES,
)
def run_import_job(self, job_id, phase):
    """Preview or import one uploaded file (idempotent: a finished job is not run again)."""
    from spreadsheets.jobs import run_job

    last = {"percent": -1}

    def progress(done, total):
        percent = int(done * 100 / total) if total else 100
        if percent != last["percent"]:
            last["percent"] = percent
            self.update_state(state="PROGRESS", meta={"progress": percent})

    run_job(job_id, phase, progress=progress)
    return job_id


@shared_task(
    bind=True,
    base=SpreadsheetJobTask,
    fail_job="spreadsheets.exports.fail",
    name="spreadsheets.run_export_job",
    acks_late=True,
    reject_on_worker_lost=True,
    **RETRIES,
)
def run_export_job(self, job_id):
    """Write one large export (idempotent: a finished job is not run again)."""
    from spreadsheets.exports import run_job

    run_job(job_id)
    return job_id


@shared_task(name="spreadsheets.expire_exports", acks_late=True)
def expire_exports():
    """Daily: delete export files past their retention and mark their jobs expired; mark
    import jobs that lost their worker for good as failed; expire the import previews left
    unconfirmed (their stored rows deleted)."""
    from spreadsheets.exports import expire
    from spreadsheets.jobs import expire_previews, fail_stale

    fail_stale()
    expire_previews()
    return expire()
