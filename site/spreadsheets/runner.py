"""The one runner of spreadsheet jobs, imports (jobs.py) and exports (exports.py) alike: the
hand-over to a Celery worker once the request's transaction commits, the start of a run with
its attempts counted across redeliveries (a worker killed mid-job leaves its message to be
delivered again), the progress, the failure recorded in French for the user, and the age past
which a job that never finished lost its worker. What differs between the two kinds (states,
messages, threshold) is declared by their models (models.ImportJob, models.ExportJob), which
share one table (models.SpreadsheetJob)."""

import datetime

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from spreadsheets.models import JOB_KINDS, SpreadsheetJob, delete_orphan_files

#: a job run this many times without finishing (each delivery counts) is marked failed
MAX_ATTEMPTS = 3
#: a job still waiting or running after this long lost its worker and its message
STALE_AFTER = datetime.timedelta(days=1)


def runs_in_background(model, row_count):
    """Whether `row_count` rows are too many for the request (model.background_threshold())."""
    return row_count > model.background_threshold()


def enqueue_on_commit(job, task, *args):
    """Send `task(job.pk, *args)` to a worker once the current transaction commits (the worker
    must find the job), and record its Celery id on the job."""

    def enqueue():
        result = task.delay(job.pk, *args)
        SpreadsheetJob.objects.filter(pk=job.pk).update(task_id=result.id)

    transaction.on_commit(enqueue)
    return job


def queue(job, status, task, *args):
    """Hand a new phase of `job` (now in `status`) to a worker: its attempts start again, and
    its age (what fail_stale reads) counts from now."""
    job.status = status
    job.attempts = 0
    job.progress = 0
    job.started_at = timezone.now()
    job.save(update_fields=["status", "progress", "attempts", "started_at"])
    return enqueue_on_commit(job, task, *args)


def owner_gone(job):
    """The account that asked for the job no longer exists or is inactive."""
    return job.user is None or not job.user.is_active


def fail(job_id, message=None):
    """Mark the job failed with `message`, or its kind's own message for an unexpected failure
    (unless it already finished); returns it, as an ImportJob or an ExportJob."""
    job = SpreadsheetJob.objects.get(pk=job_id).as_kind()
    return job.mark_failed(str(message or job.FAILURE_MESSAGE))


def begin(job, status):
    """Start one run of `job` in `status` (a worker's delivery, or the request itself). A job
    whose owner is gone, or run more than MAX_ATTEMPTS times, is failed and returned; otherwise
    None, with the attempt counted. A phase that starts now (not queued) has its own attempts
    and its start time; a redelivered one keeps them."""
    if owner_gone(job):
        return fail(job.pk, job.OWNER_GONE_MESSAGE)
    if job.status != status:
        if job.status not in job.IN_PROGRESS:
            job.attempts = 0
        job.started_at = None
    job.started_at = job.started_at or timezone.now()
    job.attempts += 1
    if job.attempts > MAX_ATTEMPTS:
        return fail(job.pk, job.ATTEMPTS_MESSAGE % {"n": MAX_ATTEMPTS})
    job.status = status
    job.progress = 0
    job.save(update_fields=["attempts", "status", "started_at", "progress"])
    return None


def progress_recorder(job_id, total=None, task=None):
    """progress(done, total=None) for a running job, and its state ({"done": rows so far}): the
    percentage is passed on when it grows (at most ~100 small writes), capped at 99 until the
    result is stored — to the job's row, or, given the Celery `task`, to its result backend
    (an import writes in one transaction, which hides the row's progress until it commits)."""
    state = {"done": 0, "percent": 0}

    def progress(done, of=None):
        state["done"] = done
        of = total if of is None else of
        percent = min(99, done * 100 // of) if of else 0
        if percent > state["percent"]:
            state["percent"] = percent
            if task is not None:
                task.update_state(state="PROGRESS", meta={"progress": percent})
            else:
                SpreadsheetJob.objects.filter(pk=job_id).update(progress=percent)

    return progress, state


def fail_stale(now=None):
    """Daily: jobs of either kind left in progress (queued or running) longer than STALE_AFTER
    lost their worker for good (a broker that does not redeliver): they are marked failed with
    their kind's message (an import's transaction was rolled back: nothing was written). Age
    counts from the start of the running phase, not the request: a file previewed days ago and
    confirmed this morning is not stale. A file such a worker stored before dying, which no job
    points to, is deleted. Returns how many jobs failed."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    failed = 0
    for model in JOB_KINDS.values():
        stale = (
            model.objects.filter(status__in=model.IN_PROGRESS)
            .alias(since=Coalesce("started_at", "created_at"))
            .filter(since__lt=cutoff)
            .values_list("pk", flat=True)
        )
        for job_id in stale:
            fail(job_id, model.STALE_MESSAGE)
            failed += 1
    delete_orphan_files(older_than=cutoff)
    return failed
