"""Beat schedule of the collection (merged into CELERY_BEAT_SCHEDULE by the settings)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "artworks-placement-reminders": {
        "task": "artworks.send_placement_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}
