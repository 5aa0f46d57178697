"""Plugs import/export into a Wagtail listing: header buttons « Importer », « Exporter » and
« Télécharger le modèle ».

Wagtail's own list_export (CSV/XLSX in the « … » menu) is kept: it is a readable table of
what the listing shows, its CSV made for French Excel (listing_export.py). « Exporter » gives
the resource's file instead — French columns, natural keys, formulas escaped — which
re-imports with no change. Both follow the listing's current filters, search and the user's
venue scope, because both start from the index view's own queryset. Above
SPREADSHEETS_BACKGROUND_EXPORT_ROWS records, « Exporter » becomes a background job
(exports.py) that rebuilds this same queryset in the worker.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button, ButtonWithDropdown, HeaderButton
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from spreadsheets import exports, registry
from spreadsheets.listing_export import (
    FrenchCSVExportMixin,
    FrenchCSVExportViewSetMixin,
    filters_summary,
)
from spreadsheets.rights import may_export, may_import
from spreadsheets.services import export, export_filename, export_queryset
from spreadsheets.views import export_in_background, spreadsheet_response
from spreadsheets.writing import CONTENT_TYPES

EXPORT_PARAMETER = "tableur"
#: parameters of the listing that are not filters: page, Wagtail's own export, ours
NOT_FILTERS = ("p", "export", EXPORT_PARAMETER)


class SpreadsheetIndexViewMixin(FrenchCSVExportMixin):
    """An index view's import/export buttons and « Exporter »; its « … » exports made for
    French Excel too. `spreadsheet_resource` and `spreadsheet_related_resources` are given by
    the viewset (SpreadsheetViewSetMixin.get_index_view_kwargs)."""

    spreadsheet_resource = None
    #: resources exchanged with this listing's records but without a listing of their own
    #: (an edition's targets, a senior's contacts): one « … » menu each, whole resource.
    spreadsheet_related_resources = ()

    @cached_property
    def spreadsheet_entry(self):
        return registry.get(self.spreadsheet_resource)

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get(EXPORT_PARAMETER)
        if file_format in CONTENT_TYPES and may_export(request.user, self.spreadsheet_entry):
            return self.spreadsheet_export(file_format)
        return super().get(request, *args, **kwargs)

    def spreadsheet_records(self):
        """What the listing shows (filters, search, ordering, the user's scope) as the resource's
        queryset: what « Exporter » writes, here and in the background job (exports.py)."""
        listed = self.get_queryset()
        if not isinstance(listed, QuerySet):  # search results
            listed = self.model._default_manager.filter(pk__in=[obj.pk for obj in listed])
        base = self.spreadsheet_entry.resource(user=self.request.user).get_queryset()
        return base.filter(pk__in=listed.values("pk")).order_by(*listed.query.order_by)

    def spreadsheet_filters(self):
        params = self.request.GET.copy()
        for name in NOT_FILTERS:
            params.pop(name, None)
        return params

    def spreadsheet_filters_summary(self):
        """« Type de lieu : Collège ; Recherche : « pôle » », for the export history and the
        file's header block."""
        return filters_summary(self)

    def spreadsheet_export(self, file_format):
        entry, user = self.spreadsheet_entry, self.request.user
        queryset = self.spreadsheet_records()
        row_count = export_queryset(entry, user, queryset).count()
        if exports.runs_in_background(row_count):
            return export_in_background(
                self.request,
                entry,
                file_format,
                row_count=row_count,
                listing_path=self.request.path_info,
                query_string=self.spreadsheet_filters().urlencode(),
                summary=self.spreadsheet_filters_summary(),
            )
        data = export(
            entry,
            file_format,
            user=user,
            queryset=queryset,
            filters=self.spreadsheet_filters_summary(),
        )
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
            params = self.spreadsheet_filters()
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
        for name in self.spreadsheet_related_resources:
            if menu := self.related_resource_menu(registry.get(name), user):
                buttons.append(menu)
        return buttons

    def related_resource_menu(self, entry, user):
        links = []
        if may_import(user, entry):
            url = reverse("spreadsheets:import", args=[entry.name])
            links.append(Button(_("Importer"), url=url, icon_name="upload"))
        if may_export(user, entry):
            export_url = reverse("spreadsheets:export", args=[entry.name])
            for file_format, label in (("xlsx", "XLSX"), ("ods", "ODS"), ("csv", "CSV")):
                links.append(
                    Button(
                        _("Exporter (%(format)s)") % {"format": label},
                        url=f"{export_url}?format={file_format}",
                        icon_name="download",
                    )
                )
            template_url = reverse("spreadsheets:template", args=[entry.name])
            links.append(
                Button(
                    _("Télécharger le modèle"),
                    url=f"{template_url}?format=xlsx",
                    icon_name="doc-empty",
                )
            )
        if not links:
            return None
        label = str(entry.verbose_name)
        return ButtonWithDropdown(
            label=label[:1].upper() + label[1:],
            icon_name="table",
            buttons=links,
            attrs={"aria-label": label},
        )


class SpreadsheetSnippetIndexView(SpreadsheetIndexViewMixin, SnippetIndexView):
    """A snippet listing with « Importer », « Exporter » and « Télécharger le modèle »."""


class SpreadsheetModelIndexView(SpreadsheetIndexViewMixin, generic.IndexView):
    """The same for a ModelViewSet's listing."""


class SpreadsheetViewSetMixin(FrenchCSVExportViewSetMixin):
    """For a SnippetViewSet/ModelViewSet: set `spreadsheet_resource` to a registered name (and
    optionally `spreadsheet_related_resources` to more names). A snippet viewset gets
    SpreadsheetSnippetIndexView; one with its own index view (or a ModelViewSet) declares a
    view class that includes SpreadsheetIndexViewMixin (e.g. on SpreadsheetModelIndexView)."""

    spreadsheet_resource = None
    spreadsheet_related_resources = ()
    index_view_class = SpreadsheetSnippetIndexView

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not issubclass(self.index_view_class, SpreadsheetIndexViewMixin):
            raise ImproperlyConfigured(
                f"{self.__class__.__name__}.index_view_class must include SpreadsheetIndexViewMixin"
            )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            spreadsheet_resource=self.spreadsheet_resource,
            spreadsheet_related_resources=tuple(self.spreadsheet_related_resources),
            **kwargs,
        )
