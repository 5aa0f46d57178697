from django import template
from django.utils.translation import gettext as _

register = template.Library()

SMALL_COUNT_THRESHOLD = 5


@register.filter
def aggregate_count(value):
    """A published count: figures from 1 to 4 are shown « moins de 5 » (no one is singled out)."""
    if value is None:
        return "—"
    if 0 < value < SMALL_COUNT_THRESHOLD:
        return _("moins de 5")
    return f"{value:,}".replace(",", "\u202f")
