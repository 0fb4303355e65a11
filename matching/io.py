"""JSON at the edge: `lisko-matching/1` and `/2` instances in, `lisko-matching-result/1` out.

Format 2 adds alternative `slots`, `skills`, `heavy` (appointments), `skills`, `level_until`,
`max_heavy` (interpreters) and the `slot_change` weight; a result row carries `"start"` when
the appointment is served at one of its alternative times.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from matching.types import (
    FEASIBLE,
    ON_SITE,
    Appointment,
    Assignment,
    Breakdown,
    Candidate,
    Figures,
    Interpreter,
    Location,
    Problem,
    Result,
    Travel,
    Unassigned,
    Weights,
)

INSTANCE_FORMAT = "lisko-matching/1"
INSTANCE_FORMAT_2 = "lisko-matching/2"
INSTANCE_FORMATS = (INSTANCE_FORMAT, INSTANCE_FORMAT_2)
RESULT_FORMAT = "lisko-matching-result/1"


class InstanceError(ValueError):
    """The instance is not valid `lisko-matching/1` or `/2`."""


def parse_time(text: str) -> datetime:
    """Read an ISO 8601 time that must carry a UTC offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise InstanceError(f"time without a UTC offset: {text!r}")
    return moment


def _location(data: dict[str, Any] | None) -> Location | None:
    if not data:
        return None
    return Location(lat=float(data["lat"]), lon=float(data["lon"]))


def appointment_from_json(data: dict[str, Any]) -> Appointment:
    """One appointment, with the README's defaults for missing keys."""
    return Appointment(
        id=str(data["id"]),
        start=parse_time(data["start"]),
        end=parse_time(data["end"]),
        language=str(data["language"]),
        modality=str(data.get("modality", ON_SITE)),
        location=_location(data.get("location")),
        client=data.get("client"),
        priority=int(data.get("priority", 1)),
        min_level=int(data.get("min_level", 0)),
        min_proficiency=int(data.get("min_proficiency", 3)),
        gender=data.get("gender") or None,
        slots=tuple((parse_time(start), parse_time(end)) for start, end in data.get("slots", [])),
        skills=frozenset(str(skill) for skill in data.get("skills", [])),
        heavy=bool(data.get("heavy", False)),
    )


def interpreter_from_json(data: dict[str, Any]) -> Interpreter:
    """One interpreter, with the README's defaults for missing keys."""
    max_minutes = data.get("max_minutes")
    max_travel = data.get("max_travel_min")
    max_heavy = data.get("max_heavy")
    level_until = data.get("level_until")
    return Interpreter(
        id=str(data["id"]),
        languages={str(code): int(level) for code, level in data.get("languages", {}).items()},
        level=int(data.get("level", 0)),
        gender=data.get("gender"),
        home=_location(data.get("home")),
        modalities=tuple(data.get("modalities", [ON_SITE])),
        availability=tuple(
            (parse_time(start), parse_time(end)) for start, end in data.get("availability", [])
        ),
        max_minutes=None if max_minutes is None else int(max_minutes),
        max_travel_min=None if max_travel is None else int(max_travel),
        skills=frozenset(str(skill) for skill in data.get("skills", [])),
        level_until=None if level_until is None else parse_time(level_until),
        max_heavy=None if max_heavy is None else int(max_heavy),
    )


def problem_from_json(data: dict[str, Any]) -> Problem:
    """Convert a parsed `lisko-matching/1` or `/2` document into a Problem."""
    if not isinstance(data, dict) or data.get("format") not in INSTANCE_FORMATS:
        raise InstanceError(f"'format' must be {INSTANCE_FORMAT!r} or {INSTANCE_FORMAT_2!r}")
    travel = {**Travel().__dict__, **data.get("travel", {})}
    weights = {**Weights().__dict__, **data.get("weights", {})}
    return Problem(
        appointments=tuple(appointment_from_json(row) for row in data.get("appointments", [])),
        interpreters=tuple(interpreter_from_json(row) for row in data.get("interpreters", [])),
        history=frozenset(
            (str(row["client"]), str(row["interpreter"])) for row in data.get("history", [])
        ),
        blocked=frozenset(
            (str(row["client"]), str(row["interpreter"])) for row in data.get("blocked", [])
        ),
        travel=Travel(
            speed_kmh=float(travel["speed_kmh"]),
            detour_factor=float(travel["detour_factor"]),
            overhead_min=int(travel["overhead_min"]),
        ),
        weights=Weights(
            travel_minute=int(weights["travel_minute"]),
            continuity_miss=int(weights["continuity_miss"]),
            proficiency_gap=int(weights["proficiency_gap"]),
            slot_change=int(weights["slot_change"]),
        ),
    )


def load_problem(path: str | Path) -> Problem:
    """Read an instance file."""
    with open(path, encoding="utf-8") as handle:
        return problem_from_json(json.load(handle))


def _location_json(location: Location | None) -> dict[str, float] | None:
    return None if location is None else {"lat": location.lat, "lon": location.lon}


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def uses_format_2(problem: Problem) -> bool:
    """The problem has something only `lisko-matching/2` can say."""
    return any(row.slots or row.skills or row.heavy for row in problem.appointments) or any(
        row.skills or row.level_until is not None or row.max_heavy is not None
        for row in problem.interpreters
    )


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """Convert a Problem back into a `lisko-matching/1` document (`/2` when it needs it)."""
    appointments = []
    for appointment in problem.appointments:
        row: dict[str, Any] = {
            "id": appointment.id,
            "start": appointment.start.isoformat(timespec="minutes"),
            "end": appointment.end.isoformat(timespec="minutes"),
            "language": appointment.language,
            "modality": appointment.modality,
            "priority": appointment.priority,
            "min_level": appointment.min_level,
            "min_proficiency": appointment.min_proficiency,
        }
        if appointment.client is not None:
            row["client"] = appointment.client
        if appointment.location is not None:
            row["location"] = _location_json(appointment.location)
        if appointment.gender:
            row["gender"] = appointment.gender
        if appointment.slots:
            row["slots"] = [[_time(start), _time(end)] for start, end in appointment.slots]
        if appointment.skills:
            row["skills"] = sorted(appointment.skills)
        if appointment.heavy:
            row["heavy"] = True
        appointments.append(row)
    interpreters = []
    for interpreter in problem.interpreters:
        row = {
            "id": interpreter.id,
            "languages": dict(interpreter.languages),
            "level": interpreter.level,
            "modalities": list(interpreter.modalities),
            "availability": [
                [start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")]
                for start, end in interpreter.availability
            ],
        }
        if interpreter.gender is not None:
            row["gender"] = interpreter.gender
        if interpreter.home is not None:
            row["home"] = _location_json(interpreter.home)
        if interpreter.max_minutes is not None:
            row["max_minutes"] = interpreter.max_minutes
        if interpreter.max_travel_min is not None:
            row["max_travel_min"] = interpreter.max_travel_min
        if interpreter.skills:
            row["skills"] = sorted(interpreter.skills)
        if interpreter.level_until is not None:
            row["level_until"] = interpreter.level_until.isoformat()
        if interpreter.max_heavy is not None:
            row["max_heavy"] = interpreter.max_heavy
        interpreters.append(row)
    version_2 = uses_format_2(problem)
    weights = dict(problem.weights.__dict__)
    if not version_2:
        del weights["slot_change"]
    return {
        "format": INSTANCE_FORMAT_2 if version_2 else INSTANCE_FORMAT,
        "travel": dict(problem.travel.__dict__),
        "weights": weights,
        "appointments": appointments,
        "interpreters": interpreters,
        "history": [
            {"client": client, "interpreter": interpreter}
            for client, interpreter in sorted(problem.history)
        ],
        "blocked": [
            {"client": client, "interpreter": interpreter}
            for client, interpreter in sorted(problem.blocked)
        ],
    }


def result_to_json(result: Result) -> dict[str, Any]:
    """Convert a Result into a `lisko-matching-result/1` document (with extra detail keys)."""
    figures = result.figures
    assignments = []
    for assignment in result.assignments:
        row: dict[str, Any] = {
            "appointment": assignment.appointment_id,
            "interpreter": assignment.interpreter_id,
        }
        if assignment.start is not None:
            row["start"] = assignment.start.isoformat()
        if assignment.breakdown is not None:
            row["breakdown"] = {
                "travel_minutes": assignment.breakdown.travel_minutes,
                "continuity_miss": assignment.breakdown.continuity_miss,
                "proficiency_gap": assignment.breakdown.proficiency_gap,
                "cost": assignment.breakdown.cost,
            }
            if assignment.breakdown.slot_change:
                row["breakdown"]["slot_change"] = True
        if assignment.alternatives:
            row["alternatives"] = [
                {
                    "interpreter": candidate.interpreter_id,
                    "cost": candidate.cost,
                    "free": candidate.free,
                }
                for candidate in assignment.alternatives
            ]
        assignments.append(row)
    return {
        "format": RESULT_FORMAT,
        "assignments": assignments,
        "unassigned": [
            {
                "appointment": row.appointment_id,
                "reason": row.reason,
                "code": row.code,
                "data": row.data,
            }
            for row in result.unassigned
        ],
        "stats": {
            "wall_s": round(figures.wall_s, 3),
            "status": result.status,
            "served_priority": figures.served_priority,
            "total_priority": figures.total_priority,
            "cost": figures.cost,
            "bound_priority": figures.bound_priority,
            "bound_cost": figures.bound_cost,
            "priority_gap": round(figures.priority_gap, 6),
            "cost_gap": round(figures.cost_gap, 6),
            "deterministic": figures.deterministic,
        },
    }


def result_from_json(document: dict[str, Any]) -> Result:
    """Read a `lisko-matching-result/1` document back (as result_to_json writes it)."""
    stats = document.get("stats", {})
    assignments = []
    for row in document.get("assignments", []):
        breakdown = row.get("breakdown")
        assignments.append(
            Assignment(
                appointment_id=str(row["appointment"]),
                interpreter_id=str(row["interpreter"]),
                breakdown=Breakdown(**breakdown) if breakdown is not None else None,
                alternatives=tuple(
                    Candidate(str(alt["interpreter"]), int(alt["cost"]), bool(alt["free"]))
                    for alt in row.get("alternatives", [])
                ),
                start=parse_time(row["start"]) if row.get("start") else None,
            )
        )
    return Result(
        status=str(stats.get("status", FEASIBLE)),
        assignments=tuple(assignments),
        unassigned=tuple(
            Unassigned(
                appointment_id=str(row["appointment"]),
                code=str(row["code"]),
                data=dict(row.get("data", {})),
                reason=str(row.get("reason", "")),
            )
            for row in document.get("unassigned", [])
        ),
        figures=Figures(
            served_priority=int(stats.get("served_priority", 0)),
            total_priority=int(stats.get("total_priority", 0)),
            cost=int(stats.get("cost", 0)),
            bound_priority=int(stats.get("bound_priority", 0)),
            bound_cost=int(stats.get("bound_cost", 0)),
            wall_s=float(stats.get("wall_s", 0.0)),
            deterministic=bool(stats.get("deterministic", True)),
        ),
    )


def dump_json(document: dict[str, Any]) -> str:
    """Serialise a document the way the command line prints it."""
    return json.dumps(document, indent=1, ensure_ascii=False)
