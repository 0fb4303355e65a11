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

from lisko.core import jobs

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


@shared_task(name=jobs.PING.name)
def ping() -> str:
    """Answer 'pong': lets health checks and tests prove a worker is consuming."""
    return "pong"


# The request → offer workflow ---------------------------------------------------------------


@shared_task(name=jobs.MATCH_REQUEST.name, base=LiskoTask)
def match_request(appointment_id: int) -> list[int]:
    """Offer a request to the next candidate(s), or mark it unfilled; returns the offer ids."""
    from lisko.matchingruns.batch import set_aside_unencodable
    from lisko.matchingruns.dispatch import match_request as service
    from lisko.matchingruns.problems import UnencodableAppointment

    try:
        return [offer.pk for offer in service(appointment_id=appointment_id)]
    except UnencodableAppointment as error:
        # Bad data, not a hiccup: every retry (and every sweep) would fail the same way.
        logger.warning("Appointment %s set aside: %s", appointment_id, error.code)
        set_aside_unencodable(appointment_id=appointment_id, code=error.code)
        return []


# Batch optimisation -------------------------------------------------------------------------


@shared_task(name=jobs.RUN_MATCHING.name, base=LiskoTask, bind=True)
def run_matching_run(self: Task, run_id: int) -> list[int]:
    """Plan a matching run: claim its requests and enqueue one task per part."""
    from lisko.matchingruns.batch import fail_run_after_retries, plan_matching_run

    try:
        return plan_matching_run(run_id=run_id)
    except TRANSIENT:
        raise
    except Exception as error:  # a bug or bad data: retry a few times, then give the requests back
        if self.request.retries >= jobs.RUN_MATCHING.retries_on_error:
            fail_run_after_retries(run_id=run_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task(name=jobs.SOLVE_PART.name, base=LiskoTask, bind=True)
def solve_matching_part(self: Task, part_id: int) -> str:
    """Solve one part of a run; the last part to finish completes the run."""
    from lisko.matchingruns.batch import fail_run_after_retries, solve_part
    from lisko.matchingruns.models import MatchingRunPart

    try:
        run = solve_part(part_id=part_id)
    except TRANSIENT:
        raise
    except Exception as error:
        if self.request.retries >= jobs.SOLVE_PART.retries_on_error:
            run_id = MatchingRunPart.objects.values_list("run_id", flat=True).get(pk=part_id)
            fail_run_after_retries(run_id=run_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
    return "" if run is None else run.status


@shared_task(name=jobs.SCHEDULE_RUNS.name, base=LiskoTask)
def schedule_matching_runs() -> list[int]:
    """The beat's batch run: one run per organisation with open requests."""
    from lisko.matchingruns.batch import schedule_matching_runs as service

    return [run.pk for run in service()]


# Sweeps -------------------------------------------------------------------------------------


@shared_task(name=jobs.EXPIRE_OFFERS.name, base=LiskoTask)
def expire_offers() -> int:
    """Close the offers past their expiry; the next candidates follow automatically."""
    from lisko.appointments.services import expire_offers as service

    return service()


@shared_task(name=jobs.SWEEP_STUCK.name, base=LiskoTask)
def sweep_stuck() -> dict[str, int]:
    """Enqueue again the requests, run parts and social reports that nobody is working on."""
    from lisko.matchingruns.sweeps import sweep_stuck as service
    from lisko.planning.services import sweep_social_reports

    return dict(service().__dict__) | {"social_reports_enqueued": sweep_social_reports()}


@shared_task(name=jobs.SEND_REMINDERS.name, base=LiskoTask)
def send_reminders() -> dict[str, int]:
    """Remind interpreters of tomorrow's bookings, and tell of milestones and certifications
    that fall due."""
    from lisko.notifications import services

    return {
        "reminders": services.send_reminders(),
        "milestones": services.send_milestone_notices(),
        "plan_milestones": services.send_plan_milestone_notices(),
        "programme_reports": services.send_programme_report_notices(),
        "application_deadlines": services.send_application_deadline_notices(),
        "certifications": services.send_certificate_notices(),
        "hours": services.send_hours_notices(),
        "client_messages": services.send_client_reminders(),
    }


# Notifications ------------------------------------------------------------------------------


@shared_task(name=jobs.TELL_NOTICE.name, base=LiskoTask)
def tell_notice(pending_id: int) -> bool:
    """Tell one pending notice (a new offer, a withdrawal, an answer to a referral…)."""
    from lisko.notifications.outbox import tell_pending

    return tell_pending(pending_id)


@shared_task(name=jobs.SEND_DUE_NOTICES.name, base=LiskoTask)
def send_due_notices() -> dict[str, int]:
    """The sweep: tell the pending notices whose job was lost, send again the deliveries, the
    messages to clients and the welcome invitation e-mails that are due."""
    from lisko.notifications.client_messages import send_due_client_messages
    from lisko.notifications.outbox import tell_untold
    from lisko.notifications.services import send_due_deliveries
    from lisko.welcome.services import send_due_invitation_emails

    return {
        "told": tell_untold(),
        "delivered": send_due_deliveries(),
        "client_messages": send_due_client_messages(),
        "welcome_invitations": send_due_invitation_emails(),
    }


@shared_task(name=jobs.SEND_INVITATION_EMAIL.name, base=LiskoTask)
def send_invitation_email(email_id: int) -> bool:
    """Send one welcome invitation e-mail; a failure is retried by the notices sweep."""
    from lisko.welcome.services import send_invitation_email as service

    return service(email_id=email_id)


# Data protection ----------------------------------------------------------------------------


@shared_task(name=jobs.BUILD_ACCESS_EXPORT.name, base=LiskoTask, bind=True)
def build_access_export(self: Task, export_id: int) -> str:
    """Prepare the JSON and PDF files of a subject access export."""
    from lisko.dataprotection.services import build_export, fail_export

    try:
        return build_export(export_id=export_id).status
    except TRANSIENT:
        raise
    except Exception as error:  # a bug or bad data: retry a little, then tell the admin
        if self.request.retries >= jobs.BUILD_ACCESS_EXPORT.retries_on_error:
            fail_export(export_id=export_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task(name=jobs.ENFORCE_RETENTION.name, base=LiskoTask)
def enforce_retention() -> dict[str, int]:
    """The nightly retention pass: anonymise closed cases past their retention period."""
    from lisko.dataprotection.services import enforce_retention as service

    report = service()
    return {
        "erased": sum(len(ids) for ids in report.erased.values()),
        "held_back": sum(len(ids) for ids in report.held_back.values()),
    }


# Planning -----------------------------------------------------------------------------------


@shared_task(name=jobs.BUILD_SOCIAL_REPORT.name, base=LiskoTask, bind=True)
def build_social_report(self: Task, report_id: int) -> str:
    """Write the PDF of a social report (its language is the report's own)."""
    from lisko.planning.services import build_social_report as service
    from lisko.planning.services import fail_social_report

    try:
        return service(report_id=report_id).status
    except TRANSIENT:
        raise
    except Exception as error:  # a bug or bad data: retry a little, then mark it failed
        if self.request.retries >= jobs.BUILD_SOCIAL_REPORT.retries_on_error:
            fail_social_report(report_id=report_id, error=repr(error))
            raise
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task(name=jobs.KEEP_PLANNING_FIGURES.name, base=LiskoTask)
def keep_planning_figures() -> int:
    """Count again, and keep ready, the figures of every region a planner plans for."""
    from lisko.planning.published import refresh_planner_regions

    return refresh_planner_regions()
