from celery.schedules import crontab

BEAT_SCHEDULE = {
    "programmes-purge-expired-senior-data": {
        "task": "programmes.purge_expired_senior_data",
        "schedule": crontab(hour=3, minute=30),
    },
}
