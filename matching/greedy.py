"""A fast greedy matcher: the baseline, the first hint, and the fallback."""

from __future__ import annotations

from collections import defaultdict

from matching.eligibility import Index
from matching.rules import within_heavy_cap, within_weekly_limit


class Schedule:
    """Who is booked when: the state a greedy insertion checks against."""

    def __init__(self, index: Index, chosen: dict[int, int] | None = None):
        self.index = index
        self.chosen: dict[int, int] = {}
        """chosen[a] = i: interpreter i takes appointment a."""
        self.booked: dict[int, list[int]] = defaultdict(list)
        """booked[i]: the appointments interpreter i takes."""
        self.used: dict[int, int] = defaultdict(int)
        """used[i]: seconds interpreter i is booked for."""
        self.heavy: dict[int, int] = defaultdict(int)
        """heavy[i]: heavy appointments interpreter i takes."""
        self.served: set[int] = set()
        """The appointments (groups, `Index.group`) served at one of their times."""
        for a, i in (chosen or {}).items():
            self.add(a, i)

    def can_take(self, i: int, a: int) -> bool:
        """Interpreter i has the minutes (and heavy cap) left and no clash with what they took.

        The booking rules of `matching.rules` on this schedule's numbers (the hot path of
        every greedy pass, so no `Bookings` object per call).
        """
        index = self.index
        if not within_weekly_limit(self.used[i], index.duration[a], index.capacity[i]):
            return False
        if not within_heavy_cap(self.heavy[i], index.heavy[a], index.heavy_capacity[i]):
            return False
        return not any(index.conflict(b, a) for b in self.booked[i])

    def add(self, a: int, i: int) -> None:
        """Book interpreter i for appointment a."""
        self.chosen[a] = i
        self.booked[i].append(a)
        self.used[i] += self.index.duration[a]
        self.heavy[i] += self.index.heavy[a]
        self.served.add(self.index.group[a])

    def remove(self, a: int) -> None:
        """Cancel appointment a's booking."""
        i = self.chosen.pop(a)
        self.booked[i].remove(a)
        self.used[i] -= self.index.duration[a]
        self.heavy[i] -= self.index.heavy[a]
        self.served.discard(self.index.group[a])

    def is_open(self, a: int) -> bool:
        """Appointment a is served at none of its times yet."""
        return self.index.group[a] not in self.served

    def fill(self, appointments: list[int]) -> None:
        """Give each still-open appointment its cheapest free candidate, in the order given
        (each of its times in turn, as the order gives them)."""
        for a in appointments:
            if not self.is_open(a):
                continue
            for _, i in self.index.candidates(a):
                if self.can_take(i, a):
                    self.add(a, i)
                    break


def greedy_order(index: Index, appointments: list[int]) -> list[int]:
    """Highest priority first, then the hardest to staff, then the earliest; an appointment's
    alternative times right after its first choice (tried only when that finds nobody)."""
    return sorted(
        appointments,
        key=lambda a: (
            -index.appointments[a].priority,
            len(index.candidates(index.group[a])),
            index.start[index.group[a]],
            index.group[a],
            index.slot[a],
        ),
    )


def greedy(index: Index, appointments: list[int] | None = None) -> dict[int, int]:
    """Assign appointments one by one to their cheapest free candidate."""
    positions = list(range(len(index.appointments))) if appointments is None else appointments
    schedule = Schedule(index)
    schedule.fill(greedy_order(index, positions))
    return schedule.chosen
