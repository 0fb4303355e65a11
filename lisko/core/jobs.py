"""Background work, asked for by name: lisko services enqueue jobs without importing workers/.

Every job is named once, in the registry below: its task name, its queue, and how often a
failure that is not a passing hiccup is retried. workers/tasks.py registers each task under its
job's name, workers/schedule.py refers to the jobs it runs, and the services enqueue them.

A task is sent only once the surrounding transaction commits (the worker must see what the
service wrote), and a broker that cannot be reached never breaks the service that asked: the
sweeps on the beat find the work that was not enqueued and enqueue it again.

Tasks go to one of three queues by what they are for (`QUEUE_OF_TASK`), so that an instant
match a social worker waits for on screen never waits behind a burst of notices: every process
that sends (web, worker, beat) routes through the same table.
"""

import logging
from dataclasses import dataclass
from typing import Any, Final

from celery import Celery, current_app
from django.conf import settings
from django.db import transaction
from kombu import Exchange, Queue

logger = logging.getLogger(__name__)

# The name of the Celery app in workers/celery.py.
APP_NAME = "lisko"
# A request must not hang while the broker is away: try briefly, then leave it to the sweep.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

# The queues besides the default one. Their names hang off the default queue's
# (LISKO_CELERY_QUEUE, "lisko": "lisko.matching", "lisko.notices"), so two Lisko instances,
# or two test runs, can still share one Redis.
MATCHING = "matching"
NOTICES = "notices"
# What runs the optimiser goes to `matching`: a burst of e-mails must not hold up the instant
# match. Notices, e-mails and reminders go to `notices`. A task not named here (sweeps, offer
# expiry, the nightly scheduling of runs, ping) stays on the default queue, which every
# deployment keeps consuming: so does a task left there by a version without these queues.
DEFAULT: Final = ""


@dataclass(frozen=True)
class Job:
    """One kind of background work.

    `queue`: the purpose queue (MATCHING, NOTICES) or DEFAULT. A passing hiccup (database or
    broker away) is always retried with backoff; `retries_on_error` says how often any other
    error is retried before the task gives up and hands the work back (0: never, the error is
    the answer, as a refused action or bad data is)."""

    name: str
    queue: str = DEFAULT
    retries_on_error: int = 0


PING: Final = Job("lisko.ping")
MATCH_REQUEST: Final = Job("lisko.dispatch.match_request", MATCHING)
RUN_MATCHING: Final = Job("lisko.matching.run", MATCHING, retries_on_error=3)
SOLVE_PART: Final = Job("lisko.matching.solve_part", MATCHING, retries_on_error=3)
SCHEDULE_RUNS: Final = Job("lisko.matching.schedule")
EXPIRE_OFFERS: Final = Job("lisko.sweep.expire_offers")
SWEEP_STUCK: Final = Job("lisko.sweep.stuck")
SEND_REMINDERS: Final = Job("lisko.sweep.reminders", NOTICES)
TELL_NOTICE: Final = Job("lisko.notify.tell", NOTICES)
SEND_DUE_NOTICES: Final = Job("lisko.sweep.notices", NOTICES)
SEND_INVITATION_EMAIL: Final = Job("lisko.welcome.send_invitation", NOTICES)
BUILD_ACCESS_EXPORT: Final = Job("lisko.dataprotection.build_export", retries_on_error=2)
ENFORCE_RETENTION: Final = Job("lisko.dataprotection.enforce_retention")
BUILD_SOCIAL_REPORT: Final = Job("lisko.planning.build_social_report", retries_on_error=2)
KEEP_PLANNING_FIGURES: Final = Job("lisko.planning.keep_figures")

JOBS: Final = (
    PING,
    MATCH_REQUEST,
    RUN_MATCHING,
    SOLVE_PART,
    SCHEDULE_RUNS,
    EXPIRE_OFFERS,
    SWEEP_STUCK,
    SEND_REMINDERS,
    TELL_NOTICE,
    SEND_DUE_NOTICES,
    SEND_INVITATION_EMAIL,
    BUILD_ACCESS_EXPORT,
    ENFORCE_RETENTION,
    BUILD_SOCIAL_REPORT,
    KEEP_PLANNING_FIGURES,
)
QUEUE_OF_TASK: Final[dict[str, str]] = {job.name: job.queue for job in JOBS if job.queue}


def enqueue(job: Job, *args: Any) -> None:
    """Send `job` with `args` (ids, JSON values) once the transaction commits."""
    task_name = job.name
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


def queue_names(default_queue: str) -> list[str]:
    """Every queue of a deployment whose default queue is `default_queue`."""
    return [default_queue, *(f"{default_queue}.{purpose}" for purpose in (MATCHING, NOTICES))]


class QueueRouter:
    """Celery router (`task_routes`): a task's queue, named after the app's default queue as it
    is when the task is sent (the worker tests give each test a default queue of its own)."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def __call__(
        self, name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **_: Any
    ) -> dict[str, str] | None:
        purpose = QUEUE_OF_TASK.get(name)
        if purpose is None:
            return None  # the default queue
        return {"queue": f"{self.app.conf.task_default_queue}.{purpose}"}


def route_to_queues(app: Celery) -> None:
    """Send `app`'s tasks to their queues; a worker started without --queues consumes all."""
    app.conf.task_queues = [
        Queue(name, Exchange(name), routing_key=name)
        for name in queue_names(app.conf.task_default_queue)
    ]
    app.conf.task_routes = (QueueRouter(app),)


def _app() -> Celery:
    """The process's Lisko Celery app: the worker's own where workers/ is loaded (worker, tests),
    else a sender configured from the same settings (web, shell), so lisko imports no adapter."""
    app = current_app
    if app.main != APP_NAME:
        app = Celery(APP_NAME, set_as_current=True)
        app.config_from_object("django.conf:settings", namespace="CELERY")
        route_to_queues(app)
    return app
