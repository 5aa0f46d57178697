"""Beat schedule of imports and exports (merged into the beat schedule by config.celery)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "spreadsheets-expire-exports": {
        "task": "spreadsheets.expire_exports",
        "schedule": crontab(hour=3, minute=15),
    },
}
