"""The Celery app for a worker the tests kill with SIGKILL in the middle of an import.

Started as `celery -A tests.spreadsheets.killable_worker worker`; each imported row takes
SLOW_ROW_SECONDS longer, so that the test can kill the process while the import's one
transaction is open. Nothing else differs from the real worker.
"""

import os
import time

from celery.signals import task_prerun

from config.celery import app

SLOW_ROW_SECONDS = float(os.environ.get("SLOW_ROW_SECONDS", "0.02"))

__all__ = ["app"]


@task_prerun.connect
def _slow_down_each_row(**kwargs):
    from spreadsheets import jobs

    if getattr(jobs.run_import, "slowed", False):
        return
    real_run_import = jobs.run_import

    def slow_run_import(*args, progress=None, **kwargs):
        def slow_progress(done, total):
            time.sleep(SLOW_ROW_SECONDS)
            if progress:
                progress(done, total)

        return real_run_import(*args, progress=slow_progress, **kwargs)

    slow_run_import.slowed = True
    jobs.run_import = slow_run_import
