"""The base of every exchanged resource: French columns, natural keys, the user's rights and
venue scope checked on each row, the hooks of the one import pipeline (spreadsheets.bulk:
load the batch's keys, build, check, write), and an export that streams.

A resource declares its columns with `column()` and an `example` row (for « Télécharger le
modèle »), then is registered by name in its app's `resources.py`:

    class VenueResource(SpreadsheetResource):
        code = column("code", _("Code"), TextWidget())
        ...
        class Meta:
            model = Venue
            fields = ("code", ...)
            import_id_fields = ("code",)

    registry.register("lieux", VenueResource, row_scope=VENUE_ROWS)

A resource registered with a `row_scope` (registry.RowScope) has each row checked against it:
the user may write a record only if its owner (its venue), before and after the change, is one
the scope gives them.
"""

import logging
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from spreadsheets.keys import KeyLoader, normalised
from spreadsheets.widgets import is_blank

logger = logging.getLogger(__name__)


def _plain_empty_cells(error):
    """Django says « la valeur nulle » for an empty cell of a required number or date: say
    what the person sees instead."""
    if not hasattr(error, "error_dict"):
        return error
    empty = _("Cette cellule est vide : indiquez une valeur.")
    return ValidationError(
        {
            key: [
                ValidationError(empty, code="null") if getattr(e, "code", None) == "null" else e
                for e in errors
            ]
            for key, errors in error.error_dict.items()
        }
    )


def _field_export(field, text, instance):
    return field.widget.render(field.get_value(instance), text=text)


def _as_dict(error):
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def _merge(errors, more):
    for key, messages in (more or {}).items():
        errors.setdefault(key, [])
        errors[key] = list(errors[key]) + [str(m) for m in messages]


def column(attribute, heading, widget, **kwargs):
    """A spreadsheet column: the model attribute, its French heading, its conversion."""
    return fields.Field(attribute=attribute, column_name=str(heading), widget=widget, **kwargs)


class SpreadsheetResource(resources.ModelResource):
    """A resource imported through the engine's one protocol (spreadsheets.bulk.import_rows),
    a batch of rows at a time:

    1. `load_batch(headers, rows)`: load what the batch names — by default the records named
       by the key (`import_id_fields`) with one KeyLoader (a few chunked `__in` queries);
    2. for each row, `find_instance` (the record, or a new one), `begin_row`, `fill` (the
       cells set on the record; many-to-many values kept aside), `check` (the user's rights
       and row scope, then the model's own rules: `full_clean`), `record_key` (a file naming
       one record twice: `repeat_errors`), `has_changed` (an unchanged row writes nothing);
    3. `write_batch(creates, updates)`: in bulk (`bulk_create` / `bulk_update`) when the model
       has no `save()` of its own and no many-to-many column (`write_in_bulk`), else row by
       row (`save_row`: `before_write`, `save()`, the many-to-many sets), each in a savepoint
       so that a database refusal rejects its row only.

    A resource whose rows must meet the rows above them in the database (the overlap rule of
    placements) sets `sequential`: each row is written before the next is checked, in a
    preview too (rolled back), as the forms would."""

    #: field name -> value shown in the template's example row
    example = {}
    #: the resource field that names the record's owner, where a row outside the user's row
    #: scope is reported (registry.RowScope)
    venue_field = "venue"
    #: key fields that may be blank (a planned class without a collège)
    optional_key_fields = ()
    #: True: the records are looked up among the whole queryset (a key of text compared without
    #: case, no relation to narrow the query by); False: only those the batch names
    load_whole_table = False
    #: None: decided from the model (see `writes_in_bulk`)
    write_in_bulk = None
    #: rows checked and written one at a time (see the class docstring)
    sequential = False
    #: False: the written records are announced as not to be indexed (`rows_imported`'s
    #: `index`): records that no search nor usage listing shows, by the hundred thousand
    index_written_rows = True
    #: True: a row repeating, word for word, a row that creates a record is unchanged
    #: rather than refused (a volunteer's sheet pasted twice)
    repeat_new_unchanged = False

    def __init__(self, registered=None, user=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.registered = registered
        self.user = user
        self.progress = progress
        self.row_actions = []
        self._scope_ids = None
        self._row_state = {}

    # --- rights and scope --------------------------------------------------------------------

    @property
    def row_scope(self):
        """The registered RowScope, or None (every record the model permissions allow)."""
        return self.registered.row_scope if self.registered is not None else None

    def _owner_pk(self, instance):
        return getattr(self.row_scope.owner_of(instance), "pk", None)

    def _restricted(self):
        """The user reaches only some records of this resource (its row scope says so)."""
        scope = self.row_scope
        return self.user is not None and scope is not None and not scope.sees_all(self.user)

    def _in_scope(self, owner_pk):
        if self._scope_ids is None:
            self._scope_ids = set(self.row_scope.owner_pks(self.user))
        return owner_pk is not None and owner_pk in self._scope_ids

    def access_errors(self, instance):
        """The user's right to write this row: model permission, then row scope."""
        if self.user is None:
            return {}
        opts = self._meta.model._meta
        new = self._row_state.get("new", instance.pk is None)
        action = "add" if new else "change"
        if not self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            message = (
                _("Vous n'avez pas le droit de créer des fiches « %(model)s ».")
                if new
                else _("Vous n'avez pas le droit de modifier les fiches « %(model)s ».")
            )
            return {NON_FIELD_ERRORS: [message % {"model": opts.verbose_name}]}
        if self._restricted():
            owner = self.row_scope.owner_of(instance)
            before = self._row_state.get("owner_before")
            reachable = self._in_scope(getattr(owner, "pk", None)) and (
                new or self._in_scope(before)
            )
            if not reachable:
                key = self.venue_field if self.venue_field in self.fields else NON_FIELD_ERRORS
                return {key: [self.row_scope.refusal(owner)]}
        return {}

    # --- 1. load the batch's keys ------------------------------------------------------------

    def reset_widgets(self):
        """Before an import: every widget's lookups are read again."""
        for field in self.fields.values():
            reset = getattr(field.widget, "reset", None)
            if reset is not None:
                reset()

    def read_row(self, headers, values):
        """The row as {column: cell}: what every other hook is given."""
        return dict(zip(headers, values, strict=False))

    def load_batch(self, headers, rows):
        """Load, before each batch of rows, what they will look up: by default the records
        they name by their key (`records`, a KeyLoader), narrowed by the key's first foreign
        key (or its first column) unless `load_whole_table`."""
        self._fields = [
            f
            for f in self.get_import_fields()
            if not f.readonly and f.attribute and f.column_name in headers
        ]
        self._compared = [f for f in self.get_import_fields() if not f.readonly and f.attribute]
        self._scope_ids = None
        key_fields = self._key_fields()
        self.records = KeyLoader(self.get_queryset(), self.instance_keys)
        if not all(f.column_name in headers for _name, f in key_fields):
            self.records.loaded = True  # no row can name a record
            return
        model_fields = {f.name: f for f in self._meta.model._meta.concrete_fields}
        narrowing = [
            (position, f)
            for position, (_name, f) in enumerate(key_fields)
            if f.attribute in model_fields
        ]
        narrowing.sort(key=lambda item: not model_fields[item[1].attribute].is_relation)
        if self.load_whole_table or not narrowing:
            self.records.load()
            return
        position, field = narrowing[0]
        wanted = set()
        for values in rows:
            key = self.row_key(self.read_row(headers, values), normalise=False)
            if key is not None and key[position] not in (None, ""):
                wanted.add(getattr(key[position], "pk", key[position]))
        self.records.load(wanted, field=field.attribute)

    def _key_fields(self):
        return [(name, self.fields[name]) for name in self.get_import_id_fields()]

    def row_key(self, row, normalise=True):
        """The key a row names (its key columns' cleaned values), None when one is missing
        or wrong (the row's own check reports it)."""
        key = []
        for name, field in self._key_fields():
            try:
                value = field.clean(row)
            except (ValueError, KeyError, ValidationError):
                return None
            if is_blank(value) and name not in self.optional_key_fields:
                return None
            key.append(normalised(value) if normalise else value)
        return tuple(key)

    def instance_keys(self, instance):
        """The key a record answers to (as `row_key` reads it from a row)."""
        return [tuple(normalised(field.get_value(instance)) for _n, field in self._key_fields())]

    def ambiguous_message(self):
        return _(
            "Plusieurs fiches existantes correspondent à cette ligne : corrigez-les dans "
            "l'administration avant d'importer."
        )

    # --- 2. build and check each row ---------------------------------------------------------

    def find_instance(self, row):
        """(the record the row names, True if it is new); a ValidationError refuses the row."""
        key = self.row_key(row)
        matches = self.records.matches(key) if key is not None else []
        if len(matches) > 1:
            raise ValidationError({NON_FIELD_ERRORS: [self.ambiguous_message()]})
        if not matches:
            return self._meta.model(), True
        return self.claim(matches[0]), False

    def claim(self, instance):
        """A loaded record for one row: a second row naming it gets a fresh copy (the first
        one's may be queued for writing, or refused)."""
        if getattr(instance, "_import_claimed", False):
            instance = self.get_queryset().get(pk=instance.pk)
        instance._import_claimed = True
        return instance

    def begin_row(self, instance, new, row):
        scoped = self.row_scope is not None
        self._row_state = {
            "new": new,
            "owner_before": self._owner_pk(instance) if scoped and not new else None,
            "before": None if new else self.row_signature(instance),
        }

    @staticmethod
    def _is_m2m(field):
        return isinstance(field.widget, widgets.ManyToManyWidget)

    def fill(self, instance, row):
        """Set the row's cells on the record (many-to-many values are kept on it, set after
        it is saved); {field: [French message]} for bad cells."""
        errors, related = {}, {}
        # Many-to-many cells last, as django-import-export reports them.
        for f in sorted(self._fields, key=self._is_m2m):
            try:
                if self._is_m2m(f):
                    related[f.attribute] = f.clean(row)
                else:
                    f.save(instance, row)
            except ValueError as error:
                errors[f.attribute] = [str(error)]
        instance._import_m2m = related
        return errors

    def check(self, instance, row, new, fill_errors=None):
        """The user's rights and row scope, then the model's own rules (`full_clean`, as the
        forms; a field whose cell or right is already refused is not checked again)."""
        errors = {}
        _merge(errors, self.access_errors(instance))
        try:
            instance.full_clean(exclude=[*(fill_errors or {}), *errors])
        except ValidationError as error:
            _merge(errors, _as_dict(_plain_empty_cells(error)))
        return errors

    @staticmethod
    def _comparable(value):
        if hasattr(value, "_meta") and hasattr(value, "pk"):
            return ("record", value.pk)
        if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
            return frozenset(getattr(item, "pk", item) for item in value)
        return value

    def row_signature(self, instance, row=None):
        """What the record holds in the resource's columns (many-to-many included, as sets),
        to tell whether a row changes it."""
        related = getattr(instance, "_import_m2m", None) if row is not None else None
        values = []
        for f in self._compared:
            if self._is_m2m(f):
                if related is not None and f.attribute in related:
                    value = related[f.attribute]
                else:
                    value = [] if instance.pk is None else f.get_value(instance).all()
            else:
                value = f.get_value(instance)
            values.append(self._comparable(value))
        return tuple(values)

    def record_key(self, instance, row):
        """What makes two rows the same record (a file naming one twice: `repeat_errors`)."""
        key = tuple(normalised(f.get_value(instance)) for _n, f in self._key_fields())
        return None if any(value in (None, "") for value in key) else key

    def repeat_errors(self, instance, row, first_number, first_signature):
        """A row naming the record an earlier row named: unchanged (None) when it says the
        same (for a record the file creates, only if `repeat_new_unchanged`), else refused."""
        new = self._row_state.get("new", True)
        same = self.row_signature(instance, row) == first_signature
        if same and (self.repeat_new_unchanged or not new):
            return None
        return {
            NON_FIELD_ERRORS: [
                _(
                    "Cette fiche figure déjà sur une ligne plus haut dans le fichier (même clé) : "
                    "gardez une seule ligne par fiche."
                )
            ]
        }

    def has_changed(self, instance, row):
        return self.row_signature(instance, row) != self._row_state.get("before")

    def row_label(self, instance, row):
        """What the report names a valid row by."""
        return "" if instance is None else str(instance)

    def invalid_row_label(self, instance, row):
        """An invalid row is named by its line and its errors (its record may lack what
        str() needs)."""
        return ""

    # --- 3. write the batch ------------------------------------------------------------------

    def writes_in_bulk(self):
        """`write_in_bulk`, or by default: the model has no save() of its own (no side effect
        to keep), the resource no many-to-many column and no `before_write` / `save_row` of
        its own."""
        if self.write_in_bulk is not None:
            return self.write_in_bulk
        model, resource = self._meta.model, type(self)
        return (
            model.save is models.Model.save
            and resource.before_write is SpreadsheetResource.before_write
            and resource.save_row is SpreadsheetResource.save_row
            and not any(self._is_m2m(f) for f in self.get_import_fields())
        )

    def write_batch(self, creates, updates):
        """Write one batch: (record, row) pairs to create and to update. Returns the pairs
        the database refused, as [(record, {field: [message]})] (their rows are rejected)."""
        if self.writes_in_bulk():
            self._write_in_bulk(creates, updates)
            return []
        refused = []
        for pairs, new in ((creates, True), (updates, False)):
            for instance, row in pairs:
                errors = self._write_row(instance, row, new)
                if errors:
                    refused.append((instance, errors))
        return refused

    def _write_in_bulk(self, creates, updates):
        model = self._meta.model
        model._default_manager.bulk_create([instance for instance, _row in creates])
        if updates:
            now = timezone.now()
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            for instance, _row in updates:
                for f in fields:
                    if getattr(f, "auto_now", False):
                        setattr(instance, f.attname, now)
            model._default_manager.bulk_update(
                [instance for instance, _row in updates], [f.name for f in fields]
            )

    def _write_row(self, instance, row, new):
        try:
            with transaction.atomic():
                self.save_row(instance, row, new)
        except ValidationError as error:
            return _as_dict(error)
        except Exception as error:  # noqa: BLE001 — any refusal rejects the row, in French
            logger.info("Import row refused on write: %r", error)
            if new:
                instance.pk = None
                instance._state.adding = True
            if isinstance(error, DatabaseError):
                # A row of the same batch took the value first: said as the forms say it.
                try:
                    instance.validate_unique()
                    instance.validate_constraints()
                except ValidationError as refusal:
                    return _as_dict(refusal)
            message = (
                _("La base de données refuse cette ligne (doublon ou valeur interdite).")
                if isinstance(error, DatabaseError)
                else _("Cette ligne n'a pas pu être importée (erreur inattendue).")
            )
            return {NON_FIELD_ERRORS: [message]}
        return {}

    def before_write(self, instance, row, new):
        """Row by row writing: what a record needs just before its save()."""

    def save_row(self, instance, row, new):
        """Save one record (its save() and its signals), then its many-to-many sets."""
        self.before_write(instance, row, new)
        instance.save()
        for attribute, values in getattr(instance, "_import_m2m", {}).items():
            getattr(instance, attribute).set(values)

    # --- columns -----------------------------------------------------------------------------

    def column_for(self, key):
        """The column heading for an error key (a resource field or a model field name)."""
        if key in self.fields:
            return self.fields[key].column_name
        for field in self.fields.values():
            if field.attribute == key or (field.attribute or "").split("__")[0] == key:
                return field.column_name
        return ""

    def required_columns(self):
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def missing_columns(self, present):
        """What the file lacks among the columns a row needs, given the `present` headings (a
        resource whose rows can be named in two ways refines it)."""
        return [column for column in self.required_columns() if column not in present]

    def example_row(self):
        return [str(self.example.get(self.get_field_name(f), "")) for f in self.get_export_fields()]

    # --- export ------------------------------------------------------------------------------

    def iter_queryset(self, queryset):
        """Chunks read with a server-side cursor, prefetches included (Django ≥ 4.1), rather
        than django-import-export's pages of 100 with OFFSET, which slow down as they go."""
        if not isinstance(queryset, models.QuerySet):
            yield from queryset
            return
        yield from queryset.iterator(chunk_size=2000)

    def export_rows(self, queryset, text=True):
        """One list of cell values per record, read in chunks (nothing built in memory).

        Each column's way of reading a record (a `dehydrate_<field>` method or the field's
        own export) is looked up once, not once per cell as `export_field` does."""
        readers = []
        for field in self.get_export_fields():
            dehydrate = field.get_dehydrate_method(self.get_field_name(field))
            method = dehydrate if callable(dehydrate) else getattr(self, dehydrate, None)
            readers.append(method or partial(_field_export, field, text))
        for instance in self.iter_queryset(queryset):
            yield [read(instance) for read in readers]
