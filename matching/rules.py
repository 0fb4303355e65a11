"""The hard rules of matching, once: the table that every other part reads.

Eligibility (`Index.candidates` one appointment at a time, and `Index.prepare` all at once with
numpy), the safety net (`feasible_violations`), greedy, the models, the reasons for unassigned
appointments and the override warnings of the Django side all take the rules from here. Adding
a rule is adding one predicate (and its numpy twin) and one row.

Field legend of a row (`PairRule` and `BookingRule`):

- `code`: the reason code of an unassigned appointment when this rule leaves nobody; stable,
  since results, tests and the Django side use it (None: the rule never explains one).
- `warning`: the code of the override warning when one chosen pairing breaks the rule
  (None: no warning).
- `statement`: the rule in plain words (for readers of the code, not for users).
- `holds`: the predicate on one appointment and one interpreter (for a pair rule, given the
  `Situation`; for a booking rule, given what the interpreter already holds, `Bookings`).
- `holds_many`: the numpy twin of a pair rule over a `Block` of appointments × interpreters,
  given the pairs still allowed by the rows before it (an expensive twin computes only those).
  For a booking rule, the twin checks the appointment with nothing else booked.
- `reason`: a pair rule's (data, English sentence) when it leaves nobody; `data_key`: the key
  under which a booking rule lists the interpreters it rules out (under the shared code
  `fully_booked`, or, for a booking rule with its own `code` such as the heavy cap, that code
  when it rules out every candidate).

Format 2 (alternative times): every rule is judged at one time of the appointment; the
matcher gives each time its own `Appointment` (see `matching.eligibility.Pair`), so no rule
needs to know about slots.

Kinds: a pair rule decides whether this interpreter may take this appointment at all (the
models build no variable for a forbidden pair); a booking rule limits what one interpreter's
appointments may be together (no clash, weekly minutes), which the models state as
constraints (see `matching.families`).

The order of the rows is the order a coordinator acts on them: the reasons report the first
rule that leaves nobody, and the override warnings come in this order.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy

from matching.travel import travel_minutes, travel_minutes_many
from matching.types import Appointment, Interpreter, Travel

# -- what the rules look at -----------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    """What the pair rules know beyond the appointment and the interpreter themselves."""

    travel: Travel = Travel()
    blocked: Set[tuple[str | None, str]] = frozenset()
    """(client, interpreter id) pairs with a conflict of interest."""
    excluded: Set[tuple[str, str]] = frozenset()
    """(appointment id, interpreter id) pairs ruled out for this run (offered or declined)."""
    certification_lapses: Mapping[str, datetime] = field(default_factory=dict)
    """interpreter id -> the moment their certification stops covering an appointment start."""

    @cached_property
    def blocked_by_client(self) -> dict[str | None, set[str]]:
        """client -> the interpreters blocked for them (for the numpy twin)."""
        found: dict[str | None, set[str]] = defaultdict(set)
        for client, interpreter_id in self.blocked:
            found[client].add(interpreter_id)
        return found

    @cached_property
    def excluded_by_appointment(self) -> dict[str, set[str]]:
        """appointment id -> the interpreters excluded for it (for the numpy twin)."""
        found: dict[str, set[str]] = defaultdict(set)
        for appointment_id, interpreter_id in self.excluded:
            found[appointment_id].add(interpreter_id)
        return found


@dataclass(frozen=True)
class Bookings:
    """What an interpreter already holds, as the booking rules see it."""

    clash: bool = False
    """One of their bookings clashes with this appointment (see `clash`)."""
    booked_s: float = 0
    """Seconds already booked in the period their weekly limit counts."""
    heavy: int = 0
    """Heavy appointments they already hold (the period `max_heavy` counts)."""


NOTHING_BOOKED = Bookings()
DEFAULT_TRAVEL = Travel()


def seconds_of(moment: datetime) -> int:
    """UTC seconds, the unit every rule compares times in (offsets never matter)."""
    return int(moment.timestamp())


def duration_s(appointment: Appointment) -> int:
    """The appointment's length in seconds (0 for one that ends before it starts)."""
    return max(0, seconds_of(appointment.end) - seconds_of(appointment.start))


def limit_s(interpreter: Interpreter) -> float:
    """The interpreter's weekly allowance in seconds (infinite without a limit)."""
    return math.inf if interpreter.max_minutes is None else interpreter.max_minutes * 60


class Block:
    """Appointments in one language (rows) × interpreters who speak it (columns), for numpy.

    `start` and `end` are the rows' UTC seconds; one-way travel minutes from each column's home
    to each row's place are computed on demand and kept (pricing reuses them).
    """

    def __init__(
        self,
        language: str,
        appointments: Sequence[Appointment],
        interpreters: Sequence[Interpreter],
        situation: Situation,
    ):
        self.language = language
        self.appointments = appointments
        self.interpreters = interpreters
        self.situation = situation
        self.start = numpy.array([seconds_of(row.start) for row in appointments], dtype=numpy.int64)
        self.end = numpy.array([seconds_of(row.end) for row in appointments], dtype=numpy.int64)
        self.shape = (len(appointments), len(interpreters))
        self.column_of = {row.id: column for column, row in enumerate(interpreters)}
        self._home_minutes = numpy.full(self.shape, -1, dtype=numpy.int64)

    def home_minutes(self, rows: numpy.ndarray, columns: numpy.ndarray) -> numpy.ndarray:
        """One-way minutes from home to place for these (row, column) entries, exactly."""
        known = self._home_minutes[rows, columns]
        missing = numpy.flatnonzero(known < 0)
        if len(missing):
            computed = travel_minutes_many(
                [self.interpreters[c].home for c in columns[missing].tolist()],
                [self.appointments[r].place for r in rows[missing].tolist()],
                self.situation.travel,
            )
            known[missing] = computed
            self._home_minutes[rows[missing], columns[missing]] = computed
        return known


def _each_column(
    block: Block, value: Callable[[Interpreter], Any], dtype: type = numpy.int64
) -> numpy.ndarray:
    return numpy.array([value(row) for row in block.interpreters], dtype=dtype)[None, :]


def _each_row(block: Block, value: Callable[[Appointment], Any]) -> numpy.ndarray:
    return numpy.array([value(row) for row in block.appointments], dtype=numpy.int64)[:, None]


# -- pair rules: may this interpreter take this appointment at all? --------------------------


def speaks_the_language(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The interpreter speaks the appointment's language at `min_proficiency` or better."""
    proficiency = interpreter.languages.get(appointment.language)
    return proficiency is not None and proficiency >= appointment.min_proficiency


def speaks_the_language_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    speaks = _each_column(block, lambda row: block.language in row.languages, bool)
    proficiency = _each_column(block, lambda row: row.languages.get(block.language, 0))
    return speaks & (proficiency >= _each_row(block, lambda row: row.min_proficiency))


def _language_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    language = appointment.language
    best = max((row.languages.get(language, 0) for row in remaining), default=0)
    return (
        {"speakers_below_proficiency": len(remaining), "best_proficiency": best},
        f"no interpreter speaks {language} at proficiency {appointment.min_proficiency} or better",
    )


def _language_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {
        "proficiency": interpreter.languages.get(appointment.language, 0),
        "required": appointment.min_proficiency,
    }


def has_a_valid_time(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The appointment ends no earlier than it starts."""
    return appointment.end >= appointment.start


def has_a_valid_time_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    return numpy.broadcast_to((block.end >= block.start)[:, None], block.shape)


def _time_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    return {}, f"the appointment ends before it starts ({funnel.when})"


def has_the_level(appointment: Appointment, interpreter: Interpreter, situation: Situation) -> bool:
    """The interpreter's qualification level is at least the appointment's `min_level`."""
    return interpreter.level >= appointment.min_level


def has_the_level_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    level = _each_column(block, lambda row: row.level)
    return level >= _each_row(block, lambda row: row.min_level)


def _level_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    best = max(row.level for row in remaining)
    return (
        {"speakers": funnel.speakers, "min_level": appointment.min_level, "best_level": best},
        f"{funnel.speakers} interpreters speak {appointment.language} at proficiency "
        f"{appointment.min_proficiency}, but none has level {appointment.min_level} "
        f"(best: {best})",
    )


def _level_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {"level": interpreter.level, "required": appointment.min_level}


def lapse_of(interpreter: Interpreter, situation: Situation) -> datetime | None:
    """When the interpreter's certification stops covering an appointment (None: never)."""
    lapses = situation.certification_lapses.get(interpreter.id)
    return lapses if lapses is not None else interpreter.level_until


def is_certified_then(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The interpreter's certification still covers the appointment: a level that lapses
    (`level_until`) before the appointment ends counts as 0; an expiry the caller passes
    (`certification_lapses`, for override warnings) rules out any appointment starting later."""
    lapses = situation.certification_lapses.get(interpreter.id)
    if lapses is not None and appointment.start >= lapses:
        return False
    until = interpreter.level_until
    return until is None or appointment.min_level <= 0 or appointment.end <= until


def is_certified_then_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    never = numpy.iinfo(numpy.int64).max
    result = numpy.ones(block.shape, dtype=bool)
    lapses = block.situation.certification_lapses
    if lapses:
        until = _each_column(
            block, lambda row: seconds_of(lapses[row.id]) if row.id in lapses else never
        )
        result &= block.start[:, None] < until
    if any(row.level_until is not None for row in block.interpreters):
        level_until = _each_column(
            block,
            lambda row: never if row.level_until is None else seconds_of(row.level_until),
        )
        needs_level = _each_row(block, lambda row: row.min_level) > 0
        result &= ~needs_level | (block.end[:, None] <= level_until)
    return result


def _certification_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    lapsed = sorted(row.id for row in remaining)
    return (
        {"speakers": funnel.speakers, "min_level": appointment.min_level, "lapsed": lapsed},
        f"{len(remaining)} interpreters have level {appointment.min_level} for "
        f"{appointment.language}, but their certification lapses before {funnel.when}",
    )


def _certification_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    lapses = lapse_of(interpreter, situation)
    return {"expired": None if lapses is None else lapses.isoformat()}


def has_the_skills(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The interpreter has every specialisation the appointment requires (`skills`)."""
    return appointment.skills <= interpreter.skills


def has_the_skills_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    # One comparison per distinct set of required skills, not per pair.
    required = [row.skills for row in block.appointments]
    result = numpy.ones(block.shape, dtype=bool)
    for skills in set(required) - {frozenset()}:
        wanted = numpy.array([value == skills for value in required], dtype=bool)[:, None]
        has = numpy.array([skills <= row.skills for row in block.interpreters], dtype=bool)
        result &= ~wanted | has[None, :]
    return result


def _skills_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    required = sorted(appointment.skills)
    # The skills nobody left has, so the coordinator knows which profile to look for.
    missing = sorted(
        skill for skill in appointment.skills if all(skill not in row.skills for row in remaining)
    )
    return (
        {
            "speakers": funnel.speakers,
            "qualified": len(remaining),
            "skills": required,
            "missing": missing,
        },
        f"{len(remaining)} qualified interpreters speak {appointment.language}, "
        f"but none has every skill required ({', '.join(required)})",
    )


def _skills_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {"missing": sorted(appointment.skills - interpreter.skills)}


def has_the_gender(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """Where the appointment requires a gender, the interpreter is of that gender."""
    return not appointment.gender or interpreter.gender == appointment.gender


def has_the_gender_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    # One comparison per distinct required gender, not per pair.
    genders = [row.gender or "" for row in block.appointments]
    result = numpy.ones(block.shape, dtype=bool)
    for gender in set(genders) - {""}:
        wanted = numpy.array([value == gender for value in genders], dtype=bool)[:, None]
        matches = numpy.array([row.gender == gender for row in block.interpreters], dtype=bool)
        result &= ~wanted | matches[None, :]
    return result


def _gender_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    return (
        {"speakers": funnel.speakers, "qualified": len(remaining), "gender": appointment.gender},
        f"{len(remaining)} qualified interpreters speak {appointment.language}, "
        f"but none of gender {appointment.gender!r}",
    )


def _gender_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {"gender": appointment.gender}


def offers_the_modality(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The interpreter works in the appointment's modality (on site, phone, video)."""
    return appointment.modality in interpreter.modalities


def offers_the_modality_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    modalities = [row.modality for row in block.appointments]
    result = numpy.ones(block.shape, dtype=bool)
    for modality in set(modalities):
        wanted = numpy.array([value == modality for value in modalities], dtype=bool)[:, None]
        offers = numpy.array([modality in row.modalities for row in block.interpreters], dtype=bool)
        result &= ~wanted | offers[None, :]
    return result


def _modality_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    return (
        {"speakers": funnel.speakers, "qualified": len(remaining)},
        f"{len(remaining)} qualified interpreters speak {appointment.language}, "
        f"but none works by {appointment.modality}",
    )


def _modality_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {"modality": appointment.modality}


def has_no_conflict_of_interest(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The interpreter is not blocked for the appointment's client."""
    return (appointment.client, interpreter.id) not in situation.blocked


def has_no_conflict_of_interest_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    result = numpy.ones(block.shape, dtype=bool)
    blocked = block.situation.blocked_by_client
    if blocked:
        for row, appointment in enumerate(block.appointments):
            for interpreter_id in blocked.get(appointment.client, ()):
                column = block.column_of.get(interpreter_id)
                if column is not None:
                    result[row, column] = False
    return result


def _conflict_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    blocked = sorted(row.id for row in remaining)
    return (
        {"speakers": funnel.speakers, "blocked_interpreters": blocked},
        f"every qualified {appointment.language} interpreter ({', '.join(blocked)}) "
        f"has a conflict of interest with client {appointment.client}",
    )


def is_not_excluded(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """The pair is not ruled out for this run (already offered, or declined)."""
    return (appointment.id, interpreter.id) not in situation.excluded


def is_not_excluded_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    result = numpy.ones(block.shape, dtype=bool)
    excluded = block.situation.excluded_by_appointment
    if excluded:
        for row, appointment in enumerate(block.appointments):
            for interpreter_id in excluded.get(appointment.id, ()):
                column = block.column_of.get(interpreter_id)
                if column is not None:
                    result[row, column] = False
    return result


def _excluded_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    excluded = sorted(row.id for row in remaining)
    return (
        {"speakers": funnel.speakers, "excluded_interpreters": excluded},
        f"every qualified {appointment.language} interpreter ({', '.join(excluded)}) "
        "was excluded for this appointment",
    )


def is_available(appointment: Appointment, interpreter: Interpreter, situation: Situation) -> bool:
    """The appointment lies inside one of the interpreter's availability windows."""
    return any(
        low <= appointment.start and appointment.end <= high
        for low, high in interpreter.availability
    )


def is_available_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    # One window slot at a time: column c's k-th window against every row.
    windows = [
        sorted((seconds_of(low), seconds_of(high)) for low, high in row.availability)
        for row in block.interpreters
    ]
    slots = max(1, max((len(rows) for rows in windows), default=0))
    low = numpy.full((len(windows), slots), numpy.iinfo(numpy.int64).max)
    high = numpy.full((len(windows), slots), numpy.iinfo(numpy.int64).min)
    for column, rows in enumerate(windows):
        for slot, (opening, closing) in enumerate(rows):
            low[column, slot], high[column, slot] = opening, closing
    result = numpy.zeros(block.shape, dtype=bool)
    for slot in range(slots):
        result |= (low[None, :, slot] <= block.start[:, None]) & (
            block.end[:, None] <= high[None, :, slot]
        )
    return result


def _availability_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    return (
        {"speakers": funnel.speakers, "qualified": len(remaining)},
        f"{len(remaining)} qualified interpreters speak {appointment.language}, "
        f"but none is available on {funnel.when}",
    )


def home_minutes(appointment: Appointment, interpreter: Interpreter, travel: Travel) -> int:
    """One-way minutes from the interpreter's home to the appointment (0 when remote)."""
    return travel_minutes(interpreter.home, appointment.place, travel)


def is_within_travel_limit(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> bool:
    """One-way travel from home to an on-site appointment is at most `max_travel_min`."""
    limit = interpreter.max_travel_min
    if appointment.place is None or limit is None:
        return True
    return home_minutes(appointment, interpreter, situation.travel) <= limit


def is_within_travel_limit_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    result = numpy.ones(block.shape, dtype=bool)
    on_site = numpy.array([row.place is not None for row in block.appointments], dtype=bool)
    limit = numpy.array(
        [-1 if row.max_travel_min is None else row.max_travel_min for row in block.interpreters],
        dtype=numpy.int64,
    )
    # Travel is computed only where it decides something: still allowed, on site, limited.
    rows, columns = numpy.nonzero(allowed & on_site[:, None] & (limit >= 0)[None, :])
    if len(rows):
        result[rows, columns] = block.home_minutes(rows, columns) <= limit[columns]
    return result


def _travel_reason(
    appointment: Appointment, remaining: Sequence[Interpreter], funnel: Funnel
) -> tuple[dict[str, Any], str]:
    nearest = min(home_minutes(appointment, row, funnel.situation.travel) for row in remaining)
    return (
        {"speakers": funnel.speakers, "available": len(remaining), "nearest_travel_min": nearest},
        f"{len(remaining)} available {appointment.language} interpreters, but the place is "
        f"beyond their travel limit (nearest: {nearest} min away)",
    )


def _travel_warning(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {
        "travel_min": home_minutes(appointment, interpreter, situation.travel),
        "limit": interpreter.max_travel_min,
    }


# -- booking rules: what one interpreter's appointments may be together ----------------------


def clash(first_start: Any, first_end: Any, second_start: Any, travel_s: Any) -> Any:
    """Two bookings of one interpreter clash: they start together, or the gap after the first
    (the one starting earlier) is shorter than the travel from its place to the second's (an
    overlap is a negative gap).

    Works on integers (one pair) and numpy arrays (many pairs) alike.
    """
    return (second_start - first_end < travel_s) | (first_start == second_start)


def within_weekly_limit(booked_s: Any, duration: Any, limit: Any) -> Any:
    """The seconds already booked plus this appointment's stay within the weekly allowance.

    Works on numbers (one booking) and numpy arrays (many) alike.
    """
    return booked_s + duration <= limit


def within_heavy_cap(booked_heavy: Any, heavy: Any, cap: Any) -> Any:
    """A heavy appointment fits when fewer than `cap` heavy ones are held; others always fit.

    Works on numbers (one booking) and numpy arrays (many) alike.
    """
    # "heavy implies room" as `heavy <= room` on booleans: the same on numbers and arrays,
    # and cheap in greedy's hot path (no array built per call).
    return heavy <= (booked_heavy + 1 <= cap)


def heavy_cap(interpreter: Interpreter) -> float:
    """How many heavy appointments the interpreter may take (infinite without a cap)."""
    return math.inf if interpreter.max_heavy is None else interpreter.max_heavy


def has_no_clash(appointment: Appointment, interpreter: Interpreter, bookings: Bookings) -> bool:
    """The interpreter holds nothing that clashes with this appointment (time and travel)."""
    return not bookings.clash


def has_no_clash_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    return numpy.ones(block.shape, dtype=bool)


def has_the_minutes(appointment: Appointment, interpreter: Interpreter, bookings: Bookings) -> bool:
    """The interpreter's booked minutes, with this appointment, stay within `max_minutes`."""
    return bool(
        within_weekly_limit(bookings.booked_s, duration_s(appointment), limit_s(interpreter))
    )


def has_the_minutes_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    duration = numpy.maximum(0, block.end - block.start)
    limit = numpy.array([limit_s(row) for row in block.interpreters], dtype=numpy.float64)
    return within_weekly_limit(0, duration[:, None], limit[None, :])


def has_heavy_room(appointment: Appointment, interpreter: Interpreter, bookings: Bookings) -> bool:
    """A heavy appointment keeps the interpreter within `max_heavy` heavy ones (duty of care)."""
    return bool(within_heavy_cap(bookings.heavy, appointment.heavy, heavy_cap(interpreter)))


def has_heavy_room_many(block: Block, allowed: numpy.ndarray) -> numpy.ndarray:
    heavy = numpy.array([row.heavy for row in block.appointments], dtype=bool)
    cap = numpy.array([heavy_cap(row) for row in block.interpreters], dtype=numpy.float64)
    return numpy.asarray(within_heavy_cap(0, heavy[:, None], cap[None, :]), dtype=bool)


def _heavy_warning(
    appointment: Appointment, interpreter: Interpreter, bookings: Bookings
) -> dict[str, Any]:
    return {"heavy": bookings.heavy, "limit": interpreter.max_heavy}


def _minutes_warning(
    appointment: Appointment, interpreter: Interpreter, bookings: Bookings
) -> dict[str, Any]:
    return {"booked": int(bookings.booked_s // 60), "limit": interpreter.max_minutes}


# -- the table --------------------------------------------------------------------------------

PairPredicate = Callable[[Appointment, Interpreter, Situation], bool]
BookingPredicate = Callable[[Appointment, Interpreter, Bookings], bool]
Twin = Callable[[Block, numpy.ndarray], numpy.ndarray]
Reason = Callable[[Appointment, Sequence[Interpreter], "Funnel"], tuple[dict[str, Any], str]]


def _no_data(
    appointment: Appointment, interpreter: Interpreter, situation: Situation
) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class PairRule:
    """A rule on one interpreter × one appointment (see the field legend above)."""

    code: str | None
    warning: str | None
    statement: str
    holds: PairPredicate
    holds_many: Twin
    reason: Reason | None = None
    warning_data: Callable[[Appointment, Interpreter, Situation], dict[str, Any]] = _no_data


@dataclass(frozen=True)
class BookingRule:
    """A rule on what one interpreter's appointments may be together (see the legend)."""

    warning: str
    statement: str
    holds: BookingPredicate
    holds_many: Twin
    data_key: str
    label: str
    """How the reason's English sentence counts the interpreters this rule rules out."""
    code: str | None = None
    """The reason code when this rule rules out every candidate (None: `fully_booked`)."""
    warning_data: Callable[[Appointment, Interpreter, Bookings], dict[str, Any]] = (
        lambda appointment, interpreter, bookings: {}
    )


@dataclass(frozen=True)
class Funnel:
    """What a pair rule's reason may quote besides the interpreters it ruled out."""

    situation: Situation
    speakers: int = 0
    """How many interpreters passed the first rule (speak the language at the level)."""
    when: str = ""


def _row(holds: PairPredicate, **fields: Any) -> PairRule:
    # The statement is the predicate's docstring: the rule is worded where it is written.
    return PairRule(statement=(holds.__doc__ or "").strip(), holds=holds, **fields)


def _booking_row(holds: BookingPredicate, **fields: Any) -> BookingRule:
    return BookingRule(statement=(holds.__doc__ or "").strip(), holds=holds, **fields)


FULLY_BOOKED = "fully_booked"
"""The reason when every interpreter the pair rules allow is ruled out by a booking rule."""

PAIR_RULES: tuple[PairRule, ...] = (
    _row(
        speaks_the_language,
        code="no_speaker",
        warning="proficiency_below",
        holds_many=speaks_the_language_many,
        reason=_language_reason,
        warning_data=_language_warning,
    ),
    _row(
        has_a_valid_time,
        code="invalid_time",
        warning=None,
        holds_many=has_a_valid_time_many,
        reason=_time_reason,
    ),
    _row(
        has_the_level,
        code="level_requirement",
        warning="level_below",
        holds_many=has_the_level_many,
        reason=_level_reason,
        warning_data=_level_warning,
    ),
    # Format 2's `level_until`: a lapsed level counts as 0 (the level rule above has passed).
    _row(
        is_certified_then,
        code="certification_expired",
        warning="certification_expired",
        holds_many=is_certified_then_many,
        reason=_certification_reason,
        warning_data=_certification_warning,
    ),
    _row(
        has_the_skills,
        code="skill_missing",
        warning="skill_missing",
        holds_many=has_the_skills_many,
        reason=_skills_reason,
        warning_data=_skills_warning,
    ),
    _row(
        has_the_gender,
        code="gender_requirement",
        warning="gender_differs",
        holds_many=has_the_gender_many,
        reason=_gender_reason,
        warning_data=_gender_warning,
    ),
    _row(
        offers_the_modality,
        code="modality_not_offered",
        warning="modality_not_offered",
        holds_many=offers_the_modality_many,
        reason=_modality_reason,
        warning_data=_modality_warning,
    ),
    _row(
        has_no_conflict_of_interest,
        code="conflict_of_interest",
        warning="conflict_of_interest",
        holds_many=has_no_conflict_of_interest_many,
        reason=_conflict_reason,
    ),
    _row(
        is_not_excluded,
        code="excluded",
        warning="already_offered",
        holds_many=is_not_excluded_many,
        reason=_excluded_reason,
    ),
    _row(
        is_available,
        code="not_available",
        warning="not_available",
        holds_many=is_available_many,
        reason=_availability_reason,
    ),
    _row(
        is_within_travel_limit,
        code="travel_limit",
        warning="travel_limit",
        holds_many=is_within_travel_limit_many,
        reason=_travel_reason,
        warning_data=_travel_warning,
    ),
)

BOOKING_RULES: tuple[BookingRule, ...] = (
    _booking_row(
        has_no_clash,
        warning="busy",
        holds_many=has_no_clash_many,
        data_key="busy_at_time",
        label="busy then",
    ),
    _booking_row(
        has_the_minutes,
        warning="over_weekly_limit",
        holds_many=has_the_minutes_many,
        data_key="out_of_minutes",
        label="out of hours",
        warning_data=_minutes_warning,
    ),
    _booking_row(
        has_heavy_room,
        warning="over_heavy_cap",
        holds_many=has_heavy_room_many,
        data_key="at_heavy_cap",
        label="at their cap of heavy assignments",
        code="heavy_cap",
        warning_data=_heavy_warning,
    ),
)

REASON_CODES: tuple[str, ...] = (
    *(rule.code for rule in PAIR_RULES if rule.code is not None),
    FULLY_BOOKED,
    *(rule.code for rule in BOOKING_RULES if rule.code is not None),
)
"""Every code an unassigned appointment can carry, in the order of the table."""


# -- reading the table ------------------------------------------------------------------------


def may_take(appointment: Appointment, interpreter: Interpreter, situation: Situation) -> bool:
    """Every pair rule holds, and the appointment alone fits the booking rules."""
    return all(rule.holds(appointment, interpreter, situation) for rule in PAIR_RULES) and all(
        rule.holds(appointment, interpreter, NOTHING_BOOKED) for rule in BOOKING_RULES
    )


def may_take_many(block: Block) -> numpy.ndarray:
    """`may_take` for every (row, column) of the block, row by row of the table."""
    allowed = numpy.ones(block.shape, dtype=bool)
    for twin in [rule.holds_many for rule in PAIR_RULES] + [
        rule.holds_many for rule in BOOKING_RULES
    ]:
        allowed &= twin(block, allowed)
    return allowed


def override_warnings(
    appointment: Appointment,
    interpreter: Interpreter,
    *,
    windows: Sequence[tuple[datetime, datetime]] | None = None,
    booked_minutes: int = 0,
    busy: bool = False,
    conflict_of_interest: bool = False,
    already_offered: bool = False,
    certification_lapses: datetime | None = None,
    travel: Travel = DEFAULT_TRAVEL,
    heavy_booked: int = 0,
) -> list[tuple[str, dict[str, Any]]]:
    """Every hard rule this pairing breaks, as (warning code, data), in the table's order.

    For a coordinator who assigns by hand. `interpreter.languages` holds the proficiency in
    the appointment's language; `interpreter.max_minutes` is the whole weekly limit and
    `booked_minutes` what is already booked that week; `windows` (default: the interpreter's
    `availability`) are their availability windows; `busy`: something they hold clashes with
    the appointment, travel included; `conflict_of_interest`: they are blocked for the client;
    `already_offered`: the pair was offered already; `certification_lapses`: the first moment
    their certification no longer covers (None: no expiry); `travel`: how travel is estimated;
    `heavy_booked`: the heavy appointments they already hold against `max_heavy`.
    """
    if windows is not None:
        interpreter = dataclasses.replace(interpreter, availability=tuple(windows))
    situation = Situation(
        travel=travel,
        blocked=frozenset({(appointment.client, interpreter.id)} if conflict_of_interest else ()),
        excluded=frozenset({(appointment.id, interpreter.id)} if already_offered else ()),
        certification_lapses=(
            {interpreter.id: certification_lapses} if certification_lapses is not None else {}
        ),
    )
    bookings = Bookings(clash=busy, booked_s=booked_minutes * 60, heavy=heavy_booked)
    warnings: list[tuple[str, dict[str, Any]]] = []
    for rule in PAIR_RULES:
        if rule.warning is not None and not rule.holds(appointment, interpreter, situation):
            warnings.append((rule.warning, rule.warning_data(appointment, interpreter, situation)))
    for booking_rule in BOOKING_RULES:
        if not booking_rule.holds(appointment, interpreter, bookings):
            warnings.append(
                (
                    booking_rule.warning,
                    booking_rule.warning_data(appointment, interpreter, bookings),
                )
            )
    return warnings
