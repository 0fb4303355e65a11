"""The weekly problem as a mixed-integer program, solved by HiGHS (bundled with OR-Tools).

The families of `matching.families`, as the CP-SAT model reads them (`matching/model.py`): one
interpreter per appointment, one at-most-one per group of pairwise clashing appointments of an
interpreter, weekly minutes. The objective is the served priority only:
HiGHS's cuts make its dual bound much tighter than CP-SAT's at these sizes, and the cost is
improved afterwards by the large-neighbourhood search with the priority never decreasing.
With `cost_tie_break` the cost breaks ties in priority inside one integer objective, at a gap
tolerance that still proves the priority (slower to prove: solve.TieBreak runs it beside).
The same model with x in [0, 1] gives the proven bounds when the MIP is out of reach.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from ortools.math_opt.python import mathopt

from matching.eligibility import Index, Pair
from matching.families import booking_rows

EPSILON = 1e-6
TIE_FACTOR = 20


@dataclass(frozen=True)
class MipOutcome:
    """What one HiGHS run returned."""

    chosen: dict[int, int]
    """The best integer matching found (empty when none, or for the relaxation)."""
    bound: float
    """The dual bound: no matching of these pairs does better (infinite when nothing is proven)."""
    optimal: bool
    hit_time_limit: bool


@dataclass
class WeeklyModel:
    """The model over a set of eligible pairs, kept to be solved as MIP or as LP."""

    model: mathopt.Model
    x: dict[Pair, mathopt.Variable]
    """x[a, i]: interpreter i takes appointment a."""
    priority_weight: int = 1
    """The objective is priority_weight × priority − cost when above 1 (`cost_tie_break`)."""
    worst_cost: int = 0
    """No matching of these pairs costs more (the sum of each appointment's dearest pair)."""

    def priority_bound(self, bound: float) -> int:
        """The served priority no matching can exceed, given a dual bound of the objective."""
        return math.floor((bound + self.worst_cost) / self.priority_weight + EPSILON)

    @property
    def proving_gap(self) -> float:
        """The absolute gap at which the priority is proven: a matching serving one unit more
        is worth at least weight × (priority + 1) − worst cost."""
        if self.priority_weight == 1:
            return 1 - EPSILON
        return self.priority_weight - self.worst_cost - 0.5


def build_weekly_model(
    index: Index,
    pairs: list[Pair],
    *,
    budget: dict[int, float],
    integer: bool,
    minimum_priority: int | None = None,
    cost_tie_break: bool = False,
) -> WeeklyModel:
    """Every family of constraints over these pairs; `budget[i]`: seconds interpreter i has.

    The objective is the served priority; with `minimum_priority`, it is the cost instead
    (minimised), among the matchings that serve at least that much priority.
    """
    model = mathopt.Model(name="weekly")
    if integer:
        x = {pair: model.add_binary_variable() for pair in pairs}
    else:
        x = {pair: model.add_variable(lb=0.0, ub=1.0) for pair in pairs}
    for row in booking_rows(index, pairs, budget):
        model.add_linear_constraint(
            mathopt.fast_sum(coefficient * x[pair] for pair, coefficient in row.terms) <= row.bound
        )
    served = mathopt.fast_sum(index.appointments[a].priority * x[a, i] for a, i in pairs)
    if minimum_priority is None and cost_tie_break:
        dearest: dict[int, int] = {}
        for a, i in pairs:
            dearest[a] = max(dearest.get(a, 0), index.pair_cost(a, i).cost)
        worst = sum(dearest.values())
        weight = TIE_FACTOR * worst + 1
        model.maximize(
            mathopt.fast_sum(
                (weight * index.appointments[a].priority - index.pair_cost(a, i).cost) * x[a, i]
                for a, i in pairs
            )
        )
        return WeeklyModel(model=model, x=x, priority_weight=weight, worst_cost=worst)
    if minimum_priority is None:
        model.maximize(served)
    else:
        model.add_linear_constraint(served >= minimum_priority)
        model.minimize(mathopt.fast_sum(index.pair_cost(a, i).cost * x[a, i] for a, i in pairs))
    return WeeklyModel(model=model, x=x)


def solve_weekly(
    weekly: WeeklyModel,
    time_limit_s: float,
    seed: int,
    integer: bool,
    hint: dict[int, int] | None = None,
    interrupter: Any = None,
) -> MipOutcome:
    """Solve the model with HiGHS within the time limit (the bound is NaN when unknown).

    `hint` (a complete matching) is HiGHS's first incumbent, which its neighbourhood
    heuristics start from.
    """
    parameters = mathopt.SolveParameters(
        time_limit=datetime.timedelta(seconds=max(0.05, time_limit_s)),
        random_seed=seed,
        enable_output=False,
    )
    if integer:
        # Priorities and costs are integers: a gap below one unit proves optimality.
        parameters.absolute_gap_tolerance = weekly.proving_gap
        parameters.relative_gap_tolerance = 0.0
    model_parameters = None
    if integer and hint:
        model_parameters = mathopt.ModelSolveParameters(
            solution_hints=[
                mathopt.SolutionHint(
                    variable_values={
                        variable: float(hint.get(a) == i) for (a, i), variable in weekly.x.items()
                    }
                )
            ]
        )
    try:
        result = mathopt.solve(
            weekly.model,
            mathopt.SolverType.HIGHS,
            params=parameters,
            model_params=model_parameters,
            interrupter=interrupter,
        )
    except Exception:  # noqa: BLE001 - a solver failure must never sink the run
        return MipOutcome({}, math.nan, False, False)
    reason = result.termination.reason
    optimal = reason == mathopt.TerminationReason.OPTIMAL
    limited = result.termination.limit == mathopt.Limit.TIME
    bound = result.termination.objective_bounds.dual_bound
    if reason not in (
        mathopt.TerminationReason.OPTIMAL,
        mathopt.TerminationReason.FEASIBLE,
        mathopt.TerminationReason.NO_SOLUTION_FOUND,
    ):
        bound = math.nan
    chosen: dict[int, int] = {}
    if integer and result.has_primal_feasible_solution():
        values = result.variable_values()
        chosen = {a: i for (a, i), variable in weekly.x.items() if values[variable] > 0.5}
    return MipOutcome(chosen, bound, optimal, limited)
