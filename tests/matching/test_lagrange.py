"""The Lagrangian relaxation (`matching/lagrange.py`): a bound and a starting matching.

It replaces the min-cost-flow bound where no LP is affordable. Whatever its prices, it must
never fall below what some matching serves: checked against the exact optimum (the MIP proves
these small instances) and on hand-made instances where the flow bound is weaker. The
matching rounded from its chains must keep every hard rule.
"""

from __future__ import annotations

import dataclasses

import pytest

import matching.solve as solve_module
from matching.eligibility import Index, feasible_violations, served_priority
from matching.flowbound import flow_priority_bound
from matching.generator import generate, generate_format_2
from matching.greedy import greedy
from matching.lagrange import Lagrangian, lagrangian_priority_bound
from matching.solve import solve
from matching.types import Problem
from tests.matching.builders import (
    ESCH,
    LUXEMBOURG,
    at,
    make_appointment,
    make_interpreter,
    make_problem,
)


def lagrangian(problem: Problem, target: float, iterations: int = 400) -> int:
    """The Lagrangian bound over every eligible pair, given this much work."""
    index = Index(problem)
    index.prepare()
    pairs = sorted(index.candidate_pairs)
    return lagrangian_priority_bound(
        index, pairs, time_limit_s=60, target=target, max_iterations=iterations
    ).bound


def flow(problem: Problem) -> int:
    index = Index(problem)
    index.prepare()
    return flow_priority_bound(index, sorted(index.candidate_pairs))


def proven_optimum(problem: Problem) -> int:
    """The served priority of a matching the MIP proves maximal."""
    result = solve(problem, time_limit_s=10, wall_limit_s=120)
    assert result.figures.served_priority == result.figures.bound_priority
    return result.figures.served_priority


@pytest.mark.parametrize(
    "problem",
    [pytest.param(generate(200, 50, seed), id=f"200x50 seed {seed}") for seed in (1, 2, 3)]
    + [pytest.param(generate(120, 20, 4), id="120x20 seed 4")]
    + [
        pytest.param(generate_format_2(150, 40, seed), id=f"format 2 150x40 seed {seed}")
        for seed in (1, 2)
    ],
)
def test_the_lagrangian_bound_is_never_below_the_proven_optimum(problem: Problem) -> None:
    optimum = proven_optimum(problem)
    # Aimed at the optimum (as the solver aims at its best matching), at nothing, and
    # stopped after a few steps: every evaluated value is a bound.
    for target, iterations in ((optimum, 400), (0, 400), (optimum, 3)):
        assert lagrangian(problem, target, iterations) >= optimum


def test_the_lagrangian_bound_counts_the_travel_between_two_appointments() -> None:
    # One interpreter: an hour in Luxembourg, then an hour in Esch five minutes later.
    problem = make_problem(
        [
            make_appointment("a1", 9, 10, location=LUXEMBOURG),
            make_appointment("a2", 10 + 5 / 60, 11, location=ESCH),
        ],
        [make_interpreter("i1", home=LUXEMBOURG)],
    )
    assert flow(problem) == 2  # the flow relaxation ignores the journey
    assert lagrangian(problem, target=1) == 1


def test_the_lagrangian_bound_shares_the_weekly_minutes_between_days() -> None:
    # One hour a week, a one-hour appointment on Monday and one on Tuesday.
    problem = make_problem(
        [make_appointment("a1", 9, 10), make_appointment("a2", 9, 10, day=1)],
        [make_interpreter("i1", max_minutes=60)],
    )
    assert lagrangian(problem, target=1) == 1


def test_the_lagrangian_bound_does_not_cut_an_appointment_between_interpreters() -> None:
    # A two-hour Arabic call both could take; each of them is also the only speaker of
    # another language needed for one of those hours. Only three of the four priority can
    # be served; the flow serves the long call half by each and counts four.
    phone = {"modality": "phone", "location": None}
    problem = make_problem(
        [
            dataclasses.replace(make_appointment("long", 9, 11, priority=2), **phone),
            dataclasses.replace(make_appointment("tir", 9, 10, language="tir"), **phone),
            dataclasses.replace(make_appointment("fas", 10, 11, language="fas"), **phone),
        ],
        [
            make_interpreter("i1", languages={"ara": 5, "tir": 5}, availability=((at(9), at(11)),)),
            make_interpreter("i2", languages={"ara": 5, "fas": 5}, availability=((at(9), at(11)),)),
        ],
    )
    assert flow(problem) == 4
    assert lagrangian(problem, target=3) == 3
    assert proven_optimum(problem) == 3


def test_without_an_lp_the_solver_reports_the_lagrangian_bound(monkeypatch) -> None:
    problem = generate(200, 50, 1)
    optimum = proven_optimum(problem)
    # As beyond 12 000 pairs: no LP, no MIP; only the search and the Lagrangian bound.
    monkeypatch.setattr(solve_module, "LP_PAIRS", 0)
    monkeypatch.setattr(solve_module, "MIP_PAIRS", 0)
    monkeypatch.setattr(solve_module, "MONOLITHIC_PAIRS", 0)
    result = solve(problem, time_limit_s=4, wall_limit_s=120)
    assert result.figures.served_priority <= optimum <= result.figures.bound_priority
    assert result.figures.bound_priority < flow(problem)


@pytest.mark.parametrize("make", [generate, generate_format_2], ids=["format 1", "format 2"])
def test_a_matching_rounded_from_the_chains_breaks_no_rule(make) -> None:
    problem = make(300, 60, 2)
    index = Index(problem)
    index.prepare()
    relaxation = Lagrangian(index, sorted(index.candidate_pairs))
    relaxation.steps(100, time_limit_s=60, target=served_priority(index, greedy(index)))
    chosen = relaxation.rounded()
    assert chosen
    assert feasible_violations(index, chosen) == []
    # Each appointment once, at one of its times.
    assert len({index.group[a] for a in chosen}) == len(chosen)


def test_the_rounded_matching_serves_more_than_the_greedy() -> None:
    # The prices balance each interpreter's hours over the week, which the greedy cannot.
    problem = generate(600, 120, 1)
    index = Index(problem)
    index.prepare()
    start = served_priority(index, greedy(index))
    relaxation = Lagrangian(index, sorted(index.candidate_pairs))
    relaxation.steps(200, time_limit_s=60, target=start)
    assert served_priority(index, relaxation.rounded()) > start
