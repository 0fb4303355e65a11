"""Background jobs. Each takes ids, calls one service, and owns its retry policy.

Every task is safe to run twice: the services lock the rows they change and check their state
first. A task's first act is to switch to a language (`LiskoTask`): the site's default, since
services that write for a person (notifications) switch to that person's own language.
Database and broker hiccups are retried with exponential backoff; a refused action
(DomainError) is not retried, it is the answer.
"""

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, BrokerError)


class LiskoTask(Task):
    """Runs in a known language, and retries transient failures with backoff."""

    autoretry_for = TRANSIENT
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 8
    # State lives in the database; nobody waits for a result, so Redis stores none.
    ignore_result = True
    # Longest task (a part of a matching run) well below the broker's visibility timeout.
    soft_time_limit = 5 * 60
    time_limit = 6 * 60

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return super().__call__(*args, **kwargs)


@shared_task(name="lisko.ping")
def ping() -> str:
    """Answer 'pong': lets health checks and tests prove a worker is consuming."""
    return "pong"


# The request → offer workflow ---------------------------------------------------------------


@shared_task(name="lisko.dispatch.match_request", base=LiskoTask)
def match_request(appointment_id: int) -> list[int]:
    """Offer a request to the next candidate(s), or mark it unfilled; returns the offer ids."""
    from lisko.matchingruns.dispatch import match_request as service

    return [offer.pk for offer in service(appointment_id=appointment_id)]


# Batch optimisation -------------------------------------------------------------------------


@shared_task(name="lisko.matching.run", base=LiskoTask, bind=True)
def run_matching_run(self: Task, run_id: int) -> list[int]:
    """Plan a matching run: claim its requests and enqueue one task per part."""
    from lisko.matchingruns.batch import fail_run_after_retries, plan_matching_run

    try:
        return plan_matching_run(run_id=run_id)
    except TRANSIENT:
        raise
    except Exception as error:  # a bug or bad data: retry a few times, then give the requests back
        if self.request.retries >= 3:
            fail_run_after_retries(run_id=run_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task(name="lisko.matching.solve_part", base=LiskoTask, bind=True)
def solve_matching_part(self: Task, part_id: int) -> str:
    """Solve one part of a run; the last part to finish completes the run."""
    from lisko.matchingruns.batch import fail_run_after_retries, solve_part
    from lisko.matchingruns.models import MatchingRunPart

    try:
        run = solve_part(part_id=part_id)
    except TRANSIENT:
        raise
    except Exception as error:
        if self.request.retries >= 3:
            run_id = MatchingRunPart.objects.values_list("run_id", flat=True).get(pk=part_id)
            fail_run_after_retries(run_id=run_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
    return "" if run is None else run.status


@shared_task(name="lisko.matching.schedule", base=LiskoTask)
def schedule_matching_runs() -> list[int]:
    """The beat's batch run: one run per organisation with open requests."""
    from lisko.matchingruns.batch import schedule_matching_runs as service

    return [run.pk for run in service()]


# Sweeps -------------------------------------------------------------------------------------


@shared_task(name="lisko.sweep.expire_offers", base=LiskoTask)
def expire_offers() -> int:
    """Close the offers past their expiry; the next candidates follow automatically."""
    from lisko.appointments.services import expire_offers as service

    return service()


@shared_task(name="lisko.sweep.stuck", base=LiskoTask)
def sweep_stuck() -> dict[str, int]:
    """Enqueue again the requests and run parts that nobody is working on."""
    from lisko.matchingruns.sweeps import sweep_stuck as service

    return dict(service().__dict__)


@shared_task(name="lisko.sweep.reminders", base=LiskoTask)
def send_reminders() -> int:
    """Remind interpreters of tomorrow's bookings."""
    from lisko.notifications.services import send_reminders as service

    return service()


# Notifications ------------------------------------------------------------------------------


@shared_task(name="lisko.notify.new_offer", base=LiskoTask)
def notify_new_offer(assignment_id: int) -> int | None:
    """Tell an interpreter about a new offer, in their language."""
    from lisko.notifications.services import tell_new_offer

    notification = tell_new_offer(assignment_id=assignment_id)
    return notification.pk if notification else None


@shared_task(name="lisko.notify.withdrawn", base=LiskoTask)
def notify_withdrawn(assignment_id: int, reason: str) -> int | None:
    """Tell an interpreter that an offer or booking is withdrawn (cancelled, changed, taken)."""
    from lisko.notifications.services import tell_withdrawn

    notification = tell_withdrawn(assignment_id=assignment_id, reason=reason)
    return notification.pk if notification else None


@shared_task(name="lisko.notify.unfilled", base=LiskoTask)
def notify_unfilled(appointment_id: int) -> list[int]:
    """Tell the coordinators and the social worker that no interpreter was found."""
    from lisko.notifications.services import tell_unfilled

    return [notification.pk for notification in tell_unfilled(appointment_id=appointment_id)]
