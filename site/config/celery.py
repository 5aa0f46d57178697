"""The Celery application: settings from Django's (CELERY_*), tasks found in each app's tasks.py,
the beat schedule merged from each app's schedule.py."""

import os
import sys

from celery import Celery, Task, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class ReliableTask(Task):
    """Defaults for every task: bounded retries with exponential backoff and jitter.

    A task opts in to automatic retries by declaring `autoretry_for`; these bound them.
    """

    max_retries = 5
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True


app = Celery("ihds", task_cls=ReliableTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def beat_schedule():
    """Every app's BEAT_SCHEDULE (name -> {"task", "schedule"}), each declared in the app's own
    `schedule.py` (found by Django's autodiscover_modules), so apps never edit each other's."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("schedule")
    schedule = {}
    for app_config in apps.get_app_configs():
        module = sys.modules.get(f"{app_config.name}.schedule")
        schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
    return schedule


@signals.import_modules.connect(sender=app)
def merge_beat_schedule(sender, **kwargs):
    """`celery beat` and `celery worker --beat` load the task modules before the scheduler reads
    beat_schedule; Celery's Django fix-up, connected first, has called django.setup() by now."""
    sender.conf.beat_schedule = {**sender.conf.beat_schedule, **beat_schedule()}
