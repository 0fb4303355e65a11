"""`lisko-match --check INSTANCE RESULT`: is a result feasible, and does it account truly?

The project's own feasibility check, for anyone who runs the matcher on their own instances: it
reads the instance and the result, applies every hard rule of `matching.rules` to the matching
(the same safety net every result of Lisko's matcher passes) and recomputes the priority served
and the cost. One sentence per breach; an empty list means feasible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.eligibility import Index, feasible_violations, served_priority, total_cost
from matching.rules import PAIR_RULES
from matching.types import Problem, Result


@dataclass(frozen=True)
class Verdict:
    breaches: tuple[str, ...] = ()
    served_priority: int = 0
    cost: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def feasible(self) -> bool:
        return not self.breaches


def check(problem: Problem, result: Result) -> Verdict:
    """Every hard rule `result` breaks for `problem`, and what it really serves and costs."""
    index = Index(problem)
    interpreter_at = {row.id: i for i, row in enumerate(index.interpreters)}
    breaches: list[str] = []
    chosen: dict[int, int] = {}
    served: set[int] = set()
    for row in result.assignments:
        g = index.appointment_position.get(row.appointment_id)
        i = interpreter_at.get(row.interpreter_id)
        if g is None or i is None:
            breaches.append(
                f"{row.appointment_id} → {row.interpreter_id}: no such appointment or interpreter"
            )
            continue
        if g in served:
            breaches.append(f"{row.appointment_id} is assigned more than once")
            continue
        start = row.start or index.appointments[g].start
        timed = [a for a in index.times_of[g] if index.appointments[a].start == start]
        if not timed:
            breaches.append(f"{row.appointment_id} is served at {start}, not one of its times")
            continue
        served.add(g)
        chosen[timed[0]] = i
    listed = {row.appointment_id for row in result.unassigned}
    for g in range(index.count):
        appointment_id = index.appointments[g].id
        if g not in served and appointment_id not in listed:
            breaches.append(f"{appointment_id} is neither assigned nor listed as unassigned")
    for a in feasible_violations(index, chosen):
        appointment, interpreter = index.appointments[a], index.interpreters[chosen[a]]
        broken = [
            rule.statement
            for rule in PAIR_RULES
            if not rule.holds(appointment, interpreter, index.situation)
        ]
        why = broken[0] if broken else "clashes with another booking or exceeds a limit"
        breaches.append(f"{appointment.id} → {interpreter.id} breaks a hard rule: {why}")
    served_total = served_priority(index, chosen)
    cost = total_cost(index, chosen)
    notes = []
    if result.figures.served_priority != served_total:
        notes.append(
            f"the result claims priority {result.figures.served_priority}, it serves {served_total}"
        )
    if result.figures.cost != cost:
        notes.append(f"the result claims cost {result.figures.cost}, it costs {cost}")
    return Verdict(tuple(breaches), served_total, cost, tuple(notes))
