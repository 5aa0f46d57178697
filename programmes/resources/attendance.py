"""Attendance as a spreadsheet: one row per session (an event's occurrence, named by its public
identifier — the « Identifiant de la séance » column of the dates export and of this one — or,
when that cell is empty, by its programme, event and start, as the template offers), its
total, and a column per part of every breakdown a programme may declare (« Niveau scolaire :
4e », « Tranche d'âge : 75 ans et plus »…). Counts only: no column can hold a name.

Venue managers keep attendance in a sheet, so this is the resource that arrives by the tens of
thousands of rows: its hooks of the import protocol (spreadsheets.bulk) load a batch's
sessions and records as tuples and write them with `bulk_create`, with the same rules as the
forms (programmes.participation): parts add up to the total, over capacity must be confirmed,
only past held sessions at a referenced venue, and for a venue manager only their venues and,
once recorded, only within the correction period. Every record written gets its entry in
Wagtail's log (who, when, the counts, « importé »), as a record saved from a form does.
"""

import sys
import uuid
from collections import defaultdict, namedtuple
from datetime import timedelta
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from places.scoping import VENUE_ROWS
from programmes.models import AttendancePart, AttendanceRecord, EventPage, Occurrence
from programmes.models.pages import ProgrammePage
from programmes.models.participation import (
    BREAKDOWNS,
    UNKNOWN,
    breakdown_label,
    category_label,
)
from programmes.participation import (
    access_refusal,
    categories_of,
    log_record_changes,
    session_refusal,
    validate_counts,
)
from spreadsheets import registry
from spreadsheets.base import SpreadsheetResource, column
from spreadsheets.keys import normalised
from spreadsheets.widgets import (
    BooleanWidget,
    DateTimeWidget,
    IntegerWidget,
    NaturalKeyWidget,
    TextWidget,
    escape_formula,
)
from spreadsheets.widgets import cell_text as _text
from spreadsheets.widgets import is_blank as _blank

#: what an import needs of a session, without loading 100,000 model instances
Session = namedtuple(
    "Session", "pk uuid venue_id event_id start end status venue_code", defaults=(None,)
)
Event = namedtuple("Event", "title capacity dimensions")
Existing = namedtuple("Existing", "pk total confirmed created_at parts")

CHUNK = 2000
#: more people than this at one session is a typing error (and beyond the database's integers)
MAX_PEOPLE = 100_000


def part_field_name(dimension, category):
    return f"part__{dimension}__{category}"


class SessionNotFound(ValueError):
    """The row names no session, or several: `field` is the column the message is about."""

    def __init__(self, message, field="occurrence"):
        super().__init__(message)
        self.field = field


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


class SessionWidget(NaturalKeyWidget):
    """A session by its public identifier (a UUID). The resource loads the sessions a file
    names before the first row (`sessions`); rendered as the identifier."""

    def __init__(self, **kwargs):
        super().__init__(
            Occurrence, "uuid", gettext_lazy("Aucune séance n'a l'identifiant « %(value)s ».")
        )
        self.sessions, self.by_pk = {}, {}

    def reset(self):
        self.sessions, self.by_pk = {}, {}

    @staticmethod
    def parse(value):
        if value is None or not str(value).strip():
            return None
        try:
            return uuid.UUID(str(value).strip())
        except ValueError:
            raise ValueError(
                _(
                    "« %(value)s » n'est pas un identifiant de séance (copiez-le de l'export des "
                    "dates ou de la fréquentation)."
                )
                % {"value": str(value).strip()}
            ) from None

    def clean(self, value, row=None, **kwargs):
        key = self.parse(value)
        if key is None:
            raise ValueError(_("Indiquez l'identifiant de la séance."))
        session = self.sessions.get(key)
        if session is None:
            raise ValueError(self.describe % {"value": key})
        return session

    def render(self, value, obj=None, text=True, **kwargs):
        return "" if value is None else str(getattr(value, "uuid", value))


class SessionField(fields.Field):
    """Sets the record's `occurrence_id` from the loaded session (no model instance); exports
    the identifier the export's query brings along."""

    def get_value(self, obj):
        return getattr(obj, "occurrence_uuid", None) or obj.occurrence.uuid

    def save(self, instance, row, is_m2m=False, **kwargs):
        session = self.clean(row)
        instance.occurrence_id = session.pk
        return session


class PartField(fields.Field):
    """One part of one breakdown: read and written by the resource, from the record's parts."""

    def __init__(self, dimension, category):
        self.dimension, self.category = dimension, category
        heading = f"{breakdown_label(dimension)} : {category_label(dimension, category)}"
        super().__init__(
            attribute=part_field_name(dimension, category),
            column_name=str(heading),
            widget=IntegerWidget(),
        )

    def get_value(self, obj):
        parts = getattr(obj, "_parts_by_dimension", None)
        if parts is None:
            parts = obj._parts_by_dimension = obj.parts_by_dimension()
        return parts.get(self.dimension, {}).get(self.category)

    def save(self, instance, row, is_m2m=False, **kwargs):
        """Parts are not attributes of the record: the resource collects them (fill)."""


def part_columns():
    return {
        part_field_name(dimension, category): PartField(dimension, category)
        for dimension in BREAKDOWNS
        for category in categories_of(dimension)
    }


class AttendanceResource(SpreadsheetResource):
    occurrence = SessionField(
        attribute="occurrence",
        column_name=str(gettext_lazy("Identifiant de la séance")),
        widget=SessionWidget(),
    )
    programme = column(
        "programme_title",
        gettext_lazy("Programme"),
        TextWidget(),
        readonly=True,
    )
    event = column("event_title", gettext_lazy("Événement"), TextWidget(), readonly=True)
    start = column("occurrence_start", gettext_lazy("Début"), DateTimeWidget(), readonly=True)
    venue_code = column(
        "occurrence_venue_code", gettext_lazy("Code du lieu"), TextWidget(), readonly=True
    )
    total = column("total", gettext_lazy("Participants (total)"), IntegerWidget())
    over_capacity_confirmed = column(
        "over_capacity_confirmed",
        gettext_lazy("Dépassement de capacité confirmé"),
        BooleanWidget(),
        default=False,
    )
    locals().update(part_columns())

    venue_field = "occurrence"
    #: counts, searched by no one: 100,000 rows are not indexed one by one after the import
    index_written_rows = False
    #: the columns that name a session when its identifier is left empty
    natural_key = ("programme", "event", "start")
    example = {
        "occurrence": "3f2b6c1e-8a4d-4c1b-9e1a-2b7d5c9e0f11",
        "programme": "Toutes culottées",
        "event": "Atelier au collège Les Champs-Philippe",
        "start": "12/03/2026 10:00",
        "venue_code": "college-champs-philippe",
        "total": "26",
        "over_capacity_confirmed": "non",
        part_field_name("school_level", "4e"): "26",
        part_field_name("gender", "filles"): "14",
        part_field_name("gender", "garcons"): "12",
    }

    class Meta:
        model = AttendanceRecord
        fields = (
            "occurrence",
            "programme",
            "event",
            "start",
            "venue_code",
            "total",
            "over_capacity_confirmed",
            *part_columns(),
        )
        import_id_fields = ("occurrence",)

    def get_queryset(self):
        """One row per record with what the columns show as plain values (no page instances:
        an export of 100,000 records stays a single streamed query plus the parts)."""
        parts = AttendancePart.objects.only("record_id", "dimension", "category", "count")
        return (
            AttendanceRecord.objects.annotate(
                occurrence_uuid=F("occurrence__uuid"),
                occurrence_start=F("occurrence__start"),
                event_title=F("occurrence__event__title"),
                programme_title=F("occurrence__event__programme__title"),
                occurrence_venue_code=F("occurrence__venue__code"),
            )
            .only("pk", "occurrence_id", "total", "over_capacity_confirmed")
            .prefetch_related(Prefetch("parts", queryset=parts))
        )

    #: the export's plain columns, read with `values_list` from get_queryset's annotations
    EXPORT_VALUES = {
        "occurrence": "occurrence_uuid",
        "programme": "programme_title",
        "event": "event_title",
        "start": "occurrence_start",
        "venue_code": "occurrence_venue_code",
        "total": "total",
        "over_capacity_confirmed": "over_capacity_confirmed",
    }

    def export_rows(self, queryset, text=True):
        """The rows of `export_rows`, cell for cell, without a model instance per record nor a
        widget call per cell: the parts of the exported records in one streamed query (kept
        as one short list of counts per record), then the records in one streamed
        `values_list` query. Every column is rendered as its widget renders it (the test
        compares both ways)."""
        names = [self.get_field_name(f) for f in self.get_export_fields()]
        unknown = [
            name for name in names if name not in self.EXPORT_VALUES and name not in self._parts
        ]
        if unknown or not isinstance(queryset, QuerySet) or queryset.model is not AttendanceRecord:
            yield from super().export_rows(queryset, text=text)
            return
        position = {key: j for j, key in enumerate(self._parts.values())}
        empty = [None] * len(position)
        parts = {}
        exported = queryset.prefetch_related(None).order_by().values("pk")
        for record_id, dimension, category, count in (
            AttendancePart.objects.filter(record__in=exported)
            .order_by()
            .values_list("record_id", "dimension", "category", "count")
            .iterator(chunk_size=5000)
        ):
            j = position.get((dimension, category))
            if j is not None:
                mine = parts.get(record_id)
                if mine is None:
                    mine = parts[record_id] = list(empty)
                mine[j] = count
        columns = ["pk", *self.EXPORT_VALUES.values()]
        records = queryset.prefetch_related(None).values_list(*columns)
        zone = timezone.get_current_timezone()
        yes, no = _("oui"), _("non")
        # Where each cell comes from: (True, index among the plain cells) or (False, index
        # among the record's counts).
        plain = list(self.EXPORT_VALUES)
        plan = [
            (True, plain.index(name))
            if name in self.EXPORT_VALUES
            else (False, position[self._parts[name]])
            for name in names
        ]
        for pk, uuid_, programme, event, start, venue, total, confirmed in records.iterator(
            chunk_size=CHUNK
        ):
            if start is not None:
                start = start.astimezone(zone) if timezone.is_aware(start) else start
                start = (
                    start.strftime("%d/%m/%Y %H:%M:%S" if start.second else "%d/%m/%Y %H:%M")
                    if text
                    else start.replace(tzinfo=None)
                )
            cells = (
                "" if uuid_ is None else str(uuid_),
                escape_formula("" if programme is None else str(programme)),
                escape_formula("" if event is None else str(event)),
                "" if start is None else start,
                escape_formula("" if venue is None else str(venue)),
                "" if total is None else (str(total) if text else total),
                "" if confirmed is None else (yes if confirmed else no),
            )
            counts = parts.get(pk, empty)
            row = []
            for is_plain, where in plan:
                if is_plain:
                    row.append(cells[where])
                else:
                    count = counts[where]
                    row.append("" if count is None else (str(count) if text else count))
            yield row

    @cached_property
    def _parts(self):
        """Export field name -> (dimension, category) of the part columns."""
        return {
            self.get_field_name(f): (f.dimension, f.category)
            for f in self.get_export_fields()
            if isinstance(f, PartField)
        }

    def missing_columns(self, present):
        """The identifier column, or else programme + event + start."""
        columns = [self.fields[name].column_name for name in ("occurrence", *self.natural_key)]
        if columns[0] in present or all(column in present for column in columns[1:]):
            return []
        return [
            # Shown as « Colonne obligatoire absente : « … » ou « … », « … » et « … ». »
            _("%(id)s » ou « %(programme)s », « %(event)s » et « %(start)s")
            % dict(zip(("id", "programme", "event", "start"), columns, strict=True))
        ]

    # --- sessions named by programme, event and start ----------------------------------------

    def _event_names(self):
        """(programme, event) names, as slugs or titles without case -> event pks: loaded
        once per import."""
        if getattr(self, "_events_by_name", None) is None:
            by_name = defaultdict(set)
            for pk, title, slug, programme_title, programme_slug in EventPage.objects.filter(
                programme__isnull=False
            ).values_list("pk", "title", "slug", "programme__title", "programme__slug"):
                for programme in {programme_title, programme_slug}:
                    for event in {title, slug}:
                        by_name[(normalised(programme), normalised(event))].add(pk)
            self._events_by_name = by_name
        return self._events_by_name

    def _natural_key_of(self, row):
        """(event pks, start to the minute) the row names by its programme, event and start;
        SessionNotFound, in French, when a cell is missing or wrong."""
        cells = {name: row.get(self.fields[name].column_name) for name in self.natural_key}
        if all(_blank(value) for value in cells.values()):
            raise SessionNotFound(
                _(
                    "Indiquez l'identifiant de la séance, ou son programme, son événement et "
                    "son début."
                )
            )
        missing = [
            self.fields[name].column_name for name in self.natural_key if _blank(cells[name])
        ]
        if missing:
            raise SessionNotFound(
                _("Sans identifiant de séance, indiquez aussi : %(columns)s.")
                % {"columns": ", ".join(f"« {column} »" for column in missing)}
            )
        start = DateTimeWidget().clean(cells["start"])  # ValueError: said by the « Début » column
        programme, event = _text(cells["programme"]), _text(cells["event"])
        events = self._event_names().get((normalised(programme), normalised(event)))
        if not events:
            raise SessionNotFound(
                _("Le programme « %(programme)s » n'a pas d'événement « %(event)s ».")
                % {"programme": programme, "event": event},
                field="event",
            )
        return events, _minute(start)

    def _load_by_natural_key(self, headers, rows):
        """The sessions named by programme, event and start in rows without an identifier."""
        self._by_natural = defaultdict(list)
        id_column = self.fields["occurrence"].column_name
        id_index = headers.index(id_column) if id_column in headers else None
        wanted = set()
        for values in rows:
            if id_index is not None and id_index < len(values) and not _blank(values[id_index]):
                continue  # named by its identifier: the common case, no row built
            row = dict(zip(headers, values, strict=False))
            try:
                events, start = self._natural_key_of(row)
            except ValueError:
                continue  # the row's own check reports it
            wanted.update((pk, start) for pk in events)
        if not wanted:
            return []
        starts = [start for _pk, start in wanted]
        event_ids = sorted({pk for pk, _start in wanted})
        found = []
        for first in range(0, len(event_ids), CHUNK):
            for values in Occurrence.objects.filter(
                event_id__in=event_ids[first : first + CHUNK],
                start__gte=min(starts),
                start__lt=max(starts) + timedelta(minutes=1),
            ).values_list(
                "pk", "uuid", "venue_id", "event_id", "start", "end", "status", "venue__code"
            ):
                session = Session(*values)
                if (session.event_id, _minute(session.start)) in wanted:
                    self._by_natural[(session.event_id, _minute(session.start))].append(session)
                    found.append(session)
        return found

    def _session_of(self, row):
        """The session the row names: by its identifier, else by programme, event and start
        (and the venue code when two sessions of the event start together)."""
        id_column = self.fields["occurrence"].column_name
        if not _blank(row.get(id_column)):
            return self.fields["occurrence"].widget.clean(row.get(id_column), row=row)
        try:
            events, start = self._natural_key_of(row)
        except SessionNotFound:
            raise
        except ValueError as error:
            raise SessionNotFound(str(error), field="start") from None
        matches = [session for pk in events for session in self._by_natural.get((pk, start), [])]
        venue_code = _text(row.get(self.fields["venue_code"].column_name) or "")
        if len(matches) > 1 and venue_code:
            matches = [
                s for s in matches if normalised(s.venue_code or "") == normalised(venue_code)
            ]
        when = timezone.localtime(start).strftime("%d/%m/%Y à %H:%M")
        event = _text(row.get(self.fields["event"].column_name))
        if not matches:
            raise SessionNotFound(
                _("Aucune séance de « %(event)s » ne commence le %(when)s.")
                % {"event": event, "when": when},
                field="start",
            )
        if len(matches) > 1:
            raise SessionNotFound(
                _(
                    "Plusieurs séances de « %(event)s » commencent le %(when)s : indiquez "
                    "l'identifiant de la séance (ou le code du lieu)."
                )
                % {"event": event, "when": when}
            )
        return matches[0]

    # --- batched import ----------------------------------------------------------------------

    def load_batch(self, headers, rows):
        """The sessions, events, programmes and existing records a batch of rows names: a
        few queries per batch, kept as tuples until the next batch."""
        super().load_batch(headers, [])
        if not hasattr(self, "_import_uuid"):
            self._import_uuid = uuid.uuid4()  # one for all the import's log entries
            self._now = timezone.now()
            self._events = {}
        self._part_fields = [
            f for f in self.fields.values() if isinstance(f, PartField) and f.column_name in headers
        ]
        widget = self.fields["occurrence"].widget
        keys = set()
        if self.fields["occurrence"].column_name in headers:
            index = headers.index(self.fields["occurrence"].column_name)
            for values in rows:
                try:
                    key = SessionWidget.parse(values[index] if index < len(values) else None)
                except ValueError:
                    continue
                if key is not None:
                    keys.add(key)
        keys = sorted(keys)
        sessions, event_ids = {}, set()
        for start in range(0, len(keys), CHUNK):
            for values in Occurrence.objects.filter(
                uuid__in=keys[start : start + CHUNK]
            ).values_list("pk", "uuid", "venue_id", "event_id", "start", "end", "status"):
                session = Session(*values)
                sessions[session.uuid] = session
                event_ids.add(session.event_id)
        for session in self._load_by_natural_key(headers, rows):
            sessions.setdefault(session.uuid, session)
            event_ids.add(session.event_id)
        widget.sessions = sessions
        widget.by_pk = {session.pk: session for session in sessions.values()}
        event_ids -= set(self._events)
        if event_ids:
            programmes = {
                p.pk: p.attendance_breakdowns
                for p in ProgrammePage.objects.filter(events__in=event_ids).distinct()
            }
            self._events.update(
                (pk, Event(title, capacity, programmes.get(programme_id, [])))
                for pk, title, capacity, programme_id in EventPage.objects.filter(
                    pk__in=event_ids
                ).values_list("pk", "title", "capacity", "programme_id")
            )
        session_pks = sorted(s.pk for s in sessions.values())
        existing = {}
        for start in range(0, len(session_pks), CHUNK):
            chunk = session_pks[start : start + CHUNK]
            records = AttendanceRecord.objects.filter(occurrence_id__in=chunk).values_list(
                "pk", "occurrence_id", "total", "over_capacity_confirmed", "created_at"
            )
            by_pk = {}
            for pk, occurrence_id, total, confirmed, created_at in records:
                by_pk[pk] = occurrence_id
                existing[occurrence_id] = Existing(pk, total, confirmed, created_at, {})
            for record_id, dimension, category, count in AttendancePart.objects.filter(
                record_id__in=list(by_pk)
            ).values_list("record_id", "dimension", "category", "count"):
                key = (sys.intern(dimension), sys.intern(category))
                existing[by_pk[record_id]].parts[key] = count
        self._existing = existing

    def find_instance(self, row):
        self._row_session = self._row_key_error = None
        try:
            session = self._row_session = self._session_of(row)
        except ValueError as error:
            self._row_key_error = error
            return AttendanceRecord(), True
        found = self._existing.get(session.pk)
        if found is None:
            return AttendanceRecord(occurrence_id=session.pk), True
        record = AttendanceRecord(
            pk=found.pk,
            occurrence_id=session.pk,
            total=found.total,
            over_capacity_confirmed=found.confirmed,
            created_at=found.created_at,
        )
        record._state.adding = False
        return record, False

    def begin_row(self, instance, new, row):
        self._row_state = {"new": new, "parts": {}}

    def fill(self, instance, row):
        """The session was found by `find_instance` (its error, if any, is reported here);
        then the counts."""
        errors = {}
        if self._row_session is None:
            error = self._row_key_error
            field = getattr(error, "field", "occurrence")
            errors[field] = [str(error.args[0] if error and error.args else error)]
        elif not _blank(row.get(self.fields["start"].column_name)):
            # Beside an identifier, « Début » is informative, but an impossible date is a typo.
            try:
                self.fields["start"].clean(row)
            except ValueError as error:
                errors["start"] = [str(error)]
        for name in ("total", "over_capacity_confirmed"):
            f = self.fields[name]
            if f.column_name in row:
                try:
                    f.save(instance, row)
                except ValueError as error:
                    errors[name] = [str(error)]
        parts = {}
        for f in self._part_fields:
            try:
                parts[(f.dimension, f.category)] = f.clean(row)
            except ValueError as error:
                errors[self.get_field_name(f)] = [str(error)]
        self._row_state["parts"] = parts
        return errors

    def check(self, instance, row, new, fill_errors=None):
        """The forms' rules for what the row's cells allow checking: a row whose session is
        not found has nothing more to check; counts in error are left out."""
        session = self._row_session
        if session is None:
            return {}
        fill_errors = fill_errors or {}
        event = self._events[session.event_id]
        errors = {}
        refusal = session_refusal(
            status=session.status,
            start=session.start,
            end=session.end,
            venue_id=session.venue_id,
            new=new,
            now=self._now,
        )
        if refusal:
            errors[NON_FIELD_ERRORS] = [refusal]
        if errors:
            return errors
        parts = self._row_state["parts"]
        declared = set(event.dimensions)
        counts = [("total", instance.total)] + [
            (part_field_name(*key), n) for key, n in parts.items()
        ]
        for name, count in counts:
            if count is not None and count > MAX_PEOPLE and name not in fill_errors:
                errors[name] = [
                    _("%(n)s personnes : ce nombre est trop grand pour une séance.") % {"n": count}
                ]
        if errors:
            return errors
        for (dimension, category), count in parts.items():
            if count is not None and dimension not in declared:
                name = part_field_name(dimension, category)
                errors[name] = [
                    _(
                        "Le programme ne demande pas la répartition « %(label)s » : laissez cette "
                        "colonne vide."
                    )
                    % {"label": breakdown_label(dimension)}
                ]
        # The breakdowns whose cells are all readable are checked against a readable total.
        bad_dimensions = {key.split("__")[1] for key in fill_errors if key.startswith("part__")}
        checked = {}
        if not any(key in ("total", "over_capacity_confirmed") for key in fill_errors):
            checked = validate_counts(
                instance.total,
                {key: n for key, n in parts.items() if key[0] not in bad_dimensions},
                capacity=event.capacity,
                dimensions=[d for d in event.dimensions if d not in bad_dimensions],
                over_capacity_confirmed=instance.over_capacity_confirmed,
            )
        for key, message in checked.items():
            if key.startswith("breakdown__"):
                dimension = key.split("__", 1)[1]
                key = part_field_name(dimension, UNKNOWN)
            errors.setdefault(key, []).append(str(message))
        for key, messages in self.access_errors(instance, session).items():
            errors.setdefault(key, []).extend(str(m) for m in messages)
        instance._import_parts = {
            (dimension, category): count
            for (dimension, category), count in parts.items()
            if dimension in declared and count
        }
        return errors

    def access_errors(self, instance, session=None):
        """The user's right to write this row: programmes.participation's rule, asked with what
        the batch loaded (the venue scope as ids, the record's date of entry)."""
        new = self._row_state.get("new", True)
        refusal = access_refusal(
            self.user,
            new=new,
            reaches_venue=self.user is not None
            and session is not None
            and self._in_scope(session.venue_id),
            created_at=None if new or session is None else self._existing[session.pk].created_at,
            now=self._now,
        )
        if refusal is None:
            return {}
        field, message = refusal
        return {field: [message]}

    def record_key(self, instance, row):
        return instance.occurrence_id

    def row_signature(self, instance, row=None):
        return None  # a session named twice is refused, whatever the rows say

    def repeat_errors(self, instance, row, first_number, first_signature):
        return {
            NON_FIELD_ERRORS: [
                _("Cette ligne désigne la même fiche que la ligne de données n° %(n)s.")
                % {"n": first_number}
            ]
        }

    def has_changed(self, instance, row):
        found = self._existing[instance.occurrence_id]
        return (
            instance.total != found.total
            or instance.over_capacity_confirmed != found.confirmed
            or instance._import_parts != found.parts
        )

    def row_label(self, instance, row):
        return self._label_of(instance.occurrence_id)

    invalid_row_label = row_label

    def _label_of(self, occurrence_id):
        session = self.fields["occurrence"].widget.by_pk.get(occurrence_id)
        if session is None:
            return ""
        start = timezone.localtime(session.start).strftime("%d/%m/%Y %H:%M")
        return f"{self._events[session.event_id].title} — {start}"

    def write_batch(self, creates, updates):
        """Records, then their parts (an update replaces them), then one log entry each."""
        user_id = getattr(self.user, "pk", None)
        new_records = [record for record, _row in creates]
        for record in new_records:
            record.recorded_by_id = user_id
        AttendanceRecord.objects.bulk_create(new_records)
        changed = [record for record, _row in updates]
        for record in changed:
            record.updated_at = self._now
        AttendanceRecord.objects.bulk_update(
            changed, ["total", "over_capacity_confirmed", "updated_at"]
        )
        AttendancePart.objects.filter(record__in=[r.pk for r in changed]).delete()
        AttendancePart.objects.bulk_create(
            AttendancePart(record_id=record.pk, dimension=dimension, category=category, count=n)
            for record in (*new_records, *changed)
            for (dimension, category), n in record._import_parts.items()
        )
        log_record_changes(
            self.user,
            [
                (record, created, record._import_parts, self._log_label(record))
                for records, created in ((new_records, True), (changed, False))
                for record in records
            ],
            imported=True,
            uuid=self._import_uuid,
            timestamp=self._now,
        )
        return []

    def _log_label(self, record):
        return f"{self._label_of(record.occurrence_id)} : {record.total}"


registry.register(
    "frequentation",
    AttendanceResource,
    row_scope=VENUE_ROWS,
    label=gettext_lazy("fréquentation des séances"),
)
