"""Who may take which appointment, at what cost, and why nobody could.

`Index` turns a Problem into integer positions and UTC seconds once, so that the greedy,
the LP bound, the CP-SAT models and the re-match all share the same hard-rule checks. The rules
themselves live in `matching.rules`; this module only applies them (one pair at a time, or
every pair at once with their numpy twins) and caches what they found.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy

from matching.rules import (
    Block,
    Situation,
    clash,
    duration_s,
    heavy_cap,
    home_minutes,
    limit_s,
    may_take,
    may_take_many,
    seconds_of,
    within_heavy_cap,
    within_weekly_limit,
)
from matching.travel import EARTH_RADIUS_KM, SAME_PLACE_KM, max_travel_minutes, travel_minutes
from matching.types import Appointment, Breakdown, Problem

# Positions: `a` is a *timed appointment*'s position in `Index.appointments`: first every
# appointment of problem.appointments at its first choice (so a is also its position there),
# then every alternative time of each (format 2's `slots`) as one more timed appointment of the
# same `group`. `i` is an interpreter's position in problem.interpreters. A pair (a, i) means
# "interpreter i takes this appointment at this time"; at most one of a group is served.
Pair = tuple[int, int]


@dataclass(frozen=True)
class PairCost:
    """What one eligible pair costs, term by term."""

    travel_minutes: int
    continuity_miss: bool
    proficiency_gap: int
    cost: int
    slot_change: bool = False


class Index:
    """A Problem prepared for solving: times in UTC seconds, eligible pairs, conflicts."""

    def __init__(self, problem: Problem, excluded_pairs: frozenset[tuple[str, str]] = frozenset()):
        self.problem = problem
        self.interpreters = problem.interpreters
        # Every appointment at its first choice, then each alternative time (see `Pair`).
        timed = list(problem.appointments)
        self.group: list[int] = list(range(len(timed)))
        """group[a]: the position in problem.appointments of the appointment a serves."""
        self.slot: list[int] = [0] * len(timed)
        """slot[a]: 0 for the first choice, k for the appointment's k-th alternative time."""
        self.times_of: list[list[int]] = [[a] for a in range(len(timed))]
        """times_of[g]: the timed appointments of appointment g, first choice first."""
        for g, row in enumerate(problem.appointments):
            for k, (start, end) in enumerate(row.times[1:], start=1):
                self.times_of[g].append(len(timed))
                timed.append(dataclasses.replace(row, start=start, end=end))
                self.group.append(g)
                self.slot.append(k)
        self.appointments: tuple[Appointment, ...] = tuple(timed)
        self.count = len(problem.appointments)
        """How many appointments (groups) the problem has; positions below it are first choices."""
        self.has_alternatives = len(timed) > self.count
        self.total_priority = sum(row.priority for row in problem.appointments)
        self.appointment_position = {row.id: a for a, row in enumerate(problem.appointments)}
        self.interpreter_position = {row.id: i for i, row in enumerate(self.interpreters)}
        self.excluded_pairs = excluded_pairs
        """(appointment id, interpreter id) pairs ruled out for this run (e.g. a declined offer)."""
        self.situation = Situation(
            travel=problem.travel, blocked=problem.blocked, excluded=excluded_pairs
        )
        self.start = [seconds_of(row.start) for row in self.appointments]
        self.end = [seconds_of(row.end) for row in self.appointments]
        self.duration = [duration_s(row) for row in self.appointments]
        self.priority = [row.priority for row in self.appointments]
        self.capacity: list[float] = [limit_s(row) for row in self.interpreters]
        """capacity[i]: interpreter i's weekly allowance in seconds (the weekly-limit rule)."""
        self.heavy = [row.heavy for row in self.appointments]
        self.heavy_capacity: list[float] = [heavy_cap(row) for row in self.interpreters]
        """heavy_capacity[i]: how many heavy appointments interpreter i may take."""
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
        both): each rule's numpy twin is tested equal to its predicate, and travel near a
        rounding edge is recomputed with the exact formula.
        """
        if self.prepared:
            return
        by_language: dict[str, list[int]] = defaultdict(list)
        for a, appointment in enumerate(self.appointments):
            if a not in self._candidates:
                by_language[appointment.language].append(a)
        for language, rows in by_language.items():
            # Only speakers can pass the language rule, so only they make the columns.
            speakers = self.speakers.get(language, [])
            block = Block(
                language,
                [self.appointments[a] for a in rows],
                [self.interpreters[i] for i in speakers],
                self.situation,
            )
            row_of, column_of = numpy.nonzero(may_take_many(block))
            self._price(block, rows, speakers, row_of, column_of)
        for a in range(len(self.appointments)):
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
        view.situation = dataclasses.replace(self.situation, excluded=view.excluded_pairs)
        view._candidates = dict(self._candidates)
        for appointment_id, interpreter_id in excluded_pairs:
            g = self.appointment_position.get(appointment_id)
            i = self.interpreter_position.get(interpreter_id)
            if g is not None and i is not None:
                # Excluded at every time of the appointment.
                for a in self.times_of[g]:
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

    def _price(
        self,
        block: Block,
        rows: list[int],
        speakers: list[int],
        row_of: numpy.ndarray,
        column_of: numpy.ndarray,
    ) -> None:
        """Cost of the allowed pairs of a block (travel reused from it); sorted candidates."""
        minutes = block.home_minutes(row_of, column_of).tolist()
        for row, column, one_way in zip(row_of.tolist(), column_of.tolist(), minutes, strict=True):
            a, i = rows[row], speakers[column]
            cost = self._cost(a, i, one_way)
            self._pair_cost[a, i] = cost
            self._candidates.setdefault(a, []).append((cost.cost, i))
        for a in rows:
            self._candidates.setdefault(a, []).sort()

    # -- eligibility -------------------------------------------------------------------------

    def home_minutes(self, i: int, a: int) -> int:
        """One-way minutes from the interpreter's home to the appointment (0 when remote)."""
        return home_minutes(self.appointments[a], self.interpreters[i], self.problem.travel)

    def may_take(self, i: int, a: int) -> bool:
        """Interpreter i may take appointment a: every pair rule holds (`matching.rules`)."""
        return may_take(self.appointments[a], self.interpreters[i], self.situation)

    def _cost(self, a: int, i: int, one_way: int) -> PairCost:
        appointment, interpreter = self.appointments[a], self.interpreters[i]
        weights = self.problem.weights
        continuity_miss = (
            appointment.client in self.history_clients
            and (appointment.client, interpreter.id) not in self.problem.history
        )
        gap = max(0, 5 - interpreter.languages.get(appointment.language, 0))
        moved = self.slot[a] > 0
        return PairCost(
            travel_minutes=2 * one_way,
            continuity_miss=continuity_miss,
            proficiency_gap=gap,
            cost=weights.travel_minute * 2 * one_way
            + weights.continuity_miss * int(continuity_miss)
            + weights.proficiency_gap * gap
            + weights.slot_change * int(moved),
            slot_change=moved,
        )

    def pair_cost(self, a: int, i: int) -> PairCost:
        """The cost terms of interpreter i taking appointment a (the second score level)."""
        known = self._pair_cost.get((a, i))
        if known is None:
            known = self._pair_cost[a, i] = self._cost(a, i, self.home_minutes(i, a))
        return known

    def candidates(self, a: int) -> list[tuple[int, int]]:
        """Every interpreter allowed to take appointment a, as (cost, i), cheapest first."""
        known = self._candidates.get(a)
        if known is not None:
            return known
        # Only speakers can pass the language rule.
        found = [
            (self.pair_cost(a, i).cost, i)
            for i in self.speakers.get(self.appointments[a].language, ())
            if self.may_take(i, a)
        ]
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
            slot_change=cost.slot_change,
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
        """One interpreter cannot take both (the clash rule, `matching.rules.clash`)."""
        if a == b:
            return False
        start = self.start
        first, second = (a, b) if start[a] <= start[b] else (b, a)
        gap = start[second] - self.end[first]
        # Travel decides only when 0 <= gap < the longest possible travel: skip it otherwise.
        travel = self.travel_between(first, second) if 0 <= gap < self.max_travel_s else 0
        return bool(clash(start[first], self.end[first], start[second], travel))

    def broken_bookings(self, i: int, booked: list[int]) -> list[int]:
        """Bookings of interpreter i that break a booking rule, given the earlier ones kept.

        The booking rules of `matching.rules` on positions and seconds (the predicates
        `within_weekly_limit` and `clash`, through `conflict`): this runs on every re-match.
        """
        kept: list[int] = []
        broken: list[int] = []
        used = 0
        heavy = 0
        for a in sorted(booked, key=lambda b: (self.start[b], b)):
            if (
                within_weekly_limit(used, self.duration[a], self.capacity[i])
                and within_heavy_cap(heavy, self.heavy[a], self.heavy_capacity[i])
                and not any(self.conflict(b, a) for b in kept)
            ):
                kept.append(a)
                used += self.duration[a]
                heavy += self.heavy[a]
            else:
                broken.append(a)
        return broken

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
            # Row: the earlier appointment (first), column: the later one (second).
            conflicting = clash(
                starts[:, None], ends[:, None], starts[None, :], self.travel_matrix(block)
            )
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


def total_cost(index: Index, chosen: dict[int, int]) -> int:
    """The cost of an assignment {appointment position: interpreter position}."""
    return sum(index.pair_cost(a, i).cost for a, i in chosen.items())


def served_priority(index: Index, chosen: dict[int, int]) -> int:
    """The priority served by an assignment (at most one time of each appointment)."""
    return sum(index.appointments[a].priority for a in chosen)


def feasible_violations(index: Index, chosen: dict[int, int]) -> list[int]:
    """Appointments whose assignment breaks a hard rule (empty for a valid matching).

    The safety net behind every result: every rule of `matching.rules`, as the referee checks.
    """
    bad: list[int] = []
    by_interpreter: dict[int, list[int]] = defaultdict(list)
    served: set[int] = set()
    for a, i in sorted(chosen.items()):
        if index.group[a] in served:
            # Rule 1: an appointment is served once, at one of its times.
            bad.append(a)
        elif index.may_take(i, a):
            served.add(index.group[a])
            by_interpreter[i].append(a)
        else:
            bad.append(a)
    for i, booked in by_interpreter.items():
        bad.extend(index.broken_bookings(i, booked))
    return bad


def appointment_data(index: Index, a: int) -> dict[str, Any]:
    """The facts about an appointment that every reason repeats."""
    appointment = index.appointments[a]
    data: dict[str, Any] = {
        "language": appointment.language,
        "min_proficiency": appointment.min_proficiency,
        "start": appointment.start.isoformat(),
        "end": appointment.end.isoformat(),
        "modality": appointment.modality,
    }
    times = index.times_of[index.group[a]]
    if len(times) > 1:
        # Every time the appointment could have been served at (the first choice first).
        data["times"] = [
            [index.appointments[b].start.isoformat(), index.appointments[b].end.isoformat()]
            for b in times
        ]
    return data
