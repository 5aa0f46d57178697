"""Participation: attendance logged at the venue, and the reads reports share.

The seam between programmes and artworks. Each app keeps the counts of its own sessions and
answers for them through its own selectors; neither imports the other. Event occurrences
have a `programmes.AttendanceRecord` (a total plus anonymous parts, child rows
`AttendancePart(dimension, category, count)`, for the breakdowns the programme page declares:
school level and gender for « Toutes culottées », age band for seniors…). Mediation sessions
keep their counts in `artworks.MediationSession` (total, adults, children) and are reported by
`artworks.reports` (« Un mois, une œuvre »: works shown, venues reached, mediation attendance).
Both are venue-scoped through `places.scoping` (`venue_path` "occurrence__venue" and
"placement__venue"), so one rule decides what a venue manager sees. No table, query or report
joins the two apps: a figure that needs both is shown side by side from each app's own report
(the reports menu lists « Fréquentation » and « Un mois, une œuvre »).

This module holds the rules of a record (validation, saving with an audit log entry, the
correction period) used by every form that writes one: the single-session form, the grid and
the snippet's edit view.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from places.scoping import sees_all_venues, user_may_reach
from programmes.models.participation import (
    BREAKDOWNS,
    UNKNOWN,
    AttendancePart,
    AttendanceRecord,
    breakdown_label,
    correction_days,
)

__all__ = [
    "correction_days",
    "may_correct",
    "may_log",
    "save_record",
    "validate",
    "validate_counts",
]


def dimensions_of(occurrence):
    programme = occurrence.event.programme
    return programme.attendance_breakdowns if programme is not None else []


def categories_of(dimension):
    return [*(code for code, _label in BREAKDOWNS[dimension][1]), UNKNOWN]


def validate(occurrence, total, parts, over_capacity_confirmed=False):
    """The rules of a record, as a dict field -> French message (empty when valid).

    `parts` maps (dimension, category) to a count or None. Each declared breakdown must be
    given in full: its parts, « non renseigné » included, add up to the total.
    """
    return validate_counts(
        total,
        parts,
        capacity=occurrence.event.capacity,
        dimensions=dimensions_of(occurrence),
        over_capacity_confirmed=over_capacity_confirmed,
    )


def validate_counts(total, parts, *, capacity, dimensions, over_capacity_confirmed=False):
    """`validate` from what it needs of the occurrence (its event's capacity and its
    programme's breakdowns), for callers that check many records at once (imports)."""
    errors = {}
    if total is None:
        errors["total"] = _("Indiquez le nombre de personnes présentes.")
    elif total < 0:
        errors["total"] = _("Le nombre de personnes ne peut pas être négatif.")
    for (dimension, category), count in parts.items():
        if count is not None and count < 0:
            errors[f"part__{dimension}__{category}"] = _("Un nombre ne peut pas être négatif.")
    if errors:
        return errors
    if capacity and total > capacity and not over_capacity_confirmed:
        errors["over_capacity_confirmed"] = _(
            "%(total)s personnes pour une capacité de %(capacity)s : cochez la case pour "
            "confirmer le dépassement."
        ) % {"total": total, "capacity": capacity}
    for dimension in dimensions:
        given = [parts.get((dimension, c)) for c in categories_of(dimension)]
        added = sum(n for n in given if n is not None)
        if added != total:
            errors[f"breakdown__{dimension}"] = _(
                "%(label)s : les parts font %(added)s pour un total de %(total)s. Complétez la "
                "répartition ou indiquez la part « non renseigné »."
            ) % {"label": breakdown_label(dimension), "added": added, "total": total}
    return errors


def may_log(user, occurrence):
    return (
        user.has_perm("programmes.add_attendancerecord")
        and occurrence.venue_id is not None
        and user_may_reach(user, occurrence)
        and occurrence.is_past
    )


def may_correct(user, record, now=None):
    """Programme staff correct at any time; a venue manager within the correction period."""
    if not user.has_perm("programmes.change_attendancerecord"):
        return False
    if sees_all_venues(user):
        return True
    return user_may_reach(user, record) and record.is_correctable(now)


@transaction.atomic
def save_record(user, occurrence, total, parts, over_capacity_confirmed=False, log_change=True):
    """Create or correct the record of an occurrence; the change goes to Wagtail's log."""
    errors = validate(occurrence, total, parts, over_capacity_confirmed)
    if errors:
        raise ValidationError(errors)
    record = AttendanceRecord.objects.select_for_update().filter(occurrence=occurrence).first()
    created = record is None
    if created:
        record = AttendanceRecord(occurrence=occurrence, recorded_by=user)
    record.total = total
    record.over_capacity_confirmed = over_capacity_confirmed
    record.save()
    declared = set(dimensions_of(occurrence))
    AttendancePart.objects.filter(record=record).delete()
    AttendancePart.objects.bulk_create(
        AttendancePart(record=record, dimension=dimension, category=category, count=count)
        for (dimension, category), count in parts.items()
        if dimension in declared and count
    )
    if log_change:
        log_record_change(user, record, created, parts)
    return record


def log_record_change(user, record, created, parts):
    log(
        instance=record,
        action="wagtail.create" if created else "wagtail.edit",
        user=user,
        data={
            "total": record.total,
            "parts": {f"{d}:{c}": n for (d, c), n in parts.items() if n},
        },
    )
