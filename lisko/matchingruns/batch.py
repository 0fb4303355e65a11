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
from lisko.core.jobs import enqueue
from lisko.matchingruns.models import MatchingRun, MatchingRunPart
from lisko.matchingruns.problems import build_problem, by_week, decisions_from, fit_travel
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
from matching.io import problem_from_json, problem_to_json
from matching.solve import solve
from matching.split import split

logger = logging.getLogger(__name__)

RUN_MATCHING = "lisko.matching.run"
SOLVE_PART = "lisko.matching.solve_part"
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
    }
    run.save(update_fields=["parts_total", "parts_done", "input_snapshot"])
    if not problems:
        finish_matching_run(run=run, decisions={}, figures={"solver_status": m.EMPTY}, now=now)
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
        part.result = _result_json(result)
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
    decisions: dict[int, Assigned | LeftOpen] = {}
    figures: dict[str, Any] = {
        "served_priority": 0,
        "cost": 0.0,
        "bound_priority": 0,
        "bound_cost": 0.0,
        "wall_s": 0.0,
    }
    statuses = set()
    for part in parts:
        decisions.update(_decisions_json(part.result))
        stats = part.result.get("figures", {})
        statuses.add(part.result.get("status", m.FEASIBLE))
        for name in ("served_priority", "cost", "bound_priority", "bound_cost"):
            figures[name] += stats.get(name, 0)
        figures["wall_s"] = max(figures["wall_s"], stats.get("wall_s", 0.0))
    figures["solver_status"] = (
        m.OPTIMAL if statuses <= {m.OPTIMAL, m.EMPTY} and parts else m.FEASIBLE
    )
    bound = figures["bound_priority"]
    figures["gap"] = (bound - figures["served_priority"]) / bound if bound > 0 else 0.0
    run.parts_done = len(parts)
    run.save(update_fields=["parts_done"])
    return finish_matching_run(run=run, decisions=fit_travel(decisions), figures=figures, now=now)


def _result_json(result: m.Result) -> dict[str, Any]:
    decisions = decisions_from(result.assignments, result.unassigned)
    return {
        "status": result.status,
        "assigned": {
            str(pk): {
                "interpreter": d.interpreter_id,
                "travel_minutes": d.travel_minutes,
                "score": d.score,
            }
            for pk, d in decisions.items()
            if isinstance(d, Assigned)
        },
        "left_open": {
            str(pk): {"code": d.code, "data": d.data}
            for pk, d in decisions.items()
            if isinstance(d, LeftOpen)
        },
        "figures": {
            "served_priority": result.figures.served_priority,
            "cost": result.figures.cost,
            "bound_priority": result.figures.bound_priority,
            "bound_cost": result.figures.bound_cost,
            "wall_s": result.figures.wall_s,
        },
    }


def _decisions_json(result: dict[str, Any]) -> dict[int, Assigned | LeftOpen]:
    decisions: dict[int, Assigned | LeftOpen] = {}
    for pk, row in result.get("assigned", {}).items():
        decisions[int(pk)] = Assigned(row["interpreter"], row["travel_minutes"], row["score"])
    for pk, row in result.get("left_open", {}).items():
        decisions[int(pk)] = LeftOpen(row["code"], row["data"])
    return decisions


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
            enqueue("lisko.dispatch.match_request", appointment_id)


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
