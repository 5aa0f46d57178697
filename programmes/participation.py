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

This module holds the rules of a record, each written once and taking plain values: which
sessions take attendance (`session_refusal`), who may log or correct a record
(`access_refusal`, with `may_log` / `may_correct` for a session or record in hand, and the
correction period `correctable_until`), the counts (`validate_counts`) and the audit log
entry (`log_record_changes`). Every writer asks them: the single-session form, the grid, the
snippet's edit view and permission policy, the record's model and the spreadsheet import.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry

from places.scoping import sees_all_venues, user_may_reach
from programmes.models.events import OccurrenceStatus
from programmes.models.participation import (
    BREAKDOWNS,
    UNKNOWN,
    AttendancePart,
    AttendanceRecord,
    breakdown_label,
    correction_days,
)

__all__ = [
    "access_refusal",
    "correctable_until",
    "correction_days",
    "log_record_changes",
    "may_correct",
    "may_log",
    "save_record",
    "session_refusal",
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


def session_refusal(*, status, start, end, venue_id, new=True, now=None):
    """Why a session takes no attendance, as a French message ("" when it does): cancelled,
    not held yet, or — for a first entry — no referenced venue (older records without one
    are kept and may be corrected)."""
    if status == OccurrenceStatus.CANCELLED:
        return _("Cette séance a été annulée : elle n'a pas de fréquentation.")
    if end > (now or timezone.now()):
        return _("Cette séance n'a pas encore eu lieu (%(date)s).") % {
            "date": timezone.localtime(start).strftime("%d/%m/%Y %H:%M")
        }
    if venue_id is None and new:
        return _(
            "Cette séance n'a pas de lieu référencé : sa fréquentation ne peut pas être saisie."
        )
    return ""


def correctable_until(created_at):
    """The end of the correction period of a record saved at `created_at` (None: not yet)."""
    return (created_at or timezone.now()) + timedelta(days=correction_days())


def access_refusal(user, *, new, reaches_venue, created_at=None, now=None):
    """Why `user` may not log (`new`) or correct a record, as (field, French message), or
    None: the model permission; then, for a venue manager (programme staff reach every venue
    and correct at any time), the session's venue among theirs (`reaches_venue`) and, for a
    correction, the correction period. No user (a command) is refused nothing."""
    if user is None:
        return None
    if not user.has_perm(f"programmes.{'add' if new else 'change'}_attendancerecord"):
        if new:
            return NON_FIELD_ERRORS, _("Vous n'avez pas le droit de saisir une fréquentation.")
        return NON_FIELD_ERRORS, _("Vous n'avez pas le droit de corriger une fréquentation.")
    if sees_all_venues(user):
        return None
    if not reaches_venue:
        return "occurrence", _("Cette séance a lieu dans un lieu que vous ne gérez pas.")
    if not new and (now or timezone.now()) > correctable_until(created_at):
        return NON_FIELD_ERRORS, _(
            "La fréquentation a été saisie il y a plus de %(days)s jours : demandez à "
            "l'équipe des programmes de la corriger."
        ) % {"days": correction_days()}
    return None


def may_log(user, occurrence, now=None):
    """A first entry for this session by this user (the rules above, for an instance)."""
    return not session_refusal(
        status=occurrence.status,
        start=occurrence.start,
        end=occurrence.end,
        venue_id=occurrence.venue_id,
        now=now,
    ) and (access_refusal(user, new=True, reaches_venue=user_may_reach(user, occurrence)) is None)


def may_correct(user, record, now=None):
    """Programme staff correct at any time; a venue manager within the correction period."""
    if user is None:
        return False
    return (
        access_refusal(
            user,
            new=False,
            reaches_venue=user_may_reach(user, record),
            created_at=record.created_at,
            now=now,
        )
        is None
    )


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
        log_record_changes(user, [(record, created, parts, None)])
    return record


def log_record_changes(user, changes, *, imported=False, uuid=None, timestamp=None):
    """The audit log entries of attendance records written, in one query: who, when, the
    counts (and « importé » for an import). `changes` holds (record, created, parts, label);
    parts map (dimension, category) to a count; label None is the record's own name.
    Entries of one action share `uuid` (by default the request's, as Wagtail's `log`)."""
    changes = list(changes)
    if not changes:
        return
    context = get_active_log_context()
    user = user or context.user
    log_model = log_registry.get_log_model_for_model(AttendanceRecord)
    content_type = ContentType.objects.get_for_model(AttendanceRecord)
    timestamp = timestamp or timezone.now()
    entries = []
    for record, created, parts, label in changes:
        data = {"total": record.total, "parts": {f"{d}:{c}": n for (d, c), n in parts.items() if n}}
        if imported:
            data["import"] = True
        entries.append(
            log_model(
                content_type=content_type,
                object_id=str(record.pk),
                label=label or str(record),
                action="wagtail.create" if created else "wagtail.edit",
                user_id=getattr(user, "pk", None),
                uuid=uuid or context.uuid,
                timestamp=timestamp,
                data=data,
            )
        )
    log_model.objects.bulk_create(entries)
