"""Admin panels: a work's current location and movement history, read from its placements."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel, TitleFieldPanel


class MovementHistoryPanel(Panel):
    """Read-only: where the work is now and every placement it has had (newest first)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Localisation et historique des mouvements"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "artworks/admin/movement_history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            artwork = self.instance
            if artwork is None or artwork.pk is None:
                context.update(current=None, history=[])
                return context
            history = list(
                artwork.placements.select_related(
                    "venue__commune", "installed_by", "removed_by"
                ).prefetch_related("mediation_sessions")
            )
            context["current"] = next((p for p in history if p.is_current()), None)
            context["history"] = history
            # Condition photos link to their checked view, only for placements the user reaches.
            reachable = set(
                artwork.placements.for_user(self.request.user).values_list("pk", flat=True)
            )
            user = self.request.user
            view_name = (
                "edit"
                if user.has_perm("artworks.change_placement")
                else "inspect"
                if user.has_perm("artworks.view_placement")
                else None
            )
            for placement in history:
                placement.admin_url = (
                    reverse(f"wagtailsnippets_artworks_placement:{view_name}", args=[placement.pk])
                    if view_name and placement.pk in reachable
                    else ""
                )
                placement.photo_links = (
                    [
                        (label, placement.condition_photo_url(field))
                        for label, field in (
                            (_("photo à l'installation"), "install_photo"),
                            (_("photo au retrait"), "removal_photo"),
                        )
                        if getattr(placement, field)
                    ]
                    if placement.pk in reachable
                    else []
                )
            return context


class ConditionPhotoPanel(Panel):
    """Read-only: a condition photo of a placement, through its checked URL (the file is in the
    private storage; it is never uploaded through this form but with the confirmation)."""

    def __init__(self, field_name, *args, **kwargs):
        self.field_name = field_name
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["field_name"] = self.field_name
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "artworks/admin/condition_photo_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            placement = self.instance
            has_photo = bool(
                placement and placement.pk and getattr(placement, self.panel.field_name)
            )
            context["photo_url"] = (
                placement.condition_photo_url(self.panel.field_name) if has_photo else ""
            )
            return context


class NameToSlugPanel(TitleFieldPanel):
    """The name (or title) field fills the slug as it is typed, on a new record only: an
    existing record's public address does not move when it is renamed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("classname", "")
        kwargs.setdefault("placeholder", False)
        super().__init__(*args, **kwargs)

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return self.instance is None or self.instance.pk is None


def venue_admin_sections(venue, user, limit=20):
    """For the venue's admin page (places.records): placements on now and to come, with the
    confirmation waiting; mediation sessions to come. Only what the user may reach."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    from artworks.models import MediationSession, Placement
    from artworks.views import placement_actions
    from places.records import RecordLink, VenueRecordSection

    def admin_url(model_name, perm_model, pk):
        for view, perm in (("edit", "change"), ("inspect", "view")):
            if user.has_perm(f"artworks.{perm}_{perm_model}"):
                return reverse(f"wagtailsnippets_artworks_{model_name}:{view}", args=[pk])
        return ""

    sections = []
    today = timezone.localdate()
    if user.has_perm("artworks.view_placement") or user.has_perm("artworks.change_placement"):
        placements = (
            Placement.objects.for_user(user)
            .filter(venue=venue, end_date__gte=today)
            .active()
            .select_related("artwork", "venue")
            .order_by("start_date", "pk")[:limit]
        )
        links = [
            RecordLink(
                label=str(placement.artwork),
                url=admin_url("placement", "placement", placement.pk),
                detail=_("du %(start)s au %(end)s, %(status)s")
                % {
                    "start": placement.start_date.strftime("%d/%m/%Y"),
                    "end": placement.end_date.strftime("%d/%m/%Y"),
                    "status": placement.get_status_display().lower(),
                },
                actions=[
                    (str(button.label), button.url) for button in placement_actions(placement, user)
                ],
            )
            for placement in placements
        ]
        listing = reverse("wagtailsnippets_artworks_placement:list")
        sections.append(
            VenueRecordSection(
                heading=_("Œuvres exposées et à venir"),
                links=links,
                empty_text=_("Aucune œuvre exposée ni prévue dans ce lieu."),
                more=[
                    (
                        _("Tous les placements du lieu"),
                        f"{listing}?{urlencode({'venue': venue.pk})}",
                    )
                ],
                order=10,
            )
        )
    if user.has_perm("artworks.view_mediationsession") or user.has_perm(
        "artworks.change_mediationsession"
    ):
        sessions = (
            MediationSession.objects.for_user(user)
            .filter(placement__venue=venue)
            .upcoming()
            .select_related("placement__artwork")
            .order_by("starts_at", "pk")[:limit]
        )
        links = [
            RecordLink(
                label=timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M"),
                url=admin_url("mediationsession", "mediationsession", session.pk),
                detail=str(session.placement.artwork.title),
            )
            for session in sessions
        ]
        listing = reverse("wagtailsnippets_artworks_mediationsession:list")
        sections.append(
            VenueRecordSection(
                heading=_("Médiations à venir"),
                links=links,
                empty_text=_("Aucune séance de médiation prévue dans ce lieu."),
                more=[
                    (
                        _("Toutes les médiations du lieu"),
                        f"{listing}?{urlencode({'venue': venue.pk})}",
                    )
                ],
                order=20,
            )
        )
    return sections
