"""The constraints between assignments, described once, for every model to read.

The pair rules of `matching.rules` decide which variables exist at all; what is left for a
model are the rules between the appointments one interpreter takes (and rule 1 of the
result). They are described here as plain linear rows, one small function per family, and
each solver only translates rows into its own API: CP-SAT (`matching.model`), HiGHS through
MathOpt (`matching.mip`) and the GLOP relaxation (`matching.bound`).

Variables: x[a, i] is true when interpreter i takes appointment a at its time a (one of the
appointment's times: the first choice or an alternative slot, see `matching.eligibility.Pair`);
`pairs` are the (a, i) that have one. Every rule below applies at the chosen time, since each
time of an appointment is its own a with its own start, end and eligible interpreters.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import NamedTuple

from matching.eligibility import Index, Pair


class Row(NamedTuple):
    """sum(coefficients[k] × x[pairs[k]]) ≤ bound; no coefficients: all are 1.

    A named tuple, not a dataclass: models are built from tens of thousands of rows.
    """

    family: str
    pairs: list[Pair]
    bound: int
    coefficients: list[int] | None = None

    @property
    def at_most_one(self) -> bool:
        """At most one of these variables is true (solvers have a stronger form for it)."""
        return self.bound == 1 and self.coefficients is None

    @property
    def terms(self) -> list[tuple[Pair, int]]:
        """(pair, coefficient) for every variable of the row."""
        if self.coefficients is None:
            return [(pair, 1) for pair in self.pairs]
        return list(zip(self.pairs, self.coefficients, strict=True))


def one_interpreter_per_appointment(by_appointment: Mapping[int, list[Pair]]) -> list[Row]:
    """Rule 1 of the result: each appointment is taken by at most one interpreter, at one of
    its times (`by_appointment[g]`: the pairs of every time of appointment g)."""
    return [Row("one_interpreter", pairs, 1) for pairs in by_appointment.values() if len(pairs) > 1]


def no_clash(index: Index, i: int, appointments: list[int]) -> list[Row]:
    """The clash rule: interpreter i never takes two clashing appointments (time, travel).

    One at-most-one per group of pairwise clashing appointments (a clique cover of the
    interpreter's clashes, `Index.cliques_among`): exact, and far fewer, stronger rows than
    one per pair.
    """
    if len(appointments) < 2:
        return []
    return [
        Row("no_clash", [(a, i) for a in members], 1)
        for members in index.cliques_among(i, appointments)
    ]


def within_weekly_limit(
    index: Index, i: int, appointments: list[int], budget: Mapping[int, float]
) -> list[Row]:
    """The weekly-limit rule: interpreter i's booked seconds stay within what is left.

    A row that can never bind is left out. Dividing a row by a common divisor of its
    durations (and rounding its bound down) changes no integer solution and keeps the
    coefficients small: whole minutes for appointments in whole minutes (as CP-SAT was always
    given them), seconds only where a duration has some.
    """
    limit = budget.get(i, math.inf)
    durations = [index.duration[a] for a in appointments]
    if sum(durations) <= limit:
        return []
    divisor = math.gcd(60, *durations)
    return [
        Row(
            "weekly_limit",
            [(a, i) for a in appointments],
            math.floor(max(0.0, limit) / divisor),
            [duration // divisor for duration in durations],
        )
    ]


def within_heavy_cap(
    index: Index, i: int, appointments: list[int], heavy_budget: Mapping[int, float]
) -> list[Row]:
    """The duty-of-care rule: interpreter i takes at most what is left of `max_heavy` heavy
    appointments (a row that can never bind is left out)."""
    heavy = [a for a in appointments if index.heavy[a]]
    limit = heavy_budget.get(i, index.heavy_capacity[i])
    if len(heavy) <= limit:
        return []
    return [Row("heavy_cap", [(a, i) for a in heavy], max(0, math.floor(limit)))]


def booking_rows(
    index: Index,
    pairs: list[Pair],
    budget: Mapping[int, float],
    heavy_budget: Mapping[int, float] | None = None,
) -> list[Row]:
    """Every family over these pairs; `budget[i]`: the seconds interpreter i has left,
    `heavy_budget[i]`: the heavy appointments they may still take (default: their cap)."""
    by_appointment: dict[int, list[Pair]] = defaultdict(list)
    by_interpreter: dict[int, list[int]] = defaultdict(list)
    for a, i in pairs:
        by_appointment[index.group[a]].append((a, i))
        by_interpreter[i].append(a)
    rows = one_interpreter_per_appointment(by_appointment)
    # Interpreter by interpreter, as HiGHS was measured with (its search follows row order).
    for i, appointments in by_interpreter.items():
        rows += no_clash(index, i, appointments)
        rows += within_weekly_limit(index, i, appointments, budget)
        rows += within_heavy_cap(index, i, appointments, heavy_budget or {})
    return rows
