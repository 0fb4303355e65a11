"""Every hard rule of lisko-matching/1, on small hand-made instances with known optima."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

from matching.solve import solve
from matching.types import OPTIMAL, Appointment, Result
from tests.matching.builders import (
    ESCH,
    LUXEMBOURG,
    NEXT_DOOR,
    at,
    make_appointment,
    make_interpreter,
    make_problem,
)


def assigned(result: Result) -> dict[str, str]:
    """appointment id -> interpreter id."""
    return {row.appointment_id: row.interpreter_id for row in result.assignments}


def test_it_never_books_one_interpreter_twice_at_once() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 10), make_appointment("a2", 9.5, 10.5, client="c2")],
        [make_interpreter("i1")],
    )
    result = solve(problem, time_limit_s=2)
    assert len(result.assignments) == 1
    assert result.status == OPTIMAL


def test_it_leaves_time_to_travel_between_two_places() -> None:
    # Luxembourg to Esch is about 30 minutes' travel; a 15-minute gap is not enough.
    problem = make_problem(
        [
            make_appointment("a1", 9, 10, location=LUXEMBOURG),
            make_appointment("a2", 10.25, 11, location=ESCH, client="c2"),
        ],
        [make_interpreter("i1")],
    )
    assert len(solve(problem, time_limit_s=2).assignments) == 1


def test_it_books_back_to_back_appointments_at_the_same_place() -> None:
    # Under 50 m apart counts as the same place: no travel needed.
    problem = make_problem(
        [
            make_appointment("a1", 9, 10, location=LUXEMBOURG),
            make_appointment("a2", 10, 11, location=NEXT_DOOR, client="c2"),
        ],
        [make_interpreter("i1")],
    )
    assert assigned(solve(problem, time_limit_s=2)) == {"a1": "i1", "a2": "i1"}


def test_it_books_a_phone_call_right_after_an_on_site_appointment() -> None:
    problem = make_problem(
        [
            make_appointment("a1", 9, 10, location=ESCH),
            make_appointment("a2", 10, 11, modality="phone", location=None, client="c2"),
        ],
        [make_interpreter("i1")],
    )
    assert assigned(solve(problem, time_limit_s=2)) == {"a1": "i1", "a2": "i1"}


def test_it_keeps_booked_minutes_within_the_weekly_limit() -> None:
    problem = make_problem(
        [make_appointment(f"a{day}", 9, 11, day=day, client=f"c{day}") for day in range(3)],
        [make_interpreter("i1", max_minutes=240)],
    )
    result = solve(problem, time_limit_s=2)
    assert len(result.assignments) == 2
    assert {row.code for row in result.unassigned} == {"fully_booked"}


def test_it_books_only_inside_availability_windows() -> None:
    problem = make_problem(
        [make_appointment("a1", 17, 19)],
        [make_interpreter("i1")],
    )
    result = solve(problem, time_limit_s=2)
    assert result.assignments == ()
    assert result.unassigned[0].code == "not_available"


def test_it_never_sends_an_interpreter_beyond_their_travel_limit() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 10, location=ESCH)],
        [make_interpreter("i1", home=LUXEMBOURG, max_travel_min=20)],
    )
    result = solve(problem, time_limit_s=2)
    assert result.assignments == ()
    assert result.unassigned[0].code == "travel_limit"
    assert result.unassigned[0].data["nearest_travel_min"] > 20


def test_it_ignores_the_travel_limit_for_remote_appointments() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 10, modality="video", location=None)],
        [make_interpreter("i1", home=ESCH, max_travel_min=1)],
    )
    assert assigned(solve(problem, time_limit_s=2)) == {"a1": "i1"}


def test_it_serves_the_most_priority_even_when_greedy_would_not() -> None:
    # The cheap interpreter i1 is the only one for a2; taking a1 with i1 would block a2.
    problem = make_problem(
        [
            make_appointment("a1", 9, 10, language="ara", location=LUXEMBOURG),
            make_appointment("a2", 9, 10, language="tir", location=LUXEMBOURG, client="c2"),
        ],
        [
            make_interpreter("i1", languages={"ara": 5, "tir": 5}, home=LUXEMBOURG),
            make_interpreter("i2", languages={"ara": 5}, home=ESCH),
        ],
    )
    result = solve(problem, time_limit_s=2)
    assert assigned(result) == {"a1": "i2", "a2": "i1"}
    assert result.status == OPTIMAL


def test_it_puts_priority_before_cost() -> None:
    problem = make_problem(
        [
            make_appointment("a1", 9, 10, priority=1, location=LUXEMBOURG),
            make_appointment("a2", 9.5, 10.5, priority=3, location=ESCH, client="c2"),
        ],
        [make_interpreter("i1", home=LUXEMBOURG)],
    )
    assert assigned(solve(problem, time_limit_s=2)) == {"a2": "i1"}


def test_it_prefers_the_interpreter_the_client_already_knows() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 10, client="c1")],
        [make_interpreter("i1"), make_interpreter("i2")],
        history={("c1", "i2")},
    )
    result = solve(problem, time_limit_s=2)
    assert assigned(result) == {"a1": "i2"}
    assert result.assignments[0].breakdown is not None
    assert result.assignments[0].breakdown.continuity_miss is False


def test_it_reports_the_cost_breakdown_and_the_next_best_candidate() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 10, location=ESCH)],
        [
            make_interpreter("i1", home=ESCH, languages={"ara": 4}),
            make_interpreter("i2", home=LUXEMBOURG),
        ],
    )
    result = solve(problem, time_limit_s=2)
    row = result.assignments[0]
    assert row.interpreter_id == "i1"
    assert row.breakdown is not None
    assert (row.breakdown.travel_minutes, row.breakdown.proficiency_gap, row.breakdown.cost) == (
        0,
        1,
        10,
    )
    assert [candidate.interpreter_id for candidate in row.alternatives] == ["i2"]
    assert row.alternatives[0].free is True


def test_it_compares_times_across_utc_offsets() -> None:
    # 10:00+02:00 is 09:00+01:00: the interpreter's 08:00-09:30 CET window does not contain it
    # entirely, but an appointment at 07:30+00:00 (08:30 CET) fits.
    summer = timezone(timedelta(hours=2))
    utc = UTC
    late = Appointment(
        "a1",
        at(9).astimezone(summer),
        at(10).astimezone(summer),
        "ara",
        location=LUXEMBOURG,
        client="c1",
    )
    early = Appointment(
        "a2",
        at(8).astimezone(utc),
        at(8.5).astimezone(utc),
        "ara",
        location=LUXEMBOURG,
        client="c2",
    )
    problem = make_problem(
        [late, early], [make_interpreter("i1", availability=((at(8), at(9.5)),))]
    )
    result = solve(problem, time_limit_s=2)
    assert assigned(result) == {"a2": "i1"}
    assert result.unassigned[0].code == "not_available"


def test_it_handles_an_appointment_spanning_midnight() -> None:
    night = make_appointment("a1", 23, 25)
    following = make_appointment("a2", 24.5, 26, client="c2")
    problem = make_problem(
        [night, following],
        [
            make_interpreter("i1", availability=((at(20), at(30)),)),
            make_interpreter("i2", availability=((at(20), at(30)),)),
        ],
    )
    result = solve(problem, time_limit_s=2)
    assert len(result.assignments) == 2
    assert len(set(assigned(result).values())) == 2


def test_an_interpreter_without_availability_gets_nothing() -> None:
    problem = make_problem([make_appointment("a1")], [make_interpreter("i1", availability=())])
    result = solve(problem, time_limit_s=2)
    assert result.assignments == ()
    assert result.unassigned[0].code == "not_available"


def test_an_empty_problem_gives_an_empty_result() -> None:
    result = solve(make_problem([], []), time_limit_s=1)
    assert result.assignments == ()
    assert result.unassigned == ()


def test_appointments_without_interpreters_are_all_explained_without_raising() -> None:
    result = solve(make_problem([make_appointment("a1"), make_appointment("a2")], []))
    assert [row.code for row in result.unassigned] == ["no_speaker", "no_speaker"]
