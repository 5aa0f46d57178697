"""The life of an ImportJob: upload → preview (dry run) → confirm → import, run in the request
for small files and by a Celery worker above SPREADSHEETS_BACKGROUND_ROWS rows.

The import and the job's final state are committed in one transaction: a worker killed in the
middle leaves neither, and the job (still « Import en cours ») is simply run again by the next
delivery of the message, or marked failed after MAX_ATTEMPTS. That lifecycle — start, attempts,
failure, staleness, the background threshold — is the one runner's (spreadsheets.runner), shared
with the exports; here is only what an import adds: its two phases and the stored rows.

The upload itself is never stored. It is read in the request, and only its rows restricted to
the resource's known columns are kept (`store_rows`: JSON, gzip, private storage) for the
preview and the import — the worker reads them back. They are deleted when the import ends,
when a preview cannot be confirmed, is cancelled, or is left unconfirmed for
SPREADSHEETS_PREVIEW_RETENTION_HOURS (the daily task, `expire_previews`).
"""

import datetime
import decimal
import gzip
import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spreadsheets import registry, runner
from spreadsheets.models import ImportJob, SpreadsheetJob, personal_data_resources
from spreadsheets.reading import Sheet, read_spreadsheet
from spreadsheets.services import known_columns, run_import

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = runner.MAX_ATTEMPTS
PREVIEW, IMPORT = "preview", "import"
#: the state of a job while each phase runs
RUNNING_STATUS = {PREVIEW: ImportJob.Status.PREVIEWING, IMPORT: ImportJob.Status.IMPORTING}


def preview_retention():
    return datetime.timedelta(hours=getattr(settings, "SPREADSHEETS_PREVIEW_RETENTION_HOURS", 24))


# --- the stored rows ----------------------------------------------------------------------------

ROWS_FORMAT = 1


def _encode(value):
    """A cell as JSON: what reading.py yields, types kept (a date stays a date)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"timedelta": value.total_seconds()}
    return str(value)


_DECODERS = {
    "decimal": decimal.Decimal,
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "timedelta": lambda seconds: datetime.timedelta(seconds=seconds),
}


def _decode(value):
    if isinstance(value, dict):
        ((kind, raw),) = value.items()
        return _DECODERS[kind](raw)
    return value


def store_rows(sheet, ignored):
    """The bytes kept between preview and import: the (already restricted) rows, their line
    numbers, and the headings of the columns left out (for the report, never their cells)."""
    payload = {
        "version": ROWS_FORMAT,
        "format": sheet.format,
        "headers": list(sheet.headers),
        "ignored": list(ignored),
        "line_numbers": list(sheet.line_numbers),
        "rows": [[_encode(value) for value in row] for row in sheet.rows],
    }
    return gzip.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), mtime=0)


def load_rows(data: bytes):
    """(Sheet, ignored headings) from `store_rows`' bytes."""
    payload = json.loads(gzip.decompress(data))
    sheet = Sheet(
        format=payload["format"],
        headers=payload["headers"],
        rows=[[_decode(value) for value in row] for row in payload["rows"]],
        line_numbers=payload["line_numbers"],
    )
    return sheet, payload["ignored"]


# --- the job's life -----------------------------------------------------------------------------


def create_job(user, registered, data: bytes, filename, skip_invalid=False):
    """Read the upload (a SpreadsheetError is raised for an unreadable or unsafe file) and
    record the job with the rows of the resource's known columns only: the upload itself and
    the cells of unknown columns are never written anywhere."""
    sheet, ignored = known_columns(registered, read_spreadsheet(data, filename))
    job = ImportJob(
        user=user,
        resource=registered.name,
        original_filename=Path(filename).name[:255],
        file_format=sheet.format,
        skip_invalid=skip_invalid,
        row_count=len(sheet.rows),
        background=runner.runs_in_background(ImportJob, len(sheet.rows)),
    )
    job.file.save(f"{registered.name}.json.gz", ContentFile(store_rows(sheet, ignored)), save=False)
    job.save()
    return job


def start(job, phase):
    """Run `phase` now (small file) or hand it to a worker (large file)."""
    if job.background:
        from spreadsheets.tasks import run_import_job

        return runner.queue(job, RUNNING_STATUS[phase], run_import_job, phase)
    try:
        return run_job(job.pk, phase)
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        return runner.fail(job.pk)


def run_job(job_id, phase, progress=None):
    """Run one phase of a job; safe to call twice (a finished job is left alone)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.is_finished or (phase == PREVIEW and job.status == ImportJob.Status.PREVIEWED):
        return job
    if failed := runner.begin(job, RUNNING_STATUS[phase]):
        return failed
    registered = registry.get(job.resource)
    if not job.file:
        return runner.fail(
            job.pk,
            _(
                "Les lignes de cet envoi ont été effacées (aperçu expiré ou annulé) ; rien n'a "
                "été enregistré. Renvoyez le fichier."
            ),
        )
    with job.file.open("rb") as stream:
        sheet, ignored = load_rows(stream.read())
    with transaction.atomic():
        report = run_import(
            registered,
            sheet,
            job.user,
            dry_run=phase == PREVIEW,
            skip_invalid=job.skip_invalid,
            progress=progress,
            ignored_columns=ignored,
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
        if not can_confirm(job):
            job.discard_rows()  # nothing to confirm: the rows have no further use
    else:
        job.finished_at = timezone.now()
        if report.file_errors or (report.invalid and not job.skip_invalid):
            job.status = ImportJob.Status.REFUSED
        else:
            job.status = ImportJob.Status.DONE
        job.discard_rows()
    job.save()


def can_confirm(job):
    report = job.report or {}
    if job.status != ImportJob.Status.PREVIEWED or report.get("file_errors") or not job.file:
        return False
    has_work = report.get("created", 0) or report.get("updated", 0)
    return bool(has_work) and (job.skip_invalid or not report.get("invalid"))


def can_cancel(job):
    return job.status in ImportJob.WAITING and not job.is_running


def _close_unconfirmed(job, status, message, now):
    """A preview nobody confirmed: its rows and rejected-rows file are deleted, and so are the
    report's lists (labels and messages come from the file); the counts and warnings stay in
    the history. Nothing happens if the job moved on meanwhile (a confirmation won the race)."""
    report = dict(job.report or {})
    report["rows"], report["errors"] = [], []
    changed = ImportJob.objects.filter(pk=job.pk, status__in=ImportJob.WAITING).update(
        status=status, message=message, finished_at=now, report=report
    )
    if changed:
        job.refresh_from_db()
        job.discard_rows(rejected=True)
    return bool(changed)


def cancel(job, now=None):
    """The sender gives up a preview: nothing is imported and what was kept is deleted."""
    return _close_unconfirmed(
        job,
        ImportJob.Status.CANCELLED,
        _("Import annulé : rien n'a été enregistré, les lignes envoyées ont été effacées."),
        now or timezone.now(),
    )


def expire_previews(now=None):
    """Daily: previews left unconfirmed longer than SPREADSHEETS_PREVIEW_RETENTION_HOURS lose
    their stored rows and rejected-rows file, and stay in the history as « Aperçu expiré ».
    Returns how many expired; safe to run twice."""
    now = now or timezone.now()
    waiting = ImportJob.objects.filter(
        status__in=ImportJob.WAITING, created_at__lt=now - preview_retention()
    )
    message = _(
        "Aperçu expiré : il n'a pas été confirmé dans les %(hours)s heures ; rien n'a été "
        "importé et les lignes envoyées ont été effacées. Renvoyez le fichier pour l'importer."
    ) % {"hours": int(preview_retention().total_seconds() // 3600)}
    expired = 0
    for job in waiting:
        with transaction.atomic():
            expired += _close_unconfirmed(job, ImportJob.Status.EXPIRED, message, now)
    return expired


def purge_personal_data_jobs(created_before=None):
    """Delete the import and export jobs of the restricted (personal data) resources — those
    made before `created_before`, or all — with every file they stored. Files go first: a
    rollback then leaves a job without its file (purged again on the next run), never a stored
    file that nothing points to. Returns how many jobs were deleted."""
    jobs = SpreadsheetJob.objects.filter(resource__in=personal_data_resources())
    if created_before is not None:
        jobs = jobs.filter(created_at__lt=created_before)
    for job in jobs:
        for stored in (job.file, job.rejected_file):
            if stored:
                stored.storage.delete(stored.name)
    return jobs.delete()[1].get(SpreadsheetJob._meta.label, 0)
