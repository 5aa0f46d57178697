"""The « Activité du lieu » tab of a venue's form: its records, each a link (places.records)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from places.records import venue_record_sections


class VenueRecordsPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Activité du lieu"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "places/admin/venue_records.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["sections"] = venue_record_sections(self.instance, self.request.user)
            return context
