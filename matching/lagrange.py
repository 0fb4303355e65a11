"""A Lagrangian bound on the served priority, for instances too large for the weekly LP.

Relaxed with prices: "each appointment served at most once" (a price `lam[g]` per
appointment, over all its times) and each interpreter's weekly minutes (a price `mu[i]` per
hour, only for interpreters with a limit). What is left falls apart into one problem per
interpreter and block of time (appointments close in time, as in `Index.conflict_cliques`:
no two appointments of different blocks clash): the most valuable chain of appointments the
interpreter can take one after the other, each appointment a earning
`priority − lam[group(a)] − mu[i] × hours(a)`. A chain only needs consecutive appointments
not to clash, which every real schedule satisfies (it asks less than the clash rule between
every pair), and the heavy caps are dropped: both only relax the problem further.

For any prices ≥ 0, weak duality gives

    L(lam, mu) = Σ lam + Σ mu[i] × limit_hours[i] + Σ_blocks max(0, best chain)
               ≥ the priority any matching serves,

so every evaluated L is a proven bound; the prices are improved by projected subgradient
steps (Polyak's step towards the best known served priority). Unlike the min-cost-flow
relaxation (`matching/flowbound.py`), an appointment cannot be cut into minutes shared by
several interpreters, and travel between consecutive appointments counts; unlike the
per-day LPs, the weekly minutes are shared by the days through their price.

The chains are computed for all blocks at once with numpy: blocks of similar size are padded
into one array, and the longest-path recursion runs over positions in start order.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy

from matching.eligibility import Index, Pair
from matching.greedy import Schedule, greedy_order
from matching.rules import clash

EPSILON = 1e-6
"""Added before rounding down: float error can only make a computed L smaller than the exact
one by far less, so the rounded bound stays ≥ the exact L's floor."""
NEG = -1e18
SPREAD = math.sqrt(2)
"""Blocks are padded to sizes growing by this factor (fewer arrays against less padding)."""
PATIENCE = 10
"""Steps without a better bound before the step size is halved."""
START_PRICE = 0.7
"""Each appointment's first price, as a share of its priority."""


@dataclass
class Bucket:
    """Blocks of about the same size, padded to `n` positions in start order."""

    pair: numpy.ndarray
    """pair[b, k]: the pair at position k of block b (−1: padding)."""
    compatible: numpy.ndarray
    """compatible[b, k, j]: j < k and an interpreter can take j then k (no clash)."""


@dataclass(frozen=True)
class LagrangeOutcome:
    bound: int
    """The best proven bound found (the total priority of servable appointments at worst)."""
    iterations: int
    seconds: float
    hit_time_limit: bool
    """Stopped by the clock rather than by its iterations or convergence."""


def _padded(size: int) -> int:
    """The bucket size for a block of `size` pairs: powers of √2, rounded up."""
    n = 1
    while n < size:
        n = max(n + 1, math.ceil(n * SPREAD))
    return n


def _buckets(index: Index, pairs: list[Pair]) -> list[Bucket]:
    by_interpreter: dict[int, list[int]] = {}
    for p, (_, i) in enumerate(pairs):
        by_interpreter.setdefault(i, []).append(p)
    blocks: list[list[int]] = []
    for i in sorted(by_interpreter):
        order = sorted(
            by_interpreter[i], key=lambda p: (index.start[pairs[p][0]], index.end[pairs[p][0]], p)
        )
        latest_end = None
        for p in order:
            a = pairs[p][0]
            if latest_end is None or index.start[a] >= latest_end + index.max_travel_s:
                blocks.append([])
                latest_end = index.end[a]
            blocks[-1].append(p)
            latest_end = max(latest_end, index.end[a])
    sizes: dict[int, list[list[int]]] = {}
    for block in blocks:
        n = _padded(len(block))
        sizes.setdefault(n, []).append(block)
    buckets = []
    for n, members in sorted(sizes.items()):
        pair = numpy.full((len(members), n), -1, dtype=numpy.int64)
        compatible = numpy.zeros((len(members), n, n), dtype=bool)
        for b, block in enumerate(members):
            m = len(block)
            pair[b, :m] = block
            positions = [pairs[p][0] for p in block]
            chosen = numpy.array(positions, dtype=numpy.int64)
            starts, ends = index.start_array[chosen], index.end_array[chosen]
            if m > 1:
                conflicting = clash(
                    starts[:, None], ends[:, None], starts[None, :], index.travel_matrix(positions)
                )
                compatible[b, :m, :m] = numpy.triu(~conflicting, 1).T
        buckets.append(Bucket(pair=pair, compatible=compatible))
    return buckets


def _chains(bucket: Bucket, weight: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Each block's best chain value (≥ 0: the empty chain) and the pairs on it (mask)."""
    pair = bucket.pair
    count, n = pair.shape
    w = numpy.where(pair >= 0, weight[numpy.maximum(pair, 0)], NEG)
    best = numpy.empty((count, n))
    previous = numpy.full((count, n), -1, dtype=numpy.int64)
    rows = numpy.arange(count)
    best[:, 0] = w[:, 0]
    for k in range(1, n):
        reach = numpy.where(bucket.compatible[:, k, :k], best[:, :k], NEG)
        j = reach.argmax(axis=1)
        value = reach[rows, j]
        extend = value > 0
        best[:, k] = w[:, k] + numpy.where(extend, value, 0.0)
        previous[:, k] = numpy.where(extend, j, -1)
    last = best.argmax(axis=1)
    value = best[rows, last]
    taken = numpy.zeros((count, n), dtype=bool)
    current = numpy.where(value > 0, last, -1)
    while (current >= 0).any():
        alive = current >= 0
        taken[rows[alive], current[alive]] = True
        current = numpy.where(alive, previous[rows, numpy.maximum(current, 0)], -1)
    return numpy.maximum(value, 0.0), taken


class Lagrangian:
    """The relaxation's prices and the best bound so far; `steps` improves them, and can be
    called again later (with a better target) from where it stopped."""

    def __init__(self, index: Index, pairs: list[Pair]):
        self.index = index
        self.pairs = pairs
        self.buckets = _buckets(index, pairs) if pairs else []
        pair_group = numpy.array([index.group[a] for a, _ in pairs], dtype=numpy.int64)
        pair_interpreter = numpy.array([i for _, i in pairs], dtype=numpy.int64)
        self.pair_priority = numpy.array([index.priority[a] for a, _ in pairs], dtype=float)
        self.pair_hours = numpy.array([index.duration[a] / 3600 for a, _ in pairs])
        groups = numpy.unique(pair_group)
        interpreters = numpy.unique(pair_interpreter)
        self.groups = len(groups)
        self.interpreters = len(interpreters)
        self.limited = numpy.array(
            [math.isfinite(index.capacity[i]) for i in interpreters.tolist()], dtype=bool
        )
        self.limit_hours = numpy.array(
            [
                index.capacity[i] / 3600 if math.isfinite(index.capacity[i]) else 0.0
                for i in interpreters.tolist()
            ]
        )
        self.group_of_pair = numpy.searchsorted(groups, pair_group)
        self.interpreter_of_pair = numpy.searchsorted(interpreters, pair_interpreter)
        group_priority = numpy.zeros(len(groups))
        numpy.maximum.at(group_priority, self.group_of_pair, self.pair_priority)
        self.best_bound = float(group_priority.sum())
        """The smallest L evaluated (at worst: the priority of every servable appointment)."""
        # Starting prices: most of each priority (measured at 5 000 × 1 000: 6 477 after 150
        # steps from 0.7 × priority, 6 573 from 0).
        self.lam = START_PRICE * group_priority
        self.mu = numpy.zeros(len(interpreters))
        self.step_scale = 2.0
        self.since_better = 0
        self.iterations = 0
        self.converged = not pairs
        self.on_chain_count = numpy.zeros(len(pairs))
        """How often each pair was on a best chain in the last `steps`, the k-th step
        counting k times (measured at 5 000 × 1 000: rounded, 6 147-6 160 after 150 steps;
        counting only the second half, 6 177)."""

    @property
    def bound(self) -> int:
        """The proven bound: no matching of these pairs serves more priority."""
        return math.floor(self.best_bound + EPSILON)

    def steps(self, max_iterations: int, time_limit_s: float, target: float) -> bool:
        """Up to `max_iterations` subgradient steps; False when the clock stopped them.

        `target`: a served priority known to be reachable (the best matching so far), which
        scales the steps; it does not enter the bound.
        """
        started = time.monotonic()
        self.on_chain_count[:] = 0
        for done in range(max_iterations):
            if self.converged:
                return True
            if time.monotonic() - started >= time_limit_s:
                return False
            # Later steps (better prices) count more; whatever the clock allows still counts.
            self._step(target, weight=done + 1)
        return True

    def _step(self, target: float, weight: float) -> None:
        self.iterations += 1
        lam, mu = self.lam, self.mu
        earning = (
            self.pair_priority
            - lam[self.group_of_pair]
            - mu[self.interpreter_of_pair] * self.pair_hours
        )
        value = float(lam.sum() + (mu * self.limit_hours).sum())
        on_chain = numpy.zeros(len(self.pairs), dtype=bool)
        for bucket in self.buckets:
            chain, taken = _chains(bucket, earning)
            value += float(chain.sum())
            on_chain[bucket.pair[taken]] = True
        self.on_chain_count += weight * on_chain
        if value < self.best_bound - 1e-9:
            self.best_bound = value
            self.since_better = 0
        else:
            self.since_better += 1
            if self.since_better >= PATIENCE:
                self.step_scale /= 2
                self.since_better = 0
        # Subgradient of L: 1 − times served, limit − hours booked.
        served = numpy.bincount(self.group_of_pair[on_chain], minlength=self.groups)
        hours = numpy.bincount(
            self.interpreter_of_pair[on_chain],
            weights=self.pair_hours[on_chain],
            minlength=self.interpreters,
        )
        g_lam = 1.0 - served
        g_mu = numpy.where(self.limited, self.limit_hours - hours, 0.0)
        # Projection: a price already at 0 cannot fall, so its component does not count.
        g_lam[(lam <= 0) & (g_lam > 0)] = 0.0
        g_mu[(mu <= 0) & (g_mu > 0)] = 0.0
        norm = float((g_lam**2).sum() + (g_mu**2).sum())
        if norm <= 0 or value - target < 0.5 or self.step_scale < 1e-4:
            self.converged = True
            return
        step = self.step_scale * (value - target) / norm
        self.lam = numpy.maximum(0.0, lam - step * g_lam)
        self.mu = numpy.maximum(0.0, mu - step * g_mu)

    def rounded(self) -> dict[int, int]:
        """A matching from the chains: the pairs most often on a best chain first (later steps
        weigh more; then the higher priority, the cheaper), each kept when every hard rule
        allows it, then greedy.

        The prices have balanced who takes what and each interpreter's hours over the week;
        at 5 000 × 1 000 seed 1 this serves 6 177-6 221 in 4.4-7.4 s, where the
        neighbourhood search from the greedy (5 607) reached 6 099 in 57 s.
        """
        index, pairs = self.index, self.pairs
        count = self.on_chain_count
        order = sorted(
            (p for p in range(len(pairs)) if count[p] > 0),
            key=lambda p: (-count[p], -self.pair_priority[p], index.pair_cost(*pairs[p]).cost, p),
        )
        schedule = Schedule(index)
        for p in order:
            a, i = pairs[p]
            if schedule.is_open(a) and schedule.can_take(i, a):
                schedule.add(a, i)
        schedule.fill(greedy_order(index, list(range(len(index.appointments)))))
        return schedule.chosen


def lagrangian_priority_bound(
    index: Index,
    pairs: list[Pair],
    time_limit_s: float,
    target: float,
    max_iterations: int = 1_000,
) -> LagrangeOutcome:
    """A proven upper bound on the priority any matching of these pairs serves (see
    `Lagrangian.steps` for `target`)."""
    started = time.monotonic()
    relaxation = Lagrangian(index, pairs)
    finished = relaxation.steps(max_iterations, time_limit_s, target)
    return LagrangeOutcome(
        relaxation.bound, relaxation.iterations, time.monotonic() - started, not finished
    )
