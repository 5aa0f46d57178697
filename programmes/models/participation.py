"""Attendance: what happened at a session, as counts by the breakdowns its programme declares.

Never a name: a record holds a total and anonymous counts (school level, gender, age band…).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from places.scoping import VenueScopedQuerySet
from programmes.models.events import of_live_events_q

UNKNOWN = "inconnu"

# The breakdowns a programme may ask for: key -> (label, [(category, label), …]).
# Every breakdown also has the part UNKNOWN (« non renseigné »), for what nobody could count.
BREAKDOWNS = {
    "school_level": (
        _("Niveau scolaire"),
        [("6e", _("6e")), ("5e", _("5e")), ("4e", _("4e")), ("3e", _("3e"))],
    ),
    "gender": (_("Genre"), [("filles", _("Filles")), ("garcons", _("Garçons"))]),
    "age_band": (_("Tranche d'âge"), [("60-74", _("60–74 ans")), ("75+", _("75 ans et plus"))]),
    "adults_children": (
        _("Adultes / enfants"),
        [("adultes", _("Adultes")), ("enfants", _("Enfants"))],
    ),
}
UNKNOWN_LABEL = _("non renseigné")


def breakdown_label(dimension):
    return BREAKDOWNS[dimension][0] if dimension in BREAKDOWNS else dimension


def category_label(dimension, category):
    if category == UNKNOWN:
        return UNKNOWN_LABEL
    return dict(BREAKDOWNS.get(dimension, ("", []))[1]).get(category, category)


def correction_days():
    return getattr(settings, "ATTENDANCE_CORRECTION_DAYS", 30)


class AttendanceQuerySet(VenueScopedQuerySet):
    venue_path = "occurrence__venue"

    def of_live_events(self):
        """Records of sessions of published events only (the rule of
        ``programmes.models.events.of_live_events_q``): what reports count."""
        return self.filter(of_live_events_q("occurrence__"))


class AttendanceRecord(models.Model):
    """The attendance of one occurrence: a total and, per declared breakdown, its parts."""

    occurrence = models.OneToOneField(
        "programmes.Occurrence",
        verbose_name=_("séance"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    total = models.PositiveIntegerField(_("nombre de personnes présentes"))
    over_capacity_confirmed = models.BooleanField(
        _("dépassement de la capacité confirmé"),
        default=False,
        help_text=_("Cochez si plus de personnes que la capacité prévue étaient présentes."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("saisi le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["-occurrence__start"]
        verbose_name = _("fréquentation")
        verbose_name_plural = _("fréquentations")
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="attendance_total_not_negative",
                violation_error_message=_("Le nombre de personnes ne peut pas être négatif."),
            )
        ]

    def __str__(self):
        return f"{self.occurrence} : {self.total}"

    @property
    def correctable_until(self):
        """The end of the correction period (the rule: programmes.participation)."""
        from programmes.participation import correctable_until

        return correctable_until(self.created_at)

    def parts_by_dimension(self):
        result = {}
        for part in self.parts.all():
            result.setdefault(part.dimension, {})[part.category] = part.count
        return result

    @property
    def breakdown_summary(self):
        return " ; ".join(
            f"{breakdown_label(dim)} : "
            + ", ".join(f"{category_label(dim, cat)} {n}" for cat, n in parts.items())
            for dim, parts in self.parts_by_dimension().items()
        )

    breakdown_summary.fget.short_description = _("Répartition")  # the listing's heading


class AttendancePart(models.Model):
    """One anonymous count of a record's breakdown: « 4e : 37 », « 75 ans et plus : 12 »."""

    record = models.ForeignKey(
        AttendanceRecord,
        verbose_name=_("fréquentation"),
        on_delete=models.CASCADE,
        related_name="parts",
    )
    dimension = models.CharField(_("répartition"), max_length=30)
    category = models.CharField(_("catégorie"), max_length=30)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        ordering = ["record", "dimension", "category"]
        verbose_name = _("part de la fréquentation")
        verbose_name_plural = _("parts de la fréquentation")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "dimension", "category"], name="attendance_part_once"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="attendance_part_not_negative"),
        ]

    def __str__(self):
        return f"{category_label(self.dimension, self.category)} : {self.count}"


class SentReminder(models.Model):
    """A reminder already sent: the unique key makes a second run of the job send nothing."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Séance sans fréquentation")
        DIGEST = "digest", _("Récapitulatif hebdomadaire")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("clé"), max_length=120)
    recipient = models.EmailField(_("destinataire"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.recipient}"


def record_of(occurrence):
    try:
        return occurrence.attendance
    except ObjectDoesNotExist:
        return None
