"""Split a problem into independent parts for several workers, and merge their results.

Two parts never share an interpreter who could take appointments of both: parts are the
connected components of the eligibility graph (appointment — interpreter who may take it), so
solving them separately loses nothing. Appointments nobody may take form one extra part that
keeps the interpreters needed to explain why; it never yields an assignment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from matching.eligibility import Index
from matching.types import FEASIBLE, OPTIMAL, Figures, Problem, Result


def split(problem: Problem, max_parts: int | None = None) -> list[Problem]:
    """Independent parts of a problem (connected components, packed into at most max_parts)."""
    index = Index(problem)
    # Every appointment's candidates at once (vectorised): one at a time, 12 000 × 2 400 took
    # 36 s to split, longer than a quarter of the solve it was meant to share out.
    index.prepare()
    count = len(problem.appointments)
    # Union-find over appointments and interpreters: node a for appointments, count + i for i.
    parent = list(range(count + len(problem.interpreters)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def candidates(a: int) -> list[int]:
        # Who may take appointment a at any of its times (format 2's alternative slots).
        return [i for b in index.times_of[a] for _, i in index.candidates(b)]

    lonely: list[int] = []
    for a in range(count):
        found = candidates(a)
        if not found:
            lonely.append(a)
        for i in found:
            parent[find(a)] = find(count + i)
    components: dict[int, tuple[list[int], list[int]]] = {}
    for a in range(count):
        if candidates(a):
            components.setdefault(find(a), ([], []))[0].append(a)
    for i in range(len(problem.interpreters)):
        root = find(count + i)
        if root in components:
            components[root][1].append(i)
    parts = sorted(components.values(), key=lambda part: (-len(part[0]), part[0][0]))
    if max_parts is not None and max_parts > 0 and len(parts) > max_parts:
        # Pack the smallest components into the emptiest bins; still no interpreter is shared.
        bins: list[tuple[list[int], list[int]]] = [([], []) for _ in range(max_parts)]
        for appointments, interpreters in parts:
            target = min(bins, key=lambda bin_: len(bin_[0]))
            target[0].extend(appointments)
            target[1].extend(interpreters)
        parts = [part for part in bins if part[0]]
    result = [_part(problem, appointments, interpreters) for appointments, interpreters in parts]
    if lonely:
        languages = {problem.appointments[a].language for a in lonely}
        explaining = [
            i for i, row in enumerate(problem.interpreters) if languages & set(row.languages)
        ]
        result.append(_part(problem, lonely, explaining))
    return result


def _part(problem: Problem, appointments: list[int], interpreters: list[int]) -> Problem:
    kept_interpreters = tuple(problem.interpreters[i] for i in sorted(interpreters))
    kept_appointments = tuple(problem.appointments[a] for a in sorted(appointments))
    clients = {row.client for row in kept_appointments}
    return replace(
        problem,
        appointments=kept_appointments,
        interpreters=kept_interpreters,
        # The whole history of the part's clients: whether a client has any history at all
        # decides the continuity cost, even when their former interpreters are elsewhere.
        history=frozenset(pair for pair in problem.history if pair[0] in clients),
        blocked=frozenset(pair for pair in problem.blocked if pair[0] in clients),
    )


def merge(results: Sequence[Result]) -> Result:
    """One Result from the results of the parts of a split problem."""
    figures = Figures(
        served_priority=sum(row.figures.served_priority for row in results),
        total_priority=sum(row.figures.total_priority for row in results),
        cost=sum(row.figures.cost for row in results),
        bound_priority=sum(row.figures.bound_priority for row in results),
        bound_cost=sum(row.figures.bound_cost for row in results),
        wall_s=max((row.figures.wall_s for row in results), default=0.0),
        deterministic=all(row.figures.deterministic for row in results),
    )
    optimal = all(row.status in (OPTIMAL, "EMPTY") for row in results)
    return Result(
        status=OPTIMAL if optimal and results else FEASIBLE,
        assignments=tuple(row for result in results for row in result.assignments),
        unassigned=tuple(row for result in results for row in result.unassigned),
        figures=figures,
    )
