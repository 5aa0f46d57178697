"""The life of an ExportJob: « Exporter » on more than SPREADSHEETS_BACKGROUND_EXPORT_ROWS
records is written by a Celery worker, and the file is kept privately for its owner.

The worker rebuilds the listing as the user who asked (its address and query string through
the index view itself: same filters, search, ordering and venue scope as the direct export).
The file is written to an anonymous temporary file and stored only once complete, together
with the job's final state: a worker killed in the middle offers no half file; the job (still
« Export en cours ») is run again by the redelivered message, or marked failed after
MAX_ATTEMPTS. That lifecycle is the one runner's (spreadsheets.runner), shared with the imports;
here is only what an export adds: the listing rebuilt, the file written, its expiry.
"""

import datetime
import tempfile
import time
import uuid

from django.conf import settings
from django.core.files import File
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spreadsheets import registry, runner
from spreadsheets.models import ExportJob
from spreadsheets.rights import may_export
from spreadsheets.services import export, export_filename, export_queryset

MAX_ATTEMPTS = runner.MAX_ATTEMPTS


#: shown when « Exporter » is asked again while the same export is still being written
ALREADY_RUNNING = _lazy(
    "Cet export est déjà en cours : voici son avancement. Le fichier sera prêt ici même."
)


class ExportSourceGone(Exception):
    """The listing an export was asked from no longer exists (or no longer exports this)."""


def retention_days():
    return getattr(settings, "SPREADSHEETS_EXPORT_RETENTION_DAYS", 7)


def runs_in_background(row_count):
    return runner.runs_in_background(ExportJob, row_count)


def create_job(
    user, registered, file_format, *, row_count, listing_path="", query_string="", summary=""
):
    return ExportJob.objects.create(
        user=user,
        resource=registered.name,
        file_format=file_format,
        listing_path=listing_path,
        query_string=query_string,
        filters_summary=summary,
        row_count=row_count,
        filename=export_filename(registered, file_format),
    )


def request_export(user, registered, file_format, **fields):
    """The job for this export (create_job's `fields`), and whether it is new. Asking again for
    an export that is still waiting or running (a reload, a second click, the back button)
    gives that job rather than a second one writing the same file."""
    same = ExportJob.objects.filter(
        user=user,
        resource=registered.name,
        file_format=file_format,
        listing_path=fields.get("listing_path", ""),
        query_string=fields.get("query_string", ""),
        status__in=ExportJob.ACTIVE,
        created_at__gte=timezone.now() - runner.STALE_AFTER,
    ).first()
    if same is not None:
        return same, False
    job = create_job(user, registered, file_format, **fields)
    start(job)
    return job, True


def start(job):
    """Hand the job to a worker once the request's transaction is committed."""
    from spreadsheets.tasks import run_export_job

    return runner.enqueue_on_commit(job, run_export_job)


def listing_records(job):
    """The queryset the listing gave when the user clicked « Exporter », rebuilt as that user;
    None for an export of the whole resource (export() then takes the user's scope)."""
    from spreadsheets.viewsets import SpreadsheetIndexViewMixin

    if not job.listing_path:
        return None
    try:
        match = resolve(job.listing_path)
    except Resolver404:
        raise ExportSourceGone(job.listing_path) from None
    view_class = getattr(match.func, "view_class", None)
    initkwargs = getattr(match.func, "view_initkwargs", {})
    if not (
        view_class is not None
        and issubclass(view_class, SpreadsheetIndexViewMixin)
        and initkwargs.get("spreadsheet_resource", view_class.spreadsheet_resource) == job.resource
    ):
        raise ExportSourceGone(job.listing_path)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.listing_path
    request.GET = QueryDict(job.query_string)
    request.user = job.user
    view = view_class(**initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view.spreadsheet_records()


def run_job(job_id):
    """Write one export; safe to call twice (a finished job is left alone)."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.is_finished:
        return job
    if failed := runner.begin(job, ExportJob.Status.RUNNING):
        return failed
    user = job.user
    try:
        registered = registry.get(job.resource)
    except registry.UnknownResource:
        return runner.fail(job.pk, _("Ces données ne sont plus exportables."))
    if not may_export(user, registered):
        return runner.fail(job.pk, _("Vous n'avez plus le droit d'exporter ces données."))
    started = time.monotonic()
    try:
        queryset = listing_records(job)
    except ExportSourceGone:
        return runner.fail(
            job.pk, _("La liste d'où cet export a été demandé n'existe plus ; relancez-le.")
        )
    total = export_queryset(registered, user, queryset).count()
    progress, state = runner.progress_recorder(job.pk, total)
    with tempfile.TemporaryFile() as stream:
        export(
            registered,
            job.file_format,
            user=user,
            queryset=queryset,
            stream=stream,
            progress=progress,
            filters=job.filters_summary,
        )
        stream.seek(0)
        job.file.save(f"{uuid.uuid4().hex}.{job.file_format}", File(stream), save=False)
    job.row_count = state["done"]
    job.progress = 100
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.duration = datetime.timedelta(seconds=time.monotonic() - started)
    job.message = ""
    job.save(
        update_fields=[
            "file",
            "row_count",
            "progress",
            "status",
            "finished_at",
            "duration",
            "message",
        ]
    )
    return job


def expire(now=None):
    """Delete export files older than SPREADSHEETS_EXPORT_RETENTION_DAYS and mark their jobs
    expired. Returns the jobs expired. (Jobs that lost their worker, and files no job points
    to: runner.fail_stale, run by the same daily task.)"""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, finished_at__lt=cutoff):
        if job.file:
            job.file.delete(save=False)
        job.status = ExportJob.Status.EXPIRED
        job.save(update_fields=["file", "status"])
        expired += 1
    return expired
