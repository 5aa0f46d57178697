"""French public holidays (jours fériés), from the maintained ``holidays`` library.

Used by the recurrence rule (« Ne pas programmer les jours fériés ») and by the event page,
which warns when a date falls on one. Metropolitan France: Hauts-de-Seine has no regional day
(Alsace-Moselle's 26 December and Good Friday do not apply)."""

from datetime import date, datetime
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=32)
def _holidays_of(year):
    return holidays.country_holidays("FR", years=year, language="fr")


def holiday_name(day):
    """The French name of the public holiday on ``day`` (a date or an aware datetime, read in
    local time), or an empty string."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    if not isinstance(day, date):
        return ""
    return _holidays_of(day.year).get(day, "")


def is_public_holiday(day):
    return bool(holiday_name(day))
