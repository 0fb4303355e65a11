"""The cost phase: after the priority is settled, cheaper plans serving the same priority."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import matching.solve as solve_module
from matching.eligibility import Index, feasible_violations, served_priority, total_cost
from matching.generator import generate, generate_format_2
from matching.greedy import greedy
from matching.mip import WeeklyModel, build_weekly_model, solve_weekly
from matching.solve import (
    TEAM,
    Run,
    Search,
    Teams,
    build_result,
    improve,
    polish,
    team_neighbourhood,
)
from matching.types import Problem
from tests.matching.builders import (
    ESCH,
    LUXEMBOURG,
    make_appointment,
    make_interpreter,
    make_problem,
)
from tests.matching.test_referee_and_api import needs_referee, referee, write_problem


def run_from(problem: Problem, chosen_ids: dict[str, str], time_limit_s: float = 5) -> Run:
    """A run whose best matching is the one given (appointment id -> interpreter id)."""
    index = Index(problem)
    index.prepare()
    run = Run(index, time_limit_s, seed=0, progress=lambda message: None, wall_limit_s=120)
    run.offer(
        {
            index.appointment_position[a]: index.interpreter_position[i]
            for a, i in chosen_ids.items()
        },
        "given",
    )
    return run


def assigned(run: Run) -> dict[str, str]:
    index = run.index
    return {index.appointments[a].id: index.interpreters[i].id for a, i in sorted(run.best.items())}


def two_places() -> Problem:
    """One appointment in Luxembourg and one in Esch at the same hour, an interpreter living
    in each town: each should take the one at home."""
    return make_problem(
        [
            make_appointment("lux", location=LUXEMBOURG, client="c1"),
            make_appointment("esch", location=ESCH, client="c2"),
        ],
        [make_interpreter("i-lux", home=LUXEMBOURG), make_interpreter("i-esch", home=ESCH)],
    )


def test_polish_moves_an_appointment_to_a_cheaper_free_interpreter() -> None:
    problem = make_problem(
        [make_appointment("lux", location=LUXEMBOURG)],
        [make_interpreter("i-lux", home=LUXEMBOURG), make_interpreter("i-esch", home=ESCH)],
    )
    run = run_from(problem, {"lux": "i-esch"})
    polish(run)
    assert assigned(run) == {"lux": "i-lux"}


def test_polish_swaps_two_interpreters_who_are_both_busy_at_that_hour() -> None:
    run = run_from(two_places(), {"lux": "i-esch", "esch": "i-lux"})
    before = total_cost(run.index, run.best)
    polish(run)
    assert assigned(run) == {"lux": "i-lux", "esch": "i-esch"}
    assert total_cost(run.index, run.best) < before


def test_polish_swaps_across_days_when_the_weekly_limit_is_what_blocks() -> None:
    # Each interpreter has one hour a week; Monday is in Luxembourg, Tuesday in Esch.
    problem = make_problem(
        [
            make_appointment("monday-lux", location=LUXEMBOURG, client="c1"),
            make_appointment("tuesday-esch", day=1, location=ESCH, client="c2"),
        ],
        [
            make_interpreter("i-lux", home=LUXEMBOURG, max_minutes=60),
            make_interpreter("i-esch", home=ESCH, max_minutes=60),
        ],
    )
    run = run_from(problem, {"monday-lux": "i-esch", "tuesday-esch": "i-lux"})
    polish(run)
    assert assigned(run) == {"monday-lux": "i-lux", "tuesday-esch": "i-esch"}


def test_polish_hands_the_displaced_appointment_on_to_a_third_interpreter() -> None:
    # "lux" needs level 2 (not i-lux-junior), "next-door" needs a man (not i-esch); the
    # cheap plan moves "lux" to i-lux, whose "next-door" goes on to i-lux-junior.
    problem = make_problem(
        [
            make_appointment("lux", location=LUXEMBOURG, client="c1", min_level=2),
            make_appointment("next-door", location=LUXEMBOURG, client="c2", gender="m"),
        ],
        [
            make_interpreter("i-lux", home=LUXEMBOURG, gender="m", level=2),
            make_interpreter("i-esch", home=ESCH, gender="f", level=2),
            make_interpreter("i-lux-junior", home=LUXEMBOURG, gender="m", level=1),
        ],
    )
    run = run_from(problem, {"lux": "i-esch", "next-door": "i-lux"})
    polish(run)
    assert assigned(run) == {"lux": "i-lux", "next-door": "i-lux-junior"}


def test_polish_serves_the_same_appointments_and_breaks_no_rule() -> None:
    problem = generate(300, 60, seed=3)
    index = Index(problem)
    index.prepare()
    start = greedy(index)
    run = run_from(
        problem,
        {index.appointments[a].id: index.interpreters[i].id for a, i in start.items()},
    )
    polish(run)
    assert {index.group[a] for a in run.best} == {index.group[a] for a in start}
    assert total_cost(index, run.best) < total_cost(index, start)
    assert feasible_violations(index, run.best) == []


def test_a_team_neighbourhood_holds_the_whole_week_of_each_member() -> None:
    problem = generate(300, 60, seed=4)
    index = Index(problem)
    index.prepare()
    chosen = greedy(index)
    run = run_from(
        problem,
        {index.appointments[a].id: index.interpreters[i].id for a, i in chosen.items()},
    )
    subset = set(team_neighbourhood(run, Teams(index, 20), random.Random(1), 10_000, 20))
    members = {run.best[a] for a in subset if a in run.best}
    held = {a for a, i in run.best.items() if i in members}
    assert held <= subset


def test_the_neighbourhood_search_never_serves_less_priority_and_stays_valid() -> None:
    problem = generate(300, 60, seed=5)
    index = Index(problem)
    index.prepare()
    start = greedy(index)
    run = run_from(
        problem,
        {index.appointments[a].id: index.interpreters[i].id for a, i in start.items()},
        time_limit_s=2,
    )
    improve(run, Search(run, index.clusters(), 20))
    assert served_priority(index, run.best) >= served_priority(index, start)
    assert run.best_score == (served_priority(index, run.best), -total_cost(index, run.best))
    assert feasible_violations(index, run.best) == []


@needs_referee
@pytest.mark.parametrize("make", [generate, generate_format_2])
def test_the_referee_accepts_the_plan_after_the_cost_phase(make, tmp_path: Path) -> None:
    problem = make(300, 60, seed=6)
    index = Index(problem)
    index.prepare()
    start = greedy(index)
    run = run_from(
        problem,
        {index.appointments[a].id: index.interpreters[i].id for a, i in start.items()},
        time_limit_s=2,
    )
    polish(run)
    improve(run, Search(run, index.clusters(), 20))
    result = build_result(run, run.best)
    report = referee(write_problem(problem, tmp_path / "instance.json"), result, tmp_path)
    assert report["served_priority"] == result.figures.served_priority
    assert report["cost"] == result.figures.cost


def test_without_the_cost_phase_the_rounds_draw_no_team_neighbourhood() -> None:
    # Instances too large for the weekly MIP: the search is what serves the priority there.
    problem = generate(300, 60, seed=7)
    index = Index(problem)
    index.prepare()
    chosen = greedy(index)
    run = run_from(
        problem,
        {index.appointments[a].id: index.interpreters[i].id for a, i in chosen.items()},
    )
    search = Search(run, index.clusters(), 20, cost_phase=False)
    search.step()
    assert search.queue
    assert all(subset is not TEAM for subset in search.queue)


# -- the weekly MIP with the cost as tie-break ------------------------------------------------


def weekly_mip(problem: Problem) -> tuple[dict[str, str], int]:
    """The tie-break MIP's matching (appointment id -> interpreter id) and its priority bound."""
    index = Index(problem)
    index.prepare()
    pairs = [(a, i) for a in range(len(index.appointments)) for _, i in index.candidates(a)]
    budget = {i: index.capacity[i] for _, i in pairs}
    weekly = build_weekly_model(index, pairs, budget=budget, integer=True, cost_tie_break=True)
    outcome = solve_weekly(weekly, 10, seed=0, integer=True)
    chosen = {index.appointments[a].id: index.interpreters[i].id for a, i in outcome.chosen.items()}
    return chosen, weekly.priority_bound(outcome.bound)


def test_the_weekly_mip_breaks_a_tie_in_priority_by_the_cost() -> None:
    chosen, _ = weekly_mip(two_places())

    assert chosen == {"lux": "i-lux", "esch": "i-esch"}


def test_the_weekly_mip_serves_more_priority_however_much_it_costs() -> None:
    # One interpreter in Luxembourg, two appointments at the same hour: the urgent one is in
    # Esch (a journey each way), the other next door.
    problem = make_problem(
        [
            make_appointment("urgent-esch", location=ESCH, client="c1", priority=3),
            make_appointment("routine-lux", location=LUXEMBOURG, client="c2", priority=1),
        ],
        [make_interpreter("i-lux", home=LUXEMBOURG)],
    )

    chosen, bound = weekly_mip(problem)

    assert chosen == {"urgent-esch": "i-lux"}
    assert bound == 3


def test_a_dual_bound_within_the_proving_gap_proves_the_priority() -> None:
    # Weight 2 101 for a worst cost of 100: serving 10 at a cost of 40 is worth 21 010 - 40.
    weekly = WeeklyModel(model=None, x={}, priority_weight=2_101, worst_cost=100)  # type: ignore[arg-type]
    incumbent = 2_101 * 10 - 40

    assert weekly.priority_bound(incumbent + weekly.proving_gap) == 10
    # One unit more is worth at least 2 101 × 11 - 100, above any such bound.
    assert weekly.priority_bound(2_101 * 11 - 100) == 11


def test_a_reproducible_run_solves_the_weekly_mip_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where the tie-break stands when it is interrupted depends on the clock.
    def refuse(*args: object) -> None:
        raise AssertionError("the tie-break ran beside a reproducible run")

    monkeypatch.setattr(solve_module, "TieBreak", refuse)
    problem = generate(60, 15, seed=1)

    result = solve_module.solve(problem, time_limit_s=5, wall_limit_s=60)

    assert result.figures.served_priority > 0


def test_the_tie_break_beside_never_lowers_the_served_priority() -> None:
    problem = generate(200, 50, seed=2)

    beside = solve_module.solve(problem, time_limit_s=5)
    alone = solve_module.solve(problem, time_limit_s=5, wall_limit_s=60)

    assert beside.figures.served_priority == alone.figures.served_priority
    assert beside.figures.cost <= alone.figures.cost
