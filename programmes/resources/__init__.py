"""The programmes' records as spreadsheets, registered by name in spreadsheets.registry:
editions with their targets and classes, dates of events, attendance, and the restricted
senior follow-up."""

from programmes.resources import attendance, editions, occurrences, seniors  # noqa: F401
