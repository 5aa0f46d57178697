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

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from places.models import Commune, Venue
from programmes.models import EventPage, Occurrence, OccurrenceStatus
from programmes.resources.common import ProgrammeWidget
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.keys import KeyLoader
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
        self._events = None
        super().__init__(EventPage, field="pk", **kwargs)

    def reset(self):
        self._events = None
        self.programmes.reset()

    @property
    def events(self):
        if self._events is None:
            events = EventPage.objects.filter(programme__isnull=False).select_related("programme")
            self._events = KeyLoader(
                events, lambda e: [(e.programme_id, e.slug), (e.programme_id, e.title)]
            )
        return self._events

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
        matches = self.events.matches((programme.pk, name))
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


class OccurrenceResource(SpreadsheetResource):
    repeat_new_unchanged = True
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

    def get_queryset(self):
        return Occurrence.objects.select_related("event__programme", "venue", "commune")

    def required_columns(self):
        return [self.fields[name].column_name for name in ("programme", "event", "start", "end")]

    def _clean(self, name, row):
        try:
            return self.fields[name].clean(row)
        except (ValueError, KeyError):
            return None  # the row's own check reports the bad value

    def load_batch(self, headers, rows):
        """The batch's dates: by identifier when a row has one, else every date of the events
        the rows name (found by their start)."""
        super().load_batch(headers, [])
        uuids, events = set(), set()
        for values in rows:
            row = self.read_row(headers, values)
            if identifier := self._clean("uuid", row):
                uuids.add(identifier)
            elif event := self._clean("event", row):
                events.add(event.pk)
        dates = self.get_queryset()
        self.records = KeyLoader(dates, lambda date: [date.uuid]).load(uuids, field="uuid")
        self.by_start = KeyLoader(dates, lambda date: [(date.event_id, date.start)])
        self.by_start.load(events, field="event")

    def find_instance(self, row):
        identifier = self._clean("uuid", row)
        if identifier:
            instance = self.records.get(identifier)
            return (Occurrence(), True) if instance is None else (self.claim(instance), False)
        event, start = self._clean("event", row), self._clean("start", row)
        if event is None or start is None:
            return Occurrence(), True
        matches = self.by_start.matches((event.pk, start))
        if len(matches) > 1:
            raise ValidationError(
                {
                    "uuid": _(
                        "Plusieurs dates de cet événement commencent à cette heure : "
                        "indiquez l'identifiant de celle à modifier."
                    )
                }
            )
        return (self.claim(matches[0]), False) if matches else (Occurrence(), True)

    def record_key(self, instance, row):
        """A date already recorded by its id; a new one by its event and start."""
        if instance.pk is not None:
            return ("date", instance.pk)
        if instance.event_id and instance.start:
            return ("new", instance.event_id, instance.start)
        return None

    def begin_row(self, instance, new, row):
        super().begin_row(instance, new, row)
        self._row_state["refs"] = (instance.event_id, instance.venue_id, instance.commune_id)

    def fill(self, instance, row):
        errors = super().fill(instance, row)
        new = self._row_state.get("new", True)
        event_before, venue_before, commune_before = self._row_state["refs"]
        try:
            identifier = self.fields["uuid"].clean(row)
        except KeyError:
            identifier = None
        except ValueError as error:  # read-only: not set by fill, checked here
            identifier = None
            errors.setdefault("uuid", []).append(str(error))
        if new and identifier:
            errors.setdefault("uuid", []).append(
                _(
                    "Aucune date n'a l'identifiant « %(value)s » (supprimée depuis "
                    "l'export ?) : videz la cellule pour créer une nouvelle date."
                )
                % {"value": identifier}
            )
        if not new and "event" not in errors and instance.event_id != event_before:
            errors.setdefault("event", []).append(
                _(
                    "Une date ne change pas d'événement : annulez-la et créez-en une "
                    "(ligne sans identifiant) dans l'autre événement."
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
        return errors

    def before_write(self, instance, row, new):
        """A date changed by import is changed by hand (the rule's regeneration keeps it)."""
        if not new:
            instance.mark_changed_by_hand()


registry.register("dates-evenements", OccurrenceResource)
