import django_filters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import include, path
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import IndexView, history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from spreadsheets import admin_urls, registry
from spreadsheets.models import ExportJob, ImportJob
from spreadsheets.views import export_jobs_visible_to, jobs_visible_to


@hooks.register("register_admin_urls")
def register_spreadsheet_urls():
    return [path("tableurs/", include(admin_urls, namespace="spreadsheets"))]


def resource_choices():
    """The registered resources by their French names, for the histories' « Données » filter."""
    named = [(entry.name, str(entry.verbose_name)) for entry in registry.all_resources()]
    return sorted(((code, name[:1].upper() + name[1:]) for code, name in named), key=lambda c: c[1])


class JobFilterSet(WagtailFilterSet):
    resource = django_filters.ChoiceFilter(label=_("Données"), choices=resource_choices)


class ImportJobFilterSet(JobFilterSet):
    status = django_filters.ChoiceFilter(label=_("État"), choices=ImportJob.Status.choices)

    class Meta:
        model = ImportJob
        fields = ["status", "resource"]


class ExportJobFilterSet(JobFilterSet):
    status = django_filters.ChoiceFilter(label=_("État"), choices=ExportJob.Status.choices)

    class Meta:
        model = ExportJob
        fields = ["status", "resource"]


class VisibleJobViewMixin:
    """A single-job view that answers 404, before Wagtail loads the job, for a job outside
    `visible_jobs(user)` (given by the viewset)."""

    visible_jobs = None

    def setup(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            try:
                found = self.visible_jobs(request.user).filter(pk=unquote(str(pk))).exists()
            except (ValueError, TypeError):
                found = False
            if not found:
                raise Http404
        super().setup(request, *args, **kwargs)


class VisibleJobEditView(VisibleJobViewMixin, generic.EditView):
    pass


class VisibleJobDeleteView(VisibleJobViewMixin, generic.DeleteView):
    pass


class VisibleJobHistoryView(VisibleJobViewMixin, history.HistoryView):
    pass


class VisibleJobUsageView(VisibleJobViewMixin, usage.UsageView):
    pass


class VisibleJobInspectView(VisibleJobViewMixin, generic.InspectView):
    pass


class VisibleJobCopyView(VisibleJobViewMixin, generic.CopyView):
    pass


class VisibleJobsViewSetMixin:
    """Every view of the viewset that takes a job — edit, delete, history and its results,
    usage, inspect, copy — answers 404 for a job outside `visible_jobs(user)`, before Wagtail
    loads it: the index is not the only way in (wagtail/wagtail#10746)."""

    #: user -> the queryset of jobs that user may see
    visible_jobs = None
    edit_view_class = VisibleJobEditView
    delete_view_class = VisibleJobDeleteView
    history_view_class = VisibleJobHistoryView
    usage_view_class = VisibleJobUsageView
    inspect_view_class = VisibleJobInspectView
    copy_view_class = VisibleJobCopyView

    def _visible(self, kwargs):
        return {"visible_jobs": self.visible_jobs, **kwargs}

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._visible(kwargs))

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(**self._visible(kwargs))

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(**self._visible(kwargs))

    def get_usage_view_kwargs(self, **kwargs):
        return super().get_usage_view_kwargs(**self._visible(kwargs))

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self._visible(kwargs))

    def get_copy_view_kwargs(self, **kwargs):
        return super().get_copy_view_kwargs(**self._visible(kwargs))

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self._visible(kwargs))


class JobIndexView(IndexView):
    """A history's listing: the jobs of `visible_jobs(user)` (given by the viewset)."""

    visible_jobs = None

    def get_base_queryset(self):
        return self.visible_jobs(self.request.user).select_related("user")


def history_columns(title_field, third, created_label, counts):
    """A history's columns: the file (to the job's page), the data, `third`, when it was asked,
    its state, the `counts`, how long it took."""
    return [
        TitleColumn(title_field, label=_("Fichier"), get_url=lambda job: job.get_absolute_url()),
        Column("resource", label=_("Données"), accessor="resource_display"),
        third,
        DateColumn("created_at", label=created_label),
        Column("status", label=_("État"), accessor="get_status_display"),
        *counts,
        Column("duration_display", label=_("Durée")),
    ]


class JobHistoryViewSet(VisibleJobsViewSetMixin, ModelViewSet):
    """A history of jobs of one kind (its proxy model), in the admin menu: only the jobs of
    `visible_jobs(user)`, on every view of the viewset; no copy, no inspect; only superusers may
    change the message (the roles only view)."""

    index_view_class = JobIndexView
    add_to_admin_menu = True
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = ["message"]
    ordering = ["-created_at"]

    def get_permissions_to_register(self):
        """The permissions of this kind's proxy model (Django gives a proxy its own content
        type), for the groups' edit page; Wagtail would look on SpreadsheetJob's."""
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        return Permission.objects.filter(content_type=content_type).exclude(
            codename=get_permission_codename("view", self.model_opts)  # as Wagtail: no inspect
        )


class ImportJobViewSet(JobHistoryViewSet):
    """« Historique des imports »: each user sees their own jobs; others' only with the
    « spreadsheets.view_all_jobs » permission, never those of personal data
    (JobQuerySet.for_user)."""

    model = ImportJob
    visible_jobs = staticmethod(jobs_visible_to)
    icon = "upload"
    menu_label = _("Historique des imports")
    menu_order = 900
    url_prefix = "tableurs/historique"
    filterset_class = ImportJobFilterSet
    list_display = history_columns(
        "original_filename",
        Column("user", label=_("Importé par"), sort_key="user"),
        _("Envoyé le"),
        ["created_count", "updated_count", "unchanged_count", "error_count"],
    )


import_job_viewset = ImportJobViewSet("spreadsheets_importjob")


@hooks.register("register_admin_viewset")
def register_import_job_viewset():
    return import_job_viewset


class ExportJobIndexView(JobIndexView):
    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return super().no_results_message
        return _(
            "Vous n'avez encore aucun export ici. Au-delà de %(rows)s lignes, « Exporter » sur "
            "une liste prépare le fichier en tâche de fond : il vous attend alors sur cette page."
        ) % {"rows": number_format(ExportJob.background_threshold(), force_grouping=True)}


class ExportJobViewSet(JobHistoryViewSet):
    """« Historique des exports »: read-only (home.audit policy), each person's own exports only."""

    model = ExportJob
    visible_jobs = staticmethod(export_jobs_visible_to)
    index_view_class = ExportJobIndexView
    icon = "download"
    menu_label = _("Historique des exports")
    menu_order = 901
    url_prefix = "tableurs/historique-exports"
    filterset_class = ExportJobFilterSet
    list_display = history_columns("filename", "filters_summary", _("Demandé le"), ["row_count"])


export_job_viewset = ExportJobViewSet("spreadsheets_exportjob")


@hooks.register("register_admin_viewset")
def register_export_job_viewset():
    return export_job_viewset
