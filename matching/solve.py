"""Orchestration: greedy start, weekly relaxation, day subproblems, repair, and the Result.

How a run goes (see docs/matching.md):

1. Eligible pairs and a greedy matching (the fallback: the result is never worse than it).
2. Small instances: one CP-SAT model over the whole week; if it proves optimality, done.
3. The weekly LP relaxation gives proven bounds and each interpreter's minutes per day.
4. Each day (time cluster) is solved by CP-SAT with the LP's minutes as budgets.
5. Coordinate descent: each day is re-solved with everything else fixed, so hours move
   between days whenever that serves more; every step keeps the best matching found.
6. A final greedy pass over all candidates (not only the k cheapest) fills any gap, and a
   safety net re-checks every hard rule before the Result is built.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from matching.bound import (
    Relaxation,
    build_relaxation,
    minutes_by_cluster,
    solve_cost_bound,
    solve_priority_bound,
)
from matching.eligibility import (
    Index,
    Pair,
    feasible_violations,
    served_priority,
    total_cost,
)
from matching.flowbound import flow_priority_bound
from matching.greedy import Schedule, greedy, greedy_order
from matching.model import SearchLimits, solve_subproblem
from matching.reasons import explain
from matching.types import (
    EMPTY,
    FEASIBLE,
    OPTIMAL,
    Assignment,
    Candidate,
    Figures,
    Problem,
    Result,
)

CANDIDATES_PER_APPOINTMENT = 20
"""The k cheapest candidates kept per appointment in the CP-SAT models."""
MONOLITHIC_PAIRS = 2_500
"""Up to this many pairs, one CP-SAT model over the whole week is tried first."""
LP_PAIRS = 40_000
"""Up to this many pairs the weekly LP (with every family) is solved for bounds and budgets."""
DETERMINISTIC_PER_SECOND = 0.25
"""CP-SAT deterministic time granted per second of the caller's time limit."""
USE_LP_BUDGETS = False
"""Day subproblems with the LP's minutes as budgets: measured slower than the search below."""
NEIGHBOURHOOD_SIZE = 80
"""Appointments re-optimised together in one large-neighbourhood step."""
ALTERNATIVES = 3
"""How many next-best candidates each assignment lists."""

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    del message


def stderr_progress(message: str) -> None:
    """Print a progress line on stderr (the command line's default)."""
    print(message, file=sys.stderr, flush=True)


def better(index: Index, first: dict[int, int], second: dict[int, int]) -> bool:
    """True when `first` beats `second` on the lexicographic score."""
    return (served_priority(index, first), -total_cost(index, first)) > (
        served_priority(index, second),
        -total_cost(index, second),
    )


class Run:
    """The state of one solve: deadline, best matching so far, bounds."""

    def __init__(self, index: Index, time_limit_s: float, seed: int, progress: Progress):
        self.index = index
        self.seed = seed
        self.progress = progress
        self.started = time.monotonic()
        self.time_limit_s = time_limit_s
        self.deadline = self.started + time_limit_s
        self.deterministic = True
        self.best: dict[int, int] = {}
        self.bound_priority: float = math.inf
        self.bound_cost: float = 0.0
        self.proven_optimal = False
        self.relaxation: Relaxation | None = None
        self.work_budget = time_limit_s * DETERMINISTIC_PER_SECOND
        self.work_spent = 0.0
        self.reserve_s = 0.5

    def remaining(self) -> float:
        """Wall seconds left before the safety deadline."""
        return self.deadline - time.monotonic()

    def offer(self, chosen: dict[int, int], label: str) -> None:
        """Keep `chosen` if it beats the best matching so far."""
        if not self.best or better(self.index, chosen, self.best):
            self.best = dict(chosen)
            self.progress(
                f"[{time.monotonic() - self.started:6.2f}s] {label}: priority "
                f"{served_priority(self.index, chosen)}, cost {total_cost(self.index, chosen)}"
            )

    def work_left(self) -> float:
        """Deterministic seconds left: the clock that decides what the run does."""
        return self.work_budget - self.work_spent

    def limits(self, deterministic_s: float) -> SearchLimits:
        """Search limits for one CP-SAT call granted `deterministic_s` of work."""
        return SearchLimits(
            deterministic_s=max(0.01, deterministic_s),
            wall_s=max(0.05, self.remaining()),
            seed=self.seed,
            workers=1,
        )

    def spend(self, deterministic_s: float, hit_wall_limit: bool) -> None:
        """Account for one search; one stopped by the wall clock makes the run irreproducible."""
        self.work_spent += deterministic_s
        if hit_wall_limit:
            self.deterministic = False


def top_pairs(index: Index, appointments: list[int], keep: int) -> list[Pair]:
    """The `keep` cheapest eligible pairs of each appointment."""
    return [(a, i) for a in appointments for _, i in index.candidates(a)[:keep]]


def restricted(chosen: dict[int, int], appointments: list[int]) -> dict[int, int]:
    """The part of a matching that concerns these appointments."""
    return {a: chosen[a] for a in appointments if a in chosen}


def minutes_used(index: Index, chosen: dict[int, int]) -> dict[int, int]:
    """used[i]: seconds each interpreter is booked for in this matching."""
    used: dict[int, int] = defaultdict(int)
    for a, i in chosen.items():
        used[i] += index.duration[a]
    return used


def solve_monolithic(run: Run, pairs: list[Pair]) -> None:
    """Step 2: the whole week in one CP-SAT model, hinted with the best matching so far."""
    index = run.index
    budget = {i: index.capacity[i] for _, i in pairs}
    outcome = solve_subproblem(
        index, pairs, budget, run.limits(run.work_left() * 0.4), hint=run.best
    )
    run.spend(outcome.deterministic_s, outcome.hit_wall_limit)
    run.offer(outcome.chosen, "whole week")
    if outcome.optimal:
        run.proven_optimal = True


def solve_days_with_budgets(
    run: Run, clusters: list[list[int]], budgets: dict[tuple[int, int], float], keep: int
) -> dict[int, int]:
    """Step 4: every day on its own, each interpreter limited to the minutes the LP gave it."""
    index = run.index
    chosen: dict[int, int] = {}
    share = run.work_left() * 0.3 / max(1, len(clusters))
    for position, appointments in enumerate(clusters):
        pairs = top_pairs(index, appointments, keep)
        budget = {i: math.floor(budgets.get((i, position), 0.0) + 1e-6) for _, i in pairs}
        hint = restricted(run.best, appointments)
        outcome = solve_subproblem(index, pairs, budget, run.limits(share), hint=hint)
        run.spend(outcome.deterministic_s, outcome.hit_wall_limit)
        chosen.update(outcome.chosen)
    # The LP's budgets are fractional; spare minutes go to a greedy pass over everything left.
    schedule = Schedule(index, chosen)
    schedule.fill(greedy_order(index, list(range(len(index.appointments)))))
    return schedule.chosen


def reoptimise(
    run: Run, current: dict[int, int], subset: list[int], keep: int, share: float
) -> dict[int, int] | None:
    """Re-solve `subset` with every other assignment fixed; the better matching, or None."""
    index = run.index
    inside = set(subset)
    fixed = {a: i for a, i in current.items() if a not in inside}
    schedule = Schedule(index, fixed)
    pairs: list[Pair] = []
    for a in subset:
        for _, i in index.candidates(a)[:keep]:
            # A pair that clashes with a fixed booking can never be used: leave it out.
            if current.get(a) == i or not any(index.conflict(b, a) for b in schedule.booked[i]):
                pairs.append((a, i))
        if a in current and (a, current[a]) not in pairs[-keep - 1 :]:
            pairs.append((a, current[a]))
    pairs = sorted(set(pairs))
    budget = {i: index.capacity[i] - schedule.used[i] for _, i in pairs}
    hint = {a: current[a] for a in subset if a in current}
    outcome = solve_subproblem(index, pairs, budget, run.limits(share), hint=hint)
    run.spend(outcome.deterministic_s, outcome.hit_wall_limit)
    candidate = dict(fixed)
    candidate.update(outcome.chosen)
    return candidate if better(index, candidate, current) else None


def day_language_neighbourhoods(
    index: Index, clusters: list[list[int]], size: int
) -> list[list[int]]:
    """Appointments of one day and one language, in chunks of consecutive start times."""
    found: list[list[int]] = []
    for appointments in clusters:
        by_language: dict[str, list[int]] = defaultdict(list)
        for a in appointments:
            by_language[index.appointments[a].language].append(a)
        for language in sorted(by_language):
            ordered = sorted(by_language[language], key=lambda a: (index.start[a], a))
            for begin in range(0, len(ordered), size):
                found.append(ordered[begin : begin + size])
    return found


def interpreter_neighbourhood(
    run: Run, generator: random.Random, size: int, keep: int
) -> list[int]:
    """An open appointment, the week of a few interpreters who could take it, and what else
    those interpreters could take: moves hours between days, which day subproblems cannot."""
    index = run.index
    current = run.best
    open_appointments = [
        a for a in range(len(index.appointments)) if a not in current and index.candidates(a)
    ]
    if not open_appointments:
        return []
    seed_appointment = generator.choice(open_appointments)
    interpreters = [i for _, i in index.candidates(seed_appointment)[:6]]
    chosen_set = set(interpreters)
    subset = [seed_appointment]
    for a, i in current.items():
        if i in chosen_set:
            subset.append(a)
    language = index.appointments[seed_appointment].language
    for a in open_appointments:
        if len(subset) >= size:
            break
        if (
            a != seed_appointment
            and index.appointments[a].language == language
            and any(i in chosen_set for _, i in index.candidates(a)[:keep])
        ):
            subset.append(a)
    return sorted(set(subset[:size]))


def improve(run: Run, clusters: list[list[int]], keep: int) -> None:
    """Step 5: large-neighbourhood search, keeping every improvement, until the work is spent."""
    index = run.index
    generator = random.Random(run.seed)
    size = NEIGHBOURHOOD_SIZE
    for round_number in range(1, 100):
        if run.work_left() <= 0 or run.remaining() <= run.reserve_s:
            return
        neighbourhoods = day_language_neighbourhoods(index, clusters, size)
        neighbourhoods += [
            interpreter_neighbourhood(run, generator, size, keep)
            for _ in range(max(4, len(neighbourhoods)))
        ]
        share = max(0.02, min(1.0, run.work_left() / max(1, len(neighbourhoods))))
        improved = False
        for subset in neighbourhoods:
            if run.work_left() <= 0 or run.remaining() <= run.reserve_s:
                run.deterministic = run.work_left() <= 0 and run.deterministic
                return
            if not subset:
                continue
            candidate = reoptimise(run, run.best, subset, keep, share)
            if candidate is not None:
                run.offer(candidate, f"neighbourhood search, round {round_number}")
                improved = True
        if not improved and round_number > 2:
            return


def compute_bounds(run: Run, all_pairs: list[Pair]) -> dict[tuple[int, int], float] | None:
    """Step 3: proven bounds, and the LP's minutes per interpreter and day (when affordable)."""
    index = run.index
    if len(all_pairs) <= LP_PAIRS:
        relaxation = build_relaxation(index, all_pairs, max(1.0, run.remaining() * 0.6))
        bound = solve_priority_bound(relaxation, index)
        if math.isfinite(bound):
            run.bound_priority = min(run.bound_priority, math.floor(bound + 1e-6))
            run.relaxation = relaxation
            clusters = index.clusters()
            cluster_of = {a: position for position, group in enumerate(clusters) for a in group}
            return minutes_by_cluster(relaxation, index, cluster_of)
    return None


def solve(
    problem: Problem,
    time_limit_s: float = 30.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> Result:
    """Match interpreters to appointments: the best matching found, with reasons and bounds."""
    report = progress or _quiet
    index = Index(problem)
    run = Run(index, time_limit_s, seed, report)
    every = list(range(len(problem.appointments)))
    if not every or not problem.interpreters:
        return build_result(run, {})
    all_pairs = [(a, i) for a in every for _, i in index.candidates(a)]
    report(
        f"{len(every)} appointments, {len(problem.interpreters)} interpreters, "
        f"{len(all_pairs)} eligible pairs"
    )
    run.offer(greedy(index), "greedy")
    if not all_pairs:
        return build_result(run, run.best)

    if len(all_pairs) <= MONOLITHIC_PAIRS:
        solve_monolithic(run, all_pairs)
    if not run.proven_optimal:
        allocation = compute_bounds(run, all_pairs)
        report(f"[{time.monotonic() - run.started:6.2f}s] priority bound {run.bound_priority}")
        clusters = index.clusters()
        keep = CANDIDATES_PER_APPOINTMENT
        if (
            USE_LP_BUDGETS
            and allocation is not None
            and served_priority(index, run.best) < run.bound_priority
        ):
            run.offer(
                solve_days_with_budgets(run, clusters, allocation, keep), "days with LP budgets"
            )
        # Leave wall time for the final bound and the result (the flow bound is slower).
        run.reserve_s = 0.2 * time_limit_s if run.relaxation is None else 0.1 * time_limit_s
        improve(run, clusters, keep)
        if run.relaxation is None and run.remaining() > 0:
            run.bound_priority = min(run.bound_priority, flow_priority_bound(index, all_pairs))

    return build_result(run, run.best)


def alternatives_for(
    index: Index, schedule: Schedule, a: int, taken_by: int
) -> tuple[Candidate, ...]:
    """The next-best candidates for an assigned appointment, cheapest first."""
    found = []
    for cost, i in index.candidates(a):
        if i == taken_by:
            continue
        found.append(Candidate(index.interpreters[i].id, cost, schedule.can_take(i, a)))
        if len(found) == ALTERNATIVES:
            break
    return tuple(found)


def build_result(run: Run, chosen: dict[int, int]) -> Result:
    """Step 6: fill, re-check every hard rule, explain the unassigned, and account."""
    index = run.index
    schedule = Schedule(index, chosen)
    schedule.fill(greedy_order(index, list(range(len(index.appointments)))))
    chosen = dict(schedule.chosen)
    for a in feasible_violations(index, chosen):
        # The safety net: never return a matching the referee would reject.
        del chosen[a]
    schedule = Schedule(index, chosen)
    served = served_priority(index, chosen)
    cost = total_cost(index, chosen)

    if run.proven_optimal:
        bound_priority, bound_cost = served, cost
    else:
        bound_priority = int(min(run.bound_priority, sum(a.priority for a in index.appointments)))
        bound_cost = 0
        if bound_priority <= served:
            bound_priority = served
        relaxation = run.relaxation
        if relaxation is not None:
            bound_cost = math.ceil(solve_cost_bound(relaxation, index, served) - 1e-6)
        bound_cost = min(max(0, bound_cost), cost)
    assignments = tuple(
        sorted(
            (
                Assignment(
                    appointment_id=index.appointments[a].id,
                    interpreter_id=index.interpreters[i].id,
                    breakdown=index.breakdown(a, i),
                    alternatives=alternatives_for(index, schedule, a, i),
                )
                for a, i in chosen.items()
            ),
            key=lambda row: index.appointment_position[row.appointment_id],
        )
    )
    unassigned = tuple(
        explain(index, a, schedule) for a in range(len(index.appointments)) if a not in chosen
    )
    figures = Figures(
        served_priority=served,
        total_priority=sum(a.priority for a in index.appointments),
        cost=cost,
        bound_priority=bound_priority,
        bound_cost=bound_cost,
        wall_s=time.monotonic() - run.started,
        deterministic=run.deterministic,
    )
    if not index.appointments:
        status = EMPTY
    elif served == bound_priority and cost == bound_cost:
        status = OPTIMAL
    else:
        status = FEASIBLE
    return Result(status=status, assignments=assignments, unassigned=unassigned, figures=figures)
