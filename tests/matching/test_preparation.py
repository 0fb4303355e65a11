"""The vectorised preparation gives exactly what the one-at-a-time rules give."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from matching.eligibility import Index
from matching.generator import generate, generate_format_2
from matching.rematch import prepare, rematch
from matching.solve import solve
from matching.travel import travel_minutes, travel_minutes_many
from matching.types import Travel
from tests.matching.builders import ESCH, LUXEMBOURG, NEXT_DOOR


@pytest.mark.parametrize("family", [generate, generate_format_2])
@pytest.mark.parametrize("seed", [1, 2])
def test_all_candidates_at_once_equal_one_appointment_at_a_time(seed: int, family: Any) -> None:
    problem = family(400, 80, seed=seed)
    one_by_one = Index(problem)
    at_once = Index(problem)
    at_once.prepare()
    # Every appointment at each of its times (format 2's alternative slots).
    for a in range(len(at_once.appointments)):
        assert at_once.candidates(a) == one_by_one.candidates(a)


def test_excluded_pairs_are_left_out_of_a_prepared_index() -> None:
    problem = generate(200, 50, seed=3)
    index = Index(problem)
    index.prepare()
    a = next(a for a in range(len(problem.appointments)) if index.candidates(a))
    _, i = index.candidates(a)[0]
    pair = (problem.appointments[a].id, problem.interpreters[i].id)
    view = index.excluding(frozenset({pair}))
    assert i not in [j for _, j in view.candidates(a)]
    assert not view.is_candidate(a, i)
    assert index.is_candidate(a, i)
    assert view.candidates(a) == Index(problem, excluded_pairs=frozenset({pair})).candidates(a)


def test_many_travel_times_equal_the_exact_formula_one_by_one() -> None:
    travel = Travel()
    places = [LUXEMBOURG, ESCH, NEXT_DOOR, None]
    firsts = [first for first, _ in itertools.product(places, places)]
    seconds = [second for _, second in itertools.product(places, places)]
    assert travel_minutes_many(firsts, seconds, travel) == [
        travel_minutes(first, second, travel) for first, second in zip(firsts, seconds, strict=True)
    ]


def test_conflict_groups_cover_every_conflict_and_nothing_else() -> None:
    problem = generate(300, 40, seed=5)
    index = Index(problem)
    index.prepare()
    for i in range(len(problem.interpreters)):
        appointments = index.eligible_for(i)
        covered = set()
        for clique in index.cliques_of(i):
            for first, second in itertools.combinations(clique, 2):
                assert index.conflict(first, second)
                covered.add((min(first, second), max(first, second)))
        for first, second in itertools.combinations(sorted(appointments), 2):
            assert index.conflict(first, second) == ((first, second) in covered)


def test_a_prepared_rematch_gives_the_same_result_as_a_fresh_one() -> None:
    # A fresh re-match spends wall time preparing; a generous wall-clock safety net lets both
    # searches stop on the same deterministic work limit, however loaded the machine is.
    problem = generate(300, 60, seed=6)
    result = solve(problem, time_limit_s=2)
    current = {row.appointment_id: row.interpreter_id for row in result.assignments}
    prepared = prepare(problem)
    for declined in sorted(current)[:3]:
        excluded = [(declined, current[declined])]
        fresh = rematch(problem, current, [declined], excluded_pairs=excluded, wall_limit_s=60)
        cached = rematch(
            problem,
            current,
            [declined],
            excluded_pairs=excluded,
            prepared=prepared,
            wall_limit_s=60,
        )
        assert fresh.figures.deterministic and cached.figures.deterministic
        assert fresh.assignments == cached.assignments
        assert fresh.unassigned == cached.unassigned
