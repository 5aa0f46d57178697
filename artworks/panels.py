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
