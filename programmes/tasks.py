from celery import shared_task

from programmes import services


@shared_task(
    name="programmes.purge_expired_senior_data",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=300,
)
def purge_expired_senior_data():
    """Daily: delete senior follow-ups past their retention period (idempotent)."""
    return services.purge_expired_senior_data()


@shared_task(
    name="programmes.send_attendance_reminders",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=300,
)
def send_attendance_reminders():
    """Daily: one email per session N days past without attendance (idempotent)."""
    from programmes import reminders

    return reminders.send_session_reminders()


@shared_task(
    name="programmes.send_attendance_digest",
    autoretry_for=(Exception,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=300,
)
def send_attendance_digest():
    """Weekly: the attendance digest to programme staff (idempotent per ISO week)."""
    from programmes import reminders

    return reminders.send_weekly_digest()
