"""The shared referee accepts every result; determinism, greedy floor, CLI, rematch, split."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from matching.eligibility import Index, served_priority
from matching.generator import generate
from matching.greedy import greedy
from matching.io import (
    dump_json,
    load_problem,
    problem_from_json,
    problem_to_json,
    result_to_json,
)
from matching.rematch import rematch
from matching.solve import solve
from matching.split import merge, split
from matching.types import Problem, Result

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "matching"
REFEREE = SHARED / "referee.py"


SAMPLES = sorted((SHARED / "samples").glob("*.json"))
"""Format 1 and format 2 instances alike."""


def referee(problem_path: Path, result: Result, tmp_path: Path) -> dict:
    """Run the independent referee on a result; return its JSON report."""
    result_path = tmp_path / f"{problem_path.stem}.result.json"
    result_path.write_text(dump_json(result_to_json(result)), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(REFEREE), str(problem_path), str(result_path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads(completed.stdout)


def write_problem(problem: Problem, path: Path) -> Path:
    """Write a problem as a lisko-matching/1 file."""
    path.write_text(json.dumps(problem_to_json(problem)), encoding="utf-8")
    return path


needs_referee = pytest.mark.skipif(not REFEREE.exists(), reason="shared referee not beside repo")


@needs_referee
@pytest.mark.parametrize("sample", SAMPLES)
def test_the_referee_accepts_results_on_the_shared_samples(sample: Path, tmp_path: Path) -> None:
    result = solve(load_problem(sample), time_limit_s=3)
    report = referee(sample, result, tmp_path)
    assert report["served_priority"] == result.figures.served_priority
    assert report["cost"] == result.figures.cost


@needs_referee
def test_the_format_2_sample_is_solved_to_its_known_optimum(tmp_path: Path) -> None:
    # The README: priority 9 at cost 66 (one slot moved, one heavy session over the cap,
    # the legal appointment on the day before the certificate lapses).
    sample = SHARED / "samples" / "tiny-v2.json"
    result = solve(load_problem(sample), time_limit_s=3)
    report = referee(sample, result, tmp_path)
    assert (report["served_priority"], report["cost"]) == (9, 66)
    assert result.status == "OPTIMAL"
    assert any(row.start is not None for row in result.assignments)


@needs_referee
@pytest.mark.parametrize("seed", [1, 2])
def test_the_referee_accepts_results_on_generated_instances(seed: int, tmp_path: Path) -> None:
    problem = generate(150, 40, seed=seed)
    path = write_problem(problem, tmp_path / f"generated-{seed}.json")
    result = solve(load_problem(path), time_limit_s=3)
    report = referee(path, result, tmp_path)
    assert report["cost"] == result.figures.cost


@needs_referee
def test_the_command_line_writes_a_result_the_referee_accepts(tmp_path: Path) -> None:
    path = write_problem(generate(60, 15, seed=3), tmp_path / "cli.json")
    completed = subprocess.run(
        [sys.executable, "-m", "matching.cli", str(path), "--time-limit", "2", "--seed", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    (tmp_path / "cli.result.json").write_text(completed.stdout, encoding="utf-8")
    judged = subprocess.run(
        [sys.executable, str(REFEREE), str(path), str(tmp_path / "cli.result.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert judged.returncode == 0, judged.stdout


def test_the_same_seed_gives_the_same_result() -> None:
    # The work is sized by time_limit_s alone; the separate, generous wall-clock safety net is
    # never reached, even on a loaded machine, so the result depends on the seed only.
    problem = generate(300, 60, seed=4)
    first = solve(problem, time_limit_s=1, seed=7, wall_limit_s=120)
    second = solve(problem, time_limit_s=1, seed=7, wall_limit_s=120)
    assert first.figures.deterministic and second.figures.deterministic
    assert first.assignments == second.assignments
    assert first.unassigned == second.unassigned


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_it_serves_at_least_the_priority_greedy_serves(seed: int) -> None:
    problem = generate(300, 60, seed=seed)
    baseline = served_priority(Index(problem), greedy(Index(problem)))
    result = solve(problem, time_limit_s=3)
    assert result.figures.served_priority >= baseline
    assert result.figures.bound_priority >= result.figures.served_priority


def test_a_small_generated_instance_is_proven_optimal() -> None:
    result = solve(generate(200, 50, seed=1), time_limit_s=3)
    assert result.status == "OPTIMAL"


def test_missing_optional_keys_take_the_readme_defaults() -> None:
    problem = problem_from_json(
        {
            "format": "lisko-matching/1",
            "appointments": [
                {
                    "id": "a1",
                    "start": "2026-11-23T09:00+01:00",
                    "end": "2026-11-23T10:00+01:00",
                    "language": "ara",
                }
            ],
            "interpreters": [{"id": "i1", "languages": {"ara": 3}}],
        }
    )
    appointment, interpreter = problem.appointments[0], problem.interpreters[0]
    assert (
        appointment.modality,
        appointment.priority,
        appointment.min_level,
        appointment.min_proficiency,
        appointment.gender,
    ) == ("on_site", 1, 0, 3, None)
    assert (
        interpreter.level,
        interpreter.modalities,
        interpreter.max_minutes,
        interpreter.max_travel_min,
    ) == (0, ("on_site",), None, None)
    assert solve(problem).unassigned[0].code == "not_available"


def test_rematch_never_offers_a_declined_pair_again() -> None:
    problem = generate(400, 80, seed=8)
    result = solve(problem, time_limit_s=2)
    current = {row.appointment_id: row.interpreter_id for row in result.assignments}
    declined = sorted(current)[0]
    again = rematch(problem, current, [declined], excluded_pairs=[(declined, current[declined])])
    offered = {row.appointment_id: row.interpreter_id for row in again.assignments}
    assert offered.get(declined) != current[declined]
    assert declined in offered or declined in {row.appointment_id for row in again.unassigned}


def test_rematch_keeps_everything_outside_the_neighbourhood_and_stays_valid() -> None:
    problem = generate(400, 80, seed=9)
    result = solve(problem, time_limit_s=2)
    current = {row.appointment_id: row.interpreter_id for row in result.assignments}
    declined = sorted(current)[1]
    again = rematch(problem, current, [declined], excluded_pairs=[(declined, current[declined])])
    changed = {row.appointment_id for row in again.assignments} | {
        row.appointment_id for row in again.unassigned
    }
    merged = {a: i for a, i in current.items() if a not in changed}
    merged.update({row.appointment_id: row.interpreter_id for row in again.assignments})
    from matching.eligibility import feasible_violations

    index = Index(problem)
    positions = {
        index.appointment_position[a]: index.interpreter_position[i] for a, i in merged.items()
    }
    assert feasible_violations(index, positions) == []
    assert (declined, current[declined]) not in merged.items()


def test_split_parts_share_no_interpreter_and_merge_adds_up() -> None:
    problem = generate(200, 60, seed=10)
    parts = split(problem)
    interpreters_seen: list[str] = []
    for part in parts[:-1] if any(not Index(p).candidates(0) for p in parts[-1:]) else parts:
        interpreters_seen += [row.id for row in part.interpreters]
    assert len(interpreters_seen) == len(set(interpreters_seen))
    merged = merge([solve(part, time_limit_s=2) for part in parts])
    assert sum(len(part.appointments) for part in parts) == len(problem.appointments)
    assert len(merged.assignments) + len(merged.unassigned) == len(problem.appointments)
    whole = solve(problem, time_limit_s=3)
    assert merged.figures.served_priority >= whole.figures.served_priority - 2
