"""A fast proven upper bound on served priority, as a min-cost flow, for very large instances.

Relaxation: an appointment may be served in pieces, minute by minute, by several interpreters;
each interpreter can be in one place per minute and has their weekly minutes. Every minute of
appointment a served earns priority(a) / duration(a). Any real matching is such a flow, so the
flow's optimum bounds the served priority from above. Travel between appointments is ignored,
which keeps the bound valid but makes it weaker than the LP.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy
from ortools.graph.python import min_cost_flow

from matching.eligibility import Index, Pair

SCALE_LIMIT = 1_000_000


def _scale(durations: list[int]) -> int:
    # With the least common multiple of the durations every profit per minute is an integer.
    scale = 1
    for minutes in set(durations):
        scale = math.lcm(scale, max(1, minutes))
        if scale > SCALE_LIMIT:
            return SCALE_LIMIT
    return scale


def flow_priority_bound(index: Index, pairs: list[Pair]) -> int:
    """An upper bound on the priority any matching serves with these eligible pairs."""
    if not pairs:
        return 0
    appointments = sorted({a for a, _ in pairs})
    minutes = {a: max(1, -(-index.duration[a] // 60)) for a in appointments}
    scale = _scale(list(minutes.values()))
    # Elementary segments: the time line cut at every start and end.
    cuts = sorted({index.start[a] for a in appointments} | {index.end[a] for a in appointments})
    position = {moment: number for number, moment in enumerate(cuts)}
    segment_minutes = [
        max(1, -(-(cuts[number + 1] - cuts[number]) // 60)) for number in range(len(cuts) - 1)
    ]

    node: dict[object, int] = {}

    def node_of(key: object) -> int:
        found = node.get(key)
        if found is None:
            found = node[key] = len(node)
        return found

    source, sink = node_of("source"), node_of("sink")
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int) -> None:
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)

    by_interpreter: dict[int, list[int]] = defaultdict(list)
    for a, i in pairs:
        by_interpreter[i].append(a)
    total_minutes = sum(minutes.values())
    for i, taken in by_interpreter.items():
        # Weekly minutes of interpreter i.
        limit = index.capacity[i]
        cap = total_minutes if math.isinf(limit) else int(limit // 60)
        interpreter_node = node_of(("i", i))
        arc(source, interpreter_node, cap, 0)
        segments = set()
        for a in taken:
            for number in range(position[index.start[a]], position[index.end[a]]):
                segments.add(number)
                arc(
                    node_of(("is", i, number)),
                    node_of(("as", a, number)),
                    segment_minutes[number],
                    0,
                )
        for number in segments:
            # One place at a time: interpreter i works at most the segment's length in it.
            arc(interpreter_node, node_of(("is", i, number)), segment_minutes[number], 0)
    for a in appointments:
        profit = math.ceil(index.appointments[a].priority * scale / minutes[a])
        for number in range(position[index.start[a]], position[index.end[a]]):
            arc(node_of(("as", a, number)), sink, segment_minutes[number], -profit)
    arc(source, sink, total_minutes, 0)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        numpy.array(tails, dtype=numpy.int32),
        numpy.array(heads, dtype=numpy.int32),
        numpy.array(capacities, dtype=numpy.int64),
        numpy.array(costs, dtype=numpy.int64),
    )
    flow.set_node_supply(source, total_minutes)
    flow.set_node_supply(sink, -total_minutes)
    if flow.solve() != flow.OPTIMAL:
        return sum(index.appointments[a].priority for a in appointments)
    return math.floor(-flow.optimal_cost() / scale + 1e-9)
