from django import template
from django.utils.translation import gettext as _

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
    return f"{value:,}".replace(",", "\u202f")
