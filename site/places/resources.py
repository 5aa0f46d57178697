"""The territory as spreadsheets: communes (by INSEE code), SSTs (by name), venues (by code)."""

from django.utils.translation import gettext_lazy as _

from places.models import SST, Commune, Venue, VenueKind
from places.scoping import VENUE_ROWS
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DecimalWidget,
    NaturalKeyWidget,
    TextWidget,
)


class SSTResource(SpreadsheetResource):
    name = column("name", _("Nom"), TextWidget())
    description = column("description", _("Description"), TextWidget())

    example = {"name": "SST 1 – Asnières-sur-Seine / Gennevilliers", "description": ""}

    class Meta:
        model = SST
        fields = ("name", "description")
        import_id_fields = ("name",)


class CommuneResource(SpreadsheetResource):
    insee_code = column("insee_code", _("Code INSEE"), TextWidget())
    name = column("name", _("Nom"), TextWidget())
    postal_code = column("postal_code", _("Code postal"), TextWidget())
    sst = column(
        "sst", _("SST"), NaturalKeyWidget(SST, "name", _("Aucun SST ne s'appelle « %(value)s »."))
    )

    example = {
        "insee_code": "92004",
        "name": "Asnières-sur-Seine",
        "postal_code": "92600",
        "sst": "SST 1 – Asnières-sur-Seine / Gennevilliers",
    }

    class Meta:
        model = Commune
        fields = ("insee_code", "name", "postal_code", "sst")
        import_id_fields = ("insee_code",)

    def get_queryset(self):
        return Commune.objects.select_related("sst")


class VenueResource(SpreadsheetResource):
    code = column("code", _("Code"), TextWidget())
    name = column("name", _("Nom"), TextWidget())
    kind = column("kind", _("Type de lieu"), ChoiceWidget(VenueKind.choices))
    address = column("address", _("Adresse"), TextWidget())
    commune = column(
        "commune",
        _("Code INSEE de la commune"),
        NaturalKeyWidget(
            Commune, "insee_code", _("Aucune commune n'a le code INSEE « %(value)s ».")
        ),
    )
    commune_name = column("commune__name", _("Commune"), TextWidget(), readonly=True)
    latitude = column("latitude", _("Latitude"), DecimalWidget())
    longitude = column("longitude", _("Longitude"), DecimalWidget())
    opening_hours = column("opening_hours", _("Horaires d'ouverture"), TextWidget())
    phone = column("phone", _("Téléphone"), TextWidget())
    email = column("email", _("Courriel"), TextWidget())
    public_transport = column("public_transport", _("Transports en commun"), TextWidget())
    step_free_access = column(
        "step_free_access", _("Accès de plain-pied"), BooleanWidget(), default=False
    )
    accessible_toilets = column(
        "accessible_toilets", _("Toilettes adaptées"), BooleanWidget(), default=False
    )
    hearing_loop = column("hearing_loop", _("Boucle magnétique"), BooleanWidget(), default=False)
    reserved_parking = column(
        "reserved_parking", _("Stationnement réservé"), BooleanWidget(), default=False
    )
    adapted_signage = column(
        "adapted_signage", _("Signalétique adaptée"), BooleanWidget(), default=False
    )
    accessibility_notes = column("accessibility_notes", _("Accessibilité"), TextWidget())
    is_active = column("is_active", _("Actif"), BooleanWidget(), default=True)

    venue_field = "code"
    example = {
        "code": "pole-social-asnieres",
        "name": "Pôle social d'Asnières-sur-Seine",
        "kind": VenueKind.POLE_SOCIAL.label,
        "address": "9 rue de la Concorde",
        "commune": "92004",
        "commune_name": "Asnières-sur-Seine",
        "latitude": "48,9145",
        "longitude": "2,2858",
        "opening_hours": "Lundi–vendredi : 8 h 30–17 h 30",
        "phone": "01 41 11 00 00",
        "email": "pole.asnieres@exemple.fr",
        "public_transport": "Métro 13 : Gabriel Péri",
        "step_free_access": "oui",
        "accessible_toilets": "oui",
        "hearing_loop": "non",
        "reserved_parking": "oui",
        "adapted_signage": "non",
        "accessibility_notes": "Ascenseur vers les salles du 1er étage",
        "is_active": "oui",
    }

    class Meta:
        model = Venue
        fields = (
            "code",
            "name",
            "kind",
            "address",
            "commune",
            "commune_name",
            "latitude",
            "longitude",
            "opening_hours",
            "phone",
            "email",
            "public_transport",
            "step_free_access",
            "accessible_toilets",
            "hearing_loop",
            "reserved_parking",
            "adapted_signage",
            "accessibility_notes",
            "is_active",
        )
        import_id_fields = ("code",)

    def get_queryset(self):
        return Venue.objects.select_related("commune")


registry.register("communes", CommuneResource)
registry.register("sst", SSTResource)
registry.register("lieux", VenueResource, row_scope=VENUE_ROWS)
