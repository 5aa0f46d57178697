"""The Celery tasks of the spreadsheet jobs: thin, idempotent (a finished job is not run again),
with one set of delivery and retry rules (JOB_TASK) and one give-up hook (SpreadsheetJobTask)."""

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

#: a job's message is acknowledged once it ran, and delivered again if its worker died; a lost
#: database connection is retried, with exponential backoff and jitter, three times
JOB_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "max_retries": 3,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
}


class SpreadsheetJobTask(Task):
    """Marks the job failed, with its kind's message, once Celery gives up on it (retries
    exhausted or a real error)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from spreadsheets import runner

        runner.fail(args[0] if args else kwargs["job_id"])


@shared_task(name="spreadsheets.run_import_job", base=SpreadsheetJobTask, **JOB_TASK)
def run_import_job(self, job_id, phase):
    """Preview or import one uploaded file; its progress goes to the result backend."""
    from spreadsheets import jobs, runner

    progress, _ = runner.progress_recorder(job_id, task=self)
    jobs.run_job(job_id, phase, progress=progress)
    return job_id


@shared_task(name="spreadsheets.run_export_job", base=SpreadsheetJobTask, **JOB_TASK)
def run_export_job(self, job_id):
    """Write one large export."""
    from spreadsheets import exports

    exports.run_job(job_id)
    return job_id


@shared_task(name="spreadsheets.expire_exports", acks_late=True)
def expire_exports():
    """Daily: fail the jobs of either kind that lost their worker for good and delete the files
    no job points to; expire the import previews left unconfirmed (their stored rows deleted);
    delete export files past their retention and mark their jobs expired (returns how many)."""
    from spreadsheets import exports, jobs, runner

    runner.fail_stale()
    jobs.expire_previews()
    return exports.expire()
