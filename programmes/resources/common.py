"""What the programmes' resources share: keys of several columns (one of them possibly a set of
codes), programmes found by page slug, sets of codes in one cell, and a field that compares
many-to-many values so that an unchanged row is reported as unchanged."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.instance_loaders import ModelInstanceLoader

from spreadsheets.base import SpreadsheetResource
from spreadsheets.widgets import escape_formula, unescape_formula
from spreadsheets.widgets import is_blank as _blank

CODE_SEPARATOR = ";"


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip())


def normalised(value):
    """A key part as compared between a row and a record: records by primary key, sets of
    records as a set, text without case or repeated spaces."""
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(normalised(item) for item in value)
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


class Directory:
    """Records found by their natural key (loaded once per import), reporting an unknown or
    ambiguous key in French. `keys(obj)` gives the texts that find `obj` (slug, title…)."""

    def __init__(self, queryset, keys):
        self.by_key = {}
        for obj in queryset:
            for key in keys(obj):
                if key:
                    matches = self.by_key.setdefault(normalised(str(key)), [])
                    if obj not in matches:
                        matches.append(obj)

    def matches(self, value):
        return self.by_key.get(normalised(_text(value)), [])

    def find(self, value, unknown, ambiguous):
        matches = self.matches(value)
        if len(matches) == 1:
            return matches[0]
        raise ValueError((ambiguous if matches else unknown) % {"value": _text(value)})


class DirectoryWidget(widgets.ForeignKeyWidget):
    """A foreign key by natural key, the records loaded once per import; written as
    `render_field` of the record."""

    def __init__(self, model, render_field, unknown, ambiguous="", **kwargs):
        self.render_field = render_field
        self.unknown = unknown
        self.ambiguous = ambiguous or unknown
        self._directory = None
        super().__init__(model, field="pk", **kwargs)

    def reset(self):
        self._directory = None

    def queryset(self):
        return self.model._default_manager.all()

    def keys(self, obj):
        return [getattr(obj, self.render_field)]

    @property
    def directory(self):
        if self._directory is None:
            self._directory = Directory(self.queryset(), self.keys)
        return self._directory

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        return self.directory.find(value, str(self.unknown), str(self.ambiguous))

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        return escape_formula(str(getattr(value, self.render_field)))


class ProgrammeWidget(DirectoryWidget):
    """A programme by its page slug (or its exact title), never by id."""

    def __init__(self, **kwargs):
        from programmes.models import ProgrammePage

        super().__init__(
            ProgrammePage,
            "slug",
            gettext_lazy("Aucun programme n'a l'identifiant « %(value)s »."),
            gettext_lazy(
                "Plusieurs programmes répondent à « %(value)s » : indiquez l'identifiant "
                "de la page."
            ),
            **kwargs,
        )

    def keys(self, obj):
        return [obj.slug, obj.title]


class CodesWidget(widgets.Widget):
    """Several records in one cell by code, separated by « ; » (INSEE codes, venue codes);
    written sorted, so that an export is stable. Every unknown code is named."""

    def __init__(self, model, field, unknown, **kwargs):
        self.model = model
        self.field = field
        self.unknown = unknown
        self._lookup = None
        super().__init__(**kwargs)

    def reset(self):
        self._lookup = None

    def lookup(self):
        if self._lookup is None:
            self._lookup = {
                normalised(str(getattr(obj, self.field))): obj
                for obj in self.model._default_manager.all()
            }
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return []
        found, unknown = [], []
        for part in _text(value).split(CODE_SEPARATOR):
            if not part.strip():
                continue
            obj = self.lookup().get(normalised(part))
            if obj is None:
                unknown.append(part.strip())
            elif obj not in found:
                found.append(obj)
        if unknown:
            raise ValueError(
                str(self.unknown) % {"value": " », « ".join(unknown)}
                + " "
                + _("Séparez les codes par « ; ».")
            )
        return found

    def render(self, value, obj=None, text=True, **kwargs):
        if not value:
            return ""
        codes = sorted(str(getattr(item, self.field)) for item in value)
        return escape_formula(f"{CODE_SEPARATOR} ".join(codes))


class RelatedSetField(fields.Field):
    """A many-to-many (ParentalManyToManyField) column: its value is the sorted list of related
    records, so that comparing a row with the record tells whether it changed; set on the
    instance before it is saved (modelcluster commits it with the record)."""

    def get_value(self, instance):
        manager = super().get_value(instance)
        if manager is None:
            return []
        return sorted(manager.all(), key=lambda obj: obj.pk)


def related_set(attribute, heading, widget, **kwargs):
    return RelatedSetField(attribute=attribute, column_name=str(heading), widget=widget, **kwargs)


class KeyedLoader(ModelInstanceLoader):
    """Finds the record a row names by a key of several columns, from one query for the file.

    The resource says how a key is read from a row (`row_key`) and from a record
    (`instance_key`); a key two records share is refused rather than guessed. Records created
    by the file are remembered, so that a repeated row updates instead of creating twice."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = {}
        for instance in resource.key_candidates():
            self.remember(instance)

    def remember(self, instance):
        matches = self.instances.setdefault(self.resource.instance_key(instance), [])
        if instance not in matches:
            matches.append(instance)

    def get_instance(self, row):
        key = self.resource.row_key(row)
        if key is None:
            return None
        matches = self.instances.get(key, [])
        if len(matches) > 1:
            raise ValidationError({NON_FIELD_ERRORS: [self.resource.ambiguous_message()]})
        return matches[0] if matches else None


class KeyedResource(SpreadsheetResource):
    """A resource whose rows find their record through `KeyedLoader` (import_id_fields, with
    `optional_key_fields` allowed to be blank)."""

    optional_key_fields = ()

    # Inherits the base options: import-export reads Meta from a resource's bases and their
    # direct parents only, so options two classes up would be lost.
    class Meta(SpreadsheetResource.Meta):
        instance_loader_class = KeyedLoader

    def key_candidates(self):
        return self.get_queryset()

    def ambiguous_message(self):
        return _(
            "Plusieurs fiches existantes correspondent à cette ligne : corrigez-les dans "
            "l'administration avant d'importer."
        )

    def _key_fields(self):
        return [(name, self.fields[name]) for name in self.get_import_id_fields()]

    def row_key(self, row):
        key = []
        for name, field in self._key_fields():
            try:
                value = field.clean(row)
            except (ValueError, KeyError, ValidationError):
                return None  # the row's own import reports the bad value
            if _blank(value) and name not in self.optional_key_fields:
                return None
            key.append(normalised(value))
        return tuple(key)

    def instance_key(self, instance):
        return tuple(normalised(field.get_value(instance)) for _n, field in self._key_fields())

    def get_instance(self, instance_loader, row):
        self._loader = instance_loader
        return instance_loader.get_instance(row)

    def import_data(self, *args, **kwargs):
        self._loader = None  # the widgets' lookups are reset by SpreadsheetResource
        return super().import_data(*args, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if self._row_state.get("new") and getattr(self, "_loader", None) is not None:
            self._loader.remember(instance)
