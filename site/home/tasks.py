from celery import shared_task


@shared_task(name="home.ping", acks_late=False)
def ping(value="pong"):
    """Round-trip check of the broker and a worker (used by /healthz tooling and the tests)."""
    return value
