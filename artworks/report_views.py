"""The « Un mois, une œuvre » report view (Wagtail ReportView, CSV/XLSX export)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from artworks import reports
from artworks.models import Placement
from home.reports import with_bars
from places.models import Commune
from spreadsheets.listing_export import FrenchCSVExportMixin


class WorksReportFilterSet(WagtailFilterSet):
    period = django_filters.DateFromToRangeFilter(
        label=_("Période"), widget=DateRangePickerWidget, method="overlapping"
    )
    commune = django_filters.ModelChoiceFilter(
        field_name="venue__commune", queryset=Commune.objects.order_by("name"), label=_("Commune")
    )

    class Meta:
        model = Placement
        fields = []

    def overlapping(self, queryset, name, value):
        if value and value.start:
            queryset = queryset.filter(end_date__gte=value.start)
        if value and value.stop:
            queryset = queryset.filter(start_date__lte=value.stop)
        return queryset


class WorksReportView(FrenchCSVExportMixin, ReportView):
    results_template_name = "artworks/admin/works_report_results.html"
    page_title = _("Un mois, une œuvre : œuvres montrées et médiation")
    header_icon = "image"
    filterset_class = WorksReportFilterSet
    index_url_name = "artworks_report_works"
    index_results_url_name = "artworks_report_works_results"
    paginate_by = None
    list_export = [
        "venue__name",
        "venue__commune__name",
        "works",
        "placements",
        "sessions",
        "attendance",
    ]
    export_headings = {
        "venue__name": _("Lieu"),
        "venue__commune__name": _("Commune"),
        "works": _("Œuvres montrées"),
        "placements": _("Accrochages"),
        "sessions": _("Séances de médiation"),
        "attendance": _("Participants à la médiation"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("artworks.view_placement"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "un-mois-une-oeuvre"

    def get_queryset(self):
        return reports.placements_for(self.request.user)

    def get_filtered_queryset(self):
        return reports.works_and_mediation(self.filter_queryset(self.get_queryset()))

    def decorate_paginated_queryset(self, object_list):
        return with_bars(
            [{**row, "attendance": row["attendance"] or 0} for row in object_list], "attendance"
        )
