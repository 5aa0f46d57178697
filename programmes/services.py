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
    """The dates the event's rule asks for, in local (Europe/Paris) wall-clock time."""
    from places.models import Venue
    from programmes.models import Recurrence

    if event.recurrence == Recurrence.DATES:
        dates = list(event.planned_dates.all())
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
        start = _aware(naive)
        yield Slot(f"w-{naive:%Y%m%d}", start, start + duration, **place)


def follow_event_move(sender, instance, parent_page_after=None, **kwargs):
    """An event moved to another programme page is listed (and filtered) under it."""
    from programmes.models import EventPage

    parent = parent_page_after or instance.get_parent()
    EventPage.objects.filter(pk=instance.pk).update(programme_id=parent.pk)


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
    ago; log one count per edition. Safe to run twice: the second run finds nothing."""
    from programmes.models import Edition, FollowedSenior, PurgeLog, SeniorContact

    today = today or timezone.localdate()
    months = retention_months()
    ended = Edition.objects.filter(end_date__lt=today, followed_seniors__isnull=False).distinct()
    # Month arithmetic in Python (31 August + 3 months = 30 November), then a small list.
    editions = [e for e in ended if e.end_date + relativedelta(months=months) <= today]
    total = 0
    for edition in editions:
        with transaction.atomic():
            seniors = FollowedSenior.objects.filter(edition=edition)
            contacts = SeniorContact.objects.filter(senior__edition=edition).count()
            count = seniors.count()
            seniors.delete()
            PurgeLog.objects.create(
                edition_name=edition.name,
                edition_end_date=edition.end_date,
                seniors_deleted=count,
                contacts_deleted=contacts,
            )
        logger.info(
            "Purge RGPD : %s seniors et %s contacts supprimés pour « %s ».",
            count,
            contacts,
            edition.name,
        )
        total += count
    purge_expired_follow_up_imports(today)
    return total


def purge_expired_follow_up_imports(today=None):
    """The import history of the restricted (personal data) spreadsheets holds names in its
    files and report: each such job is deleted, with its files, the retention period after its
    upload. Returns how many jobs were deleted; safe to run twice."""
    from spreadsheets import registry
    from spreadsheets.models import ImportJob

    today = today or timezone.localdate()
    cutoff = _aware(datetime.combine(today - relativedelta(months=retention_months()), time()))
    restricted = [entry.name for entry in registry.all_resources() if entry.restricted]
    jobs = ImportJob.objects.filter(resource__in=restricted, created_at__lt=cutoff)
    deleted = 0
    for job in jobs:
        for stored in (job.file, job.rejected_file):
            if stored:
                stored.delete(save=False)
        job.delete()
        deleted += 1
    if deleted:
        logger.info("Purge RGPD : %s imports de données personnelles supprimés.", deleted)
    return deleted
