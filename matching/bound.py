"""Proven bounds from the linear relaxation of the weekly problem.

The relaxation keeps every family of constraints of the exact model (one interpreter per
appointment, at-most-one per group of pairwise conflicting appointments of an interpreter,
weekly hours) over *all* eligible pairs, but lets x[a, i] take any value in [0, 1]. Its optimum
is therefore an upper bound on the priority any matching serves, and, with the priority held at
a level, a lower bound on the cost of reaching it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from matching.eligibility import Index, Pair
from matching.families import booking_rows

EPSILON = 1e-6
LP_SOLVER = "GLOP"


@dataclass
class Relaxation:
    """The weekly LP, kept alive so it can be re-solved with another objective."""

    solver: pywraplp.Solver
    x: dict[Pair, pywraplp.Variable]
    """x[a, i]: fraction of appointment a that interpreter i takes."""
    priority_row: pywraplp.Constraint | None = None
    priority_bound: float = 0.0
    solved: bool = False


def build_relaxation(index: Index, pairs: list[Pair], time_limit_s: float) -> Relaxation:
    """The LP over these eligible pairs, with every family of the exact model."""
    solver = pywraplp.Solver.CreateSolver(LP_SOLVER)
    solver.SetTimeLimit(int(max(0.1, time_limit_s) * 1000))
    x = {(a, i): solver.NumVar(0.0, 1.0, "") for a, i in pairs}
    budget = {i: index.capacity[i] for _, i in pairs}
    # The rows hold for every integer matching, so relaxing x keeps the optimum a bound.
    for row in booking_rows(index, pairs, budget):
        solver.Add(sum(coefficient * x[pair] for pair, coefficient in row.terms) <= row.bound)
    return Relaxation(solver=solver, x=x)


def solve_priority_bound(relaxation: Relaxation, index: Index) -> float:
    """Maximise the served priority of the relaxation; returns its optimum (or +inf)."""
    solver = relaxation.solver
    objective = solver.Objective()
    for (a, _), variable in relaxation.x.items():
        objective.SetCoefficient(variable, index.appointments[a].priority)
    objective.SetMaximization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return math.inf
    relaxation.solved = True
    relaxation.priority_bound = objective.Value()
    return relaxation.priority_bound


def solve_cost_bound(relaxation: Relaxation, index: Index, priority: float) -> float:
    """Minimise cost in the relaxation among solutions serving at least `priority`.

    Returns the optimum, or 0 (always a valid lower bound) when the LP is not solved.
    """
    solver = relaxation.solver
    if relaxation.priority_row is None:
        relaxation.priority_row = solver.Constraint(-solver.infinity(), solver.infinity())
        for (a, _), variable in relaxation.x.items():
            relaxation.priority_row.SetCoefficient(variable, index.appointments[a].priority)
    relaxation.priority_row.SetLb(priority - EPSILON)
    objective = solver.Objective()
    objective.Clear()
    for (a, i), variable in relaxation.x.items():
        objective.SetCoefficient(variable, index.pair_cost(a, i).cost)
    objective.SetMinimization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return 0.0
    return objective.Value()
