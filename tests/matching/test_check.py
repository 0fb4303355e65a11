"""`lisko-match --check`: the project's own feasibility check of a result."""

import dataclasses
import json
from pathlib import Path

from matching.check import check
from matching.cli import main
from matching.generator import generate
from matching.io import problem_to_json, result_to_json
from matching.solve import solve
from matching.types import Assignment


def solved(seed: int = 1):  # type: ignore[no-untyped-def]
    problem = generate(60, 25, seed=seed)
    return problem, solve(problem, time_limit_s=2.0, seed=0)


def test_a_result_of_the_matcher_is_feasible_and_accounts_truly() -> None:
    problem, result = solved()

    verdict = check(problem, result)

    assert (verdict.feasible, verdict.notes) == (True, ())
    assert verdict.served_priority == result.figures.served_priority


def test_an_appointment_assigned_twice_is_a_breach() -> None:
    problem, result = solved()
    first = result.assignments[0]
    doubled = dataclasses.replace(result, assignments=(*result.assignments, first))

    assert any("more than once" in breach for breach in check(problem, doubled).breaches)


def test_an_interpreter_who_does_not_speak_the_language_is_a_breach() -> None:
    problem, result = solved()
    first = result.assignments[0]
    language = next(row.language for row in problem.appointments if row.id == first.appointment_id)
    stranger = next(row for row in problem.interpreters if language not in row.languages)
    wrong = dataclasses.replace(
        result,
        assignments=(
            Assignment(first.appointment_id, stranger.id),
            *result.assignments[1:],
        ),
    )

    [breach] = check(problem, wrong).breaches
    assert breach.startswith(f"{first.appointment_id} → {stranger.id} breaks a hard rule")


def test_a_forgotten_appointment_is_a_breach() -> None:
    problem, result = solved()
    forgetful = dataclasses.replace(result, assignments=result.assignments[1:])

    assert any("neither assigned nor listed" in text for text in check(problem, forgetful).breaches)


def test_the_command_exits_0_for_a_feasible_result_and_1_for_a_breach(tmp_path: Path) -> None:
    problem, result = solved()
    instance = tmp_path / "instance.json"
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    instance.write_text(json.dumps(problem_to_json(problem)))
    good.write_text(json.dumps(result_to_json(result)))
    broken = dataclasses.replace(result, assignments=result.assignments[1:])
    bad.write_text(json.dumps(result_to_json(broken)))

    assert main([str(instance), "--check", str(good)]) == 0
    assert main([str(instance), "--check", str(bad)]) == 1
    assert main([str(instance), "--check", str(tmp_path / "missing.json")]) == 2
