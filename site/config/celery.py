"""The Celery application: settings from Django's (CELERY_*), tasks found in each app's tasks.py."""

import os

from celery import Celery, Task

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
