"""Actions that touch several records: turning an event's rule into dates, purging personal data."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from dateutil.rrule import WEEKLY, rrule
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# A weekly rule that would produce more dates than this is refused (a typo in « jusqu'au »).
MAX_OCCURRENCES_PER_RULE = 400
DEFAULT_RETENTION_MONTHS = 12


@dataclass(frozen=True)
class Slot:
    key: str
    start: datetime
    end: datetime
    venue_id: int | None
    address: str
    commune_id: int | None


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: list = field(default_factory=list)


def _aware(naive):
    return timezone.make_aware(naive, timezone.get_default_timezone())


def planned_slots(event):
    """The dates the event's rule asks for, in local (Europe/Paris) wall-clock time; with
    « Ne pas programmer les jours fériés », a weekly rule or a list of dates leaves French public
    holidays out (a single date on one is refused by EventPage.clean instead)."""
    from places.models import Venue
    from programmes.models import Recurrence
    from programmes.public_holidays import is_public_holiday

    skip_holidays = event.skip_public_holidays and event.recurrence != Recurrence.NONE
    if event.recurrence == Recurrence.DATES:
        dates = [
            planned
            for planned in event.planned_dates.all()
            if not (skip_holidays and is_public_holiday(planned.date))
        ]
        venue_ids = {d.venue_id for d in dates if d.venue_id} | {event.venue_id}
        communes = dict(Venue.objects.filter(pk__in=venue_ids).values_list("pk", "commune_id"))
        for planned in dates:
            venue_id = planned.venue_id or (None if planned.address else event.venue_id)
            address = planned.address or ("" if venue_id else event.address)
            commune_id = planned.commune_id or communes.get(venue_id) or event.commune_id
            yield Slot(
                key=f"d-{planned.pk}",
                start=_aware(datetime.combine(planned.date, planned.start_time)),
                end=_aware(datetime.combine(planned.date, planned.end_time)),
                venue_id=venue_id,
                address=address,
                commune_id=commune_id,
            )
        return
    if not (event.starts_at and event.ends_at):
        return
    commune_id = event.commune_id
    if event.venue_id and not commune_id:
        commune_id = Venue.objects.filter(pk=event.venue_id).values_list("commune_id", flat=True)[0]
    place = {"venue_id": event.venue_id, "address": event.address, "commune_id": commune_id}
    if event.recurrence == Recurrence.NONE:
        yield Slot("single", event.starts_at, event.ends_at, **place)
        return
    duration = event.ends_at - event.starts_at
    first = timezone.localtime(event.starts_at).replace(tzinfo=None)
    until = datetime.combine(event.repeat_until, time.max) if event.repeat_until else None
    rule = rrule(
        WEEKLY,
        interval=event.interval_weeks or 1,
        dtstart=first,
        until=until,
        count=None if until else 1,
    )
    for index, naive in enumerate(rule):
        if index >= MAX_OCCURRENCES_PER_RULE:
            break
        if skip_holidays and is_public_holiday(naive.date()):
            continue
        start = _aware(naive)
        yield Slot(f"w-{naive:%Y%m%d}", start, start + duration, **place)


def follow_event_move(sender, instance, parent_page_after=None, **kwargs):
    """An event moved to another programme page is listed (and filtered) under it."""
    from programmes.models import EventPage

    parent = parent_page_after or instance.get_parent()
    EventPage.objects.filter(pk=instance.pk).update(programme_id=parent.pk)


def sync_published_event(sender, instance, **kwargs):
    """``page_published`` receiver (programmes.apps): a published revision brings its rule, so
    the dates follow it, whoever publishes — the editor, a moderator approving a workflow
    task, the scheduled publishing command, a reverted revision, a copied live page."""
    sync_occurrences(instance)


SLOT_FIELDS = ("start", "end", "venue_id", "address", "commune_id")


@transaction.atomic
def sync_occurrences(event):
    """Make the event's dates match its rule without touching dates changed by hand or with
    attendance: those are kept even when the rule no longer produces them."""
    from programmes.models import Occurrence

    existing = {
        o.rule_key: o for o in Occurrence.objects.filter(event=event).select_related("attendance")
    }
    result = SyncResult()
    to_create = []
    for slot in planned_slots(event):
        occurrence = existing.pop(slot.key, None)
        if occurrence is None:
            to_create.append(
                Occurrence(
                    event=event, rule_key=slot.key, **{f: getattr(slot, f) for f in SLOT_FIELDS}
                )
            )
            continue
        if occurrence.is_protected_from_rule:
            result.kept.append(occurrence)
            continue
        changed = [f for f in SLOT_FIELDS if getattr(occurrence, f) != getattr(slot, f)]
        if changed:
            for name in changed:
                setattr(occurrence, name, getattr(slot, name))
            occurrence.sequence += 1
            occurrence.save(update_fields=[*changed, "sequence", "updated_at"])
            result.updated += 1
    Occurrence.objects.bulk_create(to_create)
    result.created = len(to_create)
    obsolete = []
    for occurrence in existing.values():
        if occurrence.is_protected_from_rule:
            result.kept.append(occurrence)
        else:
            obsolete.append(occurrence.pk)
    if obsolete:
        result.deleted, _ = Occurrence.objects.filter(pk__in=obsolete).delete()
    return result


def retention_months():
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))


def purge_expired_senior_data(today=None):
    """Delete the follow-up of seniors of editions that ended more than the retention period
    ago, with everything that still holds their names: their history (log entries, revisions)
    and the follow-up's spreadsheet jobs and files. Log counts only, one line per edition. Safe
    to run twice: the second run finds nothing."""
    from programmes.models import Edition

    today = today or timezone.localdate()
    months = retention_months()
    ended = Edition.objects.filter(end_date__lt=today, followed_seniors__isnull=False).distinct()
    # Month arithmetic in Python (31 August + 3 months = 30 November), then a small list.
    editions = [e for e in ended if e.end_date + relativedelta(months=months) <= today]
    total = 0
    for edition in editions:
        total += _purge_edition(edition)
    purge_expired_follow_up_imports(today)
    return total


def _purge_edition(edition):
    from wagtail.models import ModelLogEntry, Revision

    from programmes.models import FollowedSenior, PurgeLog, SeniorContact, SeniorLogEntry

    with transaction.atomic():
        senior_ids = list(
            FollowedSenior.objects.filter(edition=edition).values_list("pk", flat=True)
        )
        contact_ids = list(
            SeniorContact.objects.filter(senior__in=senior_ids).values_list("pk", flat=True)
        )
        history = 0
        for model, pks in ((FollowedSenior, senior_ids), (SeniorContact, contact_ids)):
            # The follow-up's own table, and Wagtail's general ones should anything have been
            # written there (before the move, or by code that bypassed the registry).
            for log_model in (SeniorLogEntry, ModelLogEntry):
                history += _delete_objects_rows(log_model.objects, model, pks)
            _delete_objects_rows(Revision.objects, model, pks)
        history += SeniorLogEntry.objects.filter(edition=edition).delete()[0]
        FollowedSenior.objects.filter(pk__in=senior_ids).delete()
        jobs = _delete_follow_up_jobs()
        PurgeLog.objects.create(
            edition_name=edition.name,
            edition_end_date=edition.end_date,
            seniors_deleted=len(senior_ids),
            contacts_deleted=len(contact_ids),
            log_entries_deleted=history,
            jobs_deleted=jobs,
        )
    logger.info(
        "Purge RGPD : %s seniors, %s contacts, %s entrées d'historique et %s imports ou exports "
        "supprimés pour « %s ».",
        len(senior_ids),
        len(contact_ids),
        history,
        jobs,
        edition.name,
    )
    return len(senior_ids)


def _delete_objects_rows(manager, model, pks):
    """Delete the rows (log entries, revisions) that point to these objects by content type and
    stringified primary key; returns how many."""
    from django.contrib.contenttypes.models import ContentType

    if not pks:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    ids = [str(pk) for pk in pks]
    if hasattr(manager.model, "base_content_type"):  # a Revision
        rows = manager.filter(base_content_type=content_type, object_id__in=ids)
    else:
        rows = manager.filter(content_type=content_type, object_id__in=ids)
    return rows.delete()[0]


def _delete_follow_up_jobs(created_before=None):
    """Delete the import and export jobs of the restricted (personal data) spreadsheets, with
    every file they stored. A file may hold rows of several editions and a job does not record
    which, so a purge deletes them all: what it costs is the history of recent imports, what it
    guarantees is that no purged name survives in a stored sheet, report or file name. Files go
    first: a rollback then leaves a job without its file (purged again on the next run), never
    a stored file that nothing points to."""
    from spreadsheets.jobs import purge_personal_data_jobs

    return purge_personal_data_jobs(created_before)


def purge_expired_follow_up_imports(today=None):
    """The import and export history of the restricted (personal data) spreadsheets holds names
    in its files and report: each such job is deleted, with its files, the retention period
    after it was made. Returns how many jobs were deleted; safe to run twice."""
    today = today or timezone.localdate()
    cutoff = _aware(datetime.combine(today - relativedelta(months=retention_months()), time()))
    deleted = _delete_follow_up_jobs(created_before=cutoff)
    if deleted:
        logger.info(
            "Purge RGPD : %s imports ou exports de données personnelles supprimés.", deleted
        )
    return deleted
