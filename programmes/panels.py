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


def venue_admin_sections(venue, user, limit=20):
    """For the venue's admin page (places.records): the sessions to come and the past sessions
    waiting for their attendance, each linked to its record or to the form that logs it."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    from places.records import RecordLink, VenueRecordSection
    from programmes.models import Occurrence
    from programmes.views.attendance import pending_sessions

    def when(occurrence):
        return timezone.localtime(occurrence.start).strftime("%d/%m/%Y %H:%M")

    sections = []
    occurrences = reverse("wagtailsnippets_programmes_occurrence:list")
    may_edit_dates = user.has_perm("programmes.change_occurrence")
    if user.has_perm("programmes.add_attendancerecord"):
        waiting = pending_sessions(user).filter(venue=venue)[:limit]
        links = [
            RecordLink(
                label=f"{when(occurrence)} — {occurrence.event.title}",
                url=reverse("programmes_attendance_log", args=[occurrence.pk]),
                actions=[
                    (
                        _("Saisir la fréquentation"),
                        reverse("programmes_attendance_log", args=[occurrence.pk]),
                    )
                ],
            )
            for occurrence in waiting
        ]
        more = [(_("Saisir plusieurs séances à la fois"), reverse("programmes_attendance_pending"))]
        if may_edit_dates:
            query = urlencode({"venue": venue.pk, "awaiting_attendance": "true"})
            more.append((_("Toutes les séances du lieu en attente"), f"{occurrences}?{query}"))
        sections.append(
            VenueRecordSection(
                heading=_("Fréquentation à saisir"),
                links=links,
                empty_text=_("Aucune séance passée en attente de fréquentation."),
                more=more,
                order=30,
            )
        )
    upcoming = (
        Occurrence.objects.for_user(user)
        .filter(venue=venue)
        .upcoming()
        .select_related("event")
        .order_by("start", "pk")[:limit]
    )
    links = []
    for occurrence in upcoming:
        if may_edit_dates:
            url = reverse("wagtailsnippets_programmes_occurrence:edit", args=[occurrence.pk])
        else:
            url = occurrence.event.url if occurrence.event.live else ""
        links.append(RecordLink(label=f"{when(occurrence)} — {occurrence.event.title}", url=url))
    more = []
    if may_edit_dates:
        more.append(
            (_("Toutes les dates du lieu"), f"{occurrences}?{urlencode({'venue': venue.pk})}")
        )
    sections.append(
        VenueRecordSection(
            heading=_("Séances à venir"),
            links=links,
            empty_text=_("Aucune séance prévue dans ce lieu."),
            more=more,
            order=40,
        )
    )
    return sections
