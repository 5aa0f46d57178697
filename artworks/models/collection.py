"""Artists and the works of the FDAC (Fonds départemental d'art contemporain)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable
from wagtail.search import index

from artworks.panels import MovementHistoryPanel, NameToSlugPanel
from artworks.slugs import ArtworkForm, SlugFromSourceForm, unique_slug
from home.private_media import is_private_name

YEAR_VALIDATORS = [MinValueValidator(1800), MaxValueValidator(2100)]


class Artist(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=150,
        unique=True,
        blank=True,
        help_text=_(
            "Utilisé dans l'adresse de la page publique de l'artiste ; créé à partir du nom "
            "s'il est laissé vide."
        ),
    )
    biography = models.TextField(_("biographie courte"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = SlugFromSourceForm
    panels = [
        FieldRowPanel([NameToSlugPanel("name"), FieldPanel("slug")]),
        FieldPanel("biography"),
        FieldPanel("website"),
        FieldPanel("portrait"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("biography"),
        index.FilterField("name"),
        index.FilterField("website"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("artiste")
        verbose_name_plural = _("artistes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    @property
    def public_portrait(self):
        """The portrait, unless its file was made private (a work's rights forbid it)."""
        portrait = self.portrait
        return portrait if portrait and not is_private_name(portrait.file.name) else None


class ArtworkQuerySet(models.QuerySet):
    def for_public_listing(self):
        return self.select_related("image").prefetch_related("artists")

    def free_between(self, start, end):
        """Works with no active placement meeting [start, end] (bounds included): free to
        place over that period (the staff dashboard, the works listing's filter)."""
        placement = self.model._meta.get_field("placements").related_model
        busy = placement.objects.overlapping(None, start, end)
        return self.exclude(pk__in=busy.values("artwork"))


class Artwork(index.Indexed, ClusterableModel):
    """A work of the collection. Its location is never stored: it is read from its placements.

    Its artists are links (ArtworkArtist) so that the edit form picks them in Wagtail's
    searchable artist chooser, several at once (MultipleChooserPanel)."""

    inventory_number = models.CharField(
        _("numéro d'inventaire FDAC"),
        max_length=40,
        unique=True,
        help_text=_("Numéro unique dans l'inventaire du FDAC, par exemple « FDAC 2009.14 »."),
    )
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Utilisé dans l'adresse de la page publique de l'œuvre ; créé à partir du titre "
            "s'il est laissé vide."
        ),
    )
    title = models.CharField(_("titre"), max_length=255)
    artists = models.ManyToManyField(
        Artist,
        verbose_name=_("artistes"),
        related_name="artworks",
        blank=True,
        through="ArtworkArtist",
    )
    series = models.CharField(
        _("série"), max_length=150, blank=True, help_text=_("Par exemple « Clairs Obscurs ».")
    )
    year = models.PositiveSmallIntegerField(
        _("année de création"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    technique = models.CharField(_("technique"), max_length=255, blank=True)
    dimensions = models.CharField(
        _("dimensions"), max_length=120, blank=True, help_text=_("Par exemple « 80 × 120 cm ».")
    )
    acquisition_year = models.PositiveSmallIntegerField(
        _("année d'acquisition"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    description = models.TextField(_("présentation"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Réglez le point focal dans la bibliothèque d'images pour les recadrages."),
    )
    image_credit = models.CharField(
        _("crédit photographique"),
        max_length=255,
        blank=True,
        help_text=_("Affiché partout où l'image apparaît."),
    )
    rights_notice = models.CharField(
        _("mention des droits de reproduction"),
        max_length=255,
        blank=True,
        help_text=_("Affichée partout où l'image apparaît, par exemple « © ADAGP, Paris »."),
    )
    public_display_allowed = models.BooleanField(
        _("diffusion publique en ligne autorisée"),
        default=True,
        help_text=_(
            "Décochez si les droits interdisent de montrer l'œuvre en ligne : aucune image "
            "n'apparaîtra alors sur le site public."
        ),
    )
    handling_notes = models.TextField(
        _("fragilité et manipulation"),
        blank=True,
        help_text=_("Réservé aux équipes : emballage, accrochage, conditions de conservation."),
    )

    objects = ArtworkQuerySet.as_manager()

    base_form_class = ArtworkForm
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("inventory_number"), FieldPanel("slug")]),
                    NameToSlugPanel("title"),
                    MultipleChooserPanel(
                        "artist_links",
                        chooser_field_name="artist",
                        heading=_("Artistes"),
                        label=_("Artiste"),
                        help_text=_(
                            "« Ajouter : artiste » ouvre la liste des artistes : cherchez par nom, "
                            "cochez-en plusieurs à la fois."
                        ),
                    ),
                    FieldRowPanel([FieldPanel("series"), FieldPanel("year")]),
                    FieldRowPanel([FieldPanel("technique"), FieldPanel("dimensions")]),
                    FieldPanel("acquisition_year"),
                    FieldPanel("description"),
                ],
                heading=_("Fiche"),
            ),
            ObjectList(
                [
                    FieldPanel("image"),
                    MultiFieldPanel(
                        [
                            FieldPanel("image_credit"),
                            FieldPanel("rights_notice"),
                            FieldPanel("public_display_allowed"),
                        ],
                        heading=_("Droits"),
                    ),
                ],
                heading=_("Image et droits"),
            ),
            ObjectList([FieldPanel("handling_notes")], heading=_("Conservation")),
            ObjectList([MovementHistoryPanel()], heading=_("Localisation et historique")),
        ]
    )
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("inventory_number"),
        # Listings and choosers search by autocomplete (« FDAC 2009.14 », « Ellena »).
        index.AutocompleteField("inventory_number"),
        index.SearchField("series"),
        index.AutocompleteField("series"),
        index.RelatedFields(
            "artists", [index.SearchField("name"), index.AutocompleteField("name")]
        ),
        index.FilterField("series"),
        index.FilterField("inventory_number"),
        index.FilterField("title"),
        index.FilterField("year"),
        index.FilterField("id"),  # « libre le mois prochain » (ArtworkFilterSet) within a search
    ]

    class Meta:
        ordering = ["inventory_number"]
        verbose_name = _("œuvre")
        verbose_name_plural = _("œuvres")

    def __str__(self):
        return f"{self.title} ({self.inventory_number})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)

    @property
    def public_image(self):
        """The image the public site may show: none at all when the rights forbid it (this
        work's, or another's using the same image: its file is then private)."""
        if not self.public_display_allowed or self.image is None:
            return None
        return None if is_private_name(self.image.file.name) else self.image

    def artist_names(self):
        return ", ".join(artist.name for artist in self.artists.all())

    artist_names.short_description = _("artistes")

    def movement_history(self):
        """Every placement of the work, newest first (cancelled ones included, marked)."""
        return self.placements.select_related("venue__commune").order_by("-start_date")

    def current_placement(self, on=None):
        return self.placements.current(on).select_related("venue__commune").first()


class ArtworkArtist(Orderable):
    """One artist of a work (the work's `artists`), in the order the form shows them."""

    artwork = ParentalKey(
        Artwork, verbose_name=_("œuvre"), on_delete=models.CASCADE, related_name="artist_links"
    )
    artist = models.ForeignKey(
        Artist, verbose_name=_("artiste"), on_delete=models.CASCADE, related_name="artwork_links"
    )

    panels = [FieldPanel("artist")]

    class Meta(Orderable.Meta):
        verbose_name = _("artiste de l'œuvre")
        verbose_name_plural = _("artistes de l'œuvre")
        constraints = [
            models.UniqueConstraint(fields=["artwork", "artist"], name="artwork_artist_once")
        ]

    def __str__(self):
        return str(self.artist)
