"""Background work, asked for by name: lisko services enqueue tasks without importing workers/.

A task is sent only once the surrounding transaction commits (the worker must see what the
service wrote), and a broker that cannot be reached never breaks the service that asked: the
sweeps on the beat find the work that was not enqueued and enqueue it again.
"""

import logging
from typing import Any

from celery import Celery, current_app
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# The name of the Celery app in workers/celery.py.
APP_NAME = "lisko"
# A request must not hang while the broker is away: try briefly, then leave it to the sweep.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def enqueue(task_name: str, *args: Any) -> None:
    """Send the task `task_name` with `args` (ids, JSON values) once the transaction commits."""
    if not getattr(settings, "LISKO_JOBS_ENABLED", True):
        return

    def send() -> None:
        try:
            # Nobody waits for a result (the state is in the database), so none is subscribed to.
            _app().send_task(
                task_name, args=list(args), ignore_result=True, retry_policy=PUBLISH_RETRY
            )
        except Exception:  # the broker is down: the beat's sweep enqueues it again later
            logger.exception("Could not enqueue %s%r; the sweep will retry.", task_name, args)

    transaction.on_commit(send)


def _app() -> Celery:
    """The process's Lisko Celery app: the worker's own where workers/ is loaded (worker, tests),
    else a sender configured from the same settings (web, shell), so lisko imports no adapter."""
    app = current_app
    if app.main != APP_NAME:
        app = Celery(APP_NAME, set_as_current=True)
        app.config_from_object("django.conf:settings", namespace="CELERY")
    return app
