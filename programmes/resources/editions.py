"""Editions as spreadsheets, and their targets and planned classes as two more sheets (one row
per target or per collège and level), so that each cell holds one value.

Keys, which make a second import of the same file change nothing:
- an edition: its name (unique);
- a target: edition + public + the set of venues to reach (a target has no name of its own,
  and an edition may split one public between groups of venues). A row naming another set of
  venues is another target: change the venues of an existing target in the edition's form;
- planned classes: edition + collège + level (unique in the database).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places.models import Commune, Venue, VenueKind
from programmes.models import Audience, Edition, EditionClass, EditionTarget, SchoolLevel
from programmes.resources.common import (
    CodesWidget,
    ProgrammeWidget,
    related_set,
)
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NaturalKeyWidget,
    TextWidget,
)


def communes_widget():
    return CodesWidget(
        Commune, "insee_code", gettext_lazy("Code(s) INSEE inconnu(s) : « %(value)s ».")
    )


def venues_widget():
    return CodesWidget(Venue, "code", gettext_lazy("Code(s) de lieu inconnu(s) : « %(value)s »."))


class EditionWidget(NaturalKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(
            Edition, "name", gettext_lazy("Aucune édition ne s'appelle « %(value)s »."), **kwargs
        )


class AudienceWidget(NaturalKeyWidget):
    """A public by name (as exported) or identifier."""

    def __init__(self, **kwargs):
        super().__init__(
            Audience,
            "name",
            gettext_lazy("Aucun public ne s'appelle « %(value)s » ni n'a cet identifiant."),
            **kwargs,
        )

    def keys(self, obj):
        return [obj.name, obj.slug]


class CollegeWidget(NaturalKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(
            Venue, "code", gettext_lazy("Aucun lieu n'a le code « %(value)s »."), **kwargs
        )

    def clean(self, value, row=None, **kwargs):
        venue = super().clean(value, row, **kwargs)
        if venue is not None and venue.kind != VenueKind.COLLEGE:
            raise ValueError(
                _("Le lieu « %(value)s » n'est pas un collège.") % {"value": venue.code}
            )
        return venue


class EditionResource(SpreadsheetResource):
    repeat_new_unchanged = True
    name = column("name", gettext_lazy("Nom"), TextWidget())
    programme = column("programme", gettext_lazy("Programme"), ProgrammeWidget())
    start_date = column("start_date", gettext_lazy("Début"), DateWidget())
    end_date = column("end_date", gettext_lazy("Fin"), DateWidget())
    description = column("description", gettext_lazy("Description"), TextWidget())
    communes = related_set("communes", gettext_lazy("Communes (codes INSEE)"), communes_widget())
    venues = related_set("venues", gettext_lazy("Lieux (codes)"), venues_widget())

    example = {
        "name": "Toutes culottées 2025-2026",
        "programme": "toutes-culottees",
        "start_date": "01/09/2025",
        "end_date": "30/06/2026",
        "description": "Tous les collèges d'Asnières-sur-Seine et de Gennevilliers.",
        "communes": "92004; 92036",
        "venues": "college-voltaire; college-guy-moquet",
    }

    class Meta:
        model = Edition
        fields = (
            "name",
            "programme",
            "start_date",
            "end_date",
            "description",
            "communes",
            "venues",
        )
        import_id_fields = ("name",)

    #: an edition is named by its name without case: the few editions are read whole
    load_whole_table = True

    def get_queryset(self):
        return Edition.objects.select_related("programme").prefetch_related("communes", "venues")


class EditionTargetResource(SpreadsheetResource):
    repeat_new_unchanged = True
    edition = column("edition", gettext_lazy("Édition"), EditionWidget())
    audience = column("audience", gettext_lazy("Public"), AudienceWidget())
    people_count = column("people_count", gettext_lazy("Nombre de personnes"), IntegerWidget())
    venues = related_set("venues", gettext_lazy("Lieux à atteindre (codes)"), venues_widget())

    example = {
        "edition": "Toutes culottées 2025-2026",
        "audience": "Collégiennes",
        "people_count": "1800",
        "venues": "college-voltaire; college-guy-moquet",
    }

    class Meta:
        model = EditionTarget
        fields = ("edition", "audience", "people_count", "venues")
        import_id_fields = ("edition", "audience", "venues")

    def get_queryset(self):
        return (
            EditionTarget.objects.select_related("edition", "audience")
            .prefetch_related("venues")
            .order_by("-edition__start_date", "edition__name", "sort_order", "pk")
        )

    def before_write(self, instance, row, new):
        """A new one goes after its edition's others (written row by row for this)."""
        if instance.sort_order is None:
            instance.sort_order = EditionTarget.objects.filter(edition=instance.edition).count()


class EditionClassResource(SpreadsheetResource):
    repeat_new_unchanged = True
    edition = column("edition", gettext_lazy("Édition"), EditionWidget())
    venue = column("venue", gettext_lazy("Code du collège"), CollegeWidget())
    venue_name = column("venue__name", gettext_lazy("Collège"), TextWidget(), readonly=True)
    level = column("level", gettext_lazy("Niveau"), ChoiceWidget(SchoolLevel.choices))
    class_count = column("class_count", gettext_lazy("Nombre de classes"), IntegerWidget())

    optional_key_fields = ("venue",)
    example = {
        "edition": "Toutes culottées 2025-2026",
        "venue": "college-voltaire",
        "venue_name": "Collège Voltaire",
        "level": SchoolLevel.CINQUIEME.label,
        "class_count": "4",
    }

    class Meta:
        model = EditionClass
        fields = ("edition", "venue", "venue_name", "level", "class_count")
        import_id_fields = ("edition", "venue", "level")

    def get_queryset(self):
        return EditionClass.objects.select_related("edition", "venue").order_by(
            "-edition__start_date", "edition__name", "sort_order", "pk"
        )

    def before_write(self, instance, row, new):
        """A new one goes after its edition's others (written row by row for this)."""
        if instance.sort_order is None:
            instance.sort_order = EditionClass.objects.filter(edition=instance.edition).count()


registry.register("editions", EditionResource)
registry.register(
    "objectifs-editions", EditionTargetResource, label=gettext_lazy("objectifs des éditions")
)
registry.register(
    "classes-editions", EditionClassResource, label=gettext_lazy("classes des éditions")
)
