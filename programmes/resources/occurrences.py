"""The dates of events as a spreadsheet (« Dates d'événements »).

A date is found by its public identifier (« Identifiant de la séance », the UUID its calendar
entries carry, the column the attendance sheet uses too).
A row without one names a date by its event and start: it updates the event's date that starts
then, or else creates a new date — so importing the same file twice creates nothing the second
time. The event is written as its programme's page slug plus its own page slug (or exact title):
an event page's slug is unique only under its programme, and a programme's slug is what the
public address shows.

A date created by import is the staff's own (changed by hand, with an « i-… » rule slot that no
rule produces: rules make « single », « w-AAAAMMJJ » and « d-<id> », the admin « m-… »); a date
changed by import is marked changed by hand (`Occurrence.mark_changed_by_hand`), so that
regenerating the event's rule leaves both alone. A date never moves to another event.
"""

import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.instance_loaders import ModelInstanceLoader

from places.models import Commune, Venue
from programmes.models import EventPage, Occurrence, OccurrenceStatus
from programmes.resources.common import Directory, ProgrammeWidget
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateTimeWidget,
    NaturalKeyWidget,
    TextWidget,
)

IMPORTED_RULE_KEY_PREFIX = "i-"
PROGRAMME_HEADING = gettext_lazy("Programme")


class UUIDWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(
                _(
                    "« %(value)s » n'est pas un identifiant de séance (laissez vide pour une "
                    "nouvelle date)."
                )
                % {"value": text}
            ) from None

    def render(self, value, obj=None, text=True, **kwargs):
        return "" if value is None else str(value)


class EventWidget(widgets.ForeignKeyWidget):
    """An event by its page slug (or exact title) within the programme named in the row's
    « Programme » column; written as its slug."""

    def __init__(self, programme_column, **kwargs):
        self.programme_column = programme_column
        self.programmes = ProgrammeWidget()
        self._directory = None
        super().__init__(EventPage, field="pk", **kwargs)

    def reset(self):
        self._directory = None
        self.programmes.reset()

    @property
    def directory(self):
        if self._directory is None:
            events = EventPage.objects.filter(programme__isnull=False).select_related("programme")
            self._directory = Directory(
                events, lambda e: [f"{e.programme_id}/{e.slug}", f"{e.programme_id}/{e.title}"]
            )
        return self._directory

    def clean(self, value, row=None, **kwargs):
        programme_cell = (row or {}).get(str(self.programme_column))
        if TextWidget().clean(programme_cell) == "":
            raise ValueError(
                _(
                    "Indiquez aussi le programme (identifiant de sa page) pour retrouver "
                    "l'événement."
                )
            )
        programme = self.programmes.clean(programme_cell)
        name = TextWidget().clean(value)
        if not name:
            raise ValueError(_("Indiquez l'événement (identifiant de sa page)."))
        matches = self.directory.matches(f"{programme.pk}/{name}")
        if len(matches) == 1:
            return matches[0]
        if matches:
            message = _(
                "Plusieurs événements de « %(programme)s » s'appellent « %(value)s » : "
                "indiquez l'identifiant de la page."
            )
        else:
            message = _("Le programme « %(programme)s » n'a pas d'événement « %(value)s ».")
        raise ValueError(message % {"programme": programme.slug, "value": name})

    def render(self, value, obj=None, text=True, **kwargs):
        return "" if value is None else TextWidget().render(value.slug)


class OccurrenceLoader(ModelInstanceLoader):
    """By identifier when the row has one, else by event and start; one query for the file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.by_uuid, self.by_start = {}, defaultdict(list)
        uuids, events = set(), set()
        for row in dataset.dict if dataset is not None else []:
            identifier = self._clean(resource.fields["uuid"], row)
            if identifier:
                uuids.add(identifier)
            elif event := self._clean(resource.fields["event"], row):
                events.add(event.pk)
        if uuids or events:
            found = resource.get_queryset().filter(Q(uuid__in=uuids) | Q(event__in=events))
            for occurrence in found:
                self.remember(occurrence)

    @staticmethod
    def _clean(field, row):
        try:
            return field.clean(row)
        except (ValueError, KeyError):
            return None  # the row's own import reports the bad value

    def remember(self, occurrence):
        self.by_uuid[occurrence.uuid] = occurrence
        matches = self.by_start[(occurrence.event_id, occurrence.start)]
        if occurrence not in matches:
            matches.append(occurrence)

    def get_instance(self, row):
        fields = self.resource.fields
        identifier = self._clean(fields["uuid"], row)
        if identifier:
            return self.by_uuid.get(identifier)
        event, start = self._clean(fields["event"], row), self._clean(fields["start"], row)
        if event is None or start is None:
            return None
        matches = self.by_start.get((event.pk, start), [])
        if len(matches) > 1:
            raise ValidationError(
                {
                    "uuid": _(
                        "Plusieurs dates de cet événement commencent à cette heure : "
                        "indiquez l'identifiant de celle à modifier."
                    )
                }
            )
        return matches[0] if matches else None


class OccurrenceResource(SpreadsheetResource):
    uuid = column("uuid", gettext_lazy("Identifiant de la séance"), UUIDWidget(), readonly=True)
    programme = column("event__programme__slug", PROGRAMME_HEADING, TextWidget(), readonly=True)
    event = column("event", gettext_lazy("Événement"), EventWidget(PROGRAMME_HEADING))
    event_title = column(
        "event__title", gettext_lazy("Titre de l'événement"), TextWidget(), readonly=True
    )
    start = column("start", gettext_lazy("Début"), DateTimeWidget())
    end = column("end", gettext_lazy("Fin"), DateTimeWidget())
    venue = column(
        "venue",
        gettext_lazy("Code du lieu"),
        NaturalKeyWidget(Venue, "code", gettext_lazy("Aucun lieu n'a le code « %(value)s ».")),
    )
    address = column("address", gettext_lazy("Adresse"), TextWidget())
    commune = column(
        "commune",
        gettext_lazy("Code INSEE de la commune"),
        NaturalKeyWidget(
            Commune,
            "insee_code",
            gettext_lazy("Aucune commune n'a le code INSEE « %(value)s »."),
        ),
    )
    status = column(
        "status",
        gettext_lazy("Statut"),
        ChoiceWidget(OccurrenceStatus.choices),
        default=OccurrenceStatus.SCHEDULED,
    )
    note = column("note", gettext_lazy("Annotation"), TextWidget())
    changed_by_hand = column(
        "changed_by_hand", gettext_lazy("Modifiée à la main"), BooleanWidget(), readonly=True
    )

    example = {
        "uuid": "",
        "programme": "bus-sante-femmes",
        "event": "tournee-du-bus",
        "event_title": "Tournée du Bus Santé Femmes",
        "start": "12/06/2025 09:30",
        "end": "12/06/2025 16:30",
        "venue": "",
        "address": "Place du marché",
        "commune": "92036",
        "status": OccurrenceStatus.SCHEDULED.label,
        "note": "Reporté au jeudi à cause du marché",
        "changed_by_hand": "oui",
    }

    class Meta:
        model = Occurrence
        fields = (
            "uuid",
            "programme",
            "event",
            "event_title",
            "start",
            "end",
            "venue",
            "address",
            "commune",
            "status",
            "note",
            "changed_by_hand",
        )
        import_id_fields = ("uuid",)
        instance_loader_class = OccurrenceLoader

    def get_queryset(self):
        return Occurrence.objects.select_related("event__programme", "venue", "commune")

    def required_columns(self):
        return [self.fields[name].column_name for name in ("programme", "event", "start", "end")]

    def import_data(self, *args, **kwargs):
        self._loader = None  # the widgets' lookups are reset by SpreadsheetResource
        return super().import_data(*args, **kwargs)

    def get_instance(self, instance_loader, row):
        """Always ask the loader: a file without « Identifiant » still finds dates by start."""
        self._loader = instance_loader
        return instance_loader.get_instance(row)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self._row_state["before"] = (instance.event_id, instance.venue_id, instance.commune_id)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        new = self._row_state.get("new", True)
        event_before, venue_before, commune_before = self._row_state.get("before")
        try:
            identifier = self.fields["uuid"].clean(row)
        except KeyError:
            identifier = None
        except ValueError as error:  # read-only: import-export does not clean it itself
            identifier = None
            errors.setdefault("uuid", []).append(ValidationError(str(error)))
        if new and identifier:
            errors.setdefault("uuid", []).append(
                ValidationError(
                    _(
                        "Aucune date n'a l'identifiant « %(value)s » (supprimée depuis "
                        "l'export ?) : videz la cellule pour créer une nouvelle date."
                    )
                    % {"value": identifier}
                )
            )
        if not new and "event" not in errors and instance.event_id != event_before:
            errors.setdefault("event", []).append(
                ValidationError(
                    _(
                        "Une date ne change pas d'événement : annulez-la et créez-en une "
                        "(ligne sans identifiant) dans l'autre événement."
                    )
                )
            )
        # As the model and the admin form do: a date at a venue is in the venue's commune
        # unless the row names another one along with a new venue.
        moved = instance.venue_id != venue_before and instance.commune_id == commune_before
        if instance.venue_id and (instance.commune_id is None or moved):
            instance.commune_id = instance.venue.commune_id
        if new:
            instance.rule_key = f"{IMPORTED_RULE_KEY_PREFIX}{instance.uuid.hex}"
            instance.changed_by_hand = True
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if not self._row_state.get("new", True):
            instance.mark_changed_by_hand()

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if self._row_state.get("new") and self._loader is not None:
            self._loader.remember(instance)


registry.register("dates-evenements", OccurrenceResource)
