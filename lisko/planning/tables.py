"""The one door through which any figure reaches a planner: a `Table` is published only by
`publish`, and every page, export, chart and API answer of the planning part takes a
`Table`, never a queryset or a raw count.

`publish` applies the small-cell rule: a count of fewer than `threshold` persons (setting
LISKO_PLANNING_THRESHOLD, default 5) is not shown, and further cells are hidden with it
(complementary suppression) so that no hidden cell can be worked out from the row and column
totals. Measures that belong to a cell (hours, a rate, a median) are shown only where the
cell's count is shown and the measure's own base is large enough. docs/planning-suppression.md
explains the rule and its limits.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext

TOTAL_ROW = "total"  # the key of the totals row, and of totals in `values` and `bases`


class Measure(StrEnum):
    """What a column holds, which decides how it is shown and whether it is additive."""

    COUNT = "count"  # persons or records: additive, protected by suppression
    SUM = "sum"  # e.g. hours: additive, shown where the count is shown
    RATE = "rate"  # a share 0..1: shown where its base is at least the threshold
    MEDIAN = "median"  # shown where its base is at least the threshold
    LABEL = "label"  # plain reference text that is not about persons (an offer's schedule)
    # A figure about things, not persons (offers, places): shown as given; its total is
    # values[("total", column)] when the selector gives one, since not every such figure adds up.
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    measure: Measure = Measure.COUNT
    unit: str = ""  # e.g. "h", "days"; empty for plain counts
    # For SUM, RATE and MEDIAN: the COUNT column whose cell must be shown for this one to be
    # shown; empty means the table's first COUNT column.
    count_column: str = ""
    # Further COUNT columns that must be shown too: a rate of completed / (completed +
    # dropped) beside the completed count would give away a hidden dropped count.
    count_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One published figure: `value` is None when it is hidden or when there is nothing to
    show (a rate over no cases); `suppressed` tells the two apart."""

    value: int | float | str | None
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.value is not None


@dataclass(frozen=True)
class Row:
    key: str  # stable: a municipality id, a language code, a field-of-action key, an ISO week
    label: str
    cells: tuple[Cell, ...]
    url: str = ""  # drill-down, filled in by the page


@dataclass(frozen=True)
class Table:
    """A published table: rows × columns, with an optional totals row. Built by `publish`."""

    key: str  # file name of exports, API path segment
    title: str
    row_heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    totals: Row | None
    threshold: int
    note: str = ""  # what the table counts, in a sentence

    @property
    def suppressed_count(self) -> int:
        rows = [*self.rows, *([self.totals] if self.totals else [])]
        return sum(cell.suppressed for row in rows for cell in row.cells)


@dataclass
class RawTable:
    """What a selector counted, before publication. Never leaves lisko/planning.

    `counts[(row_key, column_key)]` are the protected counts of COUNT columns (persons, or
    records when `contributors` says how many persons stand behind each); `values` hold the
    other measures by (row_key, column_key); a RATE or MEDIAN value comes with its base in
    `bases[(row_key, column_key)]` (how many cases it was computed from).
    With `totals`, COUNT and SUM columns get a totals row (sums of the true counts), and the
    suppression protects cells against those totals and the grand total.
    With `row_total_column`, that COUNT column is, in every row, the sum of the COUNT columns
    in `row_parts` (empty: every other COUNT column), and the suppression protects cells
    against those row sums as well."""

    key: str
    title: str
    row_heading: str
    columns: Sequence[Column]
    rows: Sequence[tuple[str, str]]  # (row key, label), in display order
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    contributors: Mapping[tuple[str, str], int] = field(default_factory=dict)
    values: Mapping[tuple[str, str], int | float | str | None] = field(default_factory=dict)
    bases: Mapping[tuple[str, str], int] = field(default_factory=dict)
    totals: bool = True
    note: str = ""
    row_total_column: str | None = None
    row_parts: tuple[str, ...] = ()


HIDDEN = Cell(None, suppressed=True)


def threshold() -> int:
    """The smallest count of persons that may be shown."""
    return int(getattr(settings, "LISKO_PLANNING_THRESHOLD", 5))


def publish(raw: RawTable, *, threshold_: int | None = None) -> Table:
    """Apply primary and complementary suppression and return the publishable table."""
    limit = threshold() if threshold_ is None else threshold_
    columns = tuple(raw.columns)
    counted = [column.key for column in columns if column.measure is Measure.COUNT]
    for column in columns:
        for key in (column.count_column, *column.count_columns):
            if key and key not in counted:
                raise ValueError(f"{column.key}: count column {key} is no COUNT column")
    grid = _Grid.of(raw, counted=counted, parts=_row_parts(raw, counted), limit=limit)
    grid.protect()
    hidden = grid.hidden()
    figures = grid.figures()
    values = dict(raw.values)
    if raw.totals:
        for column in columns:
            if column.measure is Measure.SUM:
                values[TOTAL_ROW, column.key] = _sum(raw, column.key)
    # Most published cells are counts, and most counts repeat: one Cell per figure will do.
    shown_counts: dict[int, Cell] = {}

    def cell(row_key: str, column: Column) -> Cell:
        key = (row_key, column.key)
        if column.measure is Measure.COUNT:
            if hidden[key]:
                return HIDDEN
            figure = figures[key]
            return shown_counts.get(figure) or shown_counts.setdefault(figure, Cell(figure))
        if column.measure in (Measure.LABEL, Measure.NUMBER):
            return Cell(values.get(key))
        # SUM, RATE and MEDIAN are hidden wherever their count is hidden, even with nothing to
        # show: "nothing" would tell something about the hidden count.
        protecting = (column.count_column or counted[0], *column.count_columns) if counted else ()
        if any(hidden[row_key, count] for count in protecting):
            return HIDDEN
        value = values.get(key)
        if column.measure is Measure.SUM or value is None:
            return Cell(value)
        base = raw.bases.get(key, 0)
        if base < limit:
            return HIDDEN
        if column.measure is Measure.RATE and isinstance(value, int | float):
            # A share of a shown base gives away how many are in it and how many are not.
            inside = round(value * base)
            if 0 < inside < limit or 0 < base - inside < limit:
                return HIDDEN
        return Cell(value)

    rows = tuple(
        Row(key=row_key, label=label, cells=tuple(cell(row_key, column) for column in columns))
        for row_key, label in raw.rows
    )
    totals = None
    if raw.totals:
        totals = Row(
            key=TOTAL_ROW,
            label=gettext("Total"),
            cells=tuple(cell(TOTAL_ROW, column) for column in columns),
        )
    return Table(
        key=raw.key,
        title=raw.title,
        row_heading=raw.row_heading,
        columns=columns,
        rows=rows,
        totals=totals,
        threshold=limit,
        note=raw.note,
    )


def _row_parts(raw: RawTable, counted: list[str]) -> tuple[str, ...]:
    """The COUNT columns that add up to `row_total_column` in every row (none without one)."""
    whole = raw.row_total_column
    if whole is None:
        return ()
    if whole not in counted:
        raise ValueError(f"row_total_column {whole} is no COUNT column")
    parts = raw.row_parts or tuple(key for key in counted if key != whole)
    for key in parts:
        if key not in counted or key == whole:
            raise ValueError(f"row part {key} is no other COUNT column")
    return parts


def _sum(raw: RawTable, column_key: str) -> int | float:
    numbers = [raw.values.get((row_key, column_key)) for row_key, _label in raw.rows]
    total = sum(number for number in numbers if isinstance(number, int | float))
    # Hours come rounded to a tenth; their float sum should not show 36.900000000000006.
    return round(total, 6) if isinstance(total, float) else total


# -- complementary suppression ----------------------------------------------------------------
#
# What a reader knows: every published count, and one linear equation per column with a total
# (its cells add up to the total), per row when `row_total_column` is set (the parts add up to
# the row's total) and for the totals row then (the parts' totals add up to the grand total).
# Every count is in at most two equations, so the counts are the edges of a graph whose
# vertices are the equations: each row's and the totals row's on one side, each column's on
# the other, and one GROUND vertex standing for "no equation" (a count in one equation only
# is an edge from it to GROUND). The hidden counts around a cycle of hidden edges can all
# change together by one, each up or down as its two equations require, and every published
# figure stays as it is: as long as all of them are positive, a reader cannot tell the true
# table from the changed one. A hidden edge on no such cycle (a bridge of the hidden edges)
# is fixed by the equations. So every bridge gets the cheapest path of further counts that
# closes a cycle through it, and the search is repeated until no bridge is left.
#
# Zeros are never hidden: a zero on a cycle could not go down, which may pin the cycle. None
# is needed: the true counts balance at every equation like a flow, and such a flow runs in
# cycles, so every positive count lies on a cycle of positive counts. (This is why a row sum
# that does not add up is refused.)


GROUND = 0


def _too_few(value: int, persons: int | None, limit: int) -> bool:
    """The primary rule: a positive count, or the persons behind it, under the threshold."""
    return 0 < value and (value < limit or (persons is not None and persons < limit))


class _Grid:
    """The counts as edges: `keys[edge]` is its (row key, column key), `value[edge]` its
    count, `start[edge]` its row-side equation (or GROUND), `end[edge]` its column-side one
    (or GROUND), `hidden[edge]` whether it is hidden, `weight[edge]` what hiding it costs."""

    def __init__(self, vertices: int) -> None:
        self.vertices = vertices
        self.keys: list[tuple[str, str]] = []
        self.value: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.hidden_: list[bool] = []
        self.weight: list[int] = []
        self.isolated: dict[tuple[str, str], tuple[int, bool]] = {}  # in no equation

    def add(self, key: tuple[str, str], value: int, start: int, end: int, hidden: bool) -> None:
        if start == end == GROUND:
            self.isolated[key] = (value, hidden)  # no equation tells anything about it
            return
        self.keys.append(key)
        self.value.append(value)
        self.start.append(start)
        self.end.append(end)
        self.hidden_.append(hidden)
        self.weight.append(value)

    @classmethod
    def of(cls, raw: RawTable, *, counted: list[str], parts: tuple[str, ...], limit: int) -> _Grid:
        whole = raw.row_total_column if parts else None
        totals_vertex = len(raw.rows) + 1
        grid = cls(totals_vertex + 1 + len(counted))
        counts, contributors = raw.counts, raw.contributors
        # A cell is in its row's equation when its column is part of the row sum (or is the
        # row total), and in its column's equation when the table has totals. Per column:
        # its key, whether it is in the row sum (+1 a part, -1 the row total, 0 neither),
        # and its column's equation (or GROUND).
        layout = [
            (
                key,
                1 if key in parts else -1 if key == whole else 0,
                totals_vertex + 1 + index if raw.totals else GROUND,
            )
            for index, key in enumerate(counted)
        ]
        column_sums = dict.fromkeys(counted, 0)
        most_persons: dict[str, int] = {}
        margins: list[int] = []
        for row_index, (row_key, _label) in enumerate(raw.rows, start=1):
            balance = 0
            for column_key, in_row, end in layout:
                key = (row_key, column_key)
                value = counts.get(key, 0)
                column_sums[column_key] += value
                balance += in_row * value
                persons = contributors.get(key)
                if persons is not None:
                    most_persons[column_key] = max(persons, most_persons.get(column_key, 0))
                if in_row == -1:
                    margins.append(len(grid.keys))
                start = row_index if in_row else GROUND
                grid.add(key, value, start, end, _too_few(value, persons, limit))
            if balance:
                raise ValueError(f"row {row_key}: the parts do not add up to {whole}")
        # A column total is in its column's equation, and in the totals row's equation when
        # its column is part of the row sum.
        if raw.totals:
            for column_key, in_row, end in layout:
                key = (TOTAL_ROW, column_key)
                # A selector counting records should say how many persons the total has;
                # without that, the most persons behind one cell is a sure lower bound.
                persons = contributors.get(key, most_persons.get(column_key))
                value = column_sums[column_key]
                margins.append(len(grid.keys))
                start = totals_vertex if in_row else GROUND
                grid.add(key, value, start, end, _too_few(value, persons, limit))
        # Hiding a cell costs its value; hiding a total (of a row or a column) costs more than
        # hiding any set of cells, since readers come for the totals.
        above_cells = 1 + sum(grid.value)
        for edge in margins:
            grid.weight[edge] += above_cells
        return grid

    def hidden(self) -> dict[tuple[str, str], bool]:
        hidden = {key: hidden for key, (_value, hidden) in self.isolated.items()}
        hidden.update(zip(self.keys, self.hidden_, strict=True))
        return hidden

    def figures(self) -> dict[tuple[str, str], int]:
        figures = {key: value for key, (value, _hidden) in self.isolated.items()}
        figures.update(zip(self.keys, self.value, strict=True))
        return figures

    def protect(self) -> None:
        """Hide further counts until every hidden count lies on a cycle of hidden counts."""
        bridges = self._bridges()
        if not bridges:
            return  # as is common where many counts are small
        # The counts a cycle may use, by the equation they leave: only positive ones, the
        # shown ones cheapest first (the search stops at the first one too dear to help),
        # the hidden ones apart (they cost nothing).
        self._shown: list[list[tuple[int, int, int]]] = [[] for _ in range(self.vertices)]
        self._hidden: list[list[tuple[int, int]]] = [[] for _ in range(self.vertices)]
        # The edge between a row's and a column's equation, where there is one (and positive).
        self._between: dict[tuple[int, int], int] = {}
        for edge, (value, start, end, hidden, weight) in enumerate(
            zip(self.value, self.start, self.end, self.hidden_, self.weight, strict=True)
        ):
            if not value:
                continue
            if hidden:
                self._hidden[start].append((end, edge))
                self._hidden[end].append((start, edge))
            else:
                self._shown[start].append((weight, end, edge))
                self._shown[end].append((weight, start, edge))
            if start != GROUND and end != GROUND:
                self._between[start, end] = edge
        for shown in self._shown:
            shown.sort()
        while any([self._close_cycle(edge) for edge in bridges]):
            bridges = self._bridges()

    def _bridges(self) -> list[int]:
        """The hidden edges on no cycle of hidden edges: Tarjan's low-link, iteratively, and
        over edges rather than vertices so that parallel edges make a cycle."""
        neighbours: list[list[tuple[int, int]]] = [[] for _ in range(self.vertices)]
        for edge, hidden in enumerate(self.hidden_):
            if hidden:
                start, end = self.start[edge], self.end[edge]
                neighbours[start].append((end, edge))
                neighbours[end].append((start, edge))
        order = [-1] * self.vertices
        low = [0] * self.vertices
        bridges: list[int] = []
        counter = 0
        for root in range(self.vertices):
            if order[root] != -1 or not neighbours[root]:
                continue
            order[root] = low[root] = counter
            counter += 1
            # The depth-first path: a vertex, the edge it was reached by, its unseen neighbours.
            stack = [(root, -1, iter(neighbours[root]))]
            while stack:
                vertex, edge_in, unseen = stack[-1]
                for other, edge in unseen:
                    if edge == edge_in:
                        continue
                    if order[other] == -1:
                        order[other] = low[other] = counter
                        counter += 1
                        stack.append((other, edge, iter(neighbours[other])))
                        break
                    low[vertex] = min(low[vertex], order[other])
                else:
                    stack.pop()
                    if stack:
                        parent = stack[-1][0]
                        low[parent] = min(low[parent], low[vertex])
                        if low[vertex] > order[parent]:
                            bridges.append(edge_in)
        return bridges

    def _short_cycle(self, source: int, target: int) -> float:
        """The cost of the cheapest path row – column – row – column between the ends of a
        bridge through a few of their cheapest other edges; infinite when there is none."""
        if source == GROUND or target == GROUND:
            return float("inf")
        hidden, weight = self.hidden_, self.weight

        def cheapest(vertex: int, besides: int) -> list[tuple[int, int]]:
            # (cost, other end) of a few of the cheapest edges, hidden ones (free) first.
            found = [(0, other) for other, _edge in self._hidden[vertex][:4] if other != besides]
            found += [
                (weight, other)
                for weight, other, edge in self._shown[vertex][:4]
                if other != besides and not hidden[edge]
            ]
            return found

        best = float("inf")
        for first, column in cheapest(source, target):
            for last, row in cheapest(target, source):
                edge = self._between.get((row, column))
                if edge is not None:
                    middle = 0 if hidden[edge] else weight[edge]
                    best = min(best, first + middle + last)
        return best

    def _close_cycle(self, bridge: int) -> bool:
        """Hide the cheapest path that closes a cycle through this edge (Dijkstra: hidden
        counts cost nothing, the others their weight); False when nothing new was hidden, as
        when an earlier cycle of the same round already passes through it."""
        source, target = self.start[bridge], self.end[bridge]
        if source == GROUND:
            # GROUND may have every cell of a column as an edge; its column has fewer.
            source, target = target, source
        hidden = self.hidden_
        distance = [float("inf")] * self.vertices
        came_by = [-1] * self.vertices
        settled = [False] * self.vertices
        distance[source] = 0
        # A short cycle found first tells the search what is too dear to look at: it only
        # follows paths cheaper than that cycle, and finds that cycle or a cheaper one.
        distance[target] = self._short_cycle(source, target) + 0.5
        heap: list[tuple[float, int]] = [(0, source)]
        while heap:
            reached, vertex = heapq.heappop(heap)
            if vertex == target:
                break
            if settled[vertex]:
                continue
            settled[vertex] = True
            for other, edge in self._hidden[vertex]:
                if edge != bridge and not settled[other] and reached < distance[other]:
                    distance[other] = reached
                    came_by[other] = edge
                    heapq.heappush(heap, (reached, other))
            for weight, other, edge in self._shown[vertex]:
                cost = reached + weight
                if cost >= distance[target]:
                    break  # this and every dearer count lead nowhere cheaper
                if hidden[edge] or settled[other] or cost >= distance[other]:
                    continue
                distance[other] = cost
                came_by[other] = edge
                heapq.heappush(heap, (cost, other))
        else:
            return False  # cannot happen for counts that add up (see above)
        newly = False
        vertex = target
        while vertex != source:
            edge = came_by[vertex]
            if not hidden[edge]:
                newly = hidden[edge] = True
                start, end = self.start[edge], self.end[edge]
                self._hidden[start].append((end, edge))
                self._hidden[end].append((start, edge))
            vertex = self.start[edge] if vertex == self.end[edge] else self.end[edge]
        return newly
