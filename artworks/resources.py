"""The FDAC collection as spreadsheets: artists (by identifier), works (by FDAC inventory
number), placements (work + venue + start date) and mediation sessions (placement found from
the work, the venue and the session's date, + date and time). Images are never imported.

Placements and sessions are venue-scoped: a venue manager imports and exports only their
venues' rows. The overlap rule holds on import because every row goes through
`Placement.clean()` inside the import's transaction, so a row also meets the rows before it;
on PostgreSQL the exclusion constraint backs it. A row whose key (work, venue, start date —
or placement and time for a session) is new is a new record: moving a placement's start is
done in the admin, or by cancelling the old row and adding the new one.
"""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from artworks.models import (
    Artist,
    Artwork,
    AudienceType,
    LeaderKind,
    MediationSession,
    Placement,
    PlacementStatus,
)
from artworks.services import write_without_overlap
from artworks.slugs import unique_slug
from places.models import Venue
from places.scoping import VENUE_ROWS
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.keys import KeyLoader
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    IntegerWidget,
    NaturalKeyWidget,
    TextWidget,
    escape_formula,
    is_blank,
    unescape_formula,
)

ARTIST_SEPARATOR = ";"


class ArtistDirectory:
    """Artists found by identifier (slug), else by name; a name two artists share must be
    given as an identifier. One KeyLoader, each artist under both keys."""

    def __init__(self):
        self.artists = KeyLoader(
            Artist.objects.all(), lambda artist: [("slug", artist.slug), ("name", artist.name)]
        )

    def find(self, key):
        key = key.strip()
        by_slug = self.artists.matches(("slug", key))
        if by_slug:
            return by_slug[0]
        matches = self.artists.matches(("name", key))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(
                _("Aucun artiste ne s'appelle « %(value)s » ni n'a cet identifiant.")
                % {"value": key}
            )
        raise ValueError(
            _("Plusieurs artistes s'appellent « %(value)s » : indiquez l'identifiant (%(slugs)s).")
            % {"value": key, "slugs": ", ".join(a.slug for a in matches)}
        )

    def label(self, artist):
        """The name when it finds this artist back, else the identifier."""
        try:
            return artist.name if self.find(artist.name) == artist else artist.slug
        except ValueError:
            return artist.slug


class _ArtistDirectoryMixin:
    _directory = None

    @property
    def directory(self):
        if self._directory is None:
            self._directory = ArtistDirectory()
        return self._directory

    def reset(self):
        self._directory = None


class ArtistsWidget(_ArtistDirectoryMixin, widgets.ManyToManyWidget):
    """Several artists in one cell, by name or identifier, separated by « ; »."""

    def __init__(self, **kwargs):
        super().__init__(Artist, separator=ARTIST_SEPARATOR, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return []
        keys = unescape_formula(str(value).strip()).split(self.separator)
        found = []
        for key in filter(str.strip, keys):
            artist = self.directory.find(key)
            if artist not in found:
                found.append(artist)
        return found

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        labels = [self.directory.label(artist) for artist in value.all()]
        return escape_formula(f"{self.separator} ".join(labels))


class ArtistWidget(_ArtistDirectoryMixin, NaturalKeyWidget):
    """One artist, by name or identifier."""

    def __init__(self, **kwargs):
        super().__init__(Artist, "slug", "", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        return self.directory.find(unescape_formula(str(value).strip()))

    def render(self, value, obj=None, text=True, **kwargs):
        return "" if value is None else escape_formula(self.directory.label(value))


class PlacementWidget(NaturalKeyWidget):
    """A session's placement, written as the work's inventory number; the venue code and the
    session's date, in their own columns of the row, tell which of the work's placements."""

    def __init__(self, venue_column, moment_column, **kwargs):
        self.venue_column = venue_column
        self.moment_column = moment_column
        super().__init__(Placement, "pk", "", **kwargs)

    def queryset(self):
        return Placement.objects.select_related("artwork", "venue").order_by("-start_date")

    def keys(self, placement):
        return [(placement.artwork.inventory_number, placement.venue.code)]

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        number = TextWidget().clean(value)
        code = TextWidget().clean(row.get(self.venue_column))
        if not number:
            raise ValueError(_("Indiquez le numéro d'inventaire de l'œuvre."))
        if not code:
            raise ValueError(_("Indiquez aussi le code du lieu pour retrouver le placement."))
        try:
            moment = DateTimeWidget().clean(row.get(self.moment_column))
        except ValueError:
            moment = None
        if moment is None:
            raise ValueError(_("Indiquez une date et heure valide pour retrouver le placement."))
        day = timezone.localtime(moment).date()
        covering = [
            p for p in self.loader.matches((number, code)) if p.start_date <= day <= p.end_date
        ]
        if not covering:
            raise ValueError(
                _(
                    "Aucun placement de l'œuvre « %(work)s » au lieu « %(venue)s » ne couvre "
                    "le %(date)s."
                )
                % {"work": number, "venue": code, "date": day.strftime("%d/%m/%Y")}
            )
        covering.sort(key=lambda p: p.status == PlacementStatus.CANCELLED)
        return covering[0]

    def render(self, value, obj=None, text=True, **kwargs):
        return "" if value is None else escape_formula(value.artwork.inventory_number)


class ArtistResource(SpreadsheetResource):
    slug = column("slug", gettext_lazy("Identifiant"), TextWidget())
    name = column("name", gettext_lazy("Nom"), TextWidget())
    biography = column("biography", gettext_lazy("Biographie"), TextWidget())
    website = column("website", gettext_lazy("Site web"), TextWidget())

    # Keys that no real record has: importing the template unchanged overwrites nothing.
    example = {
        "slug": "artiste-exemple",
        "name": "Artiste d'exemple",
        "biography": "Photographe française née en 1966.",
        "website": "https://www.exemple.fr",
    }

    class Meta:
        model = Artist
        fields = ("slug", "name", "biography", "website")
        import_id_fields = ("slug",)

    def required_columns(self):
        return [self.fields["name"].column_name]

    def _with_slug(self, headers):
        slug_column = self.fields["slug"].column_name
        if self.fields["name"].column_name in headers and slug_column not in headers:
            return [*headers, slug_column]
        return headers

    def load_batch(self, headers, rows):
        super().load_batch(self._with_slug(headers), rows)

    def read_row(self, headers, values):
        """An empty or missing « Identifiant » is made from the name (as the admin does); a typed
        one with accents or spaces is written plainly (« Véronique Ellena » → veronique-ellena)."""
        row = super().read_row(headers, values)
        slug_column = self.fields["slug"].column_name
        name_column = self.fields["name"].column_name
        if name_column in row:
            slug, name = row.get(slug_column), row[name_column]
            row[slug_column] = (
                slugify(name or "") if is_blank(slug) else (slugify(str(slug)) or slug)
            )
        return row


class ArtworkResource(SpreadsheetResource):
    inventory_number = column(
        "inventory_number", gettext_lazy("Numéro d'inventaire FDAC"), TextWidget()
    )
    title = column("title", gettext_lazy("Titre"), TextWidget())
    artists = column("artists", gettext_lazy("Artistes"), ArtistsWidget())
    series = column("series", gettext_lazy("Série"), TextWidget())
    year = column("year", gettext_lazy("Année de création"), IntegerWidget())
    technique = column("technique", gettext_lazy("Technique"), TextWidget())
    dimensions = column("dimensions", gettext_lazy("Dimensions"), TextWidget())
    acquisition_year = column(
        "acquisition_year", gettext_lazy("Année d'acquisition"), IntegerWidget()
    )
    description = column("description", gettext_lazy("Présentation"), TextWidget())
    image_credit = column("image_credit", gettext_lazy("Crédit photographique"), TextWidget())
    rights_notice = column(
        "rights_notice", gettext_lazy("Mention des droits de reproduction"), TextWidget()
    )
    public_display_allowed = column(
        "public_display_allowed",
        gettext_lazy("Diffusion en ligne autorisée"),
        BooleanWidget(),
        default=True,
    )
    handling_notes = column(
        "handling_notes", gettext_lazy("Fragilité et manipulation"), TextWidget()
    )
    slug = column("slug", gettext_lazy("Identifiant d'adresse"), TextWidget())

    example = {
        "inventory_number": "FDAC 0000.1",
        "title": "Œuvre d'exemple",
        "artists": "Artiste d'exemple",
        "series": "Série d'exemple",
        "year": "2008",
        "technique": "Photographie, tirage argentique",
        "dimensions": "80 × 120 cm",
        "acquisition_year": "2009",
        "description": "",
        "image_credit": "Photo : Artiste d'exemple",
        "rights_notice": "© ADAGP, Paris",
        "public_display_allowed": "oui",
        "handling_notes": "Cadre fragile : porter à deux.",
        "slug": "fdac-0000-1",
    }

    class Meta:
        model = Artwork
        fields = (
            "inventory_number",
            "title",
            "artists",
            "series",
            "year",
            "technique",
            "dimensions",
            "acquisition_year",
            "description",
            "image_credit",
            "rights_notice",
            "public_display_allowed",
            "handling_notes",
            "slug",
        )
        import_id_fields = ("inventory_number",)

    def get_queryset(self):
        return Artwork.objects.prefetch_related("artists")

    def fill(self, instance, row):
        """Also gives a new work its address identifier from its inventory number (its artists
        are set after it is saved: written row by row)."""
        errors = super().fill(instance, row)
        instance._import_slug_made = False
        if instance.slug:
            instance.slug = slugify(instance.slug) or instance.slug
        elif instance.inventory_number:
            instance.slug = unique_slug(instance, instance.inventory_number.replace(".", "-"))
            instance._import_slug_made = True
        return errors

    def before_write(self, instance, row, new):
        """A made identifier is made again against the rows written before this one."""
        if getattr(instance, "_import_slug_made", False):
            instance.slug = unique_slug(instance, instance.inventory_number.replace(".", "-"))


class PlacementResource(SpreadsheetResource):
    artwork = column(
        "artwork",
        gettext_lazy("Numéro d'inventaire FDAC"),
        NaturalKeyWidget(
            Artwork,
            "inventory_number",
            gettext_lazy("Aucune œuvre n'a le numéro d'inventaire « %(value)s »."),
        ),
    )
    artwork_title = column("artwork__title", gettext_lazy("Œuvre"), TextWidget(), readonly=True)
    venue = column(
        "venue",
        gettext_lazy("Code du lieu"),
        NaturalKeyWidget(Venue, "code", gettext_lazy("Aucun lieu n'a le code « %(value)s ».")),
    )
    venue_name = column("venue__name", gettext_lazy("Lieu"), TextWidget(), readonly=True)
    start_date = column("start_date", gettext_lazy("Début"), DateWidget())
    end_date = column("end_date", gettext_lazy("Fin"), DateWidget())
    status = column(
        "status",
        gettext_lazy("Statut"),
        ChoiceWidget(PlacementStatus.choices),
        default=PlacementStatus.PLANNED,
    )
    notes = column("notes", gettext_lazy("Remarques"), TextWidget())
    install_condition_notes = column(
        "install_condition_notes", gettext_lazy("État à l'installation"), TextWidget()
    )
    removal_condition_notes = column(
        "removal_condition_notes", gettext_lazy("État au retrait"), TextWidget()
    )

    #: what only programme staff may change: the admin form's set (the model declares it)
    staff_only = Placement.STAFF_ONLY_FIELDS
    #: a row meets the rows above it (the overlap rule): each is written before the next
    sequential = True

    example = {
        "artwork": "FDAC 2009.14",
        "artwork_title": "Clairs Obscurs n° 3",
        "venue": "pole-social-asnieres",
        "venue_name": "Pôle social d'Asnières-sur-Seine",
        "start_date": "02/06/2025",
        "end_date": "30/07/2025",
        "status": PlacementStatus.PLANNED.label,
        "notes": "",
        "install_condition_notes": "",
        "removal_condition_notes": "",
    }

    class Meta:
        model = Placement
        fields = (
            "artwork",
            "artwork_title",
            "venue",
            "venue_name",
            "start_date",
            "end_date",
            "status",
            "notes",
            "install_condition_notes",
            "removal_condition_notes",
        )
        import_id_fields = ("artwork", "venue", "start_date")

    def get_queryset(self):
        return Placement.objects.select_related("artwork", "venue")

    def save_row(self, instance, row, new):
        """Written as the admin writes a placement (services.write_without_overlap): when two
        writers race, PostgreSQL's exclusion constraint has the last word and its refusal is
        reported like the check's, naming the conflicting placement; a deadlock between the
        racing writers (PostgreSQL aborts one) is tried again."""

        def write():
            super(PlacementResource, self).save_row(instance, row, new)

        def forget_failed_insert():
            if new:
                instance.pk = None

        def find_conflicts():  # a cancelled placement holds nothing (as in Placement.clean)
            if instance.status == PlacementStatus.CANCELLED:
                return []
            return list(instance.conflicting_placements()[:3])

        write_without_overlap(write, find_conflicts, after_refusal=forget_failed_insert)

    def begin_row(self, instance, new, row):
        super().begin_row(instance, new, row)
        self._row_state["staff_before"] = {
            name: self._staff_value(instance, name) for name in self.staff_only
        }

    @staticmethod
    def _staff_value(instance, name):
        """A staff-only field's value, as its column (`artwork_id`, no query for a key)."""
        return getattr(instance, Placement._meta.get_field(name).attname)

    def access_errors(self, instance):
        errors = super().access_errors(instance)
        if errors or not self._restricted() or self._row_state.get("new", True):
            return errors
        before = self._row_state.get("staff_before", {})
        changed = [
            self.fields[name].column_name
            for name in self.staff_only
            if self._staff_value(instance, name) != before.get(name)
        ]
        if changed:
            first = next(n for n in self.staff_only if self.fields[n].column_name in changed)
            message = _(
                "Seule l'équipe des programmes peut modifier « %(columns)s » ; confirmez "
                "l'installation ou le retrait depuis la liste des placements."
            ) % {"columns": " », « ".join(changed)}
            return {first: [message]}
        return errors


class MediationSessionResource(SpreadsheetResource):
    placement = column(
        "placement",
        gettext_lazy("Numéro d'inventaire FDAC"),
        PlacementWidget(str(gettext_lazy("Code du lieu")), str(gettext_lazy("Date et heure"))),
    )
    artwork_title = column(
        "placement__artwork__title", gettext_lazy("Œuvre"), TextWidget(), readonly=True
    )
    venue_code = column(
        "placement__venue__code", gettext_lazy("Code du lieu"), TextWidget(), readonly=True
    )
    starts_at = column("starts_at", gettext_lazy("Date et heure"), DateTimeWidget())
    duration_minutes = column(
        "duration_minutes", gettext_lazy("Durée (minutes)"), IntegerWidget(), default=60
    )
    led_by = column("led_by", gettext_lazy("Animée par"), ChoiceWidget(LeaderKind.choices))
    artist = column("artist", gettext_lazy("Artiste"), ArtistWidget())
    leader_name = column("leader_name", gettext_lazy("Intervenant·e"), TextWidget())
    audience = column("audience", gettext_lazy("Public"), ChoiceWidget(AudienceType.choices))
    is_public = column(
        "is_public", gettext_lazy("Annoncée sur le site public"), BooleanWidget(), default=True
    )
    attendance_total = column(
        "attendance_total", gettext_lazy("Participants (total)"), IntegerWidget()
    )
    attendance_adults = column("attendance_adults", gettext_lazy("Dont adultes"), IntegerWidget())
    attendance_children = column(
        "attendance_children", gettext_lazy("Dont enfants"), IntegerWidget()
    )
    notes = column("notes", gettext_lazy("Remarques"), TextWidget())

    venue_field = "venue_code"
    example = {
        "placement": "FDAC 2009.14",
        "artwork_title": "Clairs Obscurs n° 3",
        "venue_code": "pole-social-asnieres",
        "starts_at": "12/06/2025 14:30",
        "duration_minutes": "60",
        "led_by": LeaderKind.ARTIST.label,
        "artist": "Véronique Ellena",
        "leader_name": "",
        "audience": AudienceType.FAMILIES.label,
        "is_public": "oui",
        "attendance_total": "18",
        "attendance_adults": "8",
        "attendance_children": "10",
        "notes": "",
    }

    class Meta:
        model = MediationSession
        fields = (
            "placement",
            "artwork_title",
            "venue_code",
            "starts_at",
            "duration_minutes",
            "led_by",
            "artist",
            "leader_name",
            "audience",
            "is_public",
            "attendance_total",
            "attendance_adults",
            "attendance_children",
            "notes",
        )
        import_id_fields = ("placement", "starts_at")

    def get_queryset(self):
        return MediationSession.objects.select_related(
            "placement__artwork", "placement__venue", "artist"
        )

    def required_columns(self):
        return [*super().required_columns(), self.fields["venue_code"].column_name]


registry.register("artistes", ArtistResource)
registry.register("oeuvres", ArtworkResource)
registry.register("placements", PlacementResource, row_scope=VENUE_ROWS)
registry.register("seances-mediation", MediationSessionResource, row_scope=VENUE_ROWS)
