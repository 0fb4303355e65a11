"""Orchestration: greedy start, exact models where affordable, neighbourhood search, Result.

How a run goes (see docs/matching.md):

1. Eligible pairs (vectorised, `Index.prepare`) and a greedy matching: the baseline, the first
   hint, and the floor (the result is never worse than it).
2. Up to 12 000 pairs: the weekly LP (GLOP) for a bound and a rounded matching, then the whole
   week as one MIP solved by HiGHS (priority, then cost at that priority), with the same MIP
   breaking ties by the cost in a thread beside it (`TieBreak`); its dual bounds are the
   proven bounds, and if both are reached the run stops.
3. Up to 2 500 pairs, if not proven yet: one CP-SAT model over the whole week.
4. Larger instances: the min-cost-flow relaxation bounds the priority.
5. Large-neighbourhood search with CP-SAT: small sub-problems re-solved with everything else
   fixed, on the lexicographic score (priority first, then cost), until the work is spent.
   After the weekly MIP it is the cost phase: a polish (cheaper interpreters, swaps and
   two-move chains, the same appointments served) before it and after each round, and team
   neighbourhoods (the whole weeks of interpreters who compete for the same appointments).
6. A final greedy pass over all candidates fills any gap, and a safety net re-checks every
   hard rule before the Result is built.
"""

from __future__ import annotations

import math
import os
import random
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from ortools.util.python.solve_interrupter import SolveInterrupter

from matching.bound import (
    Relaxation,
    build_relaxation,
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
from matching.lagrange import Lagrangian
from matching.mip import MipOutcome, build_weekly_model, solve_weekly
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
MIP_PAIRS = 12_000
"""Up to this many pairs the whole week is one HiGHS MIP (beyond, its LP alone is too slow)."""
TIE_BREAK_NICENESS = 10
"""How much lower the tie-break thread's scheduling priority is (see `TieBreak`)."""
MIP_SHARE = 0.75
"""Share of the time limit the weekly MIP may use; the rest improves the cost."""
LP_PAIRS = 12_000
"""Up to this many pairs the weekly LP (with every family) is solved for bounds."""
DETERMINISTIC_PER_SECOND = 0.25
"""CP-SAT deterministic time granted per second of the caller's time limit."""
NEIGHBOURHOOD_SIZE = 80
"""Appointments re-optimised together in one large-neighbourhood step."""
TEAM_SIZE = 10
"""Interpreters whose whole weeks one cost neighbourhood re-plans together."""
TEAM_APPOINTMENTS = 150
"""At most this many appointments in one cost neighbourhood."""
ALTERNATIVES = 3
"""How many next-best candidates each assignment lists."""
LAGRANGE_FIRST_SHARE = 0.1
"""Share of the time limit for the Lagrangian relaxation before the search, when no LP is
affordable (its bound, and the matching rounded from it that the search starts from)."""
LAGRANGE_LAST_SHARE = 0.05
"""Share of the time limit for its further steps after the search (a better target)."""
LAGRANGE_ENOUGH_STEPS = 150
"""Below this many steps before the search, the min-cost-flow bound is computed as well (at
5 000 × 1 000 the Lagrangian passes it after 50-100 steps)."""
LAGRANGE_STEPS_PER_SECOND = 40
"""Its steps per second of those shares (measured: 22-38 ms each at 5 000 × 1 000, load
1-2.5): the step count, not the clock, sizes the work, so the result is reproducible."""

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    del message


def stderr_progress(message: str) -> None:
    """Print a progress line on stderr (the command line's default)."""
    print(message, file=sys.stderr, flush=True)


class Run:
    """The state of one solve: deadline, best matching so far, bounds."""

    def __init__(
        self,
        index: Index,
        time_limit_s: float,
        seed: int,
        progress: Progress,
        started: float | None = None,
        wall_limit_s: float | None = None,
    ):
        self.index = index
        self.seed = seed
        self.progress = progress
        self.started = time.monotonic() if started is None else started
        self.time_limit_s = time_limit_s
        self.deadline = self.started + max(time_limit_s, wall_limit_s or 0.0)
        self.mip_deadline = self.deadline if wall_limit_s else self.started + time_limit_s
        """HiGHS has no deterministic work limit: it stops by proof or at this wall-clock time."""
        self.reproducible = wall_limit_s is not None
        """The caller wants the result to depend on the instance and seed only."""
        self.deterministic = True
        self.best: dict[int, int] = {}
        self.best_score: tuple[int, int] = (0, 0)
        """(served priority, minus cost) of `best`: the lexicographic score, higher is better."""
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

    def offer(
        self, chosen: dict[int, int], label: str, score: tuple[int, int] | None = None
    ) -> None:
        """Keep `chosen` if it beats the best matching so far (`score`: its known score)."""
        if score is None:
            score = (served_priority(self.index, chosen), -total_cost(self.index, chosen))
        if not self.best or score > self.best_score:
            self.best = dict(chosen)
            self.best_score = score
            self.progress(
                f"[{time.monotonic() - self.started:6.2f}s] {label}: priority "
                f"{score[0]}, cost {-score[1]}"
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
    """Step 3: the whole week in one CP-SAT model, hinted with the best matching so far."""
    index = run.index
    budget = {i: index.capacity[i] for _, i in pairs}
    outcome = solve_subproblem(
        index, pairs, budget, run.limits(run.work_left() * 0.4), hint=run.best
    )
    run.spend(outcome.deterministic_s, outcome.hit_wall_limit)
    run.offer(outcome.chosen, "whole week")
    if outcome.optimal:
        run.proven_optimal = True


class TieBreak:
    """The weekly MIP with the cost as tie-break (`cost_tie_break`), solved by HiGHS in a
    thread while the priority-only MIP runs, and stopped when that one returns.

    HiGHS maximising the priority alone proves it fastest (its objective is integral), but
    picks any matching of that priority: 58 818 on 1 000 × 200 seed 1, where the optimum costs
    51 484. With the cost as tie-break its matchings are far cheaper (51 708 there), but it
    proves the priority later, and within 15 s it sometimes serves less. Run side by side, the
    run keeps the priority-only proof and the better of the two matchings (lexicographically),
    so it never serves less than before. HiGHS releases the interpreter lock while it solves:
    the two use two cores.
    """

    def __init__(self, run: Run, pairs: list[Pair], budget: dict[int, float], seconds: float):
        model = build_weekly_model(
            run.index, pairs, budget=budget, integer=True, cost_tie_break=True
        )
        self.interrupter = SolveInterrupter()
        self.found: list[MipOutcome] = []

        def work() -> None:
            _yield_to_others()
            self.found.append(
                solve_weekly(
                    model,
                    seconds,
                    run.seed,
                    integer=True,
                    hint=run.best,
                    interrupter=self.interrupter,
                )
            )

        self.thread = threading.Thread(target=work, daemon=True)
        self.thread.start()

    def stop(self) -> MipOutcome:
        """Interrupt HiGHS and return its best matching so far (empty when none)."""
        self.interrupter.interrupt()
        self.thread.join()
        return self.found[0] if self.found else MipOutcome({}, math.nan, False, False)


def _yield_to_others() -> None:
    """Lower this thread's scheduling priority (Linux: a thread id is a process id here): on a
    busy machine the priority-only MIP, which proves the priority, keeps the cores it had."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), TIE_BREAK_NICENESS)
    except (AttributeError, OSError):
        pass


def offer_whole_week(run: Run, search: Search, chosen: dict[int, int], label: str) -> None:
    """Keep a whole-week MIP's matching when it is better and breaks no rule; the search then
    starts its rounds again from it."""
    if (
        chosen
        and score_of(run.index, chosen) > run.best_score
        and not feasible_violations(run.index, chosen)
    ):
        run.offer(chosen, label)
        search.restart()


def solve_mip(run: Run, pairs: list[Pair], search: Search) -> None:
    """Step 2: the whole week as one MIP (HiGHS): priority, then cost, with proven bounds."""
    index = run.index
    budget = {i: index.capacity[i] for _, i in pairs}
    weekly = build_weekly_model(index, pairs, budget=budget, integer=True)
    seconds = (run.mip_deadline - time.monotonic()) * MIP_SHARE
    # Not in a reproducible run: where the tie-break stands when it is interrupted depends on
    # the clock.
    beside = None if run.reproducible else TieBreak(run, pairs, budget, seconds)
    outcome = solve_weekly(weekly, seconds, run.seed, integer=True, hint=run.best)
    if beside is not None:
        offer_whole_week(run, search, beside.stop().chosen, "weekly MIP, cost as tie-break")
    if outcome.hit_time_limit:
        # Where HiGHS stood when the clock stopped it depends on the machine's load.
        run.deterministic = False
    if math.isfinite(outcome.bound):
        run.bound_priority = min(run.bound_priority, math.floor(outcome.bound + 1e-6))
    offer_whole_week(run, search, outcome.chosen, "weekly MIP")
    if run.best_score[0] < run.bound_priority or run.mip_deadline - time.monotonic() < 0.5:
        return
    if len(pairs) > MONOLITHIC_PAIRS:
        # Measured: at 1 000 × 200 HiGHS does not lower the cost in seconds, the
        # neighbourhood search does; small instances are proven optimal this way.
        return
    # The priority is proven maximal: the same MIP minimising the cost at that priority.
    weekly = build_weekly_model(
        index, pairs, budget=budget, integer=True, minimum_priority=run.best_score[0]
    )
    # Half of what is left: HiGHS may overshoot its limit a little, and the result's cost
    # bound (one more LP) comes after.
    seconds = (run.mip_deadline - time.monotonic()) * 0.5
    outcome = solve_weekly(weekly, seconds, run.seed, integer=True, hint=run.best)
    if outcome.hit_time_limit:
        run.deterministic = False
    if math.isfinite(outcome.bound):
        run.bound_cost = max(run.bound_cost, math.ceil(outcome.bound - 1e-6))
    if outcome.chosen and not feasible_violations(index, outcome.chosen):
        run.offer(outcome.chosen, "weekly MIP, cost")
    if outcome.optimal and -run.best_score[1] <= run.bound_cost:
        run.proven_optimal = True


def score_of(index: Index, chosen: dict[int, int]) -> tuple[int, int]:
    """(served priority, minus cost): the lexicographic score, higher is better."""
    return served_priority(index, chosen), -total_cost(index, chosen)


def reoptimise(
    run: Run, subset: list[int], keep: int, share: float
) -> tuple[dict[int, int], tuple[int, int]] | None:
    """Re-solve `subset` with every other assignment of the best matching fixed.

    Returns the better matching and its score, or None.
    """
    index = run.index
    current = run.best
    # Every time of each appointment concerned, so its time can change too (and nothing
    # outside serves it at another time).
    if index.has_alternatives:
        subset = list(dict.fromkeys(b for a in subset for b in index.times_of[index.group[a]]))
    inside = set(subset)
    options: dict[int, list[int]] = {}
    for a in subset:
        options[a] = [i for _, i in index.candidates(a)[:keep]]
        if a in current and current[a] not in options[a]:
            options[a].append(current[a])
    concerned = {i for rows in options.values() for i in rows}
    # Only the bookings of the interpreters concerned matter; the rest stays as it is.
    fixed = Schedule(
        index, {a: i for a, i in current.items() if i in concerned and a not in inside}
    )
    pairs: list[Pair] = []
    for a in subset:
        for i in options[a]:
            # A pair that clashes with a fixed booking can never be used: leave it out.
            if current.get(a) == i or not any(index.conflict(b, a) for b in fixed.booked[i]):
                pairs.append((a, i))
    budget = {i: index.capacity[i] - fixed.used[i] for _, i in pairs}
    heavy_budget = {i: index.heavy_capacity[i] - fixed.heavy[i] for _, i in pairs}
    hint = {a: current[a] for a in subset if a in current}
    outcome = solve_subproblem(
        index, pairs, budget, run.limits(share), hint=hint, heavy_budget=heavy_budget
    )
    run.spend(outcome.deterministic_s, outcome.hit_wall_limit)
    before, after = score_of(index, hint), score_of(index, outcome.chosen)
    if after <= before:
        return None
    candidate = {a: i for a, i in current.items() if a not in inside}
    candidate.update(outcome.chosen)
    total = run.best_score
    return candidate, (total[0] + after[0] - before[0], total[1] + after[1] - before[1])


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
    served = {index.group[a] for a in current}
    open_appointments = [
        a
        for a in range(len(index.appointments))
        if index.group[a] not in served and index.candidates(a)
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


class Teams:
    """Which interpreters compete for the same appointments (their cheapest candidates).

    `affinity(i)[j]`: how many appointments have both i and j among their `keep` cheapest
    candidates; computed per interpreter on first use.
    """

    def __init__(self, index: Index, keep: int):
        self.index = index
        self.keep = keep
        self._affinity: dict[int, dict[int, int]] = {}

    def affinity(self, i: int) -> dict[int, int]:
        """affinity[j] for every j sharing an appointment with i (i itself left out)."""
        known = self._affinity.get(i)
        if known is None:
            counts: dict[int, int] = defaultdict(int)
            for a in self.index.eligible_for(i):
                top = [j for _, j in self.index.candidates(a)[: self.keep]]
                if i in top:
                    for j in top:
                        counts[j] += 1
            counts.pop(i, None)
            known = self._affinity[i] = dict(sorted(counts.items()))
        return known


def team_neighbourhood(
    run: Run, teams: Teams, generator: random.Random, size: int, keep: int
) -> list[int]:
    """The whole week of a team of interpreters who compete for the same appointments, and
    the open appointments they could take.

    Aimed at the cost: swaps and chains between several interpreters over several days and
    languages (the weekly minutes tie one day to the next), which the day × language
    neighbourhoods cannot see. The team grows from one interpreter who holds something,
    each next member drawn in proportion to how many appointments they share with the team.
    """
    index = run.index
    current = run.best
    held: dict[int, list[int]] = defaultdict(list)
    for a, i in sorted(current.items()):
        held[i].append(a)
    if not held:
        return []
    team = [generator.choice(sorted(held))]
    pool = dict(teams.affinity(team[0]))
    while len(team) < TEAM_SIZE and pool:
        members = sorted(pool)
        chosen = generator.choices(members, weights=[pool[j] for j in members])[0]
        team.append(chosen)
        del pool[chosen]
        for j, shared in teams.affinity(chosen).items():
            if j not in team:
                pool[j] = pool.get(j, 0) + shared
    members = set(team)
    subset = [a for i in team for a in held.get(i, ())]
    served = {index.group[a] for a in current}
    for a in range(len(index.appointments)):
        if len(subset) >= size:
            break
        if index.group[a] not in served and any(
            i in members for _, i in index.candidates(a)[:keep]
        ):
            subset.append(a)
    return sorted(set(subset[:size]))


TEAM = None
"""Stands in a round's list for a team neighbourhood, drawn when its turn comes (from the
best matching at that moment, not at the start of the round)."""


def with_teams(neighbourhoods: list[list[int]]) -> list[list[int] | None]:
    """Each neighbourhood followed by a team neighbourhood (`TEAM`)."""
    mixed: list[list[int] | None] = []
    for subset in neighbourhoods:
        mixed += [subset, TEAM]
    return mixed


class Search:
    """The large-neighbourhood search, one neighbourhood at a time (`step`).

    A round is every day × language neighbourhood, then interpreter-centred ones, each
    followed by a team neighbourhood (drawn when its turn comes); the search ends after a
    round without improvement (from the third round on). Every decision depends on the
    seed and on the best matching so far, never on the clock.
    """

    def __init__(self, run: Run, clusters: list[list[int]], keep: int, cost_phase: bool = True):
        self.run = run
        self.clusters = clusters
        self.keep = keep
        self.cost_phase = cost_phase
        """After the weekly MIP: team neighbourhoods and the polish join the rounds. Without
        it (instances too large for the MIP, where the search is what serves the priority),
        the rounds are as they were: day × language and around open appointments only."""
        self.generator = random.Random(run.seed)
        self.teams = Teams(run.index, keep)
        self.restart()

    def restart(self) -> None:
        """Begin again with round 1 (the best matching changed wholesale)."""
        self.round_number = 0
        self.queue: list[list[int] | None] = []
        self.improved = False
        self.share = 0.0

    @property
    def in_round(self) -> bool:
        """Part of the current round is still to do."""
        return bool(self.queue)

    def _next_round(self) -> bool:
        run, size, keep = self.run, NEIGHBOURHOOD_SIZE, self.keep
        if self.round_number >= 99 or (self.round_number > 2 and not self.improved):
            return False
        self.round_number += 1
        self.improved = False
        neighbourhoods: list[list[int] | None] = list(
            day_language_neighbourhoods(run.index, self.clusters, size)
        )
        count = max(4, len(neighbourhoods))
        if not self.cost_phase:
            neighbourhoods += [
                interpreter_neighbourhood(run, self.generator, size, keep) for _ in range(count)
            ]
        elif run.best_score[0] >= run.bound_priority:
            # The priority is proven maximal: only the cost can improve, which is what the
            # team neighbourhoods are for (those around an open appointment aim at serving it).
            neighbourhoods += [TEAM] * (2 * count)
        else:
            neighbourhoods += with_teams(
                [interpreter_neighbourhood(run, self.generator, size, keep) for _ in range(count)]
            )
        self.share = max(0.02, min(1.0, run.work_left() / max(1, len(neighbourhoods))))
        self.queue = neighbourhoods[::-1]
        return True

    def step(self) -> bool:
        """Re-solve the next neighbourhood; False when the search has nothing left to try."""
        if not self.queue:
            if self.round_number and self.cost_phase:
                # What the round changed may have opened cheap moves again.
                polish(self.run)
            if not self._next_round():
                return False
        run = self.run
        subset = self.queue.pop()
        if subset is TEAM:
            subset = team_neighbourhood(
                run, self.teams, self.generator, TEAM_APPOINTMENTS, self.keep
            )
        if subset:
            found = reoptimise(run, subset, self.keep, self.share)
            if found is not None:
                run.offer(found[0], f"neighbourhood search, round {self.round_number}", found[1])
                self.improved = True
        return True


def polish(run: Run, passes: int = 3) -> None:
    """Cheap cost moves on the best matching, the same appointments served: each assignment
    moves to a cheaper interpreter who is free for it, or to one who hands one of their
    appointments (any day: it may be the weekly minutes that block) to the first
    interpreter or to another one free for it, when that costs less in all.

    The weekly MIP maximises the priority only, so its matching is far costlier than it
    needs to be (1 000 × 200 seed 1: 58 818, polished to 56 470 in 0.03–0.09 s); the
    neighbourhood search would spend its first round on these moves. It runs again after
    every round of the search. The served appointments stay the same, so the priority too.
    """
    index = run.index
    schedule = Schedule(index, run.best)
    chosen = schedule.chosen
    saved = 0
    for _ in range(passes):
        before = saved
        for a in sorted(chosen, key=lambda b: (index.start[b], b)):
            i = chosen[a]
            own = index.pair_cost(a, i).cost
            for cost, j in index.candidates(a):
                if cost >= own:
                    break
                schedule.remove(a)
                if schedule.can_take(j, a):
                    schedule.add(a, j)
                    saved += own - cost
                    break
                swapped = swap_with(index, schedule, a, i, j, own - cost)
                if swapped:
                    saved += swapped
                    break
                schedule.add(a, i)
        if saved == before:
            break
    if saved:
        run.offer(dict(chosen), "polish")


def swap_with(index: Index, schedule: Schedule, a: int, i: int, j: int, gain: int) -> int:
    """With a (open in `schedule`) moving from i to j, one appointment b of j's moves to i or
    to another interpreter free for it, which makes room for a; returns what the move saves
    (0: none found, nothing changed)."""
    for b in list(schedule.booked[j]):
        # b clashes with a, or frees the minutes (or heavy room) j lacks for it.
        own = index.pair_cost(b, j).cost
        schedule.remove(b)
        if not schedule.can_take(j, a):
            schedule.add(b, j)
            continue
        schedule.add(a, j)
        # i first (a swap), then the others cheapest first (a chain of two moves).
        options = [(index.pair_cost(b, i).cost, i)] if index.is_candidate(b, i) else []
        options += [(cost, k) for cost, k in index.candidates(b) if k not in (i, j)]
        for cost, k in options:
            if cost - own >= gain:
                if k != i:
                    break
                continue
            if schedule.can_take(k, b):
                schedule.add(b, k)
                return gain - (cost - own)
        schedule.remove(a)
        schedule.add(b, j)
    return 0


def improve(run: Run, search: Search) -> None:
    """Step 5: large-neighbourhood search, keeping every improvement, until the work is spent."""
    while True:
        if run.work_left() <= 0 or run.remaining() <= run.reserve_s:
            if search.in_round:
                run.deterministic = run.work_left() <= 0 and run.deterministic
            return
        if not search.step():
            return


def compute_bounds(run: Run, all_pairs: list[Pair]) -> None:
    """Step 2: the weekly LP relaxation's proven bound, and a matching rounded from it."""
    index = run.index
    if len(all_pairs) > LP_PAIRS:
        return
    relaxation = build_relaxation(index, all_pairs, max(1.0, run.remaining() * 0.3))
    bound = solve_priority_bound(relaxation, index)
    if not math.isfinite(bound):
        return
    run.bound_priority = min(run.bound_priority, math.floor(bound + 1e-6))
    run.relaxation = relaxation
    run.offer(round_relaxation(run, relaxation), "rounded LP")


def round_relaxation(run: Run, relaxation: Relaxation) -> dict[int, int]:
    """A matching from the LP's fractional solution: its largest values first, then greedy.

    The LP already balances each interpreter's hours over the week, which a greedy pass
    cannot; rounding it is a far better start for the MIP and the search.
    """
    index = run.index
    value = {pair: variable.solution_value() for pair, variable in relaxation.x.items()}
    order = sorted(
        (pair for pair, fraction in value.items() if fraction > 1e-6),
        key=lambda pair: (
            -value[pair],
            -index.appointments[pair[0]].priority,
            index.pair_cost(*pair).cost,
            pair,
        ),
    )
    schedule = Schedule(index)
    for a, i in order:
        if schedule.is_open(a) and schedule.can_take(i, a):
            schedule.add(a, i)
    schedule.fill(greedy_order(index, list(range(len(index.appointments)))))
    return schedule.chosen


def solve(
    problem: Problem,
    time_limit_s: float = 30.0,
    seed: int = 0,
    progress: Progress | None = None,
    wall_limit_s: float | None = None,
) -> Result:
    """Match interpreters to appointments: the best matching found, with reasons and bounds.

    `time_limit_s` sizes the work (and is the wall-clock limit); `wall_limit_s`, when given,
    is a separate, more generous wall-clock safety net, so that the result depends only on
    the instance and the seed even on a loaded machine.
    """
    report = progress or _quiet
    started = time.monotonic()
    index = Index(problem)
    index.prepare()
    run = Run(index, time_limit_s, seed, report, started=started, wall_limit_s=wall_limit_s)
    # Every appointment at each of its times (format 2's alternative slots), see `Pair`.
    every = list(range(len(index.appointments)))
    if not every or not problem.interpreters:
        return build_result(run, {})
    all_pairs = [(a, i) for a in every for _, i in index.candidates(a)]
    alternatives = f" ({len(every)} times with the alternatives)" if index.has_alternatives else ""
    report(
        f"{index.count} appointments{alternatives}, {len(problem.interpreters)} interpreters, "
        f"{len(all_pairs)} eligible pairs"
    )
    run.offer(greedy(index), "greedy")
    if not all_pairs:
        return build_result(run, run.best)

    compute_bounds(run, all_pairs)
    # Up to MIP_PAIRS the weekly MIP settles the priority and the search is the cost phase.
    search = Search(
        run, index.clusters(), CANDIDATES_PER_APPOINTMENT, cost_phase=len(all_pairs) <= MIP_PAIRS
    )
    if len(all_pairs) <= MIP_PAIRS:
        solve_mip(run, all_pairs, search)
        report(f"[{time.monotonic() - run.started:6.2f}s] MIP bound {run.bound_priority}")
    if not run.proven_optimal and len(all_pairs) <= MONOLITHIC_PAIRS:
        solve_monolithic(run, all_pairs)
    if not run.proven_optimal:
        # Leave wall time for the result (alternatives, reasons, the cost bound).
        run.reserve_s = min(0.1 * time_limit_s, 0.5 + len(every) / 2_000)
        if run.relaxation is not None:
            # The cost bound is one more LP solve at the end (0.8-0.9 s with the rest of the
            # result at 1 000 × 200 under a load of 4-6), longer with more appointment times.
            run.reserve_s = min(0.2, 0.12 * max(1.0, len(every) / 1_000)) * time_limit_s
        lagrangian = None
        last_s = 0.0
        if run.relaxation is None:
            # Too large for an LP in the time: the Lagrangian relaxation bounds the priority,
            # and a matching rounded from its chains starts the search (its steps are aimed
            # at the best matching so far, which only scales them).
            lagrangian = Lagrangian(index, all_pairs)
            first_s = LAGRANGE_FIRST_SHARE * time_limit_s
            if not lagrangian.steps(
                max(10, int(LAGRANGE_STEPS_PER_SECOND * first_s)),
                time_limit_s=first_s,
                target=run.best_score[0],
            ):
                run.deterministic = False
            run.offer(lagrangian.rounded(), "Lagrangian rounding")
            if lagrangian.iterations < LAGRANGE_ENOUGH_STEPS:
                # Too few steps to beat the flow relaxation (12 000 × 2 400: 59 steps in 12 s,
                # 638 774 pairs, no better than every servable appointment): bound with both.
                run.bound_priority = min(run.bound_priority, flow_priority_bound(index, all_pairs))
            report(
                f"[{time.monotonic() - run.started:6.2f}s] Lagrangian bound {lagrangian.bound} "
                f"({lagrangian.iterations} steps)"
            )
            last_s = LAGRANGE_LAST_SHARE * time_limit_s
        run.reserve_s += last_s
        if search.cost_phase:
            polish(run)
        improve(run, search)
        if lagrangian is not None:
            # More steps, aimed at the better target the search has reached.
            if not lagrangian.steps(
                max(10, int(LAGRANGE_STEPS_PER_SECOND * last_s)),
                time_limit_s=max(0.1, run.remaining() - (run.reserve_s - last_s)),
                target=run.best_score[0],
            ):
                run.deterministic = False
            run.bound_priority = min(run.bound_priority, lagrangian.bound)
            report(
                f"[{time.monotonic() - run.started:6.2f}s] Lagrangian bound {lagrangian.bound} "
                f"({lagrangian.iterations} steps)"
            )

    return build_result(run, run.best)


def chosen_start(index: Index, a: int) -> datetime | None:
    """The start of the time chosen for appointment a when it is an alternative slot."""
    return index.appointments[a].start if index.slot[a] else None


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
        bound_priority = int(min(run.bound_priority, index.total_priority))
        bound_cost = 0
        if bound_priority <= served:
            bound_priority = served
        relaxation = run.relaxation
        if relaxation is not None:
            # What is left of the time limit, less a moment to build the result.
            relaxation.solver.SetTimeLimit(int(1000 * max(0.1, run.remaining() - 0.3)))
            bound_cost = math.ceil(solve_cost_bound(relaxation, index, served) - 1e-6)
        if served == run.best_score[0]:
            # A cost bound proven at exactly this priority (the cost MIP).
            bound_cost = max(bound_cost, int(run.bound_cost))
        bound_cost = min(max(0, bound_cost), cost)
    assignments = tuple(
        sorted(
            (
                Assignment(
                    appointment_id=index.appointments[a].id,
                    interpreter_id=index.interpreters[i].id,
                    breakdown=index.breakdown(a, i),
                    alternatives=alternatives_for(index, schedule, a, i),
                    start=chosen_start(index, a),
                )
                for a, i in chosen.items()
            ),
            key=lambda row: index.appointment_position[row.appointment_id],
        )
    )
    unassigned = tuple(
        explain(index, g, schedule) for g in range(index.count) if g not in schedule.served
    )
    figures = Figures(
        served_priority=served,
        total_priority=index.total_priority,
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
