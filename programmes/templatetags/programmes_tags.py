from datetime import date, datetime, time

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from home.templatetags.french import date_fr, nombre
from programmes.disclosure import THRESHOLD, Withheld

register = template.Library()

SMALL_COUNT_THRESHOLD = THRESHOLD


@register.filter
def aggregate_count(value):
    """A published count: figures from 1 to 4 are shown « moins de 5 » (no one is singled out);
    a figure withheld so that a small one cannot be deduced from it is shown « non publié »
    (programmes.disclosure)."""
    if value is None:
        return "—"
    if isinstance(value, Withheld):
        return str(value)
    if 0 < value < SMALL_COUNT_THRESHOLD:
        return _("moins de 5")
    return nombre(value)


def _local(value):
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


DATE_STYLES = {"long": "l j F Y", "sans_jour": "j F Y", "court": "j F"}


@register.filter
def french_date(value, style="long"):
    """« mardi 1er décembre 2026 » (style "long"), « 1er décembre 2026 » ("sans_jour") or
    « 1er décembre » ("court"): French typography, the first of the month an ordinal."""
    if not isinstance(value, date):
        return ""
    return date_fr(_local(value), DATE_STYLES.get(style, DATE_STYLES["long"]))


@register.filter
def french_time(value):
    """« 14 h » or « 14 h 30 », with non-breaking spaces (French typography)."""
    if not isinstance(value, datetime | time):
        return ""
    value = _local(value) if isinstance(value, datetime) else value
    if value.minute:
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour}\u00a0h"
