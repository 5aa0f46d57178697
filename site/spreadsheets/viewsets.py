"""Plugs import/export into a Wagtail listing: header buttons « Importer », « Exporter » and
« Télécharger le modèle ».

Wagtail's own list_export (CSV/XLSX in the « … » menu) is kept: it is a readable table of
what the listing shows. « Exporter » gives the resource's file instead — French columns,
natural keys, formulas escaped — which re-imports with no change. Both follow the listing's
current filters, search and the user's venue scope, because both start from the index view's
own queryset.
"""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button, ButtonWithDropdown, HeaderButton

from spreadsheets import registry
from spreadsheets.services import export, export_filename
from spreadsheets.views import may_export, may_import, spreadsheet_response
from spreadsheets.writing import CONTENT_TYPES

EXPORT_PARAMETER = "tableur"


class SpreadsheetIndexViewMixin:
    spreadsheet_resource = None

    @cached_property
    def spreadsheet_entry(self):
        return registry.get(self.spreadsheet_resource)

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get(EXPORT_PARAMETER)
        if file_format in CONTENT_TYPES and may_export(request.user, self.spreadsheet_entry):
            return self.spreadsheet_export(file_format)
        return super().get(request, *args, **kwargs)

    def spreadsheet_export(self, file_format):
        listed = self.get_queryset()
        if not isinstance(listed, QuerySet):  # search results
            listed = self.model._default_manager.filter(pk__in=[obj.pk for obj in listed])
        entry = self.spreadsheet_entry
        base = entry.resource(user=self.request.user).get_queryset()
        queryset = base.filter(pk__in=listed.values("pk")).order_by(*listed.query.order_by)
        data = export(entry, file_format, user=self.request.user, queryset=queryset)
        return spreadsheet_response(data, file_format, export_filename(entry, file_format))

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        entry, user = self.spreadsheet_entry, self.request.user
        if may_import(user, entry):
            buttons.append(
                HeaderButton(
                    _("Importer"),
                    url=reverse("spreadsheets:import", args=[entry.name]),
                    icon_name="upload",
                )
            )
        if may_export(user, entry):
            params = self.request.GET.copy()
            for name in ("p", "export", EXPORT_PARAMETER):
                params.pop(name, None)
            links = []
            for file_format, label in (
                ("xlsx", "Excel (XLSX)"),
                ("ods", "LibreOffice (ODS)"),
                ("csv", "CSV (point-virgule)"),
            ):
                query = urlencode([*params.lists(), (EXPORT_PARAMETER, file_format)], doseq=True)
                links.append(Button(label, url=f"{self.index_url}?{query}", icon_name="download"))
            buttons.append(
                ButtonWithDropdown(
                    label=_("Exporter"),
                    icon_name="download",
                    buttons=links,
                    attrs={"aria-label": _("Exporter")},
                )
            )
            buttons.append(
                HeaderButton(
                    _("Télécharger le modèle"),
                    url=reverse("spreadsheets:template", args=[entry.name]) + "?format=xlsx",
                    icon_name="doc-empty",
                )
            )
        return buttons


class SpreadsheetViewSetMixin:
    """For a SnippetViewSet/ModelViewSet: set `spreadsheet_resource` to a registered name."""

    spreadsheet_resource = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        view_class = self.index_view_class
        if not issubclass(view_class, SpreadsheetIndexViewMixin):
            self.index_view_class = type(
                f"Spreadsheet{view_class.__name__}",
                (SpreadsheetIndexViewMixin, view_class),
                {"spreadsheet_resource": self.spreadsheet_resource},
            )
