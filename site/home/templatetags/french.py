"""French typography for public pages: « 1er décembre », « 1 234 » with a narrow no-break space,
« Aucune date », « 1 date », « 2 dates »."""

import datetime

from django import template
from django.utils import dateformat
from django.utils.formats import get_format

register = template.Library()

NARROW_NBSP = "\u202f"


def _first_of_month_format(format_string):
    """The format with each unescaped day-of-month ``j`` written « 1er » (a French ordinal)."""
    out, escaped = [], False
    for char in format_string:
        if escaped:
            out.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "j":
            out.append("1\\e\\r")
        else:
            out.append(char)
    return "".join(out)


@register.filter(expects_localtime=True, is_safe=False)
def date_fr(value, arg="j F Y"):
    """Like Django's ``date`` filter, but the first day of a month is « 1er » (« mardi 1er
    décembre 2026 »), as French typography wants; other days stay cardinal (« 2 décembre »)."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return ""
    format_string = get_format(arg) if arg.isupper() and "_" in arg else arg
    if value.day == 1:
        format_string = _first_of_month_format(format_string)
    try:
        return dateformat.format(value, format_string)
    except AttributeError:
        return ""


@register.filter(is_safe=True)
def nombre(value):
    """An integer with its thousands set apart by narrow no-break spaces (« 1 800 »)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"{number:,}".replace(",", NARROW_NBSP)


@register.filter
def compte(value, forms):
    """« Aucune date », « 1 date », « 12 dates », « 1 234 dates »: ``forms`` is
    ``"zero|singular|plural"`` (``{{ n|compte:"Aucune date|date|dates" }}``)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    zero, singular, plural = forms.split("|")
    if number == 0:
        return zero
    # In French, 0 and 1 take the singular; 0 is worded above.
    return f"{nombre(number)} {singular if number < 2 else plural}"
