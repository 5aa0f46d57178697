"""Wagtail's own listing and report export (« … » → CSV), made for French Excel.

Wagtail writes its CSV with « , », no BOM and every value raw: French Excel then shows one
column of mojibake, and a cell such as `=HYPERLINK(…)` typed into a record would run as a
formula. Here the CSV gets a UTF-8 BOM, « ; », decimal commas, Oui/Non and the same formula
escaping as our own exports. Wagtail's XLSX export (which already turns formulas back into text)
gets a sheet named after its content instead of « Sheet1 », Oui/Non, a header block above the
table (title, filters applied, date of export) and a totals row under the numeric columns:
these downloads are read by people, never imported back (the resources' « Exporter » files,
which are, keep a bare table and say the same on a second sheet: writing.py).
"""

import csv
import re
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import Echo
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from spreadsheets.widgets import escape_formula
from spreadsheets.writing import ColumnTotals, ExportInfo

BOM = "\ufeff".encode()  # Echo hands each row over as UTF-8 bytes


def _french_cell(value):
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return escape_formula(value)


def filters_summary(view):
    """« Type de lieu : Collège ; Recherche : « pôle » »: the filters and search of a Wagtail
    listing or report view, as its exports state them."""
    parts = [
        f"{active.field_label} : {active.value}" for active in getattr(view, "active_filters", [])
    ]
    if getattr(view, "is_searching", False):
        parts.append(_("Recherche : « %(query)s »") % {"query": view.search_query})
    return " ; ".join(parts)


class FrenchCSVExportMixin:
    """For a view using Wagtail's SpreadsheetExportMixin (index views, report views)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: _french_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield BOM + writer.writerow(
            {field: escape_formula(self.get_heading(queryset, field)) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def export_title(self):
        """The listing's or report's name."""
        title = getattr(self, "page_title", None) or ""
        model = getattr(self, "model", None)
        if model is not None:
            title = model._meta.verbose_name_plural
        title = re.sub(r"\s+", " ", str(title)).strip()
        return title[:1].upper() + title[1:]

    def export_sheet_title(self):
        """The listing's or report's name; Excel allows 31 characters and no []:*?/\\."""
        title = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", self.export_title())).strip()
        return title[:31].strip() or "Export"

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX and isinstance(value, bool):
            return "Oui" if value else "Non"
        return value

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=self.export_sheet_title())
        bold = Font(bold=True)

        def strong(value):
            cell = WriteOnlyCell(worksheet, value=value)
            cell.font = bold
            return cell

        info = ExportInfo(title=self.export_title(), filters=filters_summary(self))
        title, *sentences = info.block()
        worksheet.append([strong(title)])
        for sentence in sentences:
            worksheet.append([sentence])
        worksheet.append([])
        headings = [str(self.get_heading(queryset, field)) for field in self.list_export]
        worksheet.append([strong(heading) for heading in headings])
        totals = ColumnTotals(headings)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            row = list(
                self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
            )
            totals.feed([getattr(value, "value", value) for value in row])
            worksheet.append(row)
        total_row = totals.row(_("Total"))
        if total_row is not None:
            worksheet.append([None if value is None else strong(value) for value in total_row])
        workbook.save(output)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class FrenchSnippetIndexView(FrenchCSVExportMixin, SnippetIndexView):
    """A snippet listing whose « … » exports are made for French Excel."""


class FrenchCSVExportViewSetMixin:
    """For a SnippetViewSet/ModelViewSet with `list_export`: its index view exports as above.
    A snippet viewset gets FrenchSnippetIndexView; one with its own index view (or a
    ModelViewSet) declares a view class that includes FrenchCSVExportMixin."""

    index_view_class = FrenchSnippetIndexView

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not issubclass(self.index_view_class, FrenchCSVExportMixin):
            raise ImproperlyConfigured(
                f"{self.__class__.__name__}.index_view_class must include FrenchCSVExportMixin"
            )
