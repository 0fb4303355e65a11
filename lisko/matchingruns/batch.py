"""Batch optimisation: a run over an organisation's open requests, split into parts.

plan_matching_run   claims the requests, builds one problem per week, splits each into
                    independent parts (matching.split) and stores them; one task per part.
solve_part          solves one part and stores its result; the last part to finish (counted
                    under the run's row lock) records the decisions and makes the offers.
Every step is idempotent, and the state lives in the database: a part whose worker died is
found by `resume_stalled_runs` and enqueued again; a run that cannot finish is failed, and its
requests go back to the instant match.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.appointments.services import mark_unfilled
from lisko.core.errors import DomainError
from lisko.core.jobs import MATCH_REQUEST, RUN_MATCHING, SOLVE_PART, enqueue
from lisko.matchingruns.models import MatchingRun, MatchingRunPart
from lisko.matchingruns.problems import (
    build_problem,
    by_week,
    decisions_from,
    fit_travel,
    unencodable_reason,
)
from lisko.matchingruns.services import (
    Assigned,
    LeftOpen,
    fail_matching_run,
    finish_matching_run,
    queue_matching_run,
    start_matching_run,
)
from lisko.organisations.models import Organisation
from matching import types as m
from matching.io import problem_from_json, problem_to_json, result_from_json, result_to_json
from matching.solve import solve
from matching.split import merge, split

logger = logging.getLogger(__name__)

# The window a scheduled run covers.
HORIZON = dt.timedelta(days=14)
# Parts per week at most: enough to spread over the workers, few enough to stay cheap.
MAX_PARTS_PER_WEEK = 8


def part_time_limit_s() -> float:
    """How long the solver may think about one part."""
    return float(getattr(settings, "LISKO_MATCHING_PART_SECONDS", 10.0))


def request_matching_run(
    *, organisation: Organisation, by: User | None, now: dt.datetime | None = None
) -> MatchingRun:
    """Queue a run over the requests of the coming two weeks, and enqueue it."""
    now = now or timezone.now()
    with transaction.atomic():
        run = queue_matching_run(
            organisation=organisation, by=by, window_from=now, window_until=now + HORIZON
        )
        enqueue(RUN_MATCHING, run.pk)
    return run


@transaction.atomic
def plan_matching_run(*, run_id: int, now: dt.datetime | None = None) -> list[int]:
    """Claim the run's requests and cut them into parts; returns the parts still to solve."""
    now = now or timezone.now()
    run = MatchingRun.objects.select_for_update(no_key=True).get(pk=run_id)
    if run.status in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
        return []
    if run.status == MatchingRun.Status.RUNNING:
        # Planned before (this is a redelivery): hand out what is left.
        pending = list(
            run.parts.filter(status=MatchingRunPart.Status.PENDING).values_list("pk", flat=True)
        )
        if not pending:
            # Every part is done but the run is not: the last finisher died between commits.
            _complete_if_all_done(run_id=run.pk, now=now)
        enqueue_parts(pending, now=now)
        return pending
    appointments = start_matching_run(run=run, now=now)
    # What the matcher cannot be given is left open with its reason when the run ends, instead
    # of failing the whole run on every retry.
    set_aside = {
        str(appointment.pk): code
        for appointment in appointments
        if (code := unencodable_reason(appointment))
    }
    appointments = [
        appointment for appointment in appointments if str(appointment.pk) not in set_aside
    ]
    problems: list[m.Problem] = []
    for week in by_week(appointments):
        problem = build_problem(organisation_id=run.organisation_id, appointments=week)
        problems.extend(split(problem, max_parts=MAX_PARTS_PER_WEEK))
    MatchingRunPart.objects.bulk_create(
        [
            MatchingRunPart(run=run, number=number, problem=problem_to_json(problem))
            for number, problem in enumerate(problems, start=1)
        ]
    )
    run.parts_total = len(problems)
    run.parts_done = 0
    run.input_snapshot = {
        "weeks": len(by_week(appointments)),
        "parts": len(problems),
        "requests": [appointment.pk for appointment in appointments],
        "set_aside": set_aside,
    }
    run.save(update_fields=["parts_total", "parts_done", "input_snapshot"])
    if not problems:
        finish_matching_run(
            run=run, decisions=_set_aside(run), figures={"solver_status": m.EMPTY}, now=now
        )
        return []
    pending = list(run.parts.values_list("pk", flat=True))
    enqueue_parts(pending, now=now)
    return pending


def enqueue_parts(part_ids: list[int], *, now: dt.datetime) -> None:
    """Enqueue the parts' tasks (again), noting when, so the sweep can tell a lost one."""
    MatchingRunPart.objects.filter(pk__in=part_ids).update(enqueued_at=now)
    for part_id in part_ids:
        enqueue(SOLVE_PART, part_id)


def solve_part(*, part_id: int, now: dt.datetime | None = None) -> MatchingRun | None:
    """Solve one part (outside any transaction), then record it; the last part ends the run."""
    part = MatchingRunPart.objects.select_related("run").filter(pk=part_id).first()
    if part is None or part.run.status != MatchingRun.Status.RUNNING:
        return None
    if part.status == MatchingRunPart.Status.DONE:
        return _complete_if_all_done(run_id=part.run_id, now=now)
    MatchingRunPart.objects.filter(pk=part_id).update(attempts=part.attempts + 1)
    result = solve(problem_from_json(part.problem), time_limit_s=part_time_limit_s(), seed=0)
    return _record_part(part_id=part_id, result=result, now=now)


@transaction.atomic
def _record_part(*, part_id: int, result: m.Result, now: dt.datetime | None) -> MatchingRun | None:
    now = now or timezone.now()
    run_id = MatchingRunPart.objects.values_list("run_id", flat=True).get(pk=part_id)
    # Lock order: run, then part; the run's row lock makes "am I the last part?" exact.
    run = MatchingRun.objects.select_for_update(no_key=True).get(pk=run_id)
    part = MatchingRunPart.objects.select_for_update(no_key=True).get(pk=part_id)
    if run.status != MatchingRun.Status.RUNNING:
        return run
    if part.status != MatchingRunPart.Status.DONE:
        part.status = MatchingRunPart.Status.DONE
        part.result = result_to_json(result)
        part.finished_at = now
        part.save(update_fields=["status", "result", "finished_at"])
        run.parts_done = run.parts.filter(status=MatchingRunPart.Status.DONE).count()
        run.save(update_fields=["parts_done"])
    return _complete_if_all_done(run_id=run.pk, now=now)


@transaction.atomic
def _complete_if_all_done(*, run_id: int, now: dt.datetime | None) -> MatchingRun | None:
    now = now or timezone.now()
    run = MatchingRun.objects.select_for_update(no_key=True).get(pk=run_id)
    if run.status != MatchingRun.Status.RUNNING:
        return run
    parts = list(run.parts.all())
    if any(part.status != MatchingRunPart.Status.DONE for part in parts):
        return run
    merged = merge([_part_result(part.result) for part in parts])
    decisions: dict[int, Assigned | LeftOpen] = _set_aside(run)
    decisions.update(decisions_from(merged.assignments, merged.unassigned))
    figures: dict[str, Any] = {
        "served_priority": merged.figures.served_priority,
        "cost": float(merged.figures.cost),
        "bound_priority": merged.figures.bound_priority,
        "bound_cost": float(merged.figures.bound_cost),
        "wall_s": merged.figures.wall_s,
        "solver_status": merged.status,
        "gap": merged.figures.priority_gap,
    }
    run.parts_done = len(parts)
    run.save(update_fields=["parts_done"])
    return finish_matching_run(run=run, decisions=fit_travel(decisions), figures=figures, now=now)


def _set_aside(run: MatchingRun) -> dict[int, Assigned | LeftOpen]:
    """The run's requests that the matcher was not given, left open with the reason why."""
    set_aside = (run.input_snapshot or {}).get("set_aside", {})
    return {int(pk): LeftOpen(code, {}) for pk, code in set_aside.items()}


def _part_result(document: dict[str, Any]) -> m.Result:
    """A part's stored result. Parts finished by a version before results were stored in the
    matcher's own format (`lisko-matching-result/1`) are read from their older shape."""
    if "format" in document:
        return result_from_json(document)
    return m.Result(
        status=document.get("status", m.FEASIBLE),
        assignments=tuple(
            m.Assignment(str(pk), str(row["interpreter"]))
            for pk, row in document.get("assigned", {}).items()
        ),
        unassigned=tuple(
            m.Unassigned(str(pk), row["code"], row.get("data", {}))
            for pk, row in document.get("left_open", {}).items()
        ),
    )


def fail_run_after_retries(*, run_id: int, error: str) -> None:
    """Give up on a run whose parts keep failing: its requests go back to the instant match."""
    run = MatchingRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    with transaction.atomic():
        fail_matching_run(run=run, error=error)
        for appointment_id in Appointment.objects.filter(
            matching_requests__run=run, status=Appointment.Status.REQUESTED
        ).values_list("pk", flat=True):
            enqueue(MATCH_REQUEST, appointment_id)


@transaction.atomic
def set_aside_unencodable(*, appointment_id: int, code: str) -> None:
    """Leave a request the matcher cannot be given unfilled, with the reason: matching it again
    would fail the same way. Does nothing once the appointment is no longer looking."""
    appointment = Appointment.objects.filter(pk=appointment_id).first()
    if appointment is None:
        return
    try:
        mark_unfilled(appointment=appointment, reason_code=code, data={})
    except DomainError:  # taken, cancelled or set aside meanwhile
        logger.info("Appointment %s was no longer looking when set aside", appointment_id)


def schedule_matching_runs(*, now: dt.datetime | None = None) -> list[MatchingRun]:
    """The beat's run: one per organisation with open requests in the coming two weeks."""
    now = now or timezone.now()
    runs = []
    for organisation in Organisation.objects.filter(
        appointments__status=Appointment.Status.REQUESTED,
        appointments__start__gt=now,
        appointments__start__lt=now + HORIZON,
    ).distinct():
        busy = organisation.matching_runs.filter(
            status__in=(MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING)
        ).exists()
        if not busy:
            runs.append(request_matching_run(organisation=organisation, by=None, now=now))
    return runs
