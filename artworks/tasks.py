"""Daily jobs of the collection: thin wrappers over services, safe to run twice."""

from celery import shared_task
from django.utils.dateparse import parse_date

from artworks import services

REMINDER_DAYS_AHEAD = 7


@shared_task(
    name="artworks.send_placement_reminders",
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=10 * 60,
    time_limit=15 * 60,
)
def send_placement_reminders(today=None, days_ahead=REMINDER_DAYS_AHEAD):
    """Remind venue managers of installs/removals to confirm; flag overdue removals."""
    report = services.send_placement_reminders(
        today=parse_date(today) if today else None, days_ahead=days_ahead
    )
    return {"sent": report.sent, "skipped": report.skipped, "flagged": report.flagged_overdue}
