"""Actions that touch several records: placing works, confirming install and removal, sending
the daily reminders. The overlap rule is checked here inside a transaction; on PostgreSQL the
exclusion constraint `artworks_placement_no_overlap` also holds it when two requests race."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from artworks.models import Placement, PlacementReminder, PlacementStatus, ReminderKind
from artworks.models.placements import NO_OVERLAP_CONSTRAINT, describe_conflict


class PlacementConflict(ValidationError):
    """A work would be at two venues over overlapping dates; messages name the conflicts."""


def _find_conflicts(artwork_ids, start_date, end_date, exclude_pk=None):
    return list(
        Placement.objects.overlapping(artwork_ids, start_date, end_date, exclude_pk=exclude_pk)
        .select_related("artwork", "venue")
        .order_by("artwork__title", "start_date")
    )


def _conflict_error(conflicts):
    return PlacementConflict([describe_conflict(c) for c in conflicts], code="overlap")


def _is_overlap_violation(exc):
    return NO_OVERLAP_CONSTRAINT in str(exc)


def is_deadlock(exc):
    """PostgreSQL's 40P01. Two inserts that race on an exclusion constraint can each wait for
    the other: the server then aborts one of them, which is a conflict lost, not a failure."""
    return getattr(exc.__cause__, "sqlstate", None) == "40P01"


DEADLOCK_ATTEMPTS = 3


def write_without_overlap(write, find_conflicts, *, after_refusal=None):
    """Run `write` in a transaction after checking the overlap rule, all or nothing: the one
    place where placements are written (admin forms, placing and moving works, the import).

    `find_conflicts()` lists the placements in the way (Placement.objects.overlapping).
    Raises PlacementConflict naming them whether the check finds them or the database refuses
    the write (exclusion constraint; `after_refusal()` then resets what the failed write left
    on the instance). A deadlock between two racing writers is retried: the retry's check
    sees — or waits for — the one that went through.
    """
    for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                conflicts = find_conflicts()
                if conflicts:
                    raise _conflict_error(conflicts)
                return write()
        except IntegrityError as exc:
            if not _is_overlap_violation(exc):
                raise
            if after_refusal is not None:
                after_refusal()
            raise _conflict_error(find_conflicts()) from exc
        except OperationalError as exc:
            if not is_deadlock(exc) or attempt == DEADLOCK_ATTEMPTS:
                raise


def place_works(artworks, venue, start_date, end_date, *, user=None, notes=""):
    """Place every work at `venue` from start to end, all or nothing.

    Raises PlacementConflict (French messages naming each conflicting placement) if any work is
    already placed over those dates — whether found by the check or refused by the database.
    """
    if end_date < start_date:
        raise ValidationError(_("La fin doit être le même jour ou après le début."))
    artworks = list(artworks)
    if not artworks:
        raise ValidationError(_("Choisissez au moins une œuvre."))

    def write():
        placements = []
        for artwork in artworks:
            placement = Placement(
                artwork=artwork,
                venue=venue,
                start_date=start_date,
                end_date=end_date,
                notes=notes,
            )
            placement.clean_fields()
            placement.save()
            placements.append(placement)
        return placements

    ids = [a.pk for a in artworks]
    placements = write_without_overlap(write, lambda: _find_conflicts(ids, start_date, end_date))
    for placement in placements:
        log(placement, "wagtail.create", user=user)
    return placements


def save_placement(placement):
    """Save one placement (admin forms) under the same rule as place_works."""
    if placement.status == PlacementStatus.CANCELLED:
        with transaction.atomic():
            placement.save()
        return placement

    def write():
        placement.save()
        return placement

    return write_without_overlap(
        write,
        lambda: _find_conflicts(
            [placement.artwork_id],
            placement.start_date,
            placement.end_date,
            exclude_pk=placement.pk,
        ),
    )


def _store_condition_photo(placement, field_name, upload):
    """Keep an uploaded condition photo (already checked by SafeImageField) in the private
    storage; it is never a Wagtail image, so no image listing, chooser or API shows it."""
    if upload:
        upload.seek(0)
        getattr(placement, field_name).save(upload.name, upload, save=False)


def confirm_installation(placement, user, *, condition_notes="", photo=None):
    if placement.status != PlacementStatus.PLANNED:
        raise ValidationError(_("Seul un placement prévu peut être confirmé comme installé."))
    placement.status = PlacementStatus.INSTALLED
    placement.installed_at = timezone.now()
    placement.installed_by = user
    placement.install_condition_notes = condition_notes
    _store_condition_photo(placement, "install_photo", photo)
    placement.save()
    log(placement, "artworks.confirm_install", user=user)
    return placement


def confirm_removal(placement, user, *, condition_notes="", photo=None):
    if placement.status != PlacementStatus.INSTALLED:
        raise ValidationError(_("Seul un placement installé peut être confirmé comme retiré."))
    placement.status = PlacementStatus.REMOVED
    placement.removed_at = timezone.now()
    placement.removed_by = user
    placement.removal_condition_notes = condition_notes
    placement.removal_overdue_since = None
    _store_condition_photo(placement, "removal_photo", photo)
    placement.save()
    log(placement, "artworks.confirm_removal", user=user)
    return placement


def cancel_placement(placement, user):
    """Cancel a planned placement: the work is free again over its dates (history kept)."""
    if placement.status != PlacementStatus.PLANNED:
        raise ValidationError(_("Seul un placement prévu peut être annulé."))
    placement.status = PlacementStatus.CANCELLED
    placement.save(update_fields=["status"])
    log(placement, "artworks.cancel", user=user)
    return placement


def admin_url(path):
    """An absolute admin address for an email: WAGTAILADMIN_BASE_URL, or the default Wagtail
    Site's root URL when the setting is empty."""
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    if not base:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url.rstrip("/") if site else ""
    return f"{base}{path}"


@dataclass
class ReminderReport:
    sent: int = 0
    skipped: int = 0
    flagged_overdue: int = 0


def _manager_emails(venue):
    return sorted({u.email for u in venue.managers.all() if u.is_active and u.email})


def _due_reminders(today, days_ahead):
    horizon = today + datetime.timedelta(days=days_ahead)
    base = Placement.objects.select_related("artwork", "venue__commune").prefetch_related(
        "venue__managers"
    )
    for placement in base.filter(
        status=PlacementStatus.PLANNED, start_date__gte=today, start_date__lte=horizon
    ):
        yield placement, ReminderKind.START_SOON, placement.start_date
    for placement in base.filter(
        status=PlacementStatus.INSTALLED, end_date__gte=today, end_date__lte=horizon
    ):
        yield placement, ReminderKind.END_SOON, placement.end_date
    for placement in base.filter(status=PlacementStatus.INSTALLED, end_date__lt=today):
        yield placement, ReminderKind.OVERDUE, placement.end_date


def send_placement_reminders(today=None, days_ahead=7):
    """Remind venue managers of placements to confirm soon; flag removals that are overdue.

    Idempotent: a PlacementReminder row (unique per placement, kind and date concerned) is
    written in the same transaction as the send decision, so a second run sends nothing again.
    """
    today = today or timezone.localdate()
    report = ReminderReport()
    report.flagged_overdue = Placement.objects.filter(
        status=PlacementStatus.INSTALLED,
        end_date__lt=today,
        removal_overdue_since__isnull=True,
    ).update(removal_overdue_since=today)
    for placement, kind, due_date in _due_reminders(today, days_ahead):
        recipients = _manager_emails(placement.venue)
        with transaction.atomic():
            reminder, created = PlacementReminder.objects.get_or_create(
                placement=placement,
                kind=kind,
                due_date=due_date,
                defaults={"recipients": ", ".join(recipients)},
            )
            if not created or not recipients:
                report.skipped += 1
                continue
            context = {
                "placement": placement,
                "kind": kind,
                "today": today,
                "confirm_url": admin_url(placement.confirm_url()),
                "placement_url": admin_url(
                    reverse("wagtailsnippets_artworks_placement:inspect", args=[placement.pk])
                ),
            }
            send_mail(
                subject=render_to_string("artworks/email/reminder_subject.txt", context).strip(),
                message=render_to_string("artworks/email/reminder_body.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
            report.sent += 1
    return report
