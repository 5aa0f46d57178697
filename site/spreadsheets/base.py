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

    registry.register("lieux", VenueResource, venue_scoped=True)
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from places.scoping import managed_venues, sees_all_venues, venue_of
from spreadsheets.widgets import NaturalKeyWidget

logger = logging.getLogger(__name__)


def column(attribute, heading, widget, **kwargs):
    """A spreadsheet column: the model attribute, its French heading, its conversion."""
    return fields.Field(attribute=attribute, column_name=str(heading), widget=widget, **kwargs)


class SpreadsheetResource(resources.ModelResource):
    #: field name -> value shown in the template's example row
    example = {}
    #: the resource field that names the venue (for venue-scoped resources' errors)
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

    # --- import ------------------------------------------------------------------------------

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        scoped = self.registered is not None and self.registered.venue_scoped
        self._row_state = {
            "new": new,
            "venue_before": getattr(venue_of(instance), "pk", None) if scoped and not new else None,
        }

    def _restricted(self):
        return self.user is not None and not sees_all_venues(self.user)

    def _in_scope(self, venue_pk):
        if self._scope_ids is None:
            self._scope_ids = set(managed_venues(self.user).values_list("pk", flat=True))
        return venue_pk is not None and venue_pk in self._scope_ids

    def access_errors(self, instance):
        """The user's right to write this row: model permission, then venue scope."""
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
        if self.registered is not None and self.registered.venue_scoped and self._restricted():
            venue = venue_of(instance)
            before = self._row_state.get("venue_before")
            reachable = self._in_scope(getattr(venue, "pk", None)) and (
                new or self._in_scope(before)
            )
            if not reachable:
                key = self.venue_field if self.venue_field in self.fields else NON_FIELD_ERRORS
                return {
                    key: [
                        _("Le lieu « %(venue)s » ne fait pas partie des lieux que vous gérez.")
                        % {"venue": getattr(venue, "code", "") or _("inconnu")}
                    ]
                }
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row the user may not write is never reported as "unchanged": that would confirm
        # another venue's data.
        if self.access_errors(instance):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for key, messages in self.access_errors(instance).items():
            errors.setdefault(key, [])
            errors[key] = list(errors[key]) + messages
        super().validate_instance(instance, errors, validate_unique)

    def import_row(self, row, instance_loader, **kwargs):
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

    def import_data(self, *args, **kwargs):
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget):
                field.widget.reset()
        return super().import_data(*args, **kwargs)

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

    def example_row(self):
        return [str(self.example.get(self.get_field_name(f), "")) for f in self.get_export_fields()]

    # --- export ------------------------------------------------------------------------------

    def export_rows(self, queryset, text=True):
        """One list of cell values per record, read in chunks (nothing built in memory)."""
        export_fields = self.get_export_fields()
        for instance in self.iter_queryset(queryset):
            yield [self.export_field(field, instance, text=text) for field in export_fields]
