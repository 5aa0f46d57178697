"""Editions: a programme's season or campaign, with the targets reports compare against."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class EditionQuerySet(models.QuerySet):
    def assigned_to(self, user):
        """Editions whose personal data (senior follow-up) this user may see."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(assigned_staff=user)


class Edition(index.Indexed, ClusterableModel):
    """« Toutes culottées 2022-2023 », « Sourires d'été 2023 »…"""

    programme = models.ForeignKey(
        "programmes.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="editions",
    )
    name = models.CharField(_("nom"), max_length=200, unique=True)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    description = models.TextField(_("description"), blank=True)
    communes = ParentalManyToManyField(
        "places.Commune", verbose_name=_("communes couvertes"), blank=True, related_name="+"
    )
    venues = ParentalManyToManyField(
        "places.Venue",
        verbose_name=_("lieux couverts"),
        blank=True,
        related_name="programme_editions",
        help_text=_("Pour une campagne scolaire : les collèges concernés."),
    )
    assigned_staff = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("équipe affectée"),
        blank=True,
        related_name="assigned_editions",
        help_text=_(
            "Seules ces personnes voient les données nominatives de l'édition (suivi des "
            "seniors de « Sourires d'été »)."
        ),
    )

    objects = EditionQuerySet.as_manager()

    panels = [
        FieldPanel("programme"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("communes"), FieldPanel("venues")], heading=_("Territoire couvert")
        ),
        InlinePanel("targets", heading=_("Objectifs"), label=_("objectif")),
        InlinePanel("classes", heading=_("Classes (campagnes scolaires)"), label=_("classes")),
        FieldPanel("assigned_staff"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("programme"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("name"),
        index.FilterField("programme"),
    ]

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="edition_ends_after_it_starts",
                violation_error_message=_("La fin de l'édition précède son début."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de l'édition précède son début.")})


class EditionTarget(Orderable, ClusterableModel):
    """A goal: a number of people of an audience, optionally among a set of venues."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="targets")
    audience = models.ForeignKey(
        "programmes.Audience", verbose_name=_("public"), on_delete=models.PROTECT
    )
    people_count = models.PositiveIntegerField(
        _("nombre de personnes"), validators=[MinValueValidator(1)]
    )
    venues = ParentalManyToManyField(
        "places.Venue", verbose_name=_("lieux à atteindre"), blank=True, related_name="+"
    )

    panels = [
        FieldRowPanel([FieldPanel("audience"), FieldPanel("people_count")]),
        FieldPanel("venues"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")

    def __str__(self):
        return f"{self.people_count} — {self.audience}"


class SchoolLevel(models.TextChoices):
    SIXIEME = "6e", _("6e")
    CINQUIEME = "5e", _("5e")
    QUATRIEME = "4e", _("4e")
    TROISIEME = "3e", _("3e")


class EditionClass(Orderable):
    """Classes a school campaign plans to reach: a level and a number of classes."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="classes")
    venue = models.ForeignKey(
        "places.Venue",
        verbose_name=_("collège"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "college"},
    )
    level = models.CharField(_("niveau"), max_length=2, choices=SchoolLevel.choices)
    class_count = models.PositiveSmallIntegerField(
        _("nombre de classes"), validators=[MinValueValidator(1)]
    )

    panels = [FieldRowPanel([FieldPanel("venue"), FieldPanel("level"), FieldPanel("class_count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("classes")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "venue", "level"],
                name="edition_class_once_per_venue_and_level",
                violation_error_message=_("Ce niveau est déjà indiqué pour ce collège."),
            )
        ]

    def __str__(self):
        return f"{self.class_count} × {self.get_level_display()}"
