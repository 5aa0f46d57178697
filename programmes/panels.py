"""Admin panel: the breakdown parts of an attendance record, fields added by the form."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class AttendancePartsPanel(Panel):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Répartition"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "programmes/admin/attendance_parts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["groups"] = self.form.breakdown_groups()
            return context

        def is_shown(self):
            return bool(getattr(self.form, "breakdowns", None))
