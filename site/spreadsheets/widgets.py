"""Cell conversions for French spreadsheets: decimal commas, dd/mm/yyyy dates (and date-times)
and Excel serial numbers, oui/non, choices by label, foreign keys by natural key; formula
escaping on export.

`render(value, text=True)` gives the CSV form (strings, French formats); `text=False` keeps
numbers and dates typed for XLSX/ODS. Every `clean` error is a French sentence.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from spreadsheets.keys import KeyLoader

FORMULA_PREFIXES = ("=", "+", "-", "@")


def escape_formula(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def cell_text(value):
    """A cell as the text of a key: an integral number without « .0 », no formula escape."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip())


def is_blank(value):
    """An empty cell: nothing, or only spaces (every resource and widget asks this one)."""
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(widgets.CharWidget):
    def __init__(self, max_length=None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return unescape_formula(str(value).strip())

    def render(self, value, obj=None, text=True, **kwargs):
        return escape_formula("" if value is None else str(value))


def _bounded(number, shown):
    """The number if finite and of reasonable magnitude (as the readers bound them): a text
    cell « 1e1000000 » would otherwise cost a minute in int()."""
    from spreadsheets.reading import MAX_MAGNITUDE, MIN_EXPONENT

    shown = str(shown)
    if not number.is_finite():
        raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": shown[:40]})
    if number and not MIN_EXPONENT <= number.adjusted() < MAX_MAGNITUDE:
        raise ValueError(
            _("« %(value)s » est hors des limites acceptées pour un nombre.")
            % {"value": shown if len(shown) <= 40 else shown[:40] + "…"}
        )
    return number


class DecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": value})
        if isinstance(value, float):
            return _bounded(Decimal(repr(value)), value)
        if isinstance(value, (int, Decimal)):
            return _bounded(Decimal(value), value)
        raw = str(value).strip()
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", raw).replace(",", ".")
        if len(cleaned) > 100:
            raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": raw[:40] + "…"})
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": raw}) from None
        return _bounded(number, raw)

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        if not text:
            return value
        return format(Decimal(value).normalize(), "f").replace(".", ",")


class IntegerWidget(DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("« %(value)s » n'est pas un nombre entier.") % {"value": value})
        return int(number)

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        return str(value) if text else value


EXCEL_EPOCH = datetime.date(1899, 12, 30)
#: Excel serial numbers read as dates: 10000 (1927-05-18) to 31/12/9999. A smaller number is
#: far likelier a year (« 2025 ») or a typo than a date of the 1900s, and is refused.
SERIAL_RANGE = (10000, 2958465)
SERIAL_TEXT = r"\d{5,7}([.,]\d+)?"
DATE_FORMATS = ("%d/%m/%y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class DateWidget(widgets.DateWidget):
    """dd/mm/yyyy, ISO yyyy-mm-dd, typed dates, and Excel serial numbers (days since 1899-12-30)."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return self._from_serial(value)
        raw = str(value).strip()
        if re.fullmatch(SERIAL_TEXT, raw):
            return self._from_serial(Decimal(raw.replace(",", ".")))
        raw_date = raw.split(" ")[0].split("T")[0]
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(raw_date, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("« %(value)s » n'est pas une date (attendu : jj/mm/aaaa).") % {"value": raw}
        )

    def _from_serial(self, number):
        days = int(number)
        if not SERIAL_RANGE[0] <= days <= SERIAL_RANGE[1]:
            raise ValueError(
                _("« %(value)s » n'est pas une date (attendu : jj/mm/aaaa).") % {"value": number}
            )
        return EXCEL_EPOCH + datetime.timedelta(days=days)

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        return value.strftime("%d/%m/%Y") if text else value


DATETIME_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
)


class DateTimeWidget(widgets.DateTimeWidget):
    """« jj/mm/aaaa hh:mm » in local time, ISO, typed date-times and Excel serial numbers with a
    fraction of a day. Written in local time (naive for XLSX/ODS, which hold no time zone)."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            moment = value
        elif isinstance(value, datetime.date):
            raise ValueError(self._message(value.strftime("%d/%m/%Y")))
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            moment = self._from_serial(value)
        else:
            raw = " ".join(str(value).split())
            moment = None
            if re.fullmatch(SERIAL_TEXT, raw):
                moment = self._from_serial(Decimal(raw.replace(",", ".")))
            for datetime_format in DATETIME_FORMATS:
                if moment is not None:
                    break
                try:
                    moment = datetime.datetime.strptime(raw, datetime_format)
                except ValueError:
                    continue
            if moment is None:
                try:
                    moment = datetime.datetime.fromisoformat(raw)
                except ValueError:
                    raise ValueError(self._message(raw)) from None
        # Spreadsheets store date-times as fractions of a day: round to the second.
        if moment.microsecond:
            moment = moment.replace(microsecond=0) + datetime.timedelta(
                seconds=round(moment.microsecond / 1_000_000)
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def _message(self, raw):
        return _("« %(value)s » n'est pas une date et heure (attendu : jj/mm/aaaa hh:mm).") % {
            "value": raw
        }

    def _from_serial(self, number):
        number = Decimal(str(number)) if isinstance(number, float) else Decimal(number)
        if not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1] + 1:
            raise ValueError(self._message(number))
        return datetime.datetime.combine(EXCEL_EPOCH, datetime.time()) + datetime.timedelta(
            seconds=round(number * 86400)
        )

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        if not text:
            return local.replace(tzinfo=None)
        return local.strftime("%d/%m/%Y %H:%M:%S" if local.second else "%d/%m/%Y %H:%M")


TRUE_WORDS = {"oui", "o", "vrai", "true", "1", "x", "yes", "y"}
FALSE_WORDS = {"non", "n", "faux", "false", "0", "no", ""}


class BooleanWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("« %(value)s » : écrivez « oui » ou « non ».") % {"value": value})

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        return _("oui") if value else _("non")


class ChoiceWidget(widgets.Widget):
    """A choice by its French label (as exported) or its code."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        raw = str(value).strip()
        wanted = raw.casefold()
        for code, label in self.choices:
            if wanted in (str(code).casefold(), str(label).casefold()):
                return code
        raise ValueError(
            _("« %(value)s » n'est pas une valeur possible (valeurs : %(choices)s).")
            % {"value": raw, "choices": ", ".join(str(label) for _c, label in self.choices)}
        )

    def render(self, value, obj=None, text=True, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related record's natural key (INSEE code, name, code…), or
    one of its keys (`keys(record)`: a slug or a title); a key two records share is refused
    with `ambiguous` rather than guessed.

    The related records are loaded once per import (spreadsheets.keys.KeyLoader, one query)
    rather than once per row.
    """

    def __init__(self, model, field, describe, ambiguous="", **kwargs):
        self.describe = describe
        self.ambiguous = ambiguous or describe
        self._loader = None
        super().__init__(model, field=field, **kwargs)

    def queryset(self):
        return self.model._default_manager.all()

    def keys(self, obj):
        return [str(getattr(obj, self.field))]

    @property
    def loader(self):
        if self._loader is None:
            self._loader = KeyLoader(self.queryset(), self.keys)
        return self._loader

    def reset(self):
        self._loader = None

    def find(self, key):
        matches = self.loader.matches(key)
        if len(matches) == 1:
            return matches[0]
        raise ValueError(str(self.ambiguous if matches else self.describe) % {"value": key})

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        return self.find(cell_text(value))

    def render(self, value, obj=None, text=True, **kwargs):
        if value is None:
            return ""
        return escape_formula(str(getattr(value, self.field)))
