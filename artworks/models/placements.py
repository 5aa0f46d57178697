"""Placements (a work at a venue between two dates), mediation sessions, reminders sent."""

import os
import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from artworks.panels import ConditionPhotoPanel
from home.private_media import private_storage
from places.scoping import VenueScopedQuerySet

from .collection import Artwork

# Name of the PostgreSQL exclusion constraint created by migration 0002 (PostgreSQL only).
NO_OVERLAP_CONSTRAINT = "artworks_placement_no_overlap"


# The URL step of each condition photo field (see Placement.condition_photo_url).
CONDITION_PHOTO_STEPS = {"installation": "install_photo", "retrait": "removal_photo"}


def condition_photo_upload_to(instance, filename):
    """Condition photos live in the private storage under an unpredictable name."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"artworks/constats/{uuid.uuid4().hex}{extension}"


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    INSTALLED = "installed", _("Installé")
    REMOVED = "removed", _("Retiré")
    CANCELLED = "cancelled", _("Annulé")


class PlacementQuerySet(VenueScopedQuerySet):
    venue_path = "venue"

    def active(self):
        """Placements that hold the work (everything but cancelled ones)."""
        return self.exclude(status=PlacementStatus.CANCELLED)

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.active().filter(start_date__lte=on, end_date__gte=on)

    def upcoming(self, on=None):
        on = on or timezone.localdate()
        return self.active().filter(start_date__gt=on)

    def past(self, on=None):
        on = on or timezone.localdate()
        return self.active().filter(end_date__lt=on)

    def to_install(self, on=None, days=0):
        """Planned placements starting within ``days`` (or already started: overdue)."""
        on = on or timezone.localdate()
        return self.filter(status=PlacementStatus.PLANNED, start_date__lte=on + timedelta(days))

    def to_remove(self, on=None, days=0):
        """Installed placements ending within ``days`` (or already ended: overdue)."""
        on = on or timezone.localdate()
        return self.filter(status=PlacementStatus.INSTALLED, end_date__lte=on + timedelta(days))

    def needing_confirmation(self, on=None, days=0):
        """The installations and removals to confirm within ``days``, overdue ones included: the
        venue manager's dashboard and the placements listing's « à confirmer » filter (plain
        field lookups, so that a search of the listing can apply them too)."""
        on = on or timezone.localdate()
        horizon = on + timedelta(days)
        return self.filter(
            Q(status=PlacementStatus.PLANNED, start_date__lte=horizon)
            | Q(status=PlacementStatus.INSTALLED, end_date__lte=horizon)
        )

    def to_confirm(self, on=None, days=0):
        """``needing_confirmation`` with each placement's ``due_date`` (start or end)."""
        return self.needing_confirmation(on, days).annotate(
            due_date=Case(
                When(status=PlacementStatus.PLANNED, then=F("start_date")),
                default=F("end_date"),
            )
        )

    def unconfirmed(self, on=None):
        """Planned placements whose start date has passed with no installation confirmed."""
        on = on or timezone.localdate()
        return self.filter(status=PlacementStatus.PLANNED, start_date__lt=on)

    def current_first(self, on=None):
        """Placements in progress and upcoming first (by start date, the nearest first), then
        past ones (the most recent first): the current month is on the first page. Expressions,
        not annotations, so that the ordering can be copied onto another queryset (exports)."""
        on = on or timezone.localdate()
        open_now = Q(end_date__gte=on)
        return self.order_by(
            Case(When(open_now, then=Value(0)), default=Value(1)),
            Case(When(open_now, then=F("start_date"))).asc(nulls_last=True),
            F("start_date").desc(),
            "artwork__inventory_number",
            "pk",
        )

    def overlapping(self, artwork, start_date, end_date, *, venue=None, exclude_pk=None):
        """The overlap rule, in one place: active placements whose dates (bounds included)
        meet [start, end]. `artwork` is a work or its pk, several pks, or None for every work;
        `venue` narrows to one venue; `exclude_pk` leaves out the placement being edited.
        Placement.clean, the services (placing, group move, the planning grid), the works'
        « libres » filter and the spreadsheet import all ask it."""
        found = self.active().filter(start_date__lte=end_date, end_date__gte=start_date)
        if isinstance(artwork, list | tuple | set | frozenset):
            found = found.filter(artwork_id__in=artwork)
        elif artwork is not None:
            found = found.filter(artwork=artwork)
        if venue is not None:
            found = found.filter(venue=venue)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found


def describe_conflict(placement):
    return _("« %(work)s » est déjà prévue à %(venue)s du %(start)s au %(end)s.") % {
        "work": placement.artwork.title,
        "venue": placement.venue.name,
        "start": date_format(placement.start_date, "j F Y"),
        "end": date_format(placement.end_date, "j F Y"),
    }


class Placement(index.Indexed, models.Model):
    """A work shown at a venue from a start date to an end date (both included)."""

    #: What only programme staff may set: the admin form disables them for a venue manager and
    #: a venue manager's spreadsheet import refuses a change to them (managers write notes;
    #: install and removal are confirmed through the confirmation form).
    STAFF_ONLY_FIELDS = ("artwork", "venue", "start_date", "end_date", "status")

    artwork = models.ForeignKey(
        Artwork, verbose_name=_("œuvre"), on_delete=models.PROTECT, related_name="placements"
    )
    venue = models.ForeignKey(
        "places.Venue", verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="placements"
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), help_text=_("Dernier jour d'exposition (inclus)."))
    status = models.CharField(
        _("statut"), max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    notes = models.TextField(_("remarques"), blank=True)
    installed_at = models.DateTimeField(_("installation confirmée le"), null=True, blank=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("installation confirmée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    install_condition_notes = models.TextField(_("état à l'installation"), blank=True)
    install_photo = models.FileField(
        _("photo à l'installation"),
        storage=private_storage,
        upload_to=condition_photo_upload_to,
        max_length=255,
        blank=True,
    )
    removed_at = models.DateTimeField(_("retrait confirmé le"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retrait confirmé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removal_condition_notes = models.TextField(_("état au retrait"), blank=True)
    removal_photo = models.FileField(
        _("photo au retrait"),
        storage=private_storage,
        upload_to=condition_photo_upload_to,
        max_length=255,
        blank=True,
    )
    removal_overdue_since = models.DateField(
        _("retrait en retard depuis"),
        null=True,
        blank=True,
        help_text=_(
            "Posé chaque jour par la tâche de rappels quand la fin est passée sans retrait."
        ),
    )

    objects = PlacementQuerySet.as_manager()

    panels = [
        FieldPanel("artwork"),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("status"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("install_condition_notes"),
                ConditionPhotoPanel("install_photo", heading=_("Photo à l'installation")),
                FieldPanel("removal_condition_notes"),
                ConditionPhotoPanel("removal_photo", heading=_("Photo au retrait")),
            ],
            heading=_("État de l'œuvre"),
        ),
    ]
    search_fields = [
        index.RelatedFields(
            "artwork",
            [index.SearchField("title"), index.SearchField("inventory_number")],
        ),
        index.RelatedFields("venue", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("venue"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("artwork"),
    ]

    class Meta:
        ordering = ["-start_date", "artwork__inventory_number"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="artworks_placement_end_after_start",
                violation_error_message=_("La fin doit être le même jour ou après le début."),
            ),
        ]

    def __str__(self):
        return _("%(work)s à %(venue)s, du %(start)s au %(end)s") % {
            "work": self.artwork.title if self.artwork_id else "?",
            "venue": self.venue.name if self.venue_id else "?",
            "start": date_format(self.start_date, "d/m/Y") if self.start_date else "?",
            "end": date_format(self.end_date, "d/m/Y") if self.end_date else "?",
        }

    def conflicting_placements(self):
        if not (self.artwork_id and self.start_date and self.end_date):
            return Placement.objects.none()
        return Placement.objects.overlapping(
            self.artwork_id, self.start_date, self.end_date, exclude_pk=self.pk
        ).select_related("artwork", "venue")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fin doit être le même jour ou après le début.")}
            )
        if self.status != PlacementStatus.CANCELLED:
            conflicts = list(self.conflicting_placements()[:3])
            if conflicts:
                raise ValidationError([describe_conflict(c) for c in conflicts])

    def is_overdue(self, on=None):
        """An installation or removal whose date has passed without a confirmation."""
        on = on or timezone.localdate()
        if self.status == PlacementStatus.PLANNED:
            return self.start_date < on
        return self.status == PlacementStatus.INSTALLED and self.end_date < on

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.status != PlacementStatus.CANCELLED and self.start_date <= on <= self.end_date

    def condition_photo_url(self, field_name):
        """The checked admin URL of a condition photo (never a public media URL)."""
        step = next(k for k, v in CONDITION_PHOTO_STEPS.items() if v == field_name)
        return reverse("wagtailsnippets_artworks_placement:condition_photo", args=[self.pk, step])

    @property
    def install_photo_url(self):
        return self.condition_photo_url("install_photo") if self.install_photo else ""

    @property
    def removal_photo_url(self):
        return self.condition_photo_url("removal_photo") if self.removal_photo else ""

    def confirm_url(self):
        """The admin page where its venue confirms the installation or the removal."""
        return reverse("wagtailsnippets_artworks_placement:confirm", args=[self.pk])


def delete_condition_photos(sender, instance, **kwargs):
    """post_delete: a deleted placement leaves no condition photo behind in the private storage."""
    for field_name in CONDITION_PHOTO_STEPS.values():
        photo = getattr(instance, field_name)
        if photo:
            storage, name = photo.storage, photo.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


class LeaderKind(models.TextChoices):
    ARTIST = "artist", _("L'artiste")
    MEDIATOR = "mediator", _("Un médiateur ou une médiatrice")
    VENUE_STAFF = "venue_staff", _("L'équipe du lieu")


class AudienceType(models.TextChoices):
    FAMILIES = "families", _("Familles")
    ADULTS = "adults", _("Adultes")
    CHILDREN = "children", _("Enfants")
    YOUNG = "young", _("Jeunes")
    SCHOOL = "school", _("Groupe scolaire")
    SENIORS = "seniors", _("Seniors")
    STAFF = "staff", _("Professionnels du lieu")
    ALL = "all", _("Tout public")


class MediationSessionQuerySet(VenueScopedQuerySet):
    venue_path = "placement__venue"

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now())

    def to_log(self, now=None):
        """Sessions already held whose attendance is not entered yet."""
        return self.filter(starts_at__lt=now or timezone.now(), attendance_total__isnull=True)

    def logged_or_upcoming(self, now=None):
        """The other sessions: attendance entered, or not held yet."""
        return self.filter(
            Q(starts_at__gte=now or timezone.now()) | Q(attendance_total__isnull=False)
        )


class MediationSession(index.Indexed, models.Model):
    """A mediation session around a placed work. Attendance is counted, never named.

    Rule for the counts: adults and children are optional; each is at most the total, and
    when both are given their sum equals the total.
    """

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="mediation_sessions",
    )
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    led_by = models.CharField(_("animée par"), max_length=20, choices=LeaderKind.choices)
    artist = models.ForeignKey(
        "artworks.Artist",
        verbose_name=_("artiste"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediation_sessions",
    )
    leader_name = models.CharField(
        _("nom de l'intervenant·e"),
        max_length=150,
        blank=True,
        help_text=_("Médiateur, médiatrice ou membre de l'équipe qui a animé la séance."),
    )
    audience = models.CharField(_("public"), max_length=20, choices=AudienceType.choices)
    is_public = models.BooleanField(
        _("annoncée sur le site public"),
        default=True,
        help_text=_("Décochez pour une séance réservée à un groupe."),
    )
    attendance_total = models.PositiveIntegerField(
        _("participants (total)"),
        null=True,
        blank=True,
        help_text=_("À remplir après la séance."),
    )
    attendance_adults = models.PositiveIntegerField(_("dont adultes"), null=True, blank=True)
    attendance_children = models.PositiveIntegerField(_("dont enfants"), null=True, blank=True)
    notes = models.TextField(_("remarques"), blank=True)

    objects = MediationSessionQuerySet.as_manager()

    panels = [
        FieldPanel("placement", widget=forms.Select),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
        FieldRowPanel([FieldPanel("led_by"), FieldPanel("artist"), FieldPanel("leader_name")]),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("is_public")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("attendance_total"),
                        FieldPanel("attendance_adults"),
                        FieldPanel("attendance_children"),
                    ]
                )
            ],
            heading=_("Fréquentation"),
        ),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.RelatedFields(
            "placement",
            [
                index.RelatedFields("artwork", [index.SearchField("title")]),
                index.RelatedFields("venue", [index.SearchField("name")]),
                index.FilterField("venue"),  # a venue manager's search runs within their venues
            ],
        ),
        index.SearchField("leader_name"),
        index.SearchField("notes"),
        index.FilterField("starts_at"),
        index.FilterField("audience"),
        index.FilterField("attendance_total"),
        index.FilterField("placement"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("séance de médiation")
        verbose_name_plural = _("séances de médiation")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_total__isnull=True)
                | Q(
                    attendance_total__gte=Coalesce("attendance_adults", 0)
                    + Coalesce("attendance_children", 0)
                ),
                name="artworks_mediation_parts_within_total",
                violation_error_message=_(
                    "Les adultes et les enfants ne peuvent pas dépasser le total."
                ),
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.starts_at) if self.starts_at else None
        return _("Médiation du %(date)s — %(placement)s") % {
            "date": date_format(when, "d/m/Y H:i") if when else "?",
            "placement": self.placement if self.placement_id else "?",
        }

    def clean(self):
        super().clean()
        errors = {}
        total = self.attendance_total
        adults, children = self.attendance_adults, self.attendance_children
        if total is None and (adults is not None or children is not None):
            errors["attendance_total"] = _("Indiquez le total quand vous détaillez les publics.")
        elif total is not None:
            if adults is not None and children is not None and adults + children != total:
                errors["attendance_total"] = _(
                    "La somme des adultes (%(a)s) et des enfants (%(c)s) doit être égale au "
                    "total (%(t)s)."
                ) % {"a": adults, "c": children, "t": total}
            elif (adults or 0) > total or (children or 0) > total:
                errors["attendance_total"] = _(
                    "Les adultes ou les enfants ne peuvent pas dépasser le total."
                )
        if self.led_by == LeaderKind.ARTIST and not self.artist_id:
            errors["artist"] = _("Choisissez l'artiste qui a animé la séance.")
        if self.placement_id and self.starts_at:
            day = timezone.localtime(self.starts_at).date()
            placement = self.placement
            if not placement.start_date <= day <= placement.end_date:
                errors["starts_at"] = _(
                    "La séance doit avoir lieu pendant le placement (du %(start)s au %(end)s)."
                ) % {
                    "start": date_format(placement.start_date, "d/m/Y"),
                    "end": date_format(placement.end_date, "d/m/Y"),
                }
        if errors:
            raise ValidationError(errors)

    @property
    def leader_display(self):
        if self.led_by == LeaderKind.ARTIST and self.artist_id:
            return self.artist.name
        return self.leader_name or self.get_led_by_display()


class ReminderKind(models.TextChoices):
    START_SOON = "start_soon", _("Installation à confirmer")
    END_SOON = "end_soon", _("Retrait à confirmer")
    OVERDUE = "overdue", _("Retrait en retard")


class PlacementReminder(models.Model):
    """What the daily job has sent: one row per placement, kind and date concerned, so that a
    second run of the job sends nothing twice."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField(_("date concernée"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    recipients = models.TextField(_("destinataires"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "kind", "due_date"], name="artworks_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.placement}"
