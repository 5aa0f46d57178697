"""Admin views: upload → preview → confirm, the job page with its progress bar, downloads."""

from celery.result import AsyncResult
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from places.scoping import sees_all_venues
from spreadsheets import jobs, registry
from spreadsheets.models import ImportJob
from spreadsheets.reading import SpreadsheetError, check_size
from spreadsheets.services import export, export_filename, template
from spreadsheets.writing import CONTENT_TYPES


def may_import(user, entry):
    opts = entry.model._meta
    return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def may_export(user, entry):
    opts = entry.model._meta
    return may_import(user, entry) or user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def jobs_visible_to(user):
    if sees_all_venues(user):
        return ImportJob.objects.all()
    return ImportJob.objects.filter(user=user)


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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class SpreadsheetAdminPage(WagtailAdminTemplateMixin):
    """A native Wagtail admin page whose header reads Accueil › Historique des imports › title."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("spreadsheets_importjob:index"), "label": _("Historique des imports")},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportView(ResourceMixin, SpreadsheetAdminPage, FormView):
    form_class = UploadForm
    template_name = "spreadsheets/import_form.html"
    header_icon = "upload"

    def allowed(self, user):
        return may_import(user, self.entry)

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
            job = jobs.create_job(
                self.request.user,
                self.entry,
                upload.read(),
                upload.name,
                form.cleaned_data["skip_invalid"],
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        jobs.start(job, jobs.PREVIEW)
        return redirect(job.get_absolute_url())


class JobMixin:
    def dispatch(self, request, *args, **kwargs):
        self.job = get_object_or_404(jobs_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class JobView(JobMixin, SpreadsheetAdminPage, TemplateView):
    template_name = "spreadsheets/job.html"
    header_icon = "upload"

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


class JobStatusView(JobMixin, View):
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
        file_format = request.GET.get("format", "xlsx")
        if file_format not in CONTENT_TYPES:
            raise Http404
        return spreadsheet_response(
            template(self.entry, file_format),
            file_format,
            f"{self.entry.name}-modele.{file_format}",
        )


class ExportView(ResourceMixin, View):
    """The whole resource as the user may see it (the listings' « Exporter » adds filters)."""

    def allowed(self, user):
        return may_export(user, self.entry)

    def get(self, request, resource):
        file_format = request.GET.get("format", "xlsx")
        if file_format not in CONTENT_TYPES:
            raise Http404
        data = export(self.entry, file_format, user=request.user)
        return spreadsheet_response(data, file_format, export_filename(self.entry, file_format))
