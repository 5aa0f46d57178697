"""« Sourires d'été » follow-up of named seniors: personal data, kept to the minimum, seen only
by the staff assigned to the edition and purged a set time after the edition ends."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel


class FollowedSeniorQuerySet(models.QuerySet):
    def for_user(self, user):
        """The one rule: only the staff assigned to the edition see its seniors."""
        from programmes.models.editions import Edition

        return self.filter(edition__in=Edition.objects.assigned_to(user).values("pk"))


class FollowedSenior(ClusterableModel):
    edition = models.ForeignKey(
        "programmes.Edition",
        verbose_name=_("édition"),
        on_delete=models.CASCADE,
        related_name="followed_seniors",
    )
    full_name = models.CharField(_("nom et prénom"), max_length=150)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "places.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    consent_date = models.DateField(
        _("date du consentement"),
        help_text=_("Date à laquelle la personne a accepté d'être suivie."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = FollowedSeniorQuerySet.as_manager()

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("full_name"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("commune"), FieldPanel("consent_date")]),
        InlinePanel("contacts", heading=_("Contacts"), label=_("contact")),
    ]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("senior suivi")
        verbose_name_plural = _("seniors suivis")

    def __str__(self):
        return self.full_name


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Appel téléphonique")
    VISIT = "visit", _("Visite")


class SeniorContact(models.Model):
    senior = ParentalKey(FollowedSenior, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=10, choices=ContactKind.choices)
    made_by = models.CharField(_("par"), max_length=150, help_text=_("Bénévole ou agent."))
    notes = models.CharField(_("observations"), max_length=500, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("made_by")]),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["-date"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"

    def clean(self):
        super().clean()
        if self.date and self.senior_id and self.date < self.senior.consent_date:
            raise ValidationError({"date": _("Un contact ne peut précéder le consentement.")})


class PurgeLog(models.Model):
    """What the retention task deleted: counts only, never a name."""

    ran_at = models.DateTimeField(_("date de la purge"), auto_now_add=True)
    edition_name = models.CharField(_("édition"), max_length=200)
    edition_end_date = models.DateField(_("fin de l'édition"))
    seniors_deleted = models.PositiveIntegerField(_("seniors supprimés"))
    contacts_deleted = models.PositiveIntegerField(_("contacts supprimés"))

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("purge de données personnelles")
        verbose_name_plural = _("purges de données personnelles")

    def __str__(self):
        return f"{self.edition_name} : {self.seniors_deleted}"
