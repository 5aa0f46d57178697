"""Small reference lists shared by programmes, editions and events."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Theme(models.TextChoices):
    CULTURE = "culture", _("Culture")
    HEALTH = "sante", _("Santé")
    PREVENTION = "prevention", _("Prévention")
    ISOLATION = "isolement", _("Lutte contre l'isolement")
    INSERTION = "insertion", _("Insertion sociale et professionnelle")
    RIGHTS = "acces_aux_droits", _("Accès aux droits")


class Audience(index.Indexed, models.Model):
    """A public a programme or an event is meant for (collégiennes, seniors, femmes…)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("public")
        verbose_name_plural = _("publics")

    def __str__(self):
        return self.name


class Partner(index.Indexed, models.Model):
    """An organisation a programme works with (CAF, CNAV, associations, communes…)."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    website = models.URLField(_("site web"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("website")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("name"),
        index.FilterField("website"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name
