"""Small helpers of the public collection templates."""

from django import template

register = template.Library()

# Cards in the first row of a grid at the widest layout: their images load at once.
FIRST_ROW = 4


@register.filter
def loading_for(position, first_row=FIRST_ROW):
    """``loading`` of the image of the card at ``position`` (from 1): eager in the first row,
    lazy below the fold."""
    try:
        return "eager" if int(position) <= int(first_row) else "lazy"
    except (TypeError, ValueError):
        return "lazy"
