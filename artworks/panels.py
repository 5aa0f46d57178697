"""Admin panels: a work's current location and movement history, read from its placements."""

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
