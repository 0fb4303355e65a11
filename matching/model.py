"""The CP-SAT model of one subproblem: the families of `matching.families`, in CP-SAT's words.

Variables: x[a, i] is true when interpreter i takes appointment a at a's time (the first
choice or one alternative slot: the joint choice of time and interpreter); there is one only
for the eligible pairs (the pair rules of `matching.rules` are applied by building no variable for a
forbidden pair).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matching.eligibility import Index, Pair
from matching.families import Row, booking_rows

# x[a, i]: interpreter i takes appointment a.
Choice = dict[Pair, cp_model.IntVar]


@dataclass(frozen=True)
class SearchLimits:
    """How long one CP-SAT search may run; only the deterministic limit shapes the result."""

    deterministic_s: float
    wall_s: float
    seed: int = 0
    workers: int = 1


@dataclass(frozen=True)
class SubResult:
    """What one CP-SAT search returned."""

    chosen: dict[int, int]
    optimal: bool
    objective_bound: float
    hit_wall_limit: bool
    deterministic_s: float = 0.0
    """The deterministic time the search used (the run's reproducible clock)."""


def add_rows(model: cp_model.CpModel, x: Choice, rows: list[Row]) -> None:
    """The families of `matching.families`, in CP-SAT's words."""
    for row in rows:
        if row.at_most_one:
            model.add_at_most_one(x[pair] for pair in row.pairs)
        else:
            model.add(sum(coefficient * x[pair] for pair, coefficient in row.terms) <= row.bound)


def objective_terms(index: Index, pairs: list[Pair]) -> tuple[dict[Pair, int], int]:
    """Lexicographic score as one integer objective: priority times M, minus cost.

    M exceeds the largest total cost any solution of this subproblem can have, so one unit of
    priority always outweighs every cost difference.
    """
    worst: dict[int, int] = defaultdict(int)
    for a, i in pairs:
        worst[a] = max(worst[a], index.pair_cost(a, i).cost)
    scale = sum(worst.values()) + 1
    return (
        {
            (a, i): index.appointments[a].priority * scale - index.pair_cost(a, i).cost
            for a, i in pairs
        },
        scale,
    )


def solve_subproblem(
    index: Index,
    pairs: list[Pair],
    budget: dict[int, float],
    limits: SearchLimits,
    hint: dict[int, int] | None = None,
    heavy_budget: dict[int, float] | None = None,
) -> SubResult:
    """Best assignment of these eligible pairs, given each interpreter's remaining seconds
    (and heavy appointments, `heavy_budget`; default: their whole cap)."""
    if not pairs:
        return SubResult({}, True, 0.0, False)
    model = cp_model.CpModel()
    x: Choice = {(a, i): model.new_bool_var(f"x[{a},{i}]") for a, i in pairs}
    add_rows(model, x, booking_rows(index, pairs, budget, heavy_budget))
    coefficients, _ = objective_terms(index, pairs)
    model.maximize(sum(coefficients[pair] * x[pair] for pair in pairs))
    if hint:
        # A complete hint: every variable gets a value, which CP-SAT uses best.
        for a, i in pairs:
            model.add_hint(x[a, i], hint.get(a) == i)

    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.num_workers = limits.workers
    parameters.random_seed = limits.seed
    parameters.max_deterministic_time = limits.deterministic_s
    parameters.max_time_in_seconds = limits.wall_s
    parameters.log_search_progress = False
    if limits.workers > 1:
        # Several workers stay reproducible only when they are interleaved deterministically.
        parameters.interleave_search = True
    status = solver.solve(model)
    hit_wall = solver.wall_time >= limits.wall_s * 0.98 and status != cp_model.OPTIMAL
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SubResult(dict(hint or {}), False, math.inf, hit_wall, solver.deterministic_time)
    chosen = {a: i for (a, i), variable in x.items() if solver.boolean_value(variable)}
    return SubResult(
        chosen,
        status == cp_model.OPTIMAL,
        solver.best_objective_bound,
        hit_wall,
        solver.deterministic_time,
    )
