"""Listing columns shared by the project's admin viewsets."""

from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """Wagtail's tick/cross column, whose icon is titled « Oui »/« Non » (read aloud and shown
    on hover) rather than Python's True/False; sortable by its field."""

    cell_template_name = "home/admin/yes_no_cell.html"

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)
