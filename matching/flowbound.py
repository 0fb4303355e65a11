"""A fast proven upper bound on served priority, as a min-cost flow, for very large instances.

Relaxation: an appointment may be served in pieces, minute by minute, by several interpreters;
each interpreter can be in one place per minute and has their weekly minutes. Every minute of
appointment a served earns priority(a) / duration(a). Any real matching is such a flow, so the
flow's optimum bounds the served priority from above. Travel between appointments is ignored,
which keeps the bound valid but makes it weaker than the LP.
"""

from __future__ import annotations

import math

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
    cuts = numpy.array(
        sorted({index.start[a] for a in appointments} | {index.end[a] for a in appointments}),
        dtype=numpy.int64,
    )
    segment_minutes = numpy.maximum(1, -(-(cuts[1:] - cuts[:-1]) // 60))
    segments = len(cuts)
    pair_appointment = numpy.array([a for a, _ in pairs], dtype=numpy.int64)
    pair_interpreter = numpy.array([i for _, i in pairs], dtype=numpy.int64)
    first = numpy.searchsorted(cuts, index.start_array[pair_appointment])
    length = numpy.searchsorted(cuts, index.end_array[pair_appointment]) - first
    # One row per (pair, segment it covers).
    owner = numpy.repeat(numpy.arange(len(pairs)), length)
    offsets = numpy.cumsum(length) - length
    segment = first[owner] + numpy.arange(len(owner)) - offsets[owner]
    interpreter_keys, interpreter_segment = numpy.unique(
        pair_interpreter[owner] * segments + segment, return_inverse=True
    )
    appointment_keys, appointment_segment = numpy.unique(
        pair_appointment[owner] * segments + segment, return_inverse=True
    )
    interpreters = numpy.unique(pair_interpreter)
    # Node numbers: source, sink, interpreters, (interpreter, segment), (appointment, segment).
    source, sink = 0, 1
    interpreter_node = {int(i): 2 + k for k, i in enumerate(interpreters.tolist())}
    base_is = 2 + len(interpreters)
    base_as = base_is + len(interpreter_keys)
    total_minutes = int(sum(minutes.values()))

    tails: list[numpy.ndarray] = []
    heads: list[numpy.ndarray] = []
    capacities: list[numpy.ndarray] = []
    costs: list[numpy.ndarray] = []

    def arcs(
        tail: numpy.ndarray, head: numpy.ndarray, capacity: numpy.ndarray, cost: numpy.ndarray
    ) -> None:
        tails.append(tail.astype(numpy.int32))
        heads.append(head.astype(numpy.int32))
        capacities.append(capacity.astype(numpy.int64))
        costs.append(cost.astype(numpy.int64))

    # Weekly minutes of each interpreter.
    limits = numpy.array(
        [
            total_minutes if math.isinf(index.capacity[i]) else int(index.capacity[i] // 60)
            for i in interpreters.tolist()
        ]
    )
    arcs(
        numpy.full(len(interpreters), source),
        numpy.array([interpreter_node[i] for i in interpreters.tolist()]),
        limits,
        numpy.zeros(len(interpreters)),
    )
    # One place at a time: interpreter i works at most a segment's length in it.
    key_interpreter = interpreter_keys // segments
    key_segment = interpreter_keys % segments
    arcs(
        numpy.array([interpreter_node[i] for i in key_interpreter.tolist()]),
        base_is + numpy.arange(len(interpreter_keys)),
        segment_minutes[key_segment],
        numpy.zeros(len(interpreter_keys)),
    )
    arcs(
        base_is + interpreter_segment,
        base_as + appointment_segment,
        segment_minutes[segment],
        numpy.zeros(len(segment)),
    )
    appointment_of_key = appointment_keys // segments
    if not index.has_alternatives:
        # Every minute served earns priority / duration (scaled to integers, rounded up).
        profit = numpy.zeros(len(index.appointments), dtype=numpy.int64)
        for a in appointments:
            profit[a] = math.ceil(index.appointments[a].priority * scale / minutes[a])
        arcs(
            base_as + numpy.arange(len(appointment_keys)),
            numpy.full(len(appointment_keys), sink),
            segment_minutes[appointment_keys % segments],
            -profit[appointment_of_key],
        )
    else:
        # Format 2: the times of one appointment flow through one node that earns at most
        # its priority (capacity: its longest time; profit per minute: priority / its
        # shortest time), so serving it at several times earns no more. A real matching's
        # flow still earns at least what it serves, so the bound stays valid.
        groups = sorted({index.group[a] for a in appointments})
        group_node = {g: base_as + len(appointment_keys) + k for k, g in enumerate(groups)}
        shortest: dict[int, int] = {}
        longest: dict[int, int] = {}
        for a in appointments:
            g = index.group[a]
            shortest[g] = min(shortest.get(g, minutes[a]), minutes[a])
            longest[g] = max(longest.get(g, minutes[a]), minutes[a])
        scale = _scale(list(shortest.values()))
        arcs(
            base_as + numpy.arange(len(appointment_keys)),
            numpy.array([group_node[index.group[a]] for a in appointment_of_key.tolist()]),
            segment_minutes[appointment_keys % segments],
            numpy.zeros(len(appointment_keys)),
        )
        arcs(
            numpy.array([group_node[g] for g in groups]),
            numpy.full(len(groups), sink),
            numpy.array([longest[g] for g in groups]),
            numpy.array(
                [-math.ceil(index.appointments[g].priority * scale / shortest[g]) for g in groups]
            ),
        )
    arcs(numpy.array([source]), numpy.array([sink]), numpy.array([total_minutes]), numpy.array([0]))

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        numpy.concatenate(tails),
        numpy.concatenate(heads),
        numpy.concatenate(capacities),
        numpy.concatenate(costs),
    )
    flow.set_node_supply(source, total_minutes)
    flow.set_node_supply(sink, -total_minutes)
    if flow.solve() != flow.OPTIMAL:
        return sum(index.appointments[a].priority for a in appointments)
    return math.floor(-flow.optimal_cost() / scale + 1e-9)
