"""The life of a matching run: queued → running (requests claimed) → done (offers made) / failed.

The optimiser itself lives in `matching/`; these services only record what goes in and out and
move the appointments along. Each step can run twice without harm.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import require_role, roles
from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.appointments.selectors import open_requests
from lisko.appointments.services import create_offer, mark_unfilled
from lisko.appointments.transitions import move_appointment, move_appointments
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from lisko.organisations.models import Organisation

# The solver figures a finished run records (see matching/README.md, "Result").
FIGURES = frozenset(
    {"solver_status", "served_priority", "cost", "bound_priority", "bound_cost", "gap", "wall_s"}
)


@dataclass(frozen=True)
class Assigned:
    """The optimiser chose this interpreter for the appointment."""

    interpreter_id: int
    travel_minutes: int = 0
    score: dict[str, Any] = field(default_factory=dict)
    start: dt.datetime | None = None
    """The start of the alternative time chosen; None: the appointment's own time."""


@dataclass(frozen=True)
class LeftOpen:
    """The optimiser found nobody; `code` and `data` say why (sentences are made on display)."""

    code: str
    data: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def queue_matching_run(
    *,
    organisation: Organisation,
    by: User | None,
    window_from: dt.datetime,
    window_until: dt.datetime,
) -> MatchingRun:
    """Ask for a run over the open requests that start in the window; `by` None for the schedule."""
    require_role(
        by=by,
        roles=roles.COORDINATING,
        organisation_id=organisation.pk,
        refusal=_("Only a coordinator can start a matching run."),
    )
    if window_until <= window_from:
        raise DomainError(_("The time window must end after it starts."))
    return MatchingRun.objects.create(
        organisation=organisation,
        started_by=by,
        window_from=window_from,
        window_until=window_until,
    )


@transaction.atomic
def start_matching_run(
    *,
    run: MatchingRun,
    input_snapshot: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """Claim the open requests in the run's window and return them (again, on a retry)."""
    now = now or timezone.now()
    run = MatchingRun.objects.select_for_update(no_key=True).get(pk=run.pk)
    if run.status in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
        raise DomainError(_("This matching run has already ended."))
    claimed = list(
        open_requests(organisation=run.organisation, until=run.window_until, now=now)
        .filter(start__gte=run.window_from)
        .select_for_update(of=("self",), no_key=True)
    )
    for appointment in claimed:
        move_appointment(appointment, Appointment.Status.MATCHING)
        appointment.save(update_fields=["status", "updated_at"])
    MatchingRunRequest.objects.bulk_create(
        [MatchingRunRequest(run=run, appointment=appointment) for appointment in claimed],
        ignore_conflicts=True,
    )
    run.status = MatchingRun.Status.RUNNING
    run.started_at = run.started_at or now
    if input_snapshot is not None:
        run.input_snapshot = input_snapshot
    run.request_count = run.requests.count()
    run.interpreter_count = Interpreter.objects.filter(
        organisation=run.organisation, is_active=True
    ).count()
    run.save()
    return list(
        Appointment.objects.filter(matching_requests__run=run)
        .select_related("client", "language", "municipality")
        .order_by("start")
    )


@transaction.atomic
def finish_matching_run(
    *,
    run: MatchingRun,
    decisions: Mapping[int, Assigned | LeftOpen],
    figures: Mapping[str, Any] | None = None,
    outcome: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> MatchingRun:
    """Record the decisions (by appointment id), make the offers, mark the rest unfilled."""
    now = now or timezone.now()
    run = MatchingRun.objects.select_for_update(no_key=True).get(pk=run.pk)
    if run.status == MatchingRun.Status.DONE:
        return run
    if run.status != MatchingRun.Status.RUNNING:
        raise DomainError(_("Only a running matching run can be finished."))
    interpreters = Interpreter.objects.in_bulk(
        [d.interpreter_id for d in decisions.values() if isinstance(d, Assigned)]
    )
    for request in run.requests.select_related("appointment"):
        decision = decisions.get(request.appointment_id, LeftOpen("not_considered"))
        if isinstance(decision, Assigned) and decision.interpreter_id in interpreters:
            try:
                create_offer(
                    appointment=request.appointment,
                    interpreter=interpreters[decision.interpreter_id],
                    by=None,
                    travel_minutes=decision.travel_minutes,
                    score=decision.score,
                    start=decision.start,
                    now=now,
                )
            except DomainError as error:
                decision = LeftOpen("offer_refused", {"code": error.code})
            else:
                request.outcome = MatchingRunRequest.Outcome.ASSIGNED
                request.interpreter_id = decision.interpreter_id
                request.score = decision.score
                request.save(update_fields=["outcome", "interpreter", "score"])
                continue
        if isinstance(decision, Assigned):
            decision = LeftOpen("unknown_interpreter", {"interpreter": decision.interpreter_id})
        request.outcome = MatchingRunRequest.Outcome.UNASSIGNED
        request.reason_code = decision.code
        request.reason_data = decision.data
        request.save(update_fields=["outcome", "reason_code", "reason_data"])
        if request.appointment.status == Appointment.Status.MATCHING:
            mark_unfilled(
                appointment=request.appointment, reason_code=decision.code, data=decision.data
            )
    for name, value in (figures or {}).items():
        if name not in FIGURES:
            raise TypeError(f"finish_matching_run() got an unknown figure: {name}")
        setattr(run, name, value)
    run.assigned_count = run.requests.filter(outcome=MatchingRunRequest.Outcome.ASSIGNED).count()
    run.unassigned_count = run.requests.filter(
        outcome=MatchingRunRequest.Outcome.UNASSIGNED
    ).count()
    run.outcome = outcome or {}
    run.status = MatchingRun.Status.DONE
    run.finished_at = now
    run.save()
    return run


@transaction.atomic
def fail_matching_run(
    *, run: MatchingRun, error: str, now: dt.datetime | None = None
) -> MatchingRun:
    """Give up on a run: its claimed appointments go back to the open requests."""
    run = MatchingRun.objects.select_for_update(no_key=True).get(pk=run.pk)
    if run.status in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
        return run
    move_appointments(
        Appointment.objects.filter(matching_requests__run=run, status=Appointment.Status.MATCHING),
        Appointment.Status.REQUESTED,
    )
    run.status = MatchingRun.Status.FAILED
    run.error = error
    run.finished_at = now or timezone.now()
    if run.started_at is None:
        run.started_at = run.finished_at
    run.save()
    return run


def request_matching_run_in_window(
    *,
    organisation: Organisation,
    by: User | None,
    window_from: dt.datetime,
    window_until: dt.datetime,
) -> MatchingRun:
    """Queue a run over the open requests that start in the window, and enqueue it."""
    # batch.py builds on this module; imported here to keep the dependency one way.
    from lisko.core.jobs import RUN_MATCHING, enqueue

    with transaction.atomic():
        run = queue_matching_run(
            organisation=organisation, by=by, window_from=window_from, window_until=window_until
        )
        enqueue(RUN_MATCHING, run.pk)
    return run
