"""Wagtail's own listing and report export (« … » → CSV), made for French Excel.

Wagtail writes its CSV with « , », no BOM and every value raw: French Excel then shows one
column of mojibake, and a cell such as `=HYPERLINK(…)` typed into a record would run as a
formula. Here the CSV gets a UTF-8 BOM, « ; », decimal commas, Oui/Non and the same formula
escaping as our own exports. (Wagtail's XLSX export already turns formulas back into text.)
"""

import csv
from decimal import Decimal

from wagtail.admin.views.mixins import Echo

from spreadsheets.widgets import escape_formula

BOM = "\ufeff".encode()  # Echo hands each row over as UTF-8 bytes


def _french_cell(value):
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return escape_formula(value)


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

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class FrenchCSVExportViewSetMixin:
    """For a SnippetViewSet/ModelViewSet with `list_export`: its index view exports as above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        view_class = self.index_view_class
        if not issubclass(view_class, FrenchCSVExportMixin):
            self.index_view_class = type(
                f"French{view_class.__name__}", (FrenchCSVExportMixin, view_class), {}
            )
