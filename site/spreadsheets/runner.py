"""What the import jobs (jobs.py) and the export jobs (exports.py) share when they run: the
hand-over to a Celery worker once the request's transaction commits, the attempts counted
across redeliveries (a worker killed mid-job leaves its message to be delivered again), the
age past which a job that never finished lost its worker, and the failure recorded for the
user. Their fields are shared too (models.SpreadsheetJob)."""

import datetime

from django.db import transaction

#: a job run this many times without finishing (each delivery counts) is marked failed
MAX_ATTEMPTS = 3
#: a job still waiting or running after this long lost its worker and its message
STALE_AFTER = datetime.timedelta(days=1)


def enqueue_on_commit(job, task, *args):
    """Send `task(job.pk, *args)` to a worker once the current transaction commits (the worker
    must find the job), and record its Celery id on the job."""

    def enqueue():
        result = task.delay(job.pk, *args)
        job.__class__.objects.filter(pk=job.pk).update(task_id=result.id)

    transaction.on_commit(enqueue)
    return job


def fail(model, job_id, message):
    """Mark the job failed with `message` for the user (unless it already finished)."""
    return model.objects.get(pk=job_id).mark_failed(message)


def count_attempt(job, message):
    """One more attempt at `job` (saved by the caller). Past MAX_ATTEMPTS the job is failed
    with `message` (`%(n)s`: the limit) and returned; otherwise None."""
    job.attempts += 1
    if job.attempts > MAX_ATTEMPTS:
        return fail(job.__class__, job.pk, message % {"n": MAX_ATTEMPTS})
    return None


def owner_gone(job):
    """The account that asked for the job no longer exists or is inactive."""
    return job.user is None or not job.user.is_active
