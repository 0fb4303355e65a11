"""Incremental re-match: after a declined offer or a new request, re-solve only its neighbourhood.

The neighbourhood of a changed appointment is the appointment itself plus, for every interpreter
who could take it, the appointments that interpreter currently holds nearby in time (they may
move to someone else to free the interpreter). Everything outside stays exactly as it was.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping

from matching.eligibility import Index, Pair, feasible_violations
from matching.greedy import Schedule, greedy_order
from matching.model import SearchLimits, solve_subproblem
from matching.reasons import explain
from matching.types import FEASIBLE, Assignment, Figures, Problem, Result

NEIGHBOURHOOD_LIMIT = 60
"""At most this many appointments are re-optimised together."""


def rematch(
    problem: Problem,
    current_assignments: Mapping[str, str],
    changed_appointment_ids: Iterable[str],
    excluded_pairs: Iterable[tuple[str, str]] = (),
    time_limit_s: float = 0.15,
    seed: int = 0,
) -> Result:
    """Re-solve the neighbourhood of the changed appointments, everything else fixed.

    `current_assignments` maps appointment id to interpreter id; `excluded_pairs` holds
    (appointment id, interpreter id) pairs that must not be offered again (e.g. declined).
    Only the changed appointments and their neighbourhood are reported in `assignments`
    and `unassigned`; the figures cover the whole matching.
    """
    started = time.monotonic()
    index = Index(problem, excluded_pairs=frozenset(excluded_pairs))
    changed = [
        index.appointment_position[identifier]
        for identifier in changed_appointment_ids
        if identifier in index.appointment_position
    ]
    fixed: dict[int, int] = {}
    for appointment_id, interpreter_id in current_assignments.items():
        a = index.appointment_position.get(appointment_id)
        i = index.interpreter_position.get(interpreter_id)
        if a is not None and i is not None and a not in changed:
            fixed[a] = i
    for a in feasible_violations(index, fixed):
        # An assignment that became invalid (e.g. its pair is now excluded) is re-opened.
        del fixed[a]
        changed.append(a)

    neighbourhood = _neighbourhood(index, fixed, changed)
    schedule = Schedule(index, {a: i for a, i in fixed.items() if a not in neighbourhood})
    pairs: list[Pair] = []
    budget: dict[int, float] = {}
    for a in neighbourhood:
        for _, i in index.candidates(a)[:30]:
            # Pairs that clash with a fixed booking cannot be used, so they are left out.
            if any(index.conflict(b, a) for b in schedule.booked[i]):
                continue
            pairs.append((a, i))
            budget[i] = index.capacity[i] - schedule.used[i]
    hint = {a: fixed[a] for a in neighbourhood if a in fixed}
    outcome = solve_subproblem(
        index,
        pairs,
        budget,
        SearchLimits(deterministic_s=time_limit_s * 0.3, wall_s=time_limit_s, seed=seed),
        hint=hint,
    )
    chosen = outcome.chosen if _score(index, outcome.chosen) >= _score(index, hint) else hint
    for a, i in chosen.items():
        schedule.add(a, i)
    schedule.fill(greedy_order(index, sorted(neighbourhood)))
    local = sorted(neighbourhood)
    total = dict(schedule.chosen)
    for a in feasible_violations(index, total):
        del total[a]
    schedule = Schedule(index, total)
    return Result(
        status=FEASIBLE,
        assignments=tuple(
            Assignment(
                index.appointments[a].id,
                index.interpreters[total[a]].id,
                index.breakdown(a, total[a]),
            )
            for a in local
            if a in total
        ),
        unassigned=tuple(explain(index, a, schedule) for a in local if a not in total),
        figures=Figures(
            served_priority=sum(index.appointments[a].priority for a in total),
            total_priority=sum(row.priority for row in index.appointments),
            cost=sum(index.pair_cost(a, i).cost for a, i in total.items()),
            wall_s=time.monotonic() - started,
            deterministic=not outcome.hit_wall_limit,
        ),
    )


def _score(index: Index, chosen: dict[int, int]) -> tuple[int, int]:
    return (
        sum(index.appointments[a].priority for a in chosen),
        -sum(index.pair_cost(a, i).cost for a, i in chosen.items()),
    )


def _neighbourhood(index: Index, fixed: dict[int, int], changed: list[int]) -> set[int]:
    """The changed appointments and what their candidates hold close to them in time."""
    holding: dict[int, list[int]] = defaultdict(list)
    for a, i in fixed.items():
        holding[i].append(a)
    found: set[int] = set(changed)
    for a in changed:
        for _, i in index.candidates(a)[:30]:
            for b in holding[i]:
                near = (
                    index.start[b] < index.end[a] + index.max_travel_s
                    and index.start[a] < index.end[b] + index.max_travel_s
                )
                if near and len(found) < NEIGHBOURHOOD_LIMIT:
                    found.add(b)
    return found
