"""« Sourires d'été » follow-up of named seniors: personal data, kept to the minimum, seen only
by the staff assigned to the edition and purged a set time after the edition ends."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager


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

    @property
    def log_label(self):
        """What the history keeps of a senior: a number, never the name."""
        return gettext("Senior suivi n° %(pk)s") % {"pk": self.pk}

    @property
    def log_edition_id(self):
        return self.edition_id


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

    @property
    def log_label(self):
        return gettext("Contact n° %(pk)s du senior suivi n° %(senior)s") % {
            "pk": self.pk,
            "senior": self.senior_id,
        }

    @property
    def log_edition_id(self):
        return self.senior.edition_id if self.senior_id else None

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
    log_entries_deleted = models.PositiveIntegerField(
        _("entrées d'historique supprimées"), default=0
    )
    jobs_deleted = models.PositiveIntegerField(_("imports et exports supprimés"), default=0)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("purge de données personnelles")
        verbose_name_plural = _("purges de données personnelles")

    def __str__(self):
        return f"{self.edition_name} : {self.seniors_deleted}"


class SeniorLogEntryManager(BaseLogEntryManager):
    """The history of the senior follow-up (Wagtail's per-model log entry model, registered in
    wagtail_hooks): labelled with numbers only, and seen — in the site history and everywhere
    else Wagtail lists log entries — only by the staff assigned to the edition, superusers
    included in the refusal, as for the records themselves."""

    def get_instance_title(self, instance):
        return instance.log_label

    def log_action(self, instance, action, **kwargs):
        kwargs.pop("title", None)  # a caller's title would be the name
        kwargs.update(object_id=str(instance.pk), edition_id=instance.log_edition_id)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        from programmes.models.editions import Edition

        if not (
            user.has_perm("programmes.view_followedsenior")
            or user.has_perm("programmes.change_followedsenior")
        ):
            return self.none()
        return self.filter(edition__in=Edition.objects.assigned_to(user).values("pk"))

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )


class SeniorLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    # Kept on the entry so that the history of a deleted senior stays within its edition's staff,
    # and goes with the edition (or its purge).
    edition = models.ForeignKey(
        "programmes.Edition",
        verbose_name=_("édition"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = SeniorLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("entrée du journal du suivi des seniors")
        verbose_name_plural = _("journal du suivi des seniors")
