"""A task really travels through the broker to a worker and back (Redis in CI when
CELERY_BROKER_URL points at it; the embedded filesystem transport otherwise)."""

import os

from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult, EagerResult

from config.celery import app
from home.tasks import ping


def test_the_broker_is_the_one_the_environment_names():
    wanted = os.environ.get("CELERY_BROKER_URL") or "filesystem://"
    assert app.conf.broker_url == wanted
    assert not app.conf.task_always_eager


def test_a_task_round_trips_through_a_real_worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay("bonjour")
        assert isinstance(result, AsyncResult) and not isinstance(result, EagerResult)
        assert result.get(timeout=30) == "bonjour"
        assert result.state == "SUCCESS"


def test_tasks_are_reliable_by_default():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert ping.max_retries == 5 and ping.retry_backoff


def test_beat_schedules_every_apps_jobs_once_it_loads_the_task_modules():
    """What `celery beat` (and `worker --beat`) does before its scheduler reads beat_schedule:
    each app's schedule.py is merged then, after django.setup(), not by the settings."""
    saved = app.conf.beat_schedule
    app.conf.beat_schedule = {}
    try:
        app.loader.import_default_modules()
        assert {
            "programmes-purge-expired-senior-data",
            "programmes-attendance-reminders",
            "artworks-placement-reminders",
            "spreadsheets-expire-exports",
        } <= set(app.conf.beat_schedule)
        entry = app.conf.beat_schedule["artworks-placement-reminders"]
        assert entry["task"] == "artworks.send_placement_reminders"
    finally:
        app.conf.beat_schedule = saved
