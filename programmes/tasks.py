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
