"""Admin views: upload → preview → confirm, the job pages with their progress bar, downloads."""

import datetime

from celery.result import AsyncResult
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import get_script_prefix, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from spreadsheets import exports, jobs, registry
from spreadsheets.models import ExportJob, ImportJob
from spreadsheets.reading import SpreadsheetError, check_size, limit
from spreadsheets.rights import may_export, may_import
from spreadsheets.services import export, export_filename, export_queryset, template
from spreadsheets.writing import CONTENT_TYPES


def jobs_visible_to(user):
    """The import jobs (report, rejected rows) `user` may see: JobQuerySet.for_user —
    one's own; others' only with « spreadsheets.view_all_jobs », never those of personal data."""
    return ImportJob.objects.for_user(user)


def export_jobs_visible_to(user):
    """Each person's own exports only, programme staff and administrators included: an export
    file may hold personal data and is meant for whoever asked for it."""
    if not (user and user.is_authenticated):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user=user)


def requested_format(request):
    """?format=xlsx (the default), ods or csv; any other is a 404."""
    file_format = request.GET.get("format", "xlsx")
    if file_format not in CONTENT_TYPES:
        raise Http404
    return file_format


def export_in_background(request, entry, file_format, **job_fields):
    """The page of this export's job, written by a worker: the same job, and a word saying so,
    while that export is still being written (a reload, a second click)."""
    job, created = exports.request_export(request.user, entry, file_format, **job_fields)
    if not created:
        messages.info(request, exports.ALREADY_RUNNING)
    return redirect(job.get_absolute_url())


def spreadsheet_response(data, file_format, filename):
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ResourceMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            self.entry = registry.get(kwargs["resource"])
        except registry.UnknownResource:
            raise Http404 from None
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        help_text=gettext_lazy("XLSX, ODS ou CSV (séparateur ; ou , — encodage détecté)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.ods,.csv"}),
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Importer les lignes valides et écarter les lignes en erreur"),
        help_text=gettext_lazy(
            "Par défaut, rien n'est importé si une seule ligne est en erreur. Cochez pour "
            "importer les lignes valides ; les lignes refusées vous seront rendues dans un "
            "fichier à corriger et à renvoyer."
        ),
        required=False,
    )

    def __init__(self, *args, oversized=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized or {}

    def clean(self):
        if "file" in self.oversized:  # dropped while it arrived: explain, not « obligatoire »
            self.errors.pop("file", None)
            self.add_error(
                "file",
                _("Le fichier dépasse la taille maximale (%(max)s) ; il n'a pas été enregistré.")
                % {"max": filesizeformat(limit("MAX_UPLOAD_SIZE"))},
            )
        return super().clean()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class SpreadsheetAdminPage(WagtailAdminTemplateMixin):
    """A native Wagtail admin page whose header reads Accueil › Historique des imports › title."""

    history_url_name = "spreadsheets_importjob:index"
    history_label = gettext_lazy("Historique des imports")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.history_url_name), "label": self.history_label},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportView(ResourceMixin, SpreadsheetAdminPage, FormView):
    form_class = UploadForm
    template_name = "spreadsheets/import_form.html"
    header_icon = "upload"

    def allowed(self, user):
        return may_import(user, self.entry)

    @staticmethod
    def max_upload_size():
        """Read by home.uploads.BoundedUploadHandler while the file arrives."""
        return limit("MAX_UPLOAD_SIZE")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["oversized"] = getattr(self.request, "oversized_uploads", {})
        return kwargs

    def get_page_title(self):
        return _("Importer : %(name)s") % {"name": self.entry.verbose_name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        context["template_url"] = reverse("spreadsheets:template", args=[self.entry.name])
        context["history_url"] = reverse("spreadsheets_importjob:index")
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            data = upload.read()
        finally:
            # A large upload went to a temporary file on disk: delete it now, not at the end
            # of the request; only the known columns' rows are kept (jobs.create_job).
            upload.close()
        try:
            job = jobs.create_job(
                self.request.user,
                self.entry,
                data,
                upload.name,
                form.cleaned_data["skip_invalid"],
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        jobs.start(job, jobs.PREVIEW)
        return redirect(job.get_absolute_url())


class JobMixin:
    """A job page: someone else's job, outside `visible_jobs(user)`, is a 404."""

    visible_jobs = staticmethod(jobs_visible_to)

    def dispatch(self, request, *args, **kwargs):
        self.job = get_object_or_404(self.visible_jobs(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class JobStatusView(JobMixin, View):
    """The job's state as JSON, for its page's progress bar: while it runs, the last percentage
    its worker gave the result backend (an import's transaction hides the row's), else the
    recorded one."""

    def get(self, request, pk):
        job = self.job
        progress = job.progress
        if job.is_running and job.task_id:
            result = AsyncResult(job.task_id)
            if result.state == "PROGRESS" and isinstance(result.info, dict):
                progress = result.info.get("progress", progress)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "progress": progress,
                "running": job.is_running,
            }
        )


class JobView(JobMixin, SpreadsheetAdminPage, TemplateView):
    template_name = "spreadsheets/job.html"
    header_icon = "upload"
    waiting_message = gettext_lazy(
        "Traitement en cours. Vous pouvez quitter cette page : le résultat vous attendra dans "
        "l'historique des imports."
    )

    def get_page_title(self):
        return _("Import du fichier « %(name)s »") % {"name": self.job.original_filename}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.job.report or {}
        try:
            entry = registry.get(self.job.resource)
        except registry.UnknownResource:
            entry = None
        context.update(
            job=self.job,
            entry=entry,
            report=report,
            can_confirm=jobs.can_confirm(self.job) and self.job.user_id == self.request.user.pk,
            can_cancel=jobs.can_cancel(self.job) and self.job.user_id == self.request.user.pk,
            retention_hours=int(jobs.preview_retention().total_seconds() // 3600),
            status_url=reverse("spreadsheets:job_status", args=[self.job.pk]),
            history_url=reverse("spreadsheets_importjob:index"),
        )
        return context


class ConfirmView(JobMixin, View):
    def post(self, request, pk):
        if self.job.user_id != request.user.pk or not jobs.can_confirm(self.job):
            raise PermissionDenied
        jobs.start(self.job, jobs.IMPORT)
        return redirect(self.job.get_absolute_url())


class CancelView(JobMixin, View):
    """The sender drops a preview: nothing imported, the stored rows deleted at once."""

    def post(self, request, pk):
        if self.job.user_id != request.user.pk or not jobs.can_cancel(self.job):
            raise PermissionDenied
        jobs.cancel(self.job)
        messages.success(request, _("Import annulé : les lignes envoyées ont été effacées."))
        return redirect(self.job.get_absolute_url())


class RejectedRowsView(JobMixin, View):
    def get(self, request, pk):
        if not self.job.rejected_file:
            raise Http404
        return FileResponse(
            self.job.rejected_file.open("rb"),
            as_attachment=True,
            filename=self.job.rejected_file.name.rsplit("/", 1)[-1],
        )


class TemplateDownloadView(ResourceMixin, View):
    def allowed(self, user):
        return may_export(user, self.entry)

    def get(self, request, resource):
        file_format = requested_format(request)
        return spreadsheet_response(
            template(self.entry, file_format),
            file_format,
            f"{self.entry.name}-modele.{file_format}",
        )


class ExportView(ResourceMixin, View):
    """The whole resource as the user may see it (the listings' « Exporter » adds filters); a
    background job above SPREADSHEETS_BACKGROUND_EXPORT_ROWS records."""

    def allowed(self, user):
        return may_export(user, self.entry)

    def get(self, request, resource):
        file_format = requested_format(request)
        row_count = export_queryset(self.entry, request.user).count()
        if exports.runs_in_background(row_count):
            return export_in_background(request, self.entry, file_format, row_count=row_count)
        data = export(self.entry, file_format, user=request.user)
        return spreadsheet_response(data, file_format, export_filename(self.entry, file_format))


# --- background exports ---------------------------------------------------------------------


class ExportJobMixin(JobMixin):
    """Someone else's export is a 404, whoever asks (staff and administrators included)."""

    visible_jobs = staticmethod(export_jobs_visible_to)

    @cached_property
    def entry(self):
        try:
            return registry.get(self.job.resource)
        except registry.UnknownResource:
            return None

    def may_download(self):
        job, entry = self.job, self.entry
        return job.is_ready and entry is not None and may_export(self.request.user, entry)


class ExportJobView(ExportJobMixin, SpreadsheetAdminPage, TemplateView):
    template_name = "spreadsheets/export_job.html"
    header_icon = "download"
    history_url_name = "spreadsheets_exportjob:index"
    history_label = gettext_lazy("Historique des exports")
    waiting_message = gettext_lazy(
        "Export en cours. Vous pouvez quitter cette page : le fichier vous attendra dans "
        "l'historique des exports."
    )

    def get_page_title(self):
        name = self.entry.verbose_name if self.entry else self.job.resource
        return _("Export : %(name)s (%(format)s)") % {
            "name": capfirst(name),
            "format": self.job.file_format.upper(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        listing_url = ""
        if job.listing_path:
            listing_url = get_script_prefix().rstrip("/") + job.listing_path
            listing_url += f"?{job.query_string}" if job.query_string else ""
        expires_at = None
        if job.finished_at and job.status == ExportJob.Status.DONE:
            expires_at = job.finished_at + datetime.timedelta(days=exports.retention_days())
        context.update(
            job=job,
            entry=self.entry,
            can_download=self.may_download(),
            expires_at=expires_at,
            retention_days=exports.retention_days(),
            listing_url=listing_url,
            status_url=reverse("spreadsheets:export_job_status", args=[job.pk]),
            history_url=reverse("spreadsheets_exportjob:index"),
        )
        return context


class ExportJobStatusView(ExportJobMixin, JobStatusView):
    pass


class ExportDownloadView(ExportJobMixin, View):
    """The only way to an export file: its owner, still allowed to export that resource."""

    def get(self, request, pk):
        if not self.may_download():
            raise Http404
        return FileResponse(
            self.job.file.open("rb"),
            as_attachment=True,
            filename=self.job.filename,
            content_type=CONTENT_TYPES.get(self.job.file_format),
        )
