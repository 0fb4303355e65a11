"""A fast greedy matcher: the baseline, the first hint, and the fallback."""

from __future__ import annotations

from collections import defaultdict

from matching.eligibility import Index


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
        for a, i in (chosen or {}).items():
            self.add(a, i)

    def can_take(self, i: int, a: int) -> bool:
        """Interpreter i has the minutes left and no clash with what they already took."""
        index = self.index
        if self.used[i] + index.duration[a] > index.capacity[i]:
            return False
        return not any(index.conflict(b, a) for b in self.booked[i])

    def add(self, a: int, i: int) -> None:
        """Book interpreter i for appointment a."""
        self.chosen[a] = i
        self.booked[i].append(a)
        self.used[i] += self.index.duration[a]

    def remove(self, a: int) -> None:
        """Cancel appointment a's booking."""
        i = self.chosen.pop(a)
        self.booked[i].remove(a)
        self.used[i] -= self.index.duration[a]

    def fill(self, appointments: list[int]) -> None:
        """Give each still-open appointment its cheapest free candidate, in the order given."""
        for a in appointments:
            if a in self.chosen:
                continue
            for _, i in self.index.candidates(a):
                if self.can_take(i, a):
                    self.add(a, i)
                    break


def greedy_order(index: Index, appointments: list[int]) -> list[int]:
    """Highest priority first, then the hardest to staff, then the earliest."""
    return sorted(
        appointments,
        key=lambda a: (
            -index.appointments[a].priority,
            len(index.candidates(a)),
            index.start[a],
            a,
        ),
    )


def greedy(index: Index, appointments: list[int] | None = None) -> dict[int, int]:
    """Assign appointments one by one to their cheapest free candidate."""
    positions = list(range(len(index.appointments))) if appointments is None else appointments
    schedule = Schedule(index)
    schedule.fill(greedy_order(index, positions))
    return schedule.chosen
