"""Every unassigned appointment gets a reason code with data precise enough to act on."""

from __future__ import annotations

from typing import Any

from matching.solve import solve
from matching.types import Interpreter, Unassigned
from tests.matching.builders import make_appointment, make_interpreter, make_problem


def only_reason(
    appointment_kwargs: dict[str, Any],
    interpreters: list[Interpreter],
    blocked: set[tuple[str, str]] | None = None,
) -> Unassigned:
    """Solve a one-appointment problem that cannot be staffed and return its reason."""
    problem = make_problem([make_appointment(**appointment_kwargs)], interpreters, blocked=blocked)
    result = solve(problem, time_limit_s=2)
    assert result.assignments == ()
    (reason,) = result.unassigned
    assert reason.reason
    return reason


def test_it_says_when_nobody_speaks_the_language_at_the_level() -> None:
    reason = only_reason(
        {"language": "kmr", "min_proficiency": 4}, [make_interpreter(languages={"kmr": 3})]
    )
    assert reason.code == "no_speaker"
    assert reason.data["language"] == "kmr"
    assert reason.data["best_proficiency"] == 3


def test_it_says_when_no_speaker_has_the_qualification_level() -> None:
    reason = only_reason({"min_level": 2}, [make_interpreter(level=1)])
    assert reason.code == "level_requirement"
    assert reason.data["best_level"] == 1


def test_it_says_when_no_speaker_has_the_required_gender() -> None:
    reason = only_reason({"gender": "m"}, [make_interpreter(gender="f")])
    assert reason.code == "gender_requirement"


def test_it_says_when_no_speaker_works_in_that_modality() -> None:
    reason = only_reason(
        {"modality": "video", "location": None}, [make_interpreter(modalities=("on_site",))]
    )
    assert reason.code == "modality_not_offered"


def test_it_says_when_every_speaker_has_a_conflict_of_interest() -> None:
    reason = only_reason({"client": "c3"}, [make_interpreter("i9")], blocked={("c3", "i9")})
    assert reason.code == "conflict_of_interest"
    assert reason.data["blocked_interpreters"] == ["i9"]


def test_it_says_when_speakers_exist_but_none_is_available_then() -> None:
    reason = only_reason({"start": 19, "end": 20}, [make_interpreter()])
    assert reason.code == "not_available"


def test_it_says_when_all_available_speakers_are_booked() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 10, priority=2), make_appointment("a2", 9, 10, client="c2")],
        [make_interpreter("i1")],
    )
    result = solve(problem, time_limit_s=2)
    (reason,) = result.unassigned
    assert reason.appointment_id == "a2"
    assert reason.code == "fully_booked"
    assert reason.data["busy_at_time"] == ["i1"]


def test_it_says_when_all_available_speakers_are_out_of_hours() -> None:
    problem = make_problem(
        [make_appointment("a1", 9, 11, priority=2), make_appointment("a2", 14, 16, client="c2")],
        [make_interpreter("i1", max_minutes=180)],
    )
    (reason,) = solve(problem, time_limit_s=2).unassigned
    assert reason.code == "fully_booked"
    assert reason.data["out_of_minutes"] == ["i1"]


def test_an_appointment_longer_than_every_weekly_allowance_is_out_of_hours() -> None:
    reason = only_reason({"start": 9, "end": 13}, [make_interpreter("i1", max_minutes=180)])
    assert reason.code == "fully_booked"
    assert reason.data["out_of_minutes"] == ["i1"]
