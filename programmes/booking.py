"""How the public books a place at an event: the checks and the forms of a booking phone."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 01 41 37 11 00, 01.41.37.11.00, 0141371100, +33 1 41 37 11 00, +33 (0)1 41 37 11 00.
_FRENCH_PHONE = re.compile(r"^(?:\+33\s?(?:\(0\)\s?)?|0)([1-9])(?:[\s.-]?(\d{2})){4}$")


def _digits(value):
    """The nine digits after the leading 0 (or +33), or None when it is not a French number."""
    value = (value or "").strip()
    if not _FRENCH_PHONE.match(value):
        return None
    digits = re.sub(r"\D", "", value)
    if value.startswith("+33"):
        digits = digits[2:]
        if value.replace(" ", "").startswith("+33(0)"):
            digits = digits[1:]
    else:
        digits = digits[1:]
    return digits if len(digits) == 9 else None


def validate_french_phone(value):
    if value and _digits(value) is None:
        raise ValidationError(
            _(
                "Saisissez un numéro de téléphone français à 10 chiffres, par exemple "
                "01 41 37 11 00 ou +33 1 41 37 11 00."
            ),
            code="invalid_phone",
        )


def display_phone(value):
    """« 01 41 37 11 00 »: how the number is stored and shown."""
    digits = _digits(value)
    if digits is None:
        return value
    national = "0" + digits
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


def tel_uri(value):
    """« tel:+33141371100 », the link a phone dials."""
    digits = _digits(value)
    return f"tel:+33{digits}" if digits else ""
