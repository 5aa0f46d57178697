from celery.schedules import crontab

BEAT_SCHEDULE = {
    "programmes-purge-expired-senior-data": {
        "task": "programmes.purge_expired_senior_data",
        "schedule": crontab(hour=3, minute=30),
    },
    "programmes-attendance-reminders": {
        "task": "programmes.send_attendance_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "programmes-attendance-digest": {
        "task": "programmes.send_attendance_digest",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon"),
    },
}
