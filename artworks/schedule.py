"""Beat schedule of the collection (merged by the Celery app: config.celery.beat_schedule)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "artworks-placement-reminders": {
        "task": "artworks.send_placement_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}
