"""The instant match: the candidates for one new request, best first, without a solver.

For one appointment and nothing else changing, the optimum is the cheapest (time,
interpreter) pair that passes every hard rule with room left that week, over the first choice
and each alternative slot (an alternative costs `slot_change` more, and loses a tie): the same
choice the solver makes, found directly and deterministically. A broadcast offers the first
k; the rest are the alternatives the coordinator sees. Nobody left: the reason, from the same
funnel as a batch run's.
"""

from __future__ import annotations

from collections.abc import Iterable

from matching.eligibility import Index
from matching.greedy import Schedule
from matching.reasons import explain
from matching.types import (
    FEASIBLE,
    OPTIMAL,
    Assignment,
    Candidate,
    Problem,
    Result,
    Unassigned,
)

ALTERNATIVES = 5
"""How many next-best candidates an offer carries along for the coordinator."""


def rank(
    problem: Problem,
    appointment_id: str,
    *,
    wanted: int = 1,
    excluded_pairs: Iterable[tuple[str, str]] = (),
) -> Result:
    """Up to `wanted` assignments of one appointment (best first, each with the next-best
    candidates as alternatives), or the reason nobody can take it."""
    index = Index(problem, frozenset(excluded_pairs))
    g = index.appointment_position[appointment_id]
    schedule = Schedule(index)
    # Every (time, interpreter) pair that passes every hard rule, cheapest first (the
    # slot_change cost included), then the first choice before an alternative time, then by
    # position: the ranking is deterministic. Each interpreter once, at their best time.
    options = sorted(
        (cost, index.slot[a], i, a)
        for a in index.times_of[g]
        for cost, i in index.candidates(a)
        if index.is_candidate(a, i) and schedule.can_take(i, a)
    )
    ranked: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for cost, _, i, a in options:
        if i not in seen:
            seen.add(i)
            ranked.append((cost, i, a))
    if not ranked:
        reason: Unassigned = explain(index, g, schedule)
        return Result(status=FEASIBLE, unassigned=(reason,))
    chosen = ranked[: max(1, wanted)]
    assignments = []
    for _cost, i, a in chosen:
        alternatives = tuple(
            Candidate(index.interpreters[other].id, other_cost, True)
            for other_cost, other, _ in ranked
            if other != i
        )[:ALTERNATIVES]
        assignments.append(
            Assignment(
                appointment_id=appointment_id,
                interpreter_id=index.interpreters[i].id,
                breakdown=index.breakdown(a, i),
                alternatives=alternatives,
                start=index.appointments[a].start if index.slot[a] else None,
            )
        )
    return Result(status=OPTIMAL, assignments=tuple(assignments))
