from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from spreadsheets import admin_urls
from spreadsheets.models import ImportJob
from spreadsheets.views import jobs_visible_to


@hooks.register("register_admin_urls")
def register_spreadsheet_urls():
    return [path("tableurs/", include(admin_urls, namespace="spreadsheets"))]


class ImportJobIndexView(IndexView):
    def get_base_queryset(self):
        return jobs_visible_to(self.request.user).select_related("user")


class ImportJobViewSet(ModelViewSet):
    """« Historique des imports »: read-only; each venue manager sees only their own jobs."""

    model = ImportJob
    index_view_class = ImportJobIndexView
    icon = "upload"
    menu_label = _("Historique des imports")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "tableurs/historique"
    inspect_view_enabled = False
    form_fields = ["message"]  # only superusers hold change_importjob
    list_filter = ["status", "resource"]
    list_display = [
        TitleColumn(
            "original_filename",
            label=_("Fichier"),
            get_url=lambda job: reverse("spreadsheets:job", args=[job.pk]),
        ),
        "resource",
        "user",
        DateColumn("created_at", label=_("Envoyé le")),
        Column("status", label=_("État"), accessor="get_status_display"),
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        Column("duration_display", label=_("Durée")),
    ]
    ordering = ["-created_at"]


import_job_viewset = ImportJobViewSet("spreadsheets_importjob")


@hooks.register("register_admin_viewset")
def register_import_job_viewset():
    return import_job_viewset
