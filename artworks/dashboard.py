"""The collection's work queues on the admin home (home.dashboard): a venue manager's works to
install or remove and mediation sessions to log; programme staff's unconfirmed placements and
works free next month. Each panel: two queries (count, first rows), whatever the data size."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from artworks.filters import CONFIRM_DAYS
from artworks.models import Artwork, MediationSession, Placement, PlacementStatus
from artworks.selectors import next_month_bounds
from home.dashboard import QueueRow, WorkQueuePanel, admin_url

PLACEMENTS = "wagtailsnippets_artworks_placement"
MEDIATIONS = "wagtailsnippets_artworks_mediationsession"


def _work(artwork):
    return f"{artwork.title} ({artwork.inventory_number})"


def _day(value):
    return date_format(value, "j F Y")


class PlacementsToConfirmPanel(WorkQueuePanel):
    """Venue manager: installations and removals due in the next 14 days, or overdue."""

    name = "placements_to_confirm"
    order = 90
    title = gettext_lazy("Œuvres à installer ou à retirer")
    empty_message = gettext_lazy("Rien à confirmer dans les 14 prochains jours.")

    def get_queue(self):
        queue = (
            Placement.objects.for_user(self.user)
            .to_confirm(self.today, CONFIRM_DAYS)
            .select_related("artwork", "venue")
            .order_by("due_date", "pk")
        )
        rows = []
        for placement in queue[: self.limit]:
            installing = placement.status == PlacementStatus.PLANNED
            detail = (
                _("Installation prévue le %(day)s — %(venue)s")
                if installing
                else _("Retrait prévu le %(day)s — %(venue)s")
            ) % {"day": _day(placement.due_date), "venue": placement.venue.name}
            rows.append(
                QueueRow(
                    label=_work(placement.artwork),
                    url=admin_url(f"{PLACEMENTS}:inspect", placement.pk),
                    detail=detail,
                    badge=_("En retard") if placement.is_overdue(self.today) else "",
                    action_label=(
                        _("Confirmer l'installation") if installing else _("Confirmer le retrait")
                    ),
                    action_url=admin_url(f"{PLACEMENTS}:confirm", placement.pk),
                )
            )
        return queue.count(), rows

    def get_links(self):
        return [
            (
                _("Tous les placements à confirmer"),
                admin_url(f"{PLACEMENTS}:list", query="confirmation=a-venir"),
            )
        ]


class MediationToLogPanel(WorkQueuePanel):
    """Venue manager: mediation sessions held whose attendance is not entered yet."""

    name = "mediation_to_log"
    order = 95
    title = gettext_lazy("Séances de médiation à saisir")
    empty_message = gettext_lazy("Aucune séance de médiation en attente de fréquentation.")

    def get_queue(self):
        queue = (
            MediationSession.objects.for_user(self.user)
            .to_log(timezone.now())
            .select_related("placement__artwork", "placement__venue")
            .order_by("starts_at", "pk")
        )
        rows = [
            QueueRow(
                label=session.placement.artwork.title,
                url=admin_url(f"{MEDIATIONS}:edit", session.pk),
                detail=f"{date_format(timezone.localtime(session.starts_at), 'j F Y H:i')} — "
                f"{session.placement.venue.name}",
                action_label=_("Saisir la fréquentation"),
                action_url=admin_url(f"{MEDIATIONS}:edit", session.pk),
            )
            for session in queue[: self.limit]
        ]
        return queue.count(), rows

    def get_links(self):
        return [
            (
                _("Toutes les séances à saisir"),
                admin_url(f"{MEDIATIONS}:list", query="to_log=true"),
            ),
            (_("Ajouter une séance de médiation"), admin_url(f"{MEDIATIONS}:add")),
        ]


class UnconfirmedPlacementsPanel(WorkQueuePanel):
    """Programme staff: planned placements whose start date has passed, not installed."""

    name = "unconfirmed_placements"
    order = 130
    title = gettext_lazy("Placements non confirmés")
    empty_message = gettext_lazy("Toutes les installations commencées sont confirmées.")

    def get_queue(self):
        queue = (
            Placement.objects.for_user(self.user)
            .unconfirmed(self.today)
            .select_related("artwork", "venue")
            .order_by("start_date", "pk")
        )
        rows = [
            QueueRow(
                label=_work(placement.artwork),
                url=admin_url(f"{PLACEMENTS}:edit", placement.pk),
                detail=_("Début le %(day)s — %(venue)s")
                % {"day": _day(placement.start_date), "venue": placement.venue.name},
                badge=_("En retard"),
                action_label=_("Confirmer l'installation"),
                action_url=admin_url(f"{PLACEMENTS}:confirm", placement.pk),
            )
            for placement in queue[: self.limit]
        ]
        return queue.count(), rows

    def get_links(self):
        return [
            (
                _("Tous les placements non confirmés"),
                admin_url(f"{PLACEMENTS}:list", query="confirmation=en-retard"),
            )
        ]


class FreeWorksPanel(WorkQueuePanel):
    """Programme staff: works with no placement over any day of next month."""

    name = "free_works_next_month"
    order = 140
    title = gettext_lazy("Œuvres libres le mois prochain")
    empty_message = gettext_lazy("Toutes les œuvres sont placées le mois prochain.")

    def get_queue(self):
        first, last = next_month_bounds(self.today)
        queue = Artwork.objects.free_between(first, last).order_by("inventory_number", "pk")
        rows = [
            QueueRow(
                label=_work(artwork),
                url=admin_url("wagtailsnippets_artworks_artwork:edit", artwork.pk),
                detail=artwork.series,
            )
            for artwork in queue.only("pk", "title", "inventory_number", "series")[: self.limit]
        ]
        return queue.count(), rows

    def get_links(self):
        return [
            (
                _("Toutes les œuvres libres le mois prochain"),
                admin_url("wagtailsnippets_artworks_artwork:list", query="free_next_month=true"),
            ),
            (_("Ouvrir le planning"), admin_url("artworks_planning")),
        ]


def panels_for(user, today=None):
    """The collection's panels for this user's role (none for a moderator)."""
    from places.scoping import sees_all_venues

    panels = []
    if sees_all_venues(user):
        if user.has_perm("artworks.change_placement"):
            panels.append(UnconfirmedPlacementsPanel(user, today))
        if user.has_perm("artworks.add_placement"):
            panels.append(FreeWorksPanel(user, today))
    else:
        if user.has_perm("artworks.change_placement"):
            panels.append(PlacementsToConfirmPanel(user, today))
        if user.has_perm("artworks.change_mediationsession"):
            panels.append(MediationToLogPanel(user, today))
    return panels
