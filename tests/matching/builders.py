"""Small typed builders for hand-made matching instances (no database, no fixtures)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from matching.types import ON_SITE, Appointment, Interpreter, Location, Problem

CET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 23, tzinfo=CET)
LUXEMBOURG = Location(49.6116, 6.1319)
ESCH = Location(49.4958, 5.9806)
NEXT_DOOR = Location(49.6118, 6.1320)
"""About 25 m from LUXEMBOURG: the same place."""


def at(hour: float, day: int = 0) -> datetime:
    """A moment on the test week's Monday (+ day), in CET."""
    return MONDAY + timedelta(days=day, minutes=round(hour * 60))


def make_appointment(
    id: str = "a1",
    start: float = 9,
    end: float = 10,
    day: int = 0,
    language: str = "ara",
    modality: str = ON_SITE,
    location: Location | None = LUXEMBOURG,
    client: str | None = "c1",
    priority: int = 1,
    min_level: int = 0,
    min_proficiency: int = 3,
    gender: str | None = None,
) -> Appointment:
    """An appointment on Monday (+ day) from `start` to `end` o'clock, CET."""
    return Appointment(
        id=id,
        start=at(start, day),
        end=at(end, day),
        language=language,
        modality=modality,
        location=location,
        client=client,
        priority=priority,
        min_level=min_level,
        min_proficiency=min_proficiency,
        gender=gender,
    )


def make_interpreter(
    id: str = "i1",
    languages: dict[str, int] | None = None,
    level: int = 1,
    gender: str | None = "f",
    home: Location | None = LUXEMBOURG,
    modalities: tuple[str, ...] = (ON_SITE, "phone", "video"),
    availability: tuple[tuple[datetime, datetime], ...] | None = None,
    max_minutes: int | None = None,
    max_travel_min: int | None = None,
) -> Interpreter:
    """An Arabic interpreter available all week from 8 to 18 unless told otherwise."""
    return Interpreter(
        id=id,
        languages={"ara": 5} if languages is None else languages,
        level=level,
        gender=gender,
        home=home,
        modalities=modalities,
        availability=(
            tuple((at(8, day), at(18, day)) for day in range(5))
            if availability is None
            else availability
        ),
        max_minutes=max_minutes,
        max_travel_min=max_travel_min,
    )


def make_problem(
    appointments: list[Appointment],
    interpreters: list[Interpreter],
    history: set[tuple[str, str]] | None = None,
    blocked: set[tuple[str, str]] | None = None,
) -> Problem:
    """A problem with default travel and weights."""
    return Problem(
        appointments=tuple(appointments),
        interpreters=tuple(interpreters),
        history=frozenset(history or set()),
        blocked=frozenset(blocked or set()),
    )
