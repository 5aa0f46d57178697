from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.columns import YesNoColumn
from places.scoping import ScopedObjectMixin
from places.viewsets import ScopedSnippetChooserViewSet, VenueScopedViewSetMixin
from programmes.filters import AttendanceRecordFilterSet, EditionFilterSet, OccurrenceFilterSet
from programmes.forms import AttendanceRecordAdminForm, OccurrenceAdminForm
from programmes.models import (
    AttendanceRecord,
    Audience,
    Edition,
    EventPage,
    FollowedSenior,
    Occurrence,
    Partner,
    PurgeLog,
    SeniorContact,
    SeniorLogEntry,
)
from programmes.panels import AttendancePartsPanel
from programmes.permissions import (
    AssignedEditionFormMixin,
    AssignedSeniorObjectMixin,
    AssignedSeniorQuerysetMixin,
)
from programmes.services import sync_occurrences
from programmes.views.attendance import (
    CorrectionPeriodEditView,
    LogAttendanceView,
    PendingAttendanceView,
)
from programmes.views.reports import ReachReportView, TargetReportView
from spreadsheets.listing_export import FrenchCSVExportViewSetMixin
from spreadsheets.viewsets import (
    SpreadsheetIndexViewMixin,
    SpreadsheetModelIndexView,
    SpreadsheetViewSetMixin,
)


class EditionViewSet(SpreadsheetViewSetMixin, SnippetViewSet):
    model = Edition
    spreadsheet_resource = "editions"
    spreadsheet_related_resources = ("objectifs-editions", "classes-editions")
    icon = "date"
    menu_label = _("Éditions")
    # Columns of a related record are not sortable: a search cannot be sorted by them.
    list_display = ["name", Column("programme", label=_("Programme")), "start_date", "end_date"]
    # Never the followed seniors: this export is a general one.
    list_export = ["name", "programme", "start_date", "end_date", "description"]
    export_headings = {
        "name": _("Nom"),
        "programme": _("Programme"),
        "start_date": _("Début"),
        "end_date": _("Fin"),
        "description": _("Description"),
    }
    export_filename = "editions"
    filterset_class = EditionFilterSet
    ordering = ["-start_date"]

    def get_queryset(self, request):
        return Edition.objects.select_related("programme")


class OccurrenceViewSet(SpreadsheetViewSetMixin, SnippetViewSet):
    model = Occurrence
    spreadsheet_resource = "dates-evenements"
    icon = "calendar"
    menu_label = _("Dates d'événements")
    list_display = [
        "event",
        "start",
        "commune",
        "status",
        YesNoColumn("is_full", label=_("Complet")),
        # A draft event's dates are drafts (Occurrence.is_draft): said on every row.
        StatusTagColumn(
            "publication",
            accessor="publication_label",
            label=_("Publication"),
            primary=lambda occurrence: not occurrence.is_draft,
        ),
        YesNoColumn("changed_by_hand", label=_("Modifiée à la main")),
    ]
    list_export = [
        "uuid",
        "event",
        "start",
        "end",
        "venue",
        "address",
        "commune",
        "status",
        "note",
        "changed_by_hand",
    ]
    export_headings = {
        "uuid": _("Identifiant"),
        "event": _("Événement"),
        "start": _("Début"),
        "end": _("Fin"),
        "venue": _("Lieu"),
        "address": _("Adresse"),
        "commune": _("Commune"),
        "status": _("Statut"),
        "note": _("Annotation"),
        "changed_by_hand": _("Modifiée à la main"),
    }
    export_filename = "dates-evenements"
    search_fields = ["event__title", "address", "note"]
    filterset_class = OccurrenceFilterSet
    ordering = ["start"]
    list_per_page = 50
    copy_view_enabled = False
    # Its chooser follows the permission policy: nothing for a role without occurrence rights.
    chooser_viewset_class = ScopedSnippetChooserViewSet
    edit_handler = ObjectList(
        [
            # Shown when adding a date only (see OccurrenceAdminForm).
            FieldPanel("event"),
            FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            FieldRowPanel([FieldPanel("venue"), FieldPanel("address"), FieldPanel("commune")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("is_full")]),
            FieldPanel("note"),
        ],
        base_form_class=OccurrenceAdminForm,
    )

    def get_queryset(self, request):
        return Occurrence.objects.select_related("event", "commune", "venue")


class AudienceViewSet(FrenchCSVExportViewSetMixin, SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("Publics")
    list_display = ["name", "slug"]


class PartnerViewSet(FrenchCSVExportViewSetMixin, SnippetViewSet):
    model = Partner
    icon = "link"
    menu_label = _("Partenaires")
    list_display = ["name", "website"]
    list_export = ["name", "website"]


class PurgeLogViewSet(FrenchCSVExportViewSetMixin, SnippetViewSet):
    model = PurgeLog
    icon = "bin"
    menu_label = _("Purges RGPD")
    list_display = ["ran_at", "edition_name", "edition_end_date", "seniors_deleted"]
    list_export = [
        "ran_at",
        "edition_name",
        "edition_end_date",
        "seniors_deleted",
        "contacts_deleted",
        "log_entries_deleted",
        "jobs_deleted",
    ]
    copy_view_enabled = False


class PendingAttendanceButtonMixin:
    """A listing of records, with a way to the sessions still waiting for theirs."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("programmes.add_attendancerecord"):
            buttons.append(
                HeaderButton(
                    _("Séances à saisir"),
                    url=reverse("programmes_attendance_pending"),
                    icon_name="clipboard-list",
                )
            )
        return buttons


class AttendanceRecordIndexView(
    SpreadsheetIndexViewMixin, PendingAttendanceButtonMixin, SnippetIndexView
):
    pass


class ScopedCorrectionPeriodEditView(ScopedObjectMixin, CorrectionPeriodEditView):
    pass


class AttendanceRecordViewSet(SpreadsheetViewSetMixin, VenueScopedViewSetMixin, SnippetViewSet):
    """Records are created from « Mes séances à saisir » or imported from a spreadsheet
    (« frequentation »); here they are listed, inspected, corrected (within the period for a
    venue manager) and their history read."""

    model = AttendanceRecord
    spreadsheet_resource = "frequentation"
    icon = "clipboard-list"
    menu_label = _("Fréquentation")
    list_display = ["occurrence", "total", "breakdown_summary", "updated_at"]
    list_export = [
        "occurrence.event.title",
        "occurrence.start",
        "occurrence.venue",
        "total",
        "breakdown_summary",
        "created_at",
        "updated_at",
    ]
    export_headings = {
        "occurrence.event.title": _("Événement"),
        "occurrence.start": _("Date"),
        "occurrence.venue": _("Lieu"),
        "total": _("Présents"),
        "breakdown_summary": _("Répartition"),
        "created_at": _("Saisi le"),
        "updated_at": _("Modifié le"),
    }
    export_filename = "frequentation"
    search_fields = ["occurrence__event__title", "occurrence__venue__name"]
    filterset_class = AttendanceRecordFilterSet
    index_view_class = AttendanceRecordIndexView
    ordering = ["-occurrence__start"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = ScopedCorrectionPeriodEditView
    inspect_view_fields = ["occurrence", "total", "breakdown_summary", "created_at", "updated_at"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("total"), FieldPanel("over_capacity_confirmed")]),
            AttendancePartsPanel(),
        ],
        base_form_class=AttendanceRecordAdminForm,
    )

    def get_queryset(self, request):
        return (
            AttendanceRecord.objects.for_user(request.user)
            .select_related("occurrence__event", "occurrence__venue__commune")
            .prefetch_related("parts")
        )


class ProgrammesGroup(SnippetViewSetGroup):
    menu_label = _("Programmes")
    menu_icon = "date"
    menu_order = 200
    items = (
        EditionViewSet,
        OccurrenceViewSet,
        AttendanceRecordViewSet,
        AudienceViewSet,
        PartnerViewSet,
        PurgeLogViewSet,
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.insert(
            0,
            PendingAttendanceMenuItem(
                _("Mes séances à saisir"),
                reverse("programmes_attendance_pending"),
                icon_name="clipboard-list",
                name="seances-a-saisir",
                order=50,
            ),
        )
        return items


class PendingAttendanceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("programmes.add_attendancerecord")


register_snippet(ProgrammesGroup)


class AssignedSeniorIndexView(AssignedSeniorQuerysetMixin, SpreadsheetModelIndexView):
    pass


class AssignedSeniorCreateView(AssignedEditionFormMixin, generic.CreateView):
    pass


class AssignedSeniorEditView(AssignedSeniorObjectMixin, AssignedEditionFormMixin, generic.EditView):
    pass


class AssignedSeniorDeleteView(AssignedSeniorObjectMixin, generic.DeleteView):
    pass


class AssignedSeniorHistoryView(AssignedSeniorObjectMixin, HistoryView):
    pass


class AssignedSeniorUsageView(AssignedSeniorObjectMixin, UsageView):
    pass


class FollowedSeniorViewSet(SpreadsheetViewSetMixin, ModelViewSet):
    """Personal data: listing, forms and every single-object view limited to the staff assigned
    to the senior's edition; not a snippet (never chooseable elsewhere). No general export: the
    spreadsheet buttons are the restricted resources, shown only to assigned staff."""

    model = FollowedSenior
    spreadsheet_resource = "suivi-seniors"
    spreadsheet_related_resources = ("contacts-seniors",)
    icon = "user"
    menu_label = _("Suivi des seniors")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["full_name", "commune", "edition", "consent_date"]
    search_fields = ["full_name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = None
    panels = [
        # A plain select (not the snippet chooser): its choices are the user's editions only.
        FieldPanel("edition", widget=forms.Select),
        FieldRowPanel([FieldPanel("full_name"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("commune"), FieldPanel("consent_date")]),
        InlinePanel("contacts", heading=_("Contacts"), label=_("contact")),
    ]
    # Every view limited to the staff assigned to the senior's edition.
    index_view_class = AssignedSeniorIndexView
    add_view_class = AssignedSeniorCreateView
    edit_view_class = AssignedSeniorEditView
    delete_view_class = AssignedSeniorDeleteView
    history_view_class = AssignedSeniorHistoryView
    usage_view_class = AssignedSeniorUsageView


@hooks.register("register_admin_viewset")
def register_followed_senior_viewset():
    return FollowedSeniorViewSet("suivi-seniors")


@hooks.register("register_log_actions")
def register_senior_log_entry_model(actions):
    """The follow-up's history goes to its own table: numbered labels, edition-scoped reads."""
    actions.register_model(FollowedSenior, SeniorLogEntry)
    actions.register_model(SeniorContact, SeniorLogEntry)


class AttendanceReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("programmes.view_attendancerecord")


class TargetReportMenuItem(MenuItem):
    def is_shown(self, request):
        from places.scoping import sees_all_venues

        return sees_all_venues(request.user) and request.user.has_perm(
            "programmes.view_attendancerecord"
        )


@hooks.register("register_reports_menu_item")
def register_reach_report_menu_item():
    return AttendanceReportMenuItem(
        _("Fréquentation"), reverse("programmes_report_reach"), icon_name="table", order=800
    )


@hooks.register("register_reports_menu_item")
def register_target_report_menu_item():
    return TargetReportMenuItem(
        _("Objectifs des éditions"),
        reverse("programmes_report_targets"),
        icon_name="tasks",
        order=810,
    )


@hooks.register("register_admin_urls")
def register_attendance_urls():
    return [
        path("rapports/frequentation/", ReachReportView.as_view(), name="programmes_report_reach"),
        path(
            "rapports/frequentation/resultats/",
            ReachReportView.as_view(results_only=True),
            name="programmes_report_reach_results",
        ),
        path("rapports/objectifs/", TargetReportView.as_view(), name="programmes_report_targets"),
        path(
            "rapports/objectifs/resultats/",
            TargetReportView.as_view(results_only=True),
            name="programmes_report_targets_results",
        ),
        path(
            "frequentation/a-saisir/",
            PendingAttendanceView.as_view(),
            name="programmes_attendance_pending",
        ),
        path(
            "frequentation/seance/<int:occurrence_pk>/",
            LogAttendanceView.as_view(),
            name="programmes_attendance_log",
        ),
    ]


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def sync_event_dates(request, page):
    """An event created, edited or saved as a draft in the admin gets the dates of its rule
    (services.sync_occurrences); a publish does it too (programmes.apps, page_published)."""
    if page.specific_class is EventPage:
        sync_occurrences(page.specific)


@hooks.register("after_copy_page")
def sync_copied_event_dates(request, page, new_page):
    sync_event_dates(request, new_page)


@hooks.register("construct_homepage_panels")
def add_attendance_panel(request, panels):
    user = request.user
    if user.has_perm("programmes.view_attendancerecord") or user.has_perm(
        "programmes.add_attendancerecord"
    ):
        from programmes.dashboard import AttendancePanel

        panels.append(AttendancePanel(user))


@hooks.register("register_venue_record_links")
def venue_programme_records(venue, user):
    """A venue's page lists its sessions to come and those waiting for attendance."""
    from programmes.panels import venue_admin_sections

    return venue_admin_sections(venue, user)
