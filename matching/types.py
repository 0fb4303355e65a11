"""Typed, immutable values that the matcher reads and returns.

The JSON formats `lisko-matching/1` and `/2` are converted to these at the edge (see `matching.io`);
everything inside the package works on these objects. Times are aware datetimes; the solver
compares them as UTC seconds, so offsets never matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ON_SITE = "on_site"
PHONE = "phone"
VIDEO = "video"


@dataclass(frozen=True)
class Travel:
    """How travel minutes between two places are estimated."""

    speed_kmh: float = 30.0
    detour_factor: float = 1.3
    overhead_min: int = 10


@dataclass(frozen=True)
class Weights:
    """Weights of the cost terms (the second level of the lexicographic score)."""

    travel_minute: int = 1
    continuity_miss: int = 30
    proficiency_gap: int = 10
    slot_change: int = 20
    """Serving an appointment at one of its alternative times rather than the first choice."""


@dataclass(frozen=True)
class Location:
    """A place on the map, in degrees."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Appointment:
    """A request for an interpreter at a given time, in a given language."""

    id: str
    start: datetime
    end: datetime
    language: str
    modality: str = ON_SITE
    location: Location | None = None
    client: str | None = None
    priority: int = 1
    min_level: int = 0
    min_proficiency: int = 3
    gender: str | None = None
    slots: tuple[tuple[datetime, datetime], ...] = ()
    """Alternative (start, end) times the client can also come; start/end is the first choice."""
    skills: frozenset[str] = frozenset()
    """Specialisations the interpreter must have (medical, legal, therapy, ...)."""
    heavy: bool = False
    """Emotionally heavy (therapy, hearings, violence): counts against `max_heavy`."""

    @property
    def times(self) -> tuple[tuple[datetime, datetime], ...]:
        """Every time it can be served at: the first choice, then each distinct alternative.

        An alternative starting when an earlier time starts is left out: a result names the
        chosen time by its start alone.
        """
        found = [(self.start, self.end)]
        for start, end in self.slots:
            if all(start != known for known, _ in found):
                found.append((start, end))
        return tuple(found)

    @property
    def place(self) -> Location | None:
        """Where the interpreter must be, or None for phone and video appointments."""
        return self.location if self.modality == ON_SITE else None


@dataclass(frozen=True)
class Interpreter:
    """An intercultural interpreter with languages, availability and limits."""

    id: str
    languages: dict[str, int] = field(default_factory=dict)
    level: int = 0
    gender: str | None = None
    home: Location | None = None
    modalities: tuple[str, ...] = (ON_SITE,)
    availability: tuple[tuple[datetime, datetime], ...] = ()
    max_minutes: int | None = None
    max_travel_min: int | None = None
    skills: frozenset[str] = frozenset()
    level_until: datetime | None = None
    """The certification lapses then: for an appointment ending later, `level` counts as 0."""
    max_heavy: int | None = None
    """At most this many heavy appointments in the instance (None: no cap)."""

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class Problem:
    """One matching instance: appointments, interpreters, history and blocked pairs."""

    appointments: tuple[Appointment, ...] = ()
    interpreters: tuple[Interpreter, ...] = ()
    history: frozenset[tuple[str, str]] = frozenset()
    """(client, interpreter) pairs who have worked together before."""
    blocked: frozenset[tuple[str, str]] = frozenset()
    """(client, interpreter) pairs that must never be matched (conflict of interest)."""
    travel: Travel = Travel()
    weights: Weights = Weights()


@dataclass(frozen=True)
class Breakdown:
    """The cost terms of one assignment, as the score counts them."""

    travel_minutes: int
    """Round-trip minutes from the interpreter's home (0 for remote appointments)."""
    continuity_miss: bool
    """The client has history, and this interpreter is not part of it."""
    proficiency_gap: int
    """5 minus the interpreter's proficiency in the appointment's language."""
    cost: int
    """The weighted sum of the terms."""
    slot_change: bool = False
    """Served at an alternative time rather than the first choice."""


@dataclass(frozen=True)
class Candidate:
    """Another interpreter who could take an appointment, with what it would cost."""

    interpreter_id: str
    cost: int
    free: bool
    """True when the interpreter could take it without dropping anything else."""


@dataclass(frozen=True)
class Assignment:
    """This interpreter takes this appointment."""

    appointment_id: str
    interpreter_id: str
    breakdown: Breakdown | None = None
    alternatives: tuple[Candidate, ...] = ()
    start: datetime | None = None
    """The chosen time's start when it is one of the appointment's alternative `slots`;
    None: the first choice (the appointment's own start)."""


@dataclass(frozen=True)
class Unassigned:
    """An appointment left without interpreter, with a machine-readable reason."""

    appointment_id: str
    code: str
    data: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class Figures:
    """How good the result is, and what is proven about the optimum."""

    served_priority: int = 0
    total_priority: int = 0
    cost: int = 0
    bound_priority: int = 0
    """No feasible matching serves more priority than this."""
    bound_cost: int = 0
    """No matching serving at least `served_priority` costs less than this."""
    wall_s: float = 0.0
    deterministic: bool = True
    """False when the wall-clock safety limit cut a search short."""

    @property
    def priority_gap(self) -> float:
        """Relative distance of the served priority from its proven bound."""
        if self.bound_priority <= 0:
            return 0.0
        return max(0.0, (self.bound_priority - self.served_priority) / self.bound_priority)

    @property
    def cost_gap(self) -> float:
        """Relative distance of the cost from its proven lower bound."""
        if self.cost <= 0:
            return 0.0
        return max(0.0, (self.cost - self.bound_cost) / self.cost)


OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"
EMPTY = "EMPTY"


@dataclass(frozen=True)
class Result:
    """What the matcher returns: never an exception for 'no solution'."""

    status: str
    assignments: tuple[Assignment, ...] = ()
    unassigned: tuple[Unassigned, ...] = ()
    figures: Figures = Figures()
