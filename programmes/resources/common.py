"""What the programmes' resources share: records found by one of their names (programmes by
page slug or title), sets of codes in one cell, and a field that compares many-to-many values
so that an unchanged row is reported as unchanged. Keys are found by spreadsheets.keys."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from spreadsheets.keys import KeyLoader
from spreadsheets.widgets import NaturalKeyWidget, escape_formula
from spreadsheets.widgets import cell_text as _text
from spreadsheets.widgets import is_blank as _blank

CODE_SEPARATOR = ";"


class ProgrammeWidget(NaturalKeyWidget):
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
        self._loader = None
        super().__init__(**kwargs)

    def reset(self):
        self._loader = None

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return []
        if self._loader is None:
            self._loader = KeyLoader(
                self.model._default_manager.all(), lambda obj: [str(getattr(obj, self.field))]
            )
        found, unknown = [], []
        for part in _text(value).split(CODE_SEPARATOR):
            if not part.strip():
                continue
            matches = self._loader.matches(part)
            if not matches:
                unknown.append(part.strip())
            elif matches[0] not in found:
                found.append(matches[0])
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
