"""Who may take which appointment, at what cost, and why nobody could.

`Index` turns a Problem into integer positions and UTC seconds once, so that the greedy,
the LP bound, the CP-SAT models and the re-match all share the same hard-rule checks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from matching.travel import max_travel_minutes, travel_minutes
from matching.types import Appointment, Breakdown, Interpreter, Problem

# Positions: `a` is an appointment's position in problem.appointments, `i` an interpreter's
# position in problem.interpreters. A pair (a, i) means "interpreter i takes appointment a".
Pair = tuple[int, int]


@dataclass(frozen=True)
class PairCost:
    """What one eligible pair costs, term by term."""

    travel_minutes: int
    continuity_miss: bool
    proficiency_gap: int
    cost: int


def _seconds(appointment: Appointment) -> tuple[int, int]:
    return int(appointment.start.timestamp()), int(appointment.end.timestamp())


class Index:
    """A Problem prepared for solving: times in UTC seconds, eligible pairs, conflicts."""

    def __init__(self, problem: Problem, excluded_pairs: frozenset[tuple[str, str]] = frozenset()):
        self.problem = problem
        self.appointments = problem.appointments
        self.interpreters = problem.interpreters
        self.appointment_position = {row.id: a for a, row in enumerate(self.appointments)}
        self.interpreter_position = {row.id: i for i, row in enumerate(self.interpreters)}
        self.excluded_pairs = excluded_pairs
        """(appointment id, interpreter id) pairs ruled out for this run (e.g. a declined offer)."""
        times = [_seconds(row) for row in self.appointments]
        self.start = [start for start, _ in times]
        self.end = [end for _, end in times]
        self.duration = [max(0, end - start) for start, end in times]
        self.capacity: list[float] = [
            math.inf if row.max_minutes is None else row.max_minutes * 60
            for row in self.interpreters
        ]
        self.windows: list[list[tuple[int, int]]] = [
            sorted(
                (int(start.timestamp()), int(end.timestamp())) for start, end in row.availability
            )
            for row in self.interpreters
        ]
        self.speakers: dict[str, list[int]] = defaultdict(list)
        for i, interpreter in enumerate(self.interpreters):
            for language in interpreter.languages:
                self.speakers[language].append(i)
        self.history_clients = {client for client, _ in problem.history}
        places = [row.place for row in self.appointments if row.place is not None]
        self.max_travel_s = 60 * max_travel_minutes(places, problem.travel)
        self._candidates: dict[int, list[tuple[int, int]]] = {}
        self._pair_cost: dict[Pair, PairCost] = {}
        self._travel_between: dict[tuple[int, int], int] = {}

    # -- eligibility -------------------------------------------------------------------------

    def is_available(self, i: int, a: int) -> bool:
        """Rule 3: the appointment lies inside one of the interpreter's availability windows."""
        start, end = self.start[a], self.end[a]
        return any(low <= start and end <= high for low, high in self.windows[i])

    def home_minutes(self, i: int, a: int) -> int:
        """One-way minutes from the interpreter's home to the appointment (0 when remote)."""
        return travel_minutes(
            self.interpreters[i].home, self.appointments[a].place, self.problem.travel
        )

    def qualifies(self, interpreter: Interpreter, appointment: Appointment) -> bool:
        """Rule 2: language at the level, level, gender, modality, not blocked."""
        return (
            interpreter.languages.get(appointment.language, 0) >= appointment.min_proficiency
            and interpreter.level >= appointment.min_level
            and (not appointment.gender or interpreter.gender == appointment.gender)
            and appointment.modality in interpreter.modalities
            and (appointment.client, interpreter.id) not in self.problem.blocked
            and (appointment.id, interpreter.id) not in self.excluded_pairs
        )

    def pair_cost(self, a: int, i: int) -> PairCost:
        """The cost terms of interpreter i taking appointment a (the second score level)."""
        known = self._pair_cost.get((a, i))
        if known is not None:
            return known
        appointment, interpreter = self.appointments[a], self.interpreters[i]
        weights = self.problem.weights
        round_trip = 2 * self.home_minutes(i, a)
        continuity_miss = (
            appointment.client in self.history_clients
            and (appointment.client, interpreter.id) not in self.problem.history
        )
        gap = max(0, 5 - interpreter.languages.get(appointment.language, 0))
        cost = PairCost(
            travel_minutes=round_trip,
            continuity_miss=continuity_miss,
            proficiency_gap=gap,
            cost=weights.travel_minute * round_trip
            + weights.continuity_miss * int(continuity_miss)
            + weights.proficiency_gap * gap,
        )
        self._pair_cost[a, i] = cost
        return cost

    def candidates(self, a: int) -> list[tuple[int, int]]:
        """Every interpreter allowed to take appointment a, as (cost, i), cheapest first."""
        known = self._candidates.get(a)
        if known is not None:
            return known
        appointment = self.appointments[a]
        found: list[tuple[int, int]] = []
        if self.duration[a] > 0 or self.start[a] == self.end[a]:
            for i in self.speakers.get(appointment.language, ()):
                interpreter = self.interpreters[i]
                if not self.qualifies(interpreter, appointment):
                    continue
                if not self.is_available(i, a):
                    continue
                if self.duration[a] > self.capacity[i]:
                    continue
                # Rule 4: one-way travel from home is within the interpreter's limit.
                if appointment.place is not None and interpreter.max_travel_min is not None:
                    if self.home_minutes(i, a) > interpreter.max_travel_min:
                        continue
                found.append((self.pair_cost(a, i).cost, i))
        found.sort()
        self._candidates[a] = found
        return found

    def breakdown(self, a: int, i: int) -> Breakdown:
        """The score terms of an assignment, for the result."""
        cost = self.pair_cost(a, i)
        return Breakdown(
            travel_minutes=cost.travel_minutes,
            continuity_miss=cost.continuity_miss,
            proficiency_gap=cost.proficiency_gap,
            cost=cost.cost,
        )

    # -- conflicts between two appointments of one interpreter --------------------------------

    def travel_between(self, a: int, b: int) -> int:
        """Seconds needed to get from appointment a's place to appointment b's place."""
        key = (a, b) if a < b else (b, a)
        known = self._travel_between.get(key)
        if known is None:
            known = 60 * travel_minutes(
                self.appointments[a].place, self.appointments[b].place, self.problem.travel
            )
            self._travel_between[key] = known
        return known

    def conflict(self, a: int, b: int) -> bool:
        """Rule 5: one interpreter cannot take both (overlap, or too little time to travel)."""
        if a == b:
            return False
        if self.start[a] == self.start[b]:
            return True
        first, second = (a, b) if self.start[a] < self.start[b] else (b, a)
        gap = self.start[second] - self.end[first]
        if gap < 0:
            return True
        if gap >= self.max_travel_s:
            return False
        return gap < self.travel_between(first, second)

    # -- time clusters -----------------------------------------------------------------------

    def clusters(self, positions: list[int] | None = None) -> list[list[int]]:
        """Groups of appointments close in time; no two appointments of different groups conflict.

        A new group starts when the next appointment begins later than every earlier one ends
        plus the longest possible travel, so a day (or a night shift spanning midnight) is one
        group whatever the time zone.
        """
        order = sorted(
            range(len(self.appointments)) if positions is None else positions,
            key=lambda a: (self.start[a], self.end[a], a),
        )
        groups: list[list[int]] = []
        latest_end = None
        for a in order:
            if latest_end is None or self.start[a] >= latest_end + self.max_travel_s:
                groups.append([])
                latest_end = self.end[a]
            groups[-1].append(a)
            latest_end = max(latest_end, self.end[a])
        return groups


def total_cost(index: Index, chosen: dict[int, int]) -> int:
    """The cost of an assignment {appointment position: interpreter position}."""
    return sum(index.pair_cost(a, i).cost for a, i in chosen.items())


def served_priority(index: Index, chosen: dict[int, int]) -> int:
    """The priority served by an assignment."""
    return sum(index.appointments[a].priority for a in chosen)


def feasible_violations(index: Index, chosen: dict[int, int]) -> list[int]:
    """Appointments whose assignment breaks a hard rule (empty for a valid matching).

    The safety net behind every result: it checks what the referee checks.
    """
    bad: list[int] = []
    by_interpreter: dict[int, list[int]] = defaultdict(list)
    for a, i in chosen.items():
        appointment, interpreter = index.appointments[a], index.interpreters[i]
        if not index.qualifies(interpreter, appointment) or not index.is_available(i, a):
            bad.append(a)
            continue
        if appointment.place is not None and interpreter.max_travel_min is not None:
            if index.home_minutes(i, a) > interpreter.max_travel_min:
                bad.append(a)
                continue
        by_interpreter[i].append(a)
    for i, booked in by_interpreter.items():
        booked.sort(key=lambda a: (index.start[a], a))
        minutes = 0
        kept: list[int] = []
        for a in booked:
            if any(index.conflict(b, a) for b in kept) or (
                minutes + index.duration[a] > index.capacity[i]
            ):
                bad.append(a)
                continue
            kept.append(a)
            minutes += index.duration[a]
    return bad


def appointment_data(index: Index, a: int) -> dict[str, Any]:
    """The facts about an appointment that every reason repeats."""
    appointment = index.appointments[a]
    return {
        "language": appointment.language,
        "min_proficiency": appointment.min_proficiency,
        "start": appointment.start.isoformat(),
        "end": appointment.end.isoformat(),
        "modality": appointment.modality,
    }
