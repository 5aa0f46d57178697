"""The life of an ImportJob: upload → preview (dry run) → confirm → import, run in the request
for small files and by a Celery worker above SPREADSHEETS_BACKGROUND_ROWS rows.

The import and the job's final state are committed in one transaction: a worker killed in the
middle leaves neither, and the job (still « Import en cours ») is simply run again by the next
delivery of the message, or marked failed after MAX_ATTEMPTS.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spreadsheets import registry
from spreadsheets.models import ImportJob, delete_orphan_files
from spreadsheets.reading import read_spreadsheet
from spreadsheets.services import run_import

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
PREVIEW, IMPORT = "preview", "import"


def background_threshold():
    return getattr(settings, "SPREADSHEETS_BACKGROUND_ROWS", 2000)


def create_job(user, registered, data: bytes, filename, skip_invalid=False):
    """Read the upload (a SpreadsheetError is raised for an unreadable or unsafe file) and
    record the job; the file is kept for the preview and the import."""
    sheet = read_spreadsheet(data, filename)
    job = ImportJob(
        user=user,
        resource=registered.name,
        original_filename=Path(filename).name[:255],
        file_format=sheet.format,
        skip_invalid=skip_invalid,
        row_count=len(sheet.rows),
        background=len(sheet.rows) > background_threshold(),
    )
    job.file.save(f"{registered.name}.{sheet.format}", ContentFile(data), save=False)
    job.save()
    return job


def start(job, phase):
    """Run `phase` now (small file) or hand it to a worker (large file)."""
    if job.background:
        from spreadsheets.tasks import run_import_job

        if phase == IMPORT:
            job.attempts = 0  # the import has its own attempts, whatever the preview took
        job.status = ImportJob.Status.PREVIEWING if phase == PREVIEW else ImportJob.Status.IMPORTING
        job.progress = 0
        job.started_at = timezone.now()  # when this phase was queued: what fail_stale reads
        job.save(update_fields=["status", "progress", "attempts", "started_at"])

        def enqueue():
            result = run_import_job.delay(job.pk, phase)
            ImportJob.objects.filter(pk=job.pk).update(task_id=result.id)

        transaction.on_commit(enqueue)
        return job
    try:
        return run_job(job.pk, phase)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        return fail(job.pk)


def fail(job_id, message=None):
    return ImportJob.objects.get(pk=job_id).mark_failed(
        message
        or _(
            "Le traitement a échoué de façon inattendue ; rien n'a été enregistré. "
            "Réessayez ou contactez l'équipe technique."
        )
    )


#: a job still running after this long lost its worker and its message: it is marked failed
STALE_AFTER = datetime.timedelta(days=1)


def fail_stale(now=None):
    """Daily: jobs left « en cours » by a worker killed for good (a broker that does not
    redeliver) are marked failed; their transaction was rolled back, nothing was written.
    A rejected-rows file such a worker stored before dying, which no job points to, is deleted.

    Age counts from the start of the running phase, not the upload: a file previewed days ago
    and confirmed this morning is not stale."""
    now = now or timezone.now()
    stale = (
        ImportJob.objects.filter(status__in=ImportJob.RUNNING)
        .filter(
            Q(started_at__lt=now - STALE_AFTER)
            | Q(started_at__isnull=True, created_at__lt=now - STALE_AFTER)
        )
        .values_list("pk", flat=True)
    )
    for job_id in stale:
        fail(
            job_id,
            _("Le traitement a été interrompu ; rien n'a été enregistré. Renvoyez le fichier."),
        )
    delete_orphan_files(ImportJob, ["file", "rejected_file"], older_than=now - STALE_AFTER)
    return len(stale)


def run_job(job_id, phase, progress=None):
    """Run one phase of a job; safe to call twice (a finished job is left alone)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.is_finished or (phase == PREVIEW and job.status == ImportJob.Status.PREVIEWED):
        return job
    if job.user is None or not job.user.is_active:
        return fail(job.pk, _("Le compte qui a envoyé ce fichier n'est plus actif."))
    if phase == IMPORT and job.status == ImportJob.Status.PREVIEWED:
        job.attempts = 0  # the import has its own attempts, whatever the preview took
    job.attempts += 1
    if job.attempts > MAX_ATTEMPTS:
        return fail(
            job.pk,
            _("Le traitement a échoué après %(n)s tentatives ; rien n'a été enregistré.")
            % {"n": MAX_ATTEMPTS},
        )
    if job.status != (
        ImportJob.Status.PREVIEWING if phase == PREVIEW else ImportJob.Status.IMPORTING
    ):
        job.started_at = timezone.now()  # this phase starts now (not queued by start())
    job.status = ImportJob.Status.PREVIEWING if phase == PREVIEW else ImportJob.Status.IMPORTING
    job.save(update_fields=["attempts", "status", "started_at"])

    registered = registry.get(job.resource)
    with job.file.open("rb") as stream:
        sheet = read_spreadsheet(stream.read(), job.original_filename)
    with transaction.atomic():
        report = run_import(
            registered,
            sheet,
            job.user,
            dry_run=phase == PREVIEW,
            skip_invalid=job.skip_invalid,
            progress=progress,
        )
        _record(job, report, phase)
    return job


def _record(job, report, phase):
    job.created_count, job.updated_count = report.created, report.updated
    job.unchanged_count, job.skipped_count = report.unchanged, report.skipped
    job.error_count = report.error_count
    job.report = report.as_dict()
    job.duration = datetime.timedelta(seconds=report.duration)
    job.progress = 100
    # One rejected-rows file per job: the preview's is replaced by the import's, and deleted
    # only once the new state is committed (a rollback keeps the job pointing at a real file).
    previous = job.rejected_file.name
    if report.rejected:
        stem = Path(job.original_filename).stem
        job.rejected_file.save(
            f"{stem}-lignes-refusees.{job.file_format}", ContentFile(report.rejected), save=False
        )
    else:
        job.rejected_file = ""
    if previous and previous != job.rejected_file.name:
        storage = job.rejected_file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    if phase == PREVIEW:
        job.status = ImportJob.Status.PREVIEWED
    else:
        job.finished_at = timezone.now()
        if report.file_errors or (report.invalid and not job.skip_invalid):
            job.status = ImportJob.Status.REFUSED
        else:
            job.status = ImportJob.Status.DONE
    job.save()


def can_confirm(job):
    report = job.report or {}
    if job.status != ImportJob.Status.PREVIEWED or report.get("file_errors"):
        return False
    has_work = report.get("created", 0) or report.get("updated", 0)
    return bool(has_work) and (job.skip_invalid or not report.get("invalid"))
