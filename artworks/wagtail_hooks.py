from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from artworks.choosers import ArtistChooserViewSet
from artworks.filters import ArtworkFilterSet, MediationSessionFilterSet, PlacementFilterSet
from artworks.forms import MediationSessionForm, PlacementForm
from artworks.image_rights import forbidden_image_ids
from artworks.models import Artist, Artwork, MediationSession, Placement
from artworks.views import (
    CancelPlacementView,
    ConfirmPlacementView,
    MediationSessionCreateView,
    PlacementCreateView,
    PlacementEditView,
    PlacementIndexView,
    PlanningView,
    condition_photo,
    placement_actions,
)
from home.private_media import PRIVATE_PREFIX
from places.scoping import ScopedObjectMixin
from places.viewsets import VenueScopedViewSetMixin
from spreadsheets.viewsets import SpreadsheetIndexViewMixin, SpreadsheetViewSetMixin


class PlacementSpreadsheetIndexView(SpreadsheetIndexViewMixin, PlacementIndexView):
    pass


class ScopedPlacementEditView(ScopedObjectMixin, PlacementEditView):
    pass


class ArtistViewSet(SpreadsheetViewSetMixin, SnippetViewSet):
    model = Artist
    spreadsheet_resource = "artistes"
    icon = "user"
    menu_label = _("Artistes")
    list_display = ["name", "website"]
    list_export = ["name", "slug", "biography", "website"]
    export_headings = {
        "name": _("Nom"),
        "slug": _("Identifiant"),
        "biography": _("Biographie"),
        "website": _("Site web"),
    }
    export_filename = "artistes"
    ordering = ["name"]
    # The work form's « Ajouter : artiste » chooser: searched by name, for the roles that pick
    # artists only (artworks.choosers).
    chooser_viewset_class = ArtistChooserViewSet


class ArtworkViewSet(SpreadsheetViewSetMixin, SnippetViewSet):
    model = Artwork
    spreadsheet_resource = "oeuvres"
    icon = "image"
    menu_label = _("Œuvres")
    list_display = ["inventory_number", "title", "artist_names", "series", "year"]
    list_export = [
        "inventory_number",
        "title",
        "artist_names",
        "series",
        "year",
        "technique",
        "dimensions",
        "acquisition_year",
        "image_credit",
        "rights_notice",
        "public_display_allowed",
    ]
    export_headings = {
        "inventory_number": _("Numéro d'inventaire"),
        "title": _("Titre"),
        "artist_names": _("Artistes"),
        "series": _("Série"),
        "year": _("Année"),
        "technique": _("Technique"),
        "dimensions": _("Dimensions"),
        "acquisition_year": _("Année d'acquisition"),
        "image_credit": _("Crédit photographique"),
        "rights_notice": _("Droits de reproduction"),
        "public_display_allowed": _("Diffusion en ligne autorisée"),
    }
    export_filename = "oeuvres"
    filterset_class = ArtworkFilterSet
    ordering = ["inventory_number"]
    list_per_page = 50

    def get_queryset(self, request):
        return Artwork.objects.prefetch_related("artists")


class PlacementViewSet(SpreadsheetViewSetMixin, VenueScopedViewSetMixin, SnippetViewSet):
    model = Placement
    spreadsheet_resource = "placements"
    icon = "pick"
    menu_label = _("Placements")
    inspect_view_enabled = True
    # Condition photos are private files: shown in the edit form through their checked URL.
    inspect_view_fields_exclude = ["install_photo", "removal_photo"]
    index_view_class = PlacementSpreadsheetIndexView
    add_view_class = PlacementCreateView
    edit_view_class = ScopedPlacementEditView
    edit_handler = ObjectList(Placement.panels, base_form_class=PlacementForm)
    # Columns of a related record are not sortable: a search cannot be sorted by them. The
    # first one is the row's link to the placement (PlacementIndexView).
    list_display = [
        "artwork",
        Column("venue", label=_("Lieu")),
        "start_date",
        "end_date",
        "status",
    ]
    list_export = [
        "artwork",
        "venue",
        "start_date",
        "end_date",
        "status",
        "installed_at",
        "install_condition_notes",
        "removed_at",
        "removal_condition_notes",
        "removal_overdue_since",
    ]
    export_headings = {
        "artwork": _("Œuvre"),
        "venue": _("Lieu"),
        "start_date": _("Début"),
        "end_date": _("Fin"),
        "status": _("Statut"),
        "installed_at": _("Installation confirmée le"),
        "install_condition_notes": _("État à l'installation"),
        "removed_at": _("Retrait confirmé le"),
        "removal_condition_notes": _("État au retrait"),
        "removal_overdue_since": _("Retrait en retard depuis"),
    }
    export_filename = "placements"
    # Searched through the model's index (the work's title and number, the venue's name).
    filterset_class = PlacementFilterSet
    # Unless a column is sorted: on now and coming next first (PlacementIndexView).
    ordering = ["-start_date"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artwork", "venue__commune")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("confirm/<int:pk>/", ConfirmPlacementView.as_view(), name="confirm"),
            path("cancel/<int:pk>/", CancelPlacementView.as_view(), name="cancel"),
            path("photo/<int:pk>/<str:step>/", condition_photo, name="condition_photo"),
        ]


class MediationSessionViewSet(SpreadsheetViewSetMixin, VenueScopedViewSetMixin, SnippetViewSet):
    model = MediationSession
    spreadsheet_resource = "seances-mediation"
    icon = "group"
    menu_label = _("Séances de médiation")
    inspect_view_enabled = True
    add_view_class = MediationSessionCreateView
    edit_handler = ObjectList(MediationSession.panels, base_form_class=MediationSessionForm)
    # Columns of a related record are not sortable: a search cannot be sorted by them.
    list_display = [
        "starts_at",
        Column("placement", label=_("Placement")),
        "audience",
        "attendance_total",
    ]
    list_export = [
        "starts_at",
        "placement",
        "led_by",
        "leader_display",
        "audience",
        "attendance_total",
        "attendance_adults",
        "attendance_children",
        "notes",
    ]
    export_headings = {
        "starts_at": _("Date et heure"),
        "placement": _("Placement"),
        "led_by": _("Animée par"),
        "leader_display": _("Intervenant·e"),
        "audience": _("Public"),
        "attendance_total": _("Participants"),
        "attendance_adults": _("Adultes"),
        "attendance_children": _("Enfants"),
        "notes": _("Remarques"),
    }
    export_filename = "seances-de-mediation"
    filterset_class = MediationSessionFilterSet
    ordering = ["-starts_at"]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("placement__artwork", "placement__venue", "artist")
        )


class CollectionGroup(SnippetViewSetGroup):
    menu_label = _("Collection FDAC")
    menu_icon = "image"
    menu_order = 250
    items = (ArtworkViewSet, ArtistViewSet, PlacementViewSet, MediationSessionViewSet)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            PlanningMenuItem(
                _("Planning des rotations"),
                reverse("artworks_planning"),
                name="artworks-planning",
                icon_name="date",
                order=900,
            )
        )
        return items


class PlanningMenuItem(MenuItem):
    def is_shown(self, request):
        from places.scoping import sees_all_venues

        return sees_all_venues(request.user) and request.user.has_perm("artworks.add_placement")


register_snippet(CollectionGroup)


@hooks.register("register_admin_urls")
def register_planning_url():
    from artworks.report_views import WorksReportView

    return [
        path("collection/planning/", PlanningView.as_view(), name="artworks_planning"),
        path(
            "rapports/un-mois-une-oeuvre/", WorksReportView.as_view(), name="artworks_report_works"
        ),
        path(
            "rapports/un-mois-une-oeuvre/resultats/",
            WorksReportView.as_view(results_only=True),
            name="artworks_report_works_results",
        ),
    ]


class WorksReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("artworks.view_placement")


@hooks.register("register_reports_menu_item")
def register_works_report_menu_item():
    return WorksReportMenuItem(
        _("Un mois, une œuvre"), reverse("artworks_report_works"), icon_name="image", order=820
    )


@hooks.register("register_snippet_listing_buttons")
def placement_action_buttons(snippet, user, next_url=None):
    """A placement's row: the confirmation waiting (a button beside the title), then in the
    « … » menu the mediation to log and the cancellation, each only where the role may."""
    if isinstance(snippet, Placement):
        yield from placement_actions(snippet, user, next_url)


@hooks.register("register_log_actions")
def register_placement_log_actions(actions):
    actions.register_action(
        "artworks.confirm_install", _("Installation confirmée"), _("Installation confirmée")
    )
    actions.register_action(
        "artworks.confirm_removal", _("Retrait confirmé"), _("Retrait confirmé")
    )
    actions.register_action("artworks.cancel", _("Placement annulé"), _("Placement annulé"))


@hooks.register("construct_image_chooser_queryset")
def hide_images_without_online_rights(images, request):
    """An image whose rights forbid online display cannot be chosen (for a page body or
    anything else that is shown publicly); its files are private anyway. The ids are listed
    first: a chooser search may only filter on the image index's fields."""
    hidden = images.model.objects.filter(
        Q(file__startswith=f"original_images/{PRIVATE_PREFIX}") | Q(pk__in=forbidden_image_ids())
    ).values_list("pk", flat=True)
    return images.exclude(pk__in=list(hidden))


@hooks.register("construct_homepage_panels")
def add_collection_work_queues(request, panels):
    from artworks.dashboard import panels_for

    panels.extend(panels_for(request.user))


@hooks.register("register_public_search_source")
def collection_search_sources():
    """Works, artists and venues in the public site search (home.search)."""
    from artworks.search_sources import SOURCES

    return SOURCES


@hooks.register("register_venue_record_links")
def venue_collection_records(venue, user):
    """A venue's page lists its placements on now and to come (with their confirmations) and
    its mediation sessions to come, each linked."""
    from artworks.panels import venue_admin_sections

    return venue_admin_sections(venue, user)
