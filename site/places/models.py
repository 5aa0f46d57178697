"""The territory: communes of Hauts-de-Seine, the SSTs that group them, and venues."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.search import index

from places.scoping import VenueScopedQuerySet


class SST(index.Indexed, models.Model):
    """A service des solidarités territoriales: a pôle social serving a group of communes."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("SST (service des solidarités territoriales)")
        verbose_name_plural = _("SST (services des solidarités territoriales)")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class CommuneQuerySet(models.QuerySet):
    def get_by_natural_key(self, insee_code):
        return self.get(insee_code=insee_code)


class Commune(index.Indexed, models.Model):
    insee_code = models.CharField(
        _("code INSEE"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d[\dAB]\d{3}$", _("Un code INSEE a 5 caractères."))],
    )
    name = models.CharField(_("nom"), max_length=100, unique=True)
    postal_code = models.CharField(
        _("code postal"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("Un code postal a 5 chiffres."))],
    )
    sst = models.ForeignKey(
        SST,
        verbose_name=_("SST"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communes",
    )

    objects = CommuneQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("insee_code"), FieldPanel("postal_code")]),
        FieldPanel("sst"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("insee_code"),
        index.SearchField("postal_code"),
        index.FilterField("sst"),
        index.FilterField("name"),
        index.FilterField("insee_code"),
        index.FilterField("postal_code"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.insee_code,)


class VenueKind(models.TextChoices):
    POLE_SOCIAL = "pole_social", _("Pôle social")
    ANTENNE = "antenne", _("Antenne")
    PMI = "pmi", _("PMI")
    COLLEGE = "college", _("Collège")
    CCAS = "ccas", _("CCAS")
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    RESIDENCE_SENIORS = "residence_seniors", _("Résidence seniors")
    MEDIATHEQUE = "mediatheque", _("Médiathèque")
    PARTENAIRE = "partenaire", _("Partenaire")
    AUTRE = "autre", _("Autre")


# The equipment a venue may declare, in the order shown to editors and visitors.
ACCESSIBILITY_FEATURES = [
    "step_free_access",
    "accessible_toilets",
    "hearing_loop",
    "reserved_parking",
    "adapted_signage",
]

# Île-de-France, generously: catches swapped or mistyped coordinates, lets a partner in Paris
# or a neighbouring département stay on the map.
LATITUDE_RANGE = (48.1, 49.3)
LONGITUDE_RANGE = (1.4, 3.6)

validate_french_phone = RegexValidator(
    r"^(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}$",
    _(
        "Saisissez un numéro de téléphone français à 10 chiffres, par exemple "
        "01 41 37 11 00 ou +33 1 41 37 11 00."
    ),
)


class VenueQuerySet(VenueScopedQuerySet):
    venue_path = ""

    def active(self):
        return self.filter(is_active=True)

    def get_by_natural_key(self, code):
        return self.get(code=code)


class Venue(index.Indexed, models.Model):
    """A place where programmes happen or works are shown; managed by some users."""

    name = models.CharField(_("nom"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_(
            "Identifiant court et stable (lettres, chiffres, tirets), utilisé dans les "
            "fichiers d'import et d'export."
        ),
    )
    kind = models.CharField(_("type de lieu"), max_length=30, choices=VenueKind.choices)
    address = models.CharField(
        _("adresse (numéro et voie)"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple « 9 rue de la Concorde » ; la commune est choisie à part."),
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="venues"
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("En degrés décimaux, par exemple 48,9145 (place le lieu sur la carte)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("En degrés décimaux, par exemple 2,2858."),
    )
    opening_hours = models.TextField(
        _("horaires d'ouverture"),
        blank=True,
        help_text=_(
            "Une ligne par jour ou par période, par exemple « Lundi–vendredi : 9 h–17 h »."
        ),
    )
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[validate_french_phone]
    )
    email = models.EmailField(_("courriel"), blank=True)
    public_transport = models.TextField(
        _("transports en commun"),
        blank=True,
        help_text=_("Lignes et arrêts les plus proches, par exemple « Métro 13 : Gabriel Péri »."),
    )
    step_free_access = models.BooleanField(
        _("accès de plain-pied"),
        default=False,
        help_text=_("Entrée sans marche, ou par rampe ou ascenseur."),
    )
    hearing_loop = models.BooleanField(_("boucle magnétique"), default=False)
    accessible_toilets = models.BooleanField(_("toilettes adaptées"), default=False)
    reserved_parking = models.BooleanField(_("places de stationnement réservées"), default=False)
    adapted_signage = models.BooleanField(
        _("signalétique adaptée"),
        default=False,
        help_text=_("Contrastée, en gros caractères ou en braille."),
    )
    accessibility_notes = models.TextField(
        _("précisions sur l'accessibilité"),
        blank=True,
        help_text=_("Ce que les cases ne disent pas : ascenseur, largeur des portes, accueil…"),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsables du lieu"),
        blank=True,
        related_name="managed_venues",
        help_text=_(
            "Les comptes qui saisissent les œuvres accueillies, les séances et la "
            "fréquentation de ce lieu."
        ),
    )

    objects = VenueQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("code"), FieldPanel("kind"), FieldPanel("is_active")],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("commune"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Adresse et position sur la carte"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_hours"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("public_transport"),
            ],
            heading=_("Accueil du public"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(name) for name in ACCESSIBILITY_FEATURES[:3]]),
                FieldRowPanel([FieldPanel(name) for name in ACCESSIBILITY_FEATURES[3:]]),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Accessibilité"),
        ),
        MultiFieldPanel(
            # Only those who reach every venue hand a venue to someone.
            [FieldPanel("managers", permission="places.access_all_venues")],
            heading=_("Responsables"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.SearchField("address"),
        index.RelatedFields("commune", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("commune"),
        index.FilterField("is_active"),
        index.FilterField("name"),
        index.FilterField("id"),  # a venue manager's search runs within their venues
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        permissions = [("access_all_venues", _("Accéder aux données de tous les lieux"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="venue_coordinates_both_or_neither",
                violation_error_message=_(
                    "Indiquez la latitude et la longitude, ou aucune des deux."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})" if self.commune_id else self.name

    def natural_key(self):
        return (self.code,)

    @property
    def sst(self):
        return self.commune.sst if self.commune_id else None

    @property
    def accessibility_features(self):
        """The labels of the equipment this venue has, in the order of the form."""
        return [
            self._meta.get_field(name).verbose_name
            for name in ACCESSIBILITY_FEATURES
            if getattr(self, name)
        ]

    @property
    def full_address(self):
        """Street, postcode and town on one line."""
        town = f"{self.commune.postal_code} {self.commune.name}"
        return f"{self.address}, {town}" if self.address else town

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def phone_uri(self):
        """The phone as a ``tel:`` target in international form (+33…)."""
        digits = re.sub(r"\D", "", self.phone or "")
        if not digits:
            return ""
        if self.phone.strip().startswith("+"):
            return f"+{digits}"
        if digits.startswith("0") and len(digits) == 10:
            return f"+33{digits[1:]}"
        return digits

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Indiquez la latitude et la longitude, ou aucune des deux.")}
            )
        if self.has_coordinates:
            errors = {}
            if not LATITUDE_RANGE[0] <= float(self.latitude) <= LATITUDE_RANGE[1]:
                errors["latitude"] = _(
                    "La latitude d'un lieu d'Île-de-France est comprise entre 48,1 et 49,3 "
                    "(Hauts-de-Seine : environ 48,9). Avez-vous inversé latitude et longitude ?"
                )
            if not LONGITUDE_RANGE[0] <= float(self.longitude) <= LONGITUDE_RANGE[1]:
                errors["longitude"] = _(
                    "La longitude d'un lieu d'Île-de-France est comprise entre 1,4 et 3,6 "
                    "(Hauts-de-Seine : environ 2,2). Avez-vous inversé latitude et longitude ?"
                )
            if errors:
                raise ValidationError(errors)


class VenueRecordLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Log entries of venue records follow the records: a venue manager reads only those of
        the records they may reach (Wagtail's own rule is per record type)."""
        from django.contrib.contenttypes.models import ContentType
        from django.db.models.functions import Cast
        from wagtail.permissions import policy_registry

        from places.scoping import ANY_ACTION, VENUE_SCOPED_MODELS, sees_all_venues

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        condition = Q(pk__in=[])
        for model in VENUE_SCOPED_MODELS:
            policy = policy_registry.get_by_type(model)
            if not policy.user_has_any_permission(user, ANY_ACTION):
                continue
            content_type = ContentType.objects.get_for_model(model)
            if sees_all_venues(user):
                condition |= Q(content_type=content_type)
            else:
                reachable = (
                    model._default_manager.for_user(user)
                    .annotate(log_object_id=Cast("pk", models.CharField()))
                    .values("log_object_id")
                )
                condition |= Q(content_type=content_type, object_id__in=reachable)
        return self.filter(condition)


class VenueRecordLogEntry(BaseLogEntry):
    """The history of venue-scoped records (venues, placements, mediation sessions, attendance),
    kept apart from Wagtail's general log so that its reports apply the venue scope."""

    object_id = models.CharField(max_length=255, blank=False, db_index=True)

    objects = VenueRecordLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("entrée du journal d'un lieu")
        verbose_name_plural = _("entrées du journal des lieux")
