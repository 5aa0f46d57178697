"""Occurrences: the dated instances of an event page, generated from its rule."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from home.visibility import public_page_ids
from places.scoping import VenueScopedQuerySet

UID_DOMAIN = "ihds.hauts-de-seine.fr"


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévu")
    CANCELLED = "cancelled", _("Annulé")


def of_live_events_q(prefix=""):
    """The one rule « drafts are drafts »: a session counts (work queues, reminders, digests,
    reports, dashboards) only if its event page is published — live, hence approved when a
    workflow applies. A never-published or unpublished event's dates are drafts."""
    return Q(**{f"{prefix}event__live": True})


class OccurrenceQuerySet(VenueScopedQuerySet):
    venue_path = "venue"

    def of_live_events(self):
        return self.filter(of_live_events_q())

    def public(self):
        """Occurrences the public may see: of public event pages that, with every ancestor page
        (the programme, the index…), are live and carry no view restriction — the one rule of
        ``home.visibility``, used by the agenda, every feed and the search."""
        # An uncorrelated ``IN (subquery)``: the database computes the visible pages once, and
        # PostgreSQL still walks the index on the start date rather than joining and sorting
        # every upcoming date.
        return self.filter(event__is_public=True, event_id__in=public_page_ids())

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())

    def awaiting_attendance(self, now=None):
        """Past, held (not cancelled) sessions of published events at a venue with no attendance
        recorded yet: the work queue of « Mes séances à saisir », the reminders and digests."""
        return (
            self.of_live_events()
            .past(now)
            .filter(status=OccurrenceStatus.SCHEDULED, attendance__isnull=True, venue__isnull=False)
        )

    def for_listing(self):
        return self.select_related(
            "event", "event__programme", "event__audience", "venue", "commune"
        ).order_by("start", "pk")


class Occurrence(models.Model):
    """One date of an event. Generated from the event's rule; staff may cancel, move or annotate
    it, which marks it as changed by hand so that regenerating the rule leaves it alone."""

    event = models.ForeignKey(
        "programmes.EventPage",
        verbose_name=_("événement"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    uuid = models.UUIDField(
        _("identifiant public"), default=uuid.uuid4, unique=True, editable=False
    )
    rule_key = models.CharField(
        _("créneau de la règle"),
        max_length=40,
        editable=False,
        help_text=_("Le créneau de la règle de récurrence qui a produit cette date."),
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    venue = models.ForeignKey(
        "places.Venue",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_occurrences",
    )
    address = models.CharField(
        _("adresse de l'étape"),
        max_length=255,
        blank=True,
        help_text=_("Pour une étape du bus ou de la caravane, hors d'un lieu référencé."),
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.SCHEDULED,
    )
    note = models.CharField(
        _("annotation"),
        max_length=255,
        blank=True,
        help_text=_("Affichée au public (« salle 2 », « reporté à cause de la météo »…)."),
    )
    is_full = models.BooleanField(
        _("complet"),
        default=False,
        help_text=_(
            "Toutes les places sont prises : le site affiche « Complet » pour cette date et "
            "n'y propose plus l'inscription."
        ),
    )
    changed_by_hand = models.BooleanField(
        _("modifiée à la main"),
        default=False,
        help_text=_("Une date modifiée à la main n'est plus recalculée par la règle."),
    )
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("address"), FieldPanel("commune")],
            heading=_("Lieu"),
        ),
        FieldRowPanel([FieldPanel("status"), FieldPanel("is_full")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("date d'événement")
        verbose_name_plural = _("dates d'événements")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="occurrence_ends_after_it_starts",
                violation_error_message=_("La fin précède le début."),
            ),
            models.UniqueConstraint(
                fields=["event", "rule_key"],
                name="occurrence_once_per_rule_slot",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.event.title} — {local:%d/%m/%Y %H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("La fin précède le début.")})

    @property
    def is_draft(self):
        """A date of an unpublished event: out of work queues, reminders and reports."""
        return not self.event.live

    @property
    def publication_label(self):
        return _("Brouillon") if self.is_draft else _("Publiée")

    @property
    def is_cancelled(self):
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def public_holiday(self):
        """The name of the French public holiday this date falls on (local time), or ""."""
        from programmes.public_holidays import holiday_name

        return holiday_name(self.start)

    @property
    def is_bookable(self):
        """The public may still sign up: not past, not cancelled, not full."""
        return not (self.is_past or self.is_cancelled or self.is_full)

    @property
    def has_attendance(self):
        """Once attendance is recorded (programmes.AttendanceRecord), the date is kept."""
        from programmes.models.participation import record_of

        return record_of(self) is not None

    @property
    def capacity(self):
        return self.event.capacity

    @property
    def is_protected_from_rule(self):
        return self.changed_by_hand or self.has_attendance

    @property
    def ical_uid(self):
        return f"occurrence-{self.uuid}@{UID_DOMAIN}"

    @property
    def place_commune(self):
        return self.commune or (self.venue.commune if self.venue_id else None)

    @property
    def place_label(self):
        parts = []
        if self.venue_id:
            parts.append(self.venue.name)
            if self.venue.address:
                parts.append(self.venue.address)
        elif self.address:
            parts.append(self.address)
        commune = self.place_commune
        if commune is not None:
            parts.append(f"{commune.postal_code} {commune.name}")
        return ", ".join(parts)

    def mark_changed_by_hand(self):
        """Called when staff edit the date: it leaves the rule and calendars get a new version."""
        self.changed_by_hand = True
        self.sequence += 1
        if self.venue_id and not self.commune_id:
            self.commune_id = self.venue.commune_id

    def cancel(self, note=""):
        self.status = OccurrenceStatus.CANCELLED
        if note:
            self.note = note
        self.mark_changed_by_hand()
        self.save()

    def move(self, start, end, venue=None, note=""):
        self.start, self.end = start, end
        if venue is not None:
            self.venue = venue
            self.commune_id = venue.commune_id
        if note:
            self.note = note
        self.mark_changed_by_hand()
        self.save()
