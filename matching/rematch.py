"""Incremental re-match: after a declined offer or a new request, re-solve only its neighbourhood.

The neighbourhood of a changed appointment is the appointment itself plus, for every interpreter
who could take it, the appointments that interpreter currently holds nearby in time (they may
move to someone else to free the interpreter). Everything outside stays exactly as it was.

The expensive part of a problem (eligible pairs, costs, conflict groups) is computed once by
`prepare(problem)`; pass the `PreparedProblem` to every `rematch` on that problem (a worker can
keep it in memory), and each call only touches the neighbourhood.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from matching.eligibility import Index, Pair
from matching.greedy import Schedule, greedy_order
from matching.model import SearchLimits, solve_subproblem
from matching.reasons import explain
from matching.types import FEASIBLE, Assignment, Figures, Problem, Result

NEIGHBOURHOOD_LIMIT = 30
"""At most this many appointments are re-optimised together."""
CANDIDATES = 12
"""The cheapest candidates per appointment considered in a re-match."""


@dataclass(frozen=True)
class PreparedProblem:
    """A problem with its eligible pairs, costs and conflict groups computed once."""

    problem: Problem
    index: Index


def prepare(problem: Problem) -> PreparedProblem:
    """Compute what every re-match on this problem shares (a few seconds at 5 000 × 1 000)."""
    index = Index(problem)
    index.prepare()
    for i in range(len(problem.interpreters)):
        index.cliques_of(i)
    return PreparedProblem(problem=problem, index=index)


def rematch(
    problem: Problem,
    current_assignments: Mapping[str, str],
    changed_appointment_ids: Iterable[str],
    excluded_pairs: Iterable[tuple[str, str]] = (),
    time_limit_s: float = 0.15,
    seed: int = 0,
    prepared: PreparedProblem | None = None,
    wall_limit_s: float | None = None,
    current_starts: Mapping[str, datetime] | None = None,
) -> Result:
    """Re-solve the neighbourhood of the changed appointments, everything else fixed.

    `current_assignments` maps appointment id to interpreter id, and `current_starts` the
    appointments served at one of their alternative times to that time's start (absent: the
    first choice); `excluded_pairs` holds (appointment id, interpreter id) pairs that must not
    be offered again (e.g. declined). The neighbourhood may move an appointment to another of
    its times (the assignment's `start` says which). Only the changed appointments and their
    neighbourhood are reported in `assignments` and `unassigned`; the figures cover the whole
    matching. `prepared` (from `prepare`) must be of this same problem; without it the problem
    is prepared on the fly. `time_limit_s` sizes the search (deterministic work) and is the
    wall-clock limit; `wall_limit_s`, when given, is a separate, more generous wall-clock
    safety net, so that the result depends only on the instance and the seed, not on the
    machine's load (as in `solve`).
    """
    started = time.monotonic()
    if prepared is None or prepared.problem is not problem:
        prepared = prepare(problem)
    index = prepared.index.excluding(frozenset(excluded_pairs))
    starts = current_starts or {}
    changed = [
        index.appointment_position[identifier]
        for identifier in changed_appointment_ids
        if identifier in index.appointment_position
    ]
    changed_set = set(changed)
    eligible, excluded = index.candidate_pairs, index.excluded_pairs
    fixed: dict[int, int] = {}
    for appointment_id, interpreter_id in current_assignments.items():
        g = index.appointment_position.get(appointment_id)
        i = index.interpreter_position.get(interpreter_id)
        if g is None or i is None or g in changed_set:
            continue
        a = _time_of(index, g, starts.get(appointment_id))
        valid = a is not None and (a, i) in eligible
        if valid and a is not None and (appointment_id, interpreter_id) not in excluded:
            fixed[a] = i
        else:
            # An assignment that became invalid (e.g. its pair is now excluded, or its time is
            # none of the appointment's) is re-opened.
            changed.append(g)
            changed_set.add(g)

    holding: dict[int, list[int]] = defaultdict(list)
    for a, i in fixed.items():
        holding[i].append(a)
    neighbourhood = _neighbourhood(index, holding, changed)
    # Interpreters whose bookings may change: re-check their whole week (rules 5 and 6).
    touched = {i for a in neighbourhood for _, i in index.candidates(a)}
    touched |= {fixed[a] for a in neighbourhood if a in fixed}
    for i in sorted(touched):
        for a in index.broken_bookings(i, [b for b in holding[i] if b not in neighbourhood]):
            del fixed[a]
            holding[i].remove(a)
            for b in index.times_of[index.group[a]]:
                neighbourhood.add(b)
                touched |= {j for _, j in index.candidates(b)}

    outside = {a: i for a, i in fixed.items() if a not in neighbourhood}
    local = Schedule(index, {a: i for a, i in outside.items() if i in touched})
    pairs: list[Pair] = []
    budget: dict[int, float] = {}
    heavy_budget: dict[int, float] = {}
    for a in sorted(neighbourhood):
        options = [i for _, i in index.candidates(a)[:CANDIDATES]]
        if a in fixed and fixed[a] not in options:
            # Its current interpreter stays an option, so the hint is complete.
            options.append(fixed[a])
        for i in options:
            # Pairs that clash with a fixed booking cannot be used, so they are left out.
            if any(index.conflict(b, a) for b in local.booked[i]):
                continue
            pairs.append((a, i))
            budget[i] = index.capacity[i] - local.used[i]
            heavy_budget[i] = index.heavy_capacity[i] - local.heavy[i]
    usable = set(pairs)
    hint = {a: fixed[a] for a in neighbourhood if a in fixed and (a, fixed[a]) in usable}
    outcome = solve_subproblem(
        index,
        pairs,
        budget,
        SearchLimits(
            deterministic_s=time_limit_s * 0.2,
            # What is left of 60 % of the call's wall limit: building the model and the
            # result takes the rest.
            wall_s=max(
                0.02,
                0.6 * (time_limit_s if wall_limit_s is None else wall_limit_s)
                - (time.monotonic() - started),
            ),
            seed=seed,
        ),
        hint=hint,
        heavy_budget=heavy_budget,
    )
    chosen = outcome.chosen if _score(index, outcome.chosen) >= _score(index, hint) else hint
    for a, i in sorted(chosen.items()):
        if local.is_open(a) and local.can_take(i, a):
            local.add(a, i)
    local.fill(greedy_order(index, sorted(neighbourhood)))
    inside = {a: i for a, i in local.chosen.items() if a in neighbourhood}
    total = {**outside, **inside}
    # The reasons look at every booking of the interpreters concerned: all are in `local`.
    schedule = local
    report = sorted({index.group[a] for a in neighbourhood})
    served = {index.group[a]: a for a in total}
    costs = index.pair_costs
    return Result(
        status=FEASIBLE,
        assignments=tuple(
            Assignment(
                index.appointments[a].id,
                index.interpreters[total[a]].id,
                index.breakdown(a, total[a]),
                start=index.appointments[a].start if index.slot[a] else None,
            )
            for a in (served[g] for g in report if g in served)
        ),
        unassigned=tuple(explain(index, g, schedule) for g in report if g not in served),
        figures=Figures(
            served_priority=sum(index.priority[a] for a in total),
            total_priority=index.total_priority,
            cost=sum(
                costs[a, i].cost if (a, i) in costs else index.pair_cost(a, i).cost
                for a, i in total.items()
            ),
            wall_s=time.monotonic() - started,
            deterministic=not outcome.hit_wall_limit,
        ),
    )


def _time_of(index: Index, g: int, start: datetime | None) -> int | None:
    """The time of appointment g that starts at `start` (None: the first choice)."""
    if start is None:
        return g
    for a in index.times_of[g]:
        if index.appointments[a].start == start:
            return a
    return None


def _score(index: Index, chosen: dict[int, int]) -> tuple[int, int]:
    return (
        sum(index.appointments[a].priority for a in chosen),
        -sum(index.pair_cost(a, i).cost for a, i in chosen.items()),
    )


def _neighbourhood(index: Index, holding: dict[int, list[int]], changed: list[int]) -> set[int]:
    """The changed appointments (every time of each) and what their candidates hold close to
    them in time (with every time of those)."""
    ordered = list(dict.fromkeys(a for g in changed for a in index.times_of[index.group[g]]))
    found: set[int] = set(ordered)
    for a in ordered:
        for _, i in index.candidates(a)[:CANDIDATES]:
            for b in holding[i]:
                near = (
                    index.start[b] < index.end[a] + index.max_travel_s
                    and index.start[a] < index.end[b] + index.max_travel_s
                )
                if near and len(found) < NEIGHBOURHOOD_LIMIT:
                    found.update(index.times_of[index.group[b]])
    return found
