"""The base of every exchanged resource: French columns, natural keys, the user's rights and
venue scope checked on each row, progress reported, and a row-by-row export that streams.

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
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader, ModelInstanceLoader
from import_export.results import RowResult

from spreadsheets.indexing import index_in_bulk, search_index_deferred

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


def column(attribute, heading, widget, **kwargs):
    """A spreadsheet column: the model attribute, its French heading, its conversion."""
    return fields.Field(attribute=attribute, column_name=str(heading), widget=widget, **kwargs)


class NaturalKeysLoader(ModelInstanceLoader):
    """Finds the records a file names by a key of one or several columns (work + venue +
    start…), in one query per 1,000 keys for the whole file rather than one per row."""

    chunk_size = 1000

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.instances = {}
        if dataset is not None:
            self.load(dataset.headers, dataset.dict)

    @classmethod
    def from_rows(cls, resource, headers, rows):
        loader = cls(resource)
        loader.load(headers, (dict(zip(headers, values, strict=False)) for values in rows))
        return loader

    def load(self, headers, row_dicts):
        if not all(f.column_name in (headers or []) for f in self.key_fields):
            return
        firsts = sorted({key[0] for key in map(self.key_of, row_dicts) if key is not None}, key=str)
        attribute = self.key_fields[0].attribute
        for start in range(0, len(firsts), self.chunk_size):
            lookup = {f"{attribute}__in": firsts[start : start + self.chunk_size]}
            for instance in self.get_queryset().filter(**lookup):
                self.instances[tuple(f.get_value(instance) for f in self.key_fields)] = instance

    def key_of(self, row):
        try:
            key = tuple(f.clean(row) for f in self.key_fields)
        except (ValueError, KeyError):
            return None  # the row's own import reports the bad value
        return None if any(value in (None, "") for value in key) else key

    def get_instance(self, row):
        key = self.key_of(row)
        return self.instances.get(key) if key is not None else None


class SpreadsheetResource(resources.ModelResource):
    #: field name -> value shown in the template's example row
    example = {}
    #: the resource field that names the record's owner, where a row outside the user's row
    #: scope is reported (registry.RowScope)
    venue_field = "venue"

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = CachedInstanceLoader

    def __init__(self, registered=None, user=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.registered = registered
        self.user = user
        self.progress = progress
        self.row_actions = []
        self._scope_ids = None
        self._row_state = {}
        self._keys_seen = set()
        self._repeats_a_key = False

    # --- import ------------------------------------------------------------------------------

    @property
    def row_scope(self):
        """The registered RowScope, or None (every record the model permissions allow)."""
        return self.registered.row_scope if self.registered is not None else None

    def _owner_pk(self, instance):
        return getattr(self.row_scope.owner_of(instance), "pk", None)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        scoped = self.row_scope is not None
        self._row_state = {
            "new": new,
            "owner_before": self._owner_pk(instance) if scoped and not new else None,
        }

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

    def _row_key(self, row):
        """The row's natural key (the import_id_fields' cleaned values), or None when a value
        is missing or wrong (the row's own import reports it)."""
        try:
            key = tuple(self.fields[name].clean(row) for name in self.get_import_id_fields())
        except Exception:
            return None
        if any(value in (None, "") for value in key):
            return None
        # A many-to-many part of the key (a set of venues) compares as a set.
        key = tuple(
            frozenset(getattr(item, "pk", item) for item in value)
            if isinstance(value, list | tuple | set | models.QuerySet)
            else value
            for value in key
        )
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row the user may not write is never reported as "unchanged": that would confirm
        # another venue's data. (A second row for the same record that changes nothing is
        # unchanged; one that would change it is refused by validate_instance.)
        if self.access_errors(instance):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self._repeats_a_key:
            errors[NON_FIELD_ERRORS] = list(errors.get(NON_FIELD_ERRORS, [])) + [
                _(
                    "Cette fiche figure déjà sur une ligne plus haut dans le fichier (même clé) : "
                    "gardez une seule ligne par fiche."
                )
            ]
        for key, messages in self.access_errors(instance).items():
            errors.setdefault(key, [])
            errors[key] = list(errors[key]) + messages
        try:
            # A repeated key would also fail the uniqueness check: one message is enough.
            super().validate_instance(instance, errors, validate_unique and not self._repeats_a_key)
        except ValidationError as error:
            raise _plain_empty_cells(error) from None

    def import_row(self, row, instance_loader, **kwargs):
        key = self._row_key(row)
        self._repeats_a_key = key is not None and key in self._keys_seen
        if key is not None:
            self._keys_seen.add(key)
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            # A database refusal (duplicate, constraint) becomes an ordinary invalid row with a
            # French message, so that skip-invalid can leave it out and keep the others.
            error = row_result.errors[0].error if row_result.errors else None
            logger.info("Import row %s failed: %r", kwargs.get("row_number"), error)
            message = (
                _("La base de données refuse cette ligne (doublon ou valeur interdite).")
                if isinstance(error, DatabaseError)
                else _("Cette ligne n'a pas pu être importée (erreur inattendue).")
            )
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError({NON_FIELD_ERRORS: [message]})
        # Keep the result small: the report needs the action and a label, not copies.
        row_result.original = None
        row_result.instance = None
        row_result.diff = None
        self.row_actions.append((row_result.import_type, row_result.object_repr))
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0))
        return row_result

    def import_data(self, dataset, dry_run=False, *args, **kwargs):
        """Resets every widget's cached lookups, and indexes the written rows for search in
        one batch when the import commits (spreadsheets.indexing)."""
        self.reset_widgets()
        self.saved_pks = []
        self._keys_seen = set()
        model = self._meta.model
        with search_index_deferred(model):
            result = super().import_data(dataset, dry_run, *args, **kwargs)
        if not dry_run and self.saved_pks:
            self.index_on_commit(self.saved_pks)
        return result

    def reset_widgets(self):
        for field in self.fields.values():
            reset = getattr(field.widget, "reset", None)
            if reset is not None:
                reset()

    def index_on_commit(self, pks):
        model, pks = self._meta.model, list(pks)
        transaction.on_commit(lambda: index_in_bulk(model, pks))

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        self.saved_pks.append(instance.pk)

    # --- batched import (spreadsheets.bulk) --------------------------------------------------

    #: True: `run_import` checks and writes this resource's rows in batches (spreadsheets.bulk)
    bulk_import = False

    def bulk_prepare(self, headers, rows):
        """Load, before each batch of rows, what they will look up: by default the records
        they name by their key."""
        self.saved_pks = []
        self._bulk_loader = NaturalKeysLoader.from_rows(self, headers, rows)
        self._bulk_fields = [
            f
            for f in self.get_import_fields()
            if not f.readonly and f.attribute and f.column_name in headers
        ]
        model_fields = {f.name: f for f in self._meta.model._meta.concrete_fields}
        imported = {f.attribute.split("__")[0] for f in self._bulk_fields}
        self._bulk_attributes = sorted(imported & set(model_fields))
        self._bulk_unchecked = [
            name
            for name, model_field in model_fields.items()
            if name not in imported or model_field.is_relation
        ]
        self._scope_ids = None

    def bulk_instance(self, row):
        """(the record the row names, True if it is new)."""
        instance = self._bulk_loader.get_instance(row)
        if instance is None:
            return self._meta.model(), True
        return instance, False

    def bulk_begin_row(self, instance, new, row):
        scoped = self.row_scope is not None
        self._row_state = {
            "new": new,
            "owner_before": self._owner_pk(instance) if scoped and not new else None,
            "values_before": {n: getattr(instance, n, None) for n in self._bulk_attributes}
            if not new
            else {},
        }

    def bulk_fill(self, instance, row):
        """Set the row's values on the record; {field: [French message]} for bad cells."""
        errors = {}
        for f in self._bulk_fields:
            try:
                f.save(instance, row)
            except ValueError as error:
                errors[self.get_field_name(f)] = [str(error)]
        return errors

    def bulk_validate(self, instance, row, new, fill_errors=None):
        """The model's own rules (field validators and clean(); relations and uniqueness are
        checked by the widgets, the key and the database), then the user's rights.

        `fill_errors` are the row's bad cells (`bulk_fill`): their fields are not checked
        again, and clean(), which compares fields, waits until the cells are right — the
        row's other errors are still reported with them."""
        errors = {}
        fill_errors = fill_errors or {}
        try:
            instance.clean_fields(exclude=[*self._bulk_unchecked, *fill_errors])
            if not fill_errors:
                instance.clean()
        except ValidationError as error:
            errors = {key: [str(m) for m in messages] for key, messages in _as_dict(error).items()}
        for key, messages in self.access_errors(instance).items():
            errors.setdefault(key, [])
            errors[key] = errors[key] + [str(m) for m in messages]
        return errors

    def bulk_key(self, instance, row):
        """What makes two rows the same record (a file naming one twice is refused)."""
        key = tuple(self.fields[name].get_value(instance) for name in self.get_import_id_fields())
        return None if any(value in (None, "") for value in key) else key

    def bulk_changed(self, instance, row):
        before = self._row_state.get("values_before", {})
        return any(getattr(instance, n, None) != before.get(n) for n in self._bulk_attributes)

    def bulk_label(self, instance, row):
        return str(instance)

    def bulk_write(self, creates, updates):
        """Write one batch: (record, row) pairs to create and to update."""
        model = self._meta.model
        created = model._default_manager.bulk_create([instance for instance, _row in creates])
        if updates:
            now = timezone.now()
            stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", 0)]
            for instance, _row in updates:
                for attname in stamped:
                    setattr(instance, attname, now)
            model._default_manager.bulk_update(
                [instance for instance, _row in updates], [*self._bulk_attributes, *stamped]
            )
        pks = [i.pk for i in created] + [i.pk for i, _row in updates]
        self.index_on_commit(pks)

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
