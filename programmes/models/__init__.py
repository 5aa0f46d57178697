"""Programmes, editions, events and the senior follow-up (one module per concept)."""

from programmes.models.editions import Edition, EditionClass, EditionTarget, SchoolLevel
from programmes.models.events import Occurrence, OccurrenceStatus
from programmes.models.pages import (
    CalendarPage,
    EventPage,
    EventPlannedDate,
    ProgrammeIndexPage,
    ProgrammePage,
    Recurrence,
)
from programmes.models.participation import (
    BREAKDOWNS,
    AttendancePart,
    AttendanceRecord,
    SentReminder,
)
from programmes.models.reference import Audience, Partner, Theme
from programmes.models.seniors import FollowedSenior, PurgeLog, SeniorContact, SeniorLogEntry

__all__ = [
    "BREAKDOWNS",
    "AttendancePart",
    "AttendanceRecord",
    "SentReminder",
    "Audience",
    "CalendarPage",
    "Edition",
    "EditionClass",
    "EditionTarget",
    "EventPage",
    "EventPlannedDate",
    "FollowedSenior",
    "Occurrence",
    "OccurrenceStatus",
    "Partner",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "PurgeLog",
    "Recurrence",
    "SchoolLevel",
    "SeniorContact",
    "SeniorLogEntry",
    "Theme",
]
