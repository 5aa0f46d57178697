"""The admin home panel: reach this month vs the same month last year and the sessions
waiting for attendance (programme staff), or one's own sessions to log (venue manager)."""

from datetime import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component

from places.scoping import sees_all_venues
from programmes import reports
from programmes.models import Occurrence


def month_bounds(year, month):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime(year, month, 1), tz)
    following = (year + month // 12, month % 12 + 1)
    return start, timezone.make_aware(datetime(*following, 1), tz)


class AttendancePanel(Component):
    name = "attendance"
    order = 120
    template_name = "programmes/admin/dashboard_panel.html"
    limit = 10

    def __init__(self, user, now=None):
        self.user = user
        self.now = now or timezone.now()

    def get_context_data(self, parent_context=None):
        from programmes.views.attendance import pending_sessions

        context = {"staff": sees_all_venues(self.user)}
        if context["staff"]:
            local = timezone.localtime(self.now)
            records = reports.records_for(self.user)
            context["this_month"] = reports.reach_between(
                records, *month_bounds(local.year, local.month)
            )
            context["last_year"] = reports.reach_between(
                records, *month_bounds(local.year - 1, local.month)
            )
            context["month"] = local
            context["waiting"] = Occurrence.objects.awaiting_attendance(self.now).count()
        else:
            sessions = pending_sessions(self.user)
            context["waiting"] = sessions.count()
            context["sessions"] = list(sessions[: self.limit])
            context["more"] = max(context["waiting"] - len(context["sessions"]), 0)
        return context
