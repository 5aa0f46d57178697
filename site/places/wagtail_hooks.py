from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup

from home.columns import YesNoColumn
from places.filters import CommuneFilterSet, VenueFilterSet
from places.models import SST, Commune, Venue
from places.panels import VenueRecordsPanel
from places.records import venue_record_sections
from places.scoping import ScopedBulkActionMixin, ScopedObjectMixin
from places.viewsets import VenueScopedViewSetMixin
from spreadsheets.viewsets import SpreadsheetViewSetMixin


class SSTViewSet(SpreadsheetViewSetMixin, SnippetViewSet):
    model = SST
    spreadsheet_resource = "sst"
    icon = "group"
    menu_label = _("SST")
    list_display = ["name"]
    list_export = ["name", "description"]
    export_filename = "sst"
    ordering = ["name"]


class CommuneViewSet(SpreadsheetViewSetMixin, SnippetViewSet):
    model = Commune
    spreadsheet_resource = "communes"
    icon = "site"
    menu_label = _("Communes")
    # Columns of a related record are not sortable: a search cannot be sorted by them.
    list_display = ["name", "insee_code", "postal_code", Column("sst", label=_("SST"))]
    list_export = ["insee_code", "name", "postal_code", "sst"]
    export_headings = {
        "insee_code": _("Code INSEE"),
        "name": _("Nom"),
        "postal_code": _("Code postal"),
        "sst": _("SST"),
    }
    export_filename = "communes"
    filterset_class = CommuneFilterSet
    ordering = ["name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Commune.objects.select_related("sst")


class VenueInspectView(ScopedObjectMixin, InspectView):
    """The venue's « Voir » page: its fields, then its records, each a link (places.records);
    a venue out of the user's scope answers 404."""

    template_name = "places/admin/venue_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = venue_record_sections(self.object, self.request.user)
        return context


class VenueViewSet(SpreadsheetViewSetMixin, VenueScopedViewSetMixin, SnippetViewSet):
    model = Venue
    spreadsheet_resource = "lieux"
    icon = "home"
    menu_label = _("Lieux")
    list_display = [
        "name",
        "kind",
        Column("commune", label=_("Commune")),
        Column("sst", label=_("SST")),
        YesNoColumn("is_active", label=_("Actif")),
    ]
    list_export = [
        "code",
        "name",
        "kind",
        "address",
        "commune",
        "sst",
        "latitude",
        "longitude",
        "opening_hours",
        "phone",
        "email",
        "public_transport",
        "step_free_access",
        "accessible_toilets",
        "hearing_loop",
        "reserved_parking",
        "adapted_signage",
        "accessibility_notes",
        "is_active",
    ]
    export_headings = {
        "code": _("Code"),
        "name": _("Nom"),
        "kind": _("Type de lieu"),
        "address": _("Adresse"),
        "commune": _("Commune"),
        "sst": _("SST"),
        "latitude": _("Latitude"),
        "longitude": _("Longitude"),
        "opening_hours": _("Horaires d'ouverture"),
        "phone": _("Téléphone"),
        "email": _("Courriel"),
        "public_transport": _("Transports en commun"),
        "step_free_access": _("Accès de plain-pied"),
        "accessible_toilets": _("Toilettes adaptées"),
        "hearing_loop": _("Boucle magnétique"),
        "reserved_parking": _("Stationnement réservé"),
        "adapted_signage": _("Signalétique adaptée"),
        "accessibility_notes": _("Accessibilité"),
        "is_active": _("Actif"),
    }
    export_filename = "lieux"
    filterset_class = VenueFilterSet
    ordering = ["name"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = VenueInspectView
    edit_handler = TabbedInterface(
        [
            ObjectList(Venue.panels, heading=_("Fiche du lieu")),
            ObjectList([VenueRecordsPanel()], heading=_("Activité du lieu")),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune__sst")


class TerritoryGroup(SnippetViewSetGroup):
    menu_label = _("Territoire")
    menu_icon = "site"
    menu_order = 300
    items = (VenueViewSet, CommuneViewSet, SSTViewSet)


register_snippet(TerritoryGroup)


def _scoped_delete_bulk_action():
    from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

    class ScopedDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
        """Wagtail's « Supprimer » on several snippets, limited to what the user may reach."""

    return ScopedDeleteBulkAction


# After Wagtail's own (order 0) so that it replaces it for every snippet model.
hooks.register("register_bulk_action", _scoped_delete_bulk_action(), order=1)


@hooks.register("register_log_actions")
def register_venue_record_log_model(actions):
    """Venue-scoped records log into VenueRecordLogEntry, whose manager applies the scope."""
    from places.models import VenueRecordLogEntry
    from places.scoping import VENUE_SCOPED_MODELS

    for model in VENUE_SCOPED_MODELS:
        actions.register_model(model, VenueRecordLogEntry)


@hooks.register("construct_homepage_summary_items", order=100)
def keep_relevant_summary_items(request, summary_items):
    """A venue manager has no use for the image library's count (« 47 Images »)."""
    from wagtail.images.wagtail_hooks import ImagesSummaryItem

    from places.scoping import sees_all_venues

    if not sees_all_venues(request.user):
        summary_items[:] = [
            item for item in summary_items if not isinstance(item, ImagesSummaryItem)
        ]
