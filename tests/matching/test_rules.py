"""The table of hard rules: each numpy twin says what its predicate says, the models' rows
accept what the safety net accepts, and the override warnings name each broken rule."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

import numpy
import pytest

from matching.eligibility import Index, feasible_violations
from matching.families import booking_rows
from matching.generator import generate, generate_format_2
from matching.rules import (
    BOOKING_RULES,
    NOTHING_BOOKED,
    PAIR_RULES,
    REASON_CODES,
    Block,
    Situation,
    override_warnings,
)
from matching.types import Appointment, Interpreter, Problem
from tests.matching.builders import ESCH, at, make_appointment, make_interpreter

DJANGO_WARNINGS = {
    "already_offered",
    "conflict_of_interest",
    "busy",
    "proficiency_below",
    "level_below",
    "gender_differs",
    "modality_not_offered",
    "not_available",
    "over_weekly_limit",
    "certification_expired",
}


def awkward_situation(problem: Problem, seed: int) -> Situation:
    """The problem's own facts plus excluded pairs and lapsed certificates, so every rule bites."""
    generator = random.Random(seed)
    appointments, interpreters = problem.appointments, problem.interpreters
    excluded = {
        (generator.choice(appointments).id, generator.choice(interpreters).id) for _ in range(300)
    }
    lapses = {
        row.id: generator.choice(appointments).start for row in generator.sample(interpreters, 20)
    }
    return Situation(
        travel=problem.travel,
        blocked=problem.blocked,
        excluded=frozenset(excluded),
        certification_lapses=lapses,
    )


def block_of(problem: Problem, language: str, situation: Situation) -> Block:
    return Block(
        language,
        [row for row in problem.appointments if row.language == language],
        [row for row in problem.interpreters if language in row.languages],
        situation,
    )


FAMILIES = [
    pytest.param(generate, id="format-1"),
    pytest.param(generate_format_2, id="format-2"),
]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", [1, 2])
def test_every_numpy_twin_says_what_its_predicate_says(seed: int, family: Any) -> None:
    problem = family(300, 60, seed=seed)
    situation = awkward_situation(problem, seed)
    for language in sorted({row.language for row in problem.appointments}):
        block = block_of(problem, language, situation)
        everything = numpy.ones(block.shape, dtype=bool)
        for rule in PAIR_RULES:
            expected = [
                [
                    rule.holds(appointment, interpreter, situation)
                    for interpreter in block.interpreters
                ]
                for appointment in block.appointments
            ]
            assert rule.holds_many(block, everything).tolist() == expected, rule.statement
        for booking_rule in BOOKING_RULES:
            expected = [
                [
                    booking_rule.holds(appointment, interpreter, NOTHING_BOOKED)
                    for interpreter in block.interpreters
                ]
                for appointment in block.appointments
            ]
            assert booking_rule.holds_many(block, everything).tolist() == expected


def test_every_rule_says_its_rule_and_the_reason_codes_stay_as_they_were() -> None:
    assert all(rule.statement for rule in PAIR_RULES)
    assert all(rule.statement for rule in BOOKING_RULES)
    assert set(REASON_CODES) == {
        "no_speaker",
        "invalid_time",
        "level_requirement",
        "gender_requirement",
        "modality_not_offered",
        "conflict_of_interest",
        "excluded",
        "not_available",
        "travel_limit",
        "fully_booked",
        # Format 2 (issue 14): a lapsed certificate, a missing skill, the heavy cap.
        "certification_expired",
        "skill_missing",
        "heavy_cap",
    }
    assert len(REASON_CODES) == len(set(REASON_CODES))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", [3, 4])
def test_the_models_rows_accept_exactly_what_the_safety_net_accepts(seed: int, family: Any) -> None:
    # In format 2 an appointment's times are separate positions: choosing two is refused.
    problem = family(120, 15, seed=seed)
    index = Index(problem)
    index.prepare()
    pairs = sorted(index.candidate_pairs)
    rows = booking_rows(index, pairs, {i: index.capacity[i] for _, i in pairs})
    options: dict[int, list[int]] = defaultdict(list)
    for a, i in pairs:
        options[a].append(i)
    generator = random.Random(seed)
    verdicts = set()
    for _ in range(200):
        chosen = {
            a: generator.choice(interpreters)
            for a, interpreters in options.items()
            if generator.random() < 0.5
        }
        x = {(a, i): 1 for a, i in chosen.items()}
        satisfied = all(
            sum(coefficient * x.get(pair, 0) for pair, coefficient in row.terms) <= row.bound
            for row in rows
        )
        assert satisfied == (feasible_violations(index, chosen) == [])
        verdicts.add(satisfied)
    assert verdicts == {True, False}


def qualified_pair() -> tuple[Appointment, Interpreter]:
    """A Monday appointment requiring level and gender, and an interpreter who qualifies."""
    appointment = make_appointment("a1", 9, 10, min_level=1, gender="f")
    interpreter = make_interpreter("i1", level=1, gender="f", max_minutes=600)
    return appointment, interpreter


def test_a_pairing_that_breaks_nothing_gets_no_warning() -> None:
    appointment, interpreter = qualified_pair()
    assert override_warnings(appointment, interpreter) == []


def test_each_broken_rule_gets_its_warning_in_the_tables_order() -> None:
    appointment, interpreter = qualified_pair()
    appointment = dataclasses.replace(
        appointment, min_proficiency=5, min_level=3, modality="video", location=None
    )
    interpreter = dataclasses.replace(
        interpreter, languages={"ara": 4}, gender="m", modalities=("on_site",), max_minutes=120
    )
    warnings = override_warnings(
        appointment,
        interpreter,
        windows=[(at(12), at(18))],
        booked_minutes=90,
        busy=True,
        conflict_of_interest=True,
        already_offered=True,
        certification_lapses=at(0),
    )
    assert warnings == [
        ("proficiency_below", {"proficiency": 4, "required": 5}),
        ("level_below", {"level": 1, "required": 3}),
        ("certification_expired", {"expired": at(0).isoformat()}),
        ("gender_differs", {"gender": "f"}),
        ("modality_not_offered", {"modality": "video"}),
        ("conflict_of_interest", {}),
        ("already_offered", {}),
        ("not_available", {}),
        ("busy", {}),
        ("over_weekly_limit", {"booked": 90, "limit": 120}),
    ]
    assert {code for code, _ in warnings} <= DJANGO_WARNINGS


def test_the_weekly_limit_warns_only_when_this_appointment_goes_over() -> None:
    appointment, interpreter = qualified_pair()
    assert override_warnings(appointment, interpreter, booked_minutes=540) == []
    assert override_warnings(appointment, interpreter, booked_minutes=541) == [
        ("over_weekly_limit", {"booked": 541, "limit": 600})
    ]


def test_a_certificate_lapsing_after_the_start_is_still_valid() -> None:
    appointment, interpreter = qualified_pair()
    later = appointment.start + timedelta(minutes=1)
    assert override_warnings(appointment, interpreter, certification_lapses=later) == []


def test_a_place_beyond_the_travel_limit_is_named_with_its_minutes() -> None:
    appointment = make_appointment("a1", 9, 10, location=ESCH)
    interpreter = make_interpreter("i1", max_travel_min=20)
    ((code, data),) = override_warnings(appointment, interpreter)
    assert code == "travel_limit"
    assert data["limit"] == 20 and data["travel_min"] > 20
