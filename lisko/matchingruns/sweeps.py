"""The beat's sweeps: nothing waits forever because a message was lost.

Each sweep reads the database (the only source of truth), enqueues the work it finds again,
and is safe to run twice or concurrently with the work itself.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.transitions import move_appointment
from lisko.core.jobs import MATCH_REQUEST, RUN_MATCHING, enqueue
from lisko.matchingruns.batch import (
    HORIZON,
    enqueue_parts,
    fail_run_after_retries,
    request_matching_run,
)
from lisko.matchingruns.models import MatchingRun, MatchingRunPart
from lisko.organisations.models import Organisation

logger = logging.getLogger(__name__)

# This many requests of one organisation waiting at once go to a batch run, not one by one.
BATCH_THRESHOLD = 10


def stalled_after() -> dt.timedelta:
    """How long work may sit untouched before the sweep enqueues it again."""
    return dt.timedelta(seconds=getattr(settings, "LISKO_STALLED_AFTER_SECONDS", 120))


def give_up_after() -> dt.timedelta:
    """How long a matching run may take before it is failed and its requests go back."""
    return dt.timedelta(seconds=getattr(settings, "LISKO_RUN_GIVE_UP_SECONDS", 3600))


@dataclass(frozen=True)
class SweepReport:
    requests_enqueued: int
    runs_resumed: int
    parts_enqueued: int
    runs_failed: int
    requests_released: int


def sweep_stuck(
    *, now: dt.datetime | None = None, stalled: dt.timedelta | None = None
) -> SweepReport:
    """Find requests and runs nobody is working on, and enqueue them again."""
    now = now or timezone.now()
    stalled = stalled if stalled is not None else stalled_after()
    runs_resumed, parts_enqueued, runs_failed = _resume_stalled_runs(now=now, stalled=stalled)
    released = _release_orphaned_requests(now=now)
    open_offer = Assignment.objects.filter(
        appointment=OuterRef("pk"), state__in=Assignment.OPEN_STATES
    )
    waiting: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    for appointment_id, organisation_id, start in (
        Appointment.objects.filter(
            status=Appointment.Status.REQUESTED, updated_at__lte=now - stalled
        )
        .filter(~Exists(open_offer))
        .values_list("pk", "organisation_id", "start")
        .order_by("start")[:2000]
    ):
        waiting[organisation_id].append((appointment_id, start))
    enqueued = 0
    for organisation_id, rows in waiting.items():
        soon = {pk for pk, start in rows if start < now + HORIZON}
        queued_run = MatchingRun.objects.filter(
            organisation_id=organisation_id, status=MatchingRun.Status.QUEUED
        ).exists()
        if not queued_run and len(soon) >= BATCH_THRESHOLD:
            # Many at once (a lost burst, a fresh install): one batch run serves them better.
            organisation = Organisation.objects.get(pk=organisation_id)
            request_matching_run(organisation=organisation, by=None, now=now)
            runs_resumed += 1
            queued_run = True
        with transaction.atomic():
            for appointment_id, _start in rows:
                if queued_run and appointment_id in soon:
                    continue  # the queued run will claim it
                enqueue(MATCH_REQUEST, appointment_id)
                enqueued += 1
    # Lost notices (new offers included) are the outbox's sweep: lisko/notifications/outbox.py.
    report = SweepReport(enqueued, runs_resumed, parts_enqueued, runs_failed, released)
    if any(report.__dict__.values()):
        logger.info("Sweep: %s", report)
    return report


def _resume_stalled_runs(*, now: dt.datetime, stalled: dt.timedelta) -> tuple[int, int, int]:
    resumed = parts = failed = 0
    for run in MatchingRun.objects.filter(
        status__in=(MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING)
    ):
        if run.created_at <= now - give_up_after():
            fail_run_after_retries(run_id=run.pk, error="gave up: the run did not finish in time")
            failed += 1
            continue
        if run.status == MatchingRun.Status.QUEUED:
            if run.created_at <= now - stalled:
                with transaction.atomic():
                    enqueue(RUN_MATCHING, run.pk)
                resumed += 1
            continue
        stuck = list(
            run.parts.filter(
                status=MatchingRunPart.Status.PENDING, enqueued_at__lte=now - stalled
            ).values_list("pk", flat=True)
        )
        if stuck:
            with transaction.atomic():
                enqueue_parts(stuck, now=now)
            resumed += 1
            parts += len(stuck)
        elif not run.parts.exclude(status=MatchingRunPart.Status.DONE).exists():
            # Every part is done but the run is not: the finisher died between commits.
            with transaction.atomic():
                enqueue(RUN_MATCHING, run.pk)
            resumed += 1
    return resumed, parts, failed


@transaction.atomic
def _release_orphaned_requests(*, now: dt.datetime) -> int:
    """Requests left in "matching" by a run that is no longer running go back to the open ones."""
    running = MatchingRun.objects.filter(
        status__in=(MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING),
        requests__appointment=OuterRef("pk"),
    )
    orphaned = list(
        Appointment.objects.select_for_update(no_key=True)
        .filter(status=Appointment.Status.MATCHING)
        .filter(~Exists(running))
    )
    for appointment in orphaned:
        move_appointment(appointment, Appointment.Status.REQUESTED)
        appointment.save(update_fields=["status", "updated_at"])
        enqueue(MATCH_REQUEST, appointment.pk)
    return len(orphaned)
