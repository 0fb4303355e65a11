"""Who may take which appointment, at what cost, and why nobody could.

`Index` turns a Problem into integer positions and UTC seconds once, so that the greedy,
the LP bound, the CP-SAT models and the re-match all share the same hard-rule checks.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy

from matching.travel import EARTH_RADIUS_KM, SAME_PLACE_KM, max_travel_minutes, travel_minutes
from matching.types import Appointment, Breakdown, Interpreter, Location, Problem, Travel

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
        self.priority = [row.priority for row in self.appointments]
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
        on_site = [row.place for row in self.appointments]
        self.latitude = numpy.radians([0.0 if p is None else p.lat for p in on_site])
        self.longitude = numpy.radians([0.0 if p is None else p.lon for p in on_site])
        self.on_site = numpy.array([p is not None for p in on_site], dtype=bool)
        self.start_array = numpy.array(self.start, dtype=numpy.int64)
        self.end_array = numpy.array(self.end, dtype=numpy.int64)
        self._candidate_set: set[Pair] = set()
        self._eligible_for: dict[int, list[int]] = defaultdict(list)
        self._cliques: dict[int, list[list[int]]] = {}
        self._cliques_containing: dict[int, dict[int, list[int]]] = {}
        self.prepared = False
        """True once every appointment's candidates were computed at once (`prepare`)."""

    # -- all candidates at once ----------------------------------------------------------------

    def prepare(self) -> None:
        """Compute every appointment's candidates at once, language by language, with numpy.

        Gives exactly what `candidates` gives one appointment at a time (the tests compare
        both); numpy only filters, and every travel time near a rounding edge is recomputed
        with the exact formula, so no pair is admitted or priced differently.
        """
        if self.prepared:
            return
        appointments, interpreters = self.appointments, self.interpreters
        start = numpy.array(self.start, dtype=numpy.int64)
        end = numpy.array(self.end, dtype=numpy.int64)
        duration = numpy.array(self.duration, dtype=numpy.int64)
        capacity = numpy.array(self.capacity, dtype=numpy.float64)
        by_language: dict[str, list[int]] = defaultdict(list)
        for a, appointment in enumerate(appointments):
            if self.end[a] >= self.start[a] and a not in self._candidates:
                by_language[appointment.language].append(a)
        blocked_by_client: dict[str | None, set[str]] = defaultdict(set)
        for client, interpreter_id in self.problem.blocked:
            blocked_by_client[client].add(interpreter_id)
        excluded_by_appointment: dict[str, set[str]] = defaultdict(set)
        for appointment_id, interpreter_id in self.excluded_pairs:
            excluded_by_appointment[appointment_id].add(interpreter_id)
        for language, rows in by_language.items():
            speakers = self.speakers.get(language, [])
            if not speakers:
                for a in rows:
                    self._candidates[a] = []
                continue
            a_pos = numpy.array(rows, dtype=numpy.int64)
            s_pos = numpy.array(speakers, dtype=numpy.int64)
            need = numpy.array([appointments[a].min_proficiency for a in rows])[:, None]
            min_level = numpy.array([appointments[a].min_level for a in rows])[:, None]
            proficiency = numpy.array([interpreters[i].languages[language] for i in speakers])
            level = numpy.array([interpreters[i].level for i in speakers])
            allowed = (proficiency[None, :] >= need) & (level[None, :] >= min_level)
            # Gender and modality: one comparison per distinct value, not per pair.
            genders = [appointments[a].gender or "" for a in rows]
            for gender in set(genders) - {""}:
                wanted = numpy.array([value == gender for value in genders])[:, None]
                matches = numpy.array([interpreters[i].gender == gender for i in speakers])
                allowed &= ~wanted | matches[None, :]
            modalities = [appointments[a].modality for a in rows]
            for modality in set(modalities):
                wanted = numpy.array([value == modality for value in modalities])[:, None]
                offers = numpy.array([modality in interpreters[i].modalities for i in speakers])
                allowed &= ~wanted | offers[None, :]
            # Rule 3: inside one availability window (one window slot at a time).
            window_count = max(len(self.windows[i]) for i in speakers)
            low = numpy.full((len(speakers), max(1, window_count)), numpy.iinfo(numpy.int64).max)
            high = numpy.full((len(speakers), max(1, window_count)), numpy.iinfo(numpy.int64).min)
            for column, i in enumerate(speakers):
                for slot, (opening, closing) in enumerate(self.windows[i]):
                    low[column, slot], high[column, slot] = opening, closing
            inside = numpy.zeros_like(allowed)
            for slot in range(window_count):
                inside |= (low[None, :, slot] <= start[a_pos][:, None]) & (
                    end[a_pos][:, None] <= high[None, :, slot]
                )
            allowed &= inside
            allowed &= duration[a_pos][:, None] <= capacity[s_pos][None, :]
            row_of, column_of = numpy.nonzero(allowed)
            found: dict[int, list[tuple[int, int]]] = {a: [] for a in rows}
            for row, column in zip(row_of.tolist(), column_of.tolist(), strict=True):
                a, i = rows[row], speakers[column]
                appointment, interpreter = appointments[a], interpreters[i]
                if interpreter.id in blocked_by_client.get(appointment.client, ()):
                    continue
                if interpreter.id in excluded_by_appointment.get(appointment.id, ()):
                    continue
                found[a].append((a, i))
            self._price(found)
        for a in range(len(appointments)):
            for _, i in self.candidates(a):
                self._eligible_for[i].append(a)
                self._candidate_set.add((a, i))
        self.prepared = True

    def excluding(self, excluded_pairs: frozenset[tuple[str, str]]) -> Index:
        """This prepared index with some (appointment id, interpreter id) pairs ruled out.

        Shares every cache with this one (nothing is recomputed), so a re-match after a
        declined offer costs only the neighbourhood it re-solves.
        """
        self.prepare()
        view = copy.copy(self)
        view.excluded_pairs = self.excluded_pairs | excluded_pairs
        view._candidates = dict(self._candidates)
        for appointment_id, interpreter_id in excluded_pairs:
            a = self.appointment_position.get(appointment_id)
            i = self.interpreter_position.get(interpreter_id)
            if a is not None and i is not None:
                view._candidates[a] = [row for row in view._candidates[a] if row[1] != i]
        return view

    @property
    def pair_costs(self) -> dict[Pair, PairCost]:
        """The cost terms of every pair priced so far (every eligible pair once prepared)."""
        return self._pair_cost

    @property
    def candidate_pairs(self) -> set[Pair]:
        """Every eligible pair, before the exclusions of this run (see `excluded_pairs`)."""
        self.prepare()
        return self._candidate_set

    def is_candidate(self, a: int, i: int) -> bool:
        """Interpreter i may take appointment a (rules 2 to 4)."""
        self.prepare()
        return (a, i) in self._candidate_set and (
            self.appointments[a].id,
            self.interpreters[i].id,
        ) not in self.excluded_pairs

    def eligible_for(self, i: int) -> list[int]:
        """The appointments interpreter i may take (rules 2 to 4), in position order."""
        self.prepare()
        return self._eligible_for.get(i, [])

    def cliques_of(self, i: int) -> list[list[int]]:
        """Interpreter i's conflict groups over everything they may take (computed once).

        Restricted to any subset of appointments they still cover every conflict in it.
        """
        known = self._cliques.get(i)
        if known is None:
            known = self._cliques[i] = self.conflict_cliques(self.eligible_for(i))
            containing: dict[int, list[int]] = defaultdict(list)
            for number, clique in enumerate(known):
                for a in clique:
                    containing[a].append(number)
            self._cliques_containing[i] = containing
        return known

    def cliques_among(self, i: int, appointments: list[int]) -> list[list[int]]:
        """Interpreter i's conflict groups restricted to these appointments (two or more)."""
        cliques = self.cliques_of(i)
        containing = self._cliques_containing[i]
        present = set(appointments)
        numbers = sorted({number for a in appointments for number in containing.get(a, ())})
        found = []
        for number in numbers:
            members = [a for a in cliques[number] if a in present]
            if len(members) > 1:
                found.append(members)
        return found

    def _price(self, found: dict[int, list[Pair]]) -> None:
        """Travel, rule 4 and cost of the pairs found, vectorised; stores sorted candidates."""
        pairs = [pair for rows in found.values() for pair in rows]
        homes = [self.interpreters[i].home for _, i in pairs]
        places = [self.appointments[a].place for a, _ in pairs]
        minutes = travel_minutes_many(homes, places, self.problem.travel)
        weights = self.problem.weights
        history = self.problem.history
        for (a, i), one_way in zip(pairs, minutes, strict=True):
            appointment, interpreter = self.appointments[a], self.interpreters[i]
            limit = interpreter.max_travel_min
            if appointment.place is not None and limit is not None and one_way > limit:
                continue
            miss = (
                appointment.client in self.history_clients
                and (appointment.client, interpreter.id) not in history
            )
            gap = max(0, 5 - interpreter.languages.get(appointment.language, 0))
            cost = PairCost(
                travel_minutes=2 * one_way,
                continuity_miss=miss,
                proficiency_gap=gap,
                cost=weights.travel_minute * 2 * one_way
                + weights.continuity_miss * int(miss)
                + weights.proficiency_gap * gap,
            )
            self._pair_cost[a, i] = cost
            self._candidates.setdefault(a, []).append((cost.cost, i))
        for a in found:
            self._candidates.setdefault(a, []).sort()

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

    def travel_matrix(self, positions: list[int]) -> numpy.ndarray:
        """Seconds of travel between the places of these appointments, exactly as the README."""
        chosen = numpy.array(positions, dtype=numpy.int64)
        lat, lon = self.latitude[chosen], self.longitude[chosen]
        half_chord = (
            numpy.sin((lat[None, :] - lat[:, None]) / 2) ** 2
            + numpy.cos(lat[:, None])
            * numpy.cos(lat[None, :])
            * numpy.sin((lon[None, :] - lon[:, None]) / 2) ** 2
        )
        kilometres = 2 * EARTH_RADIUS_KM * numpy.arcsin(numpy.sqrt(numpy.minimum(half_chord, 1.0)))
        travel = self.problem.travel
        driving = kilometres * travel.detour_factor / travel.speed_kmh * 60
        minutes = (travel.overhead_min + numpy.ceil(driving)).astype(numpy.int64)
        minutes[kilometres < SAME_PLACE_KM] = 0
        remote = ~self.on_site[chosen]
        minutes[remote, :] = 0
        minutes[:, remote] = 0
        edge = (numpy.abs(driving - numpy.round(driving)) < 1e-6) | (
            numpy.abs(kilometres - SAME_PLACE_KM) < 1e-9
        )
        edge[remote, :] = False
        edge[:, remote] = False
        for row, column in zip(*numpy.nonzero(edge), strict=True):
            minutes[row, column] = self.travel_between(positions[row], positions[column]) // 60
        return 60 * minutes

    def conflict_cliques(self, appointments: list[int]) -> list[list[int]]:
        """Groups of these appointments that pairwise conflict (rule 5), covering every conflict.

        For one interpreter: "at most one of each group" is then exactly "no two conflicting
        appointments", with far fewer and stronger constraints than one per pair. Greedy cover:
        in start order, each appointment's uncovered conflicts with later ones are grown into
        groups of appointments that all conflict with each other.
        """
        order = sorted(appointments, key=lambda a: (self.start[a], self.end[a], a))
        cliques: list[list[int]] = []
        latest_end = None
        blocks: list[list[int]] = []
        for a in order:
            if latest_end is None or self.start[a] >= latest_end + self.max_travel_s:
                blocks.append([])
                latest_end = self.end[a]
            blocks[-1].append(a)
            latest_end = max(latest_end, self.end[a])
        for block in blocks:
            if len(block) < 2:
                continue
            positions = numpy.array(block, dtype=numpy.int64)
            starts, ends = self.start_array[positions], self.end_array[positions]
            gap = starts[None, :] - ends[:, None]
            conflicting = (gap < self.travel_matrix(block)) | (starts[None, :] == starts[:, None])
            # Symmetric: an appointment conflicts with a later one when the earlier one (row)
            # leaves too little time; mirror the upper triangle.
            upper = numpy.triu(conflicting, 1)
            cliques.extend(
                [block[m] for m in members] for members in _clique_cover(upper | upper.T)
            )
        return cliques

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


def _clique_cover(adjacent: numpy.ndarray) -> list[list[int]]:
    """Cliques covering every edge of a graph given by its symmetric adjacency matrix.

    Vertices are in start order. Each vertex's uncovered edges to later vertices are grown
    greedily (in order) into cliques. Rows are Python integers used as bit sets, which keeps
    the inner loop cheap.
    """
    rows = [
        int.from_bytes(numpy.packbits(row, bitorder="little").tobytes(), "little")
        for row in adjacent
    ]
    covered = [0] * len(rows)
    cliques: list[list[int]] = []
    for p, neighbours in enumerate(rows):
        later = neighbours >> (p + 1) << (p + 1)
        uncovered = later & ~covered[p]
        while uncovered:
            q = (uncovered & -uncovered).bit_length() - 1
            members = [p, q]
            common = later & rows[q]
            while common:
                r = (common & -common).bit_length() - 1
                members.append(r)
                common &= rows[r]
            mask = 0
            for member in members:
                mask |= 1 << member
            for member in members:
                covered[member] |= mask
            members.sort()
            cliques.append(members)
            uncovered = later & ~covered[p]
    return cliques


def travel_minutes_many(
    firsts: list[Location | None], seconds: list[Location | None], travel: Travel
) -> list[int]:
    """`travel_minutes` for many pairs of places at once; the same integers, exactly.

    numpy may differ from the math module in the last bit, so every value within a hair of a
    rounding edge (the 50 m rule, a whole minute) is recomputed with the exact formula.
    """
    count = len(firsts)
    known = [k for k in range(count) if firsts[k] is not None and seconds[k] is not None]
    result = [0] * count
    if not known:
        return result
    lat1 = numpy.radians([firsts[k].lat for k in known])  # type: ignore[union-attr]
    lon1 = numpy.radians([firsts[k].lon for k in known])  # type: ignore[union-attr]
    lat2 = numpy.radians([seconds[k].lat for k in known])  # type: ignore[union-attr]
    lon2 = numpy.radians([seconds[k].lon for k in known])  # type: ignore[union-attr]
    half_chord = (
        numpy.sin((lat2 - lat1) / 2) ** 2
        + numpy.cos(lat1) * numpy.cos(lat2) * numpy.sin((lon2 - lon1) / 2) ** 2
    )
    kilometres = 2 * EARTH_RADIUS_KM * numpy.arcsin(numpy.sqrt(half_chord))
    driving = kilometres * travel.detour_factor / travel.speed_kmh * 60
    minutes = travel.overhead_min + numpy.ceil(driving)
    minutes[kilometres < SAME_PLACE_KM] = 0
    edge = (numpy.abs(driving - numpy.round(driving)) < 1e-6) | (
        numpy.abs(kilometres - SAME_PLACE_KM) < 1e-9
    )
    values = minutes.astype(numpy.int64).tolist()
    for position in numpy.flatnonzero(edge).tolist():
        k = known[position]
        values[position] = travel_minutes(firsts[k], seconds[k], travel)
    for position, k in enumerate(known):
        result[k] = values[position]
    return result


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
