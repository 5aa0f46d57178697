"""« Mes séances à saisir »: a venue manager logs attendance, one session at a time or several
in one grid. Reach comes from places.scoping, rules from programmes.participation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import EditView

from programmes import participation
from programmes.forms import AttendanceForm
from programmes.models import Occurrence
from programmes.models.participation import record_of


def pending_sessions(user):
    """Past sessions at the user's venues, held, without attendance: the « à saisir » list."""
    return (
        Occurrence.objects.for_user(user)
        .awaiting_attendance()
        .select_related("event__programme", "venue__commune")
        .order_by("start", "pk")
    )


class BreadcrumbMixin:
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PendingAttendanceView(BreadcrumbMixin, WagtailAdminTemplateMixin, TemplateView):
    """The grid: one row per session; rows left empty are skipped, filled rows are all saved
    together or none is (a row with an error keeps every row's figures on screen)."""

    template_name = "programmes/admin/attendance_pending.html"
    page_title = gettext_lazy("Mes séances à saisir")
    header_icon = "clipboard-list"
    limit = 100

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("programmes.add_attendancerecord"):
            raise PermissionDenied
        self.sessions = list(pending_sessions(request.user)[: self.limit])
        return super().dispatch(request, *args, **kwargs)

    def rows(self, data=None):
        return [
            AttendanceForm(data, occurrence=occurrence, prefix=f"s{occurrence.pk}")
            for occurrence in self.sessions
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("rows", self.rows())
        context["correction_days"] = participation.correction_days()
        return context

    def post(self, request):
        rows = self.rows(request.POST)
        filled = [row for row in rows if row["total"].value() not in (None, "")]
        if not filled:
            messages.error(request, _("Aucune séance remplie : indiquez au moins un total."))
            return self.render_to_response(self.get_context_data(rows=rows))
        if not all(row.is_valid() for row in filled):
            messages.error(request, _("Corrigez les lignes signalées : rien n'a été enregistré."))
            return self.render_to_response(self.get_context_data(rows=rows))
        with transaction.atomic():
            for row in filled:
                row.save(request.user)
        messages.success(
            request,
            _("Fréquentation enregistrée pour %(count)s séance(s).") % {"count": len(filled)},
        )
        return redirect("programmes_attendance_pending")


class LogAttendanceView(BreadcrumbMixin, WagtailAdminTemplateMixin, TemplateView):
    """One session's form: first entry, or a correction within the correction period."""

    template_name = "programmes/admin/attendance_form.html"
    header_icon = "clipboard-list"

    def dispatch(self, request, occurrence_pk):
        self.occurrence = get_object_or_404(
            Occurrence.objects.for_user(request.user).select_related(
                "event__programme", "venue__commune"
            ),
            pk=occurrence_pk,
        )
        self.record = record_of(self.occurrence)
        if self.record is None:
            if not participation.may_log(request.user, self.occurrence):
                raise PermissionDenied if self.occurrence.is_past else Http404
        elif not participation.may_correct(request.user, self.record):
            messages.error(
                request,
                _("Le délai de correction de %(days)s jours est dépassé : contactez l'équipe.")
                % {"days": participation.correction_days()},
            )
            return redirect("programmes_attendance_pending")
        return super().dispatch(request, occurrence_pk)

    def get_page_title(self):
        return _("Fréquentation : %(session)s") % {"session": self.occurrence}

    def form(self, data=None):
        return AttendanceForm(data, occurrence=self.occurrence, record=self.record)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["occurrence"] = self.occurrence
        context["record"] = self.record
        return context

    def post(self, request, occurrence_pk):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save(request.user)
        messages.success(
            request, _("Fréquentation enregistrée : %(session)s.") % {"session": self.occurrence}
        )
        return redirect("programmes_attendance_pending")


class CorrectionPeriodEditView(EditView):
    """The snippet's edit view: a venue manager past the correction period is refused."""

    def get_object(self, *args, **kwargs):
        record = super().get_object(*args, **kwargs)
        if not participation.may_correct(self.request.user, record):
            raise PermissionDenied
        return record
