"""Wagtail report views: reach by group, progress against an edition's targets. Each table is
one grouped query from programmes.reports; the chart is drawn from the same rows."""

from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from places.scoping import sees_all_venues
from programmes import reports
from programmes.filters import ReachReportFilterSet, TargetReportFilterSet
from programmes.models import Edition
from spreadsheets.listing_export import FrenchCSVExportMixin

UNKNOWN_GROUP = _("(non renseigné)")


class ReachReportView(FrenchCSVExportMixin, ReportView):
    results_template_name = "programmes/admin/reports/reach_results.html"
    page_title = _("Fréquentation : personnes touchées")
    header_icon = "table"
    filterset_class = ReachReportFilterSet
    index_url_name = "programmes_report_reach"
    index_results_url_name = "programmes_report_reach_results"
    paginate_by = None
    list_export = ["group", "sessions", "people", "venues"]
    export_headings = {
        "group": _("Regroupement"),
        "sessions": _("Séances"),
        "people": _("Personnes"),
        "venues": _("Lieux"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("programmes.view_attendancerecord"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"frequentation-par-{self.group_by}"

    @property
    def group_by(self):
        value = self.request.GET.get("group_by")
        return value if value in reports.GROUPINGS else "programme"

    def get_queryset(self):
        return reports.records_for(self.request.user)

    def get_filtered_queryset(self):
        return reports.reach(self.filter_queryset(self.get_queryset()), self.group_by)

    def decorate_paginated_queryset(self, object_list):
        rows = []
        for row in object_list:
            group = row["group"]
            if group is None:
                group = UNKNOWN_GROUP
            elif self.group_by == "month":
                group = date_format(group, "F Y")
            rows.append({**row, "group": str(group)})
        return reports.with_bars(rows, "people")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group_label"] = reports.GROUPINGS[self.group_by][0]
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.is_export and hasattr(response, "context_data"):
            rows = response.context_data["object_list"]
            response.context_data["totals"] = {
                key: sum(row[key] or 0 for row in rows) for key in ("sessions", "people")
            }
        return response


class TargetReportView(FrenchCSVExportMixin, ReportView):
    results_template_name = "programmes/admin/reports/targets_results.html"
    page_title = _("Objectifs des éditions")
    header_icon = "tasks"
    filterset_class = TargetReportFilterSet
    index_url_name = "programmes_report_targets"
    index_results_url_name = "programmes_report_targets_results"
    paginate_by = None
    list_export = [
        "name",
        "programme_title",
        "target_people",
        "reached_people",
        "percent",
        "venues_listed",
        "venues_covered",
    ]
    export_headings = {
        "name": _("Édition"),
        "programme_title": _("Programme"),
        "target_people": _("Objectif (personnes)"),
        "reached_people": _("Personnes touchées"),
        "percent": _("% de l'objectif"),
        "venues_listed": _("Lieux à atteindre"),
        "venues_covered": _("Lieux atteints"),
    }
    export_filename = "objectifs-des-editions"

    def dispatch(self, request, *args, **kwargs):
        if not (
            sees_all_venues(request.user)
            and request.user.has_perm("programmes.view_attendancerecord")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return self.export_filename

    def get_queryset(self):
        return Edition.objects.all()

    def get_filtered_queryset(self):
        return reports.target_progress(self.filter_queryset(self.get_queryset()))

    def decorate_paginated_queryset(self, object_list):
        return reports.with_bars(object_list, "reached_people", "target_people")
