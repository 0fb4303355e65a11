"""The small-cell rule of `publish`: what is hidden, what is hidden with it, and that no hidden
count can be worked out from what is shown. Pure: no database."""

from collections.abc import Sequence
from typing import Any

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp

from lisko.planning.tables import (
    TOTAL_ROW,
    Cell,
    Column,
    Measure,
    RawTable,
    Table,
    publish,
)

THRESHOLD = 5
HIDDEN = Cell(None, suppressed=True)


def one_column(*counts: int, threshold_: int | None = THRESHOLD) -> Table:
    """A one-column table of these counts, with its total."""
    return publish(
        RawTable(
            key="clients",
            title="Clients",
            row_heading="Municipality",
            columns=[Column("clients", "Clients")],
            rows=[(f"r{index}", f"Row {index}") for index in range(len(counts))],
            counts={(f"r{index}", "clients"): count for index, count in enumerate(counts)},
        ),
        threshold_=threshold_,
    )


def grid_table(
    grid: Sequence[Sequence[int]],
    *,
    with_row_total: bool = False,
    totals: bool = True,
    contributors: dict[tuple[str, str], int] | None = None,
) -> RawTable:
    """Rows r0.. × COUNT columns c0.. of `grid`; with a row total, a last column "all" holding
    each row's sum."""
    keys = [f"c{index}" for index in range(len(grid[0]))]
    counts = {
        (f"r{row}", key): count
        for row, numbers in enumerate(grid)
        for key, count in zip(keys, numbers, strict=True)
    }
    columns = [Column(key, key) for key in keys]
    if with_row_total:
        columns.append(Column("all", "All"))
        for row, numbers in enumerate(grid):
            counts[f"r{row}", "all"] = sum(numbers)
    return RawTable(
        key="grid",
        title="Grid",
        row_heading="Row",
        columns=columns,
        rows=[(f"r{row}", f"Row {row}") for row in range(len(grid))],
        counts=counts,
        contributors=contributors or {},
        totals=totals,
        row_total_column="all" if with_row_total else None,
    )


def column_of(table: Table, key: str) -> list[Cell]:
    """The cells of one column, the totals last."""
    index = [column.key for column in table.columns].index(key)
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    return [row.cells[index] for row in rows]


def count_cells(table: Table) -> dict[tuple[str, str], Cell]:
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    return {
        (row.key, column.key): cell
        for row in rows
        for column, cell in zip(table.columns, row.cells, strict=True)
        if column.measure is Measure.COUNT
    }


def pinned_cells(raw: RawTable, table: Table) -> list[tuple[str, str]]:
    """The hidden counts a reader can work out exactly: by linear programming over everything
    published, the equations the table states (columns add up to their totals, parts add up
    to the row total) and non-negativity, those whose least and greatest value coincide."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    cells = count_cells(table)
    # A bound far above any true count keeps every program bounded without hiding anything.
    ceiling = 10 * (sum(raw.counts.values()) + 10)
    x: dict[tuple[str, str], pywraplp.Variable | int] = {
        key: solver.NumVar(0, ceiling, str(key)) if cell.suppressed else int(cell.value or 0)
        for key, cell in cells.items()
    }
    row_keys = [key for key, _label in raw.rows]
    counted = [column.key for column in raw.columns if column.measure is Measure.COUNT]
    equations: list[tuple[list[tuple[str, str]], tuple[str, str]]] = []
    if raw.totals:
        for column in counted:
            equations.append(([(row, column) for row in row_keys], (TOTAL_ROW, column)))
    if raw.row_total_column:
        whole = raw.row_total_column
        parts = [key for key in counted if key != whole]
        for row in [*row_keys, *([TOTAL_ROW] if raw.totals else [])]:
            equations.append(([(row, part) for part in parts], (row, whole)))
    for terms, total in equations:
        left = [x[key] for key in terms]
        if all(isinstance(term, int) for term in [*left, x[total]]):
            continue
        solver.Add(sum(left, 0) == x[total])
    pinned = []
    for key, variable in x.items():
        if isinstance(variable, int):
            continue
        solver.Minimize(variable)
        assert solver.Solve() == pywraplp.Solver.OPTIMAL
        least = variable.solution_value()
        solver.Maximize(variable)
        assert solver.Solve() == pywraplp.Solver.OPTIMAL
        if variable.solution_value() - least < 1e-6:
            pinned.append(key)
    return pinned


# -- the property: nothing small is shown, nothing hidden can be worked out ------------------

# Counts mostly around the threshold, where suppression has work to do; now and then a large one.
small = st.integers(0, 12)
some_count = st.one_of(small, small, small, st.integers(13, 60))


@st.composite
def grids(draw: st.DrawFn) -> list[list[int]]:
    rows = draw(st.integers(1, 6))
    columns = draw(st.integers(1, 6))
    return [[draw(some_count) for _column in range(columns)] for _row in range(rows)]


@st.composite
def few_persons(draw: st.DrawFn, grid: list[list[int]]) -> dict[tuple[str, str], int]:
    """For some cells, how many persons stand behind the records: at least one, at most all."""
    persons = {}
    for row, numbers in enumerate(grid):
        for column, count in enumerate(numbers):
            if count and draw(st.integers(0, 3)) == 0:
                persons[f"r{row}", f"c{column}"] = draw(st.integers(1, count))
    return persons


def assert_protected(raw: RawTable, threshold_: int) -> None:
    table = publish(raw, threshold_=threshold_)
    for key, cell in count_cells(table).items():
        if cell.suppressed:
            continue
        assert not 0 < int(cell.value or 0) < threshold_, key
        persons = raw.contributors.get(key)
        assert persons is None or cell.value == 0 or persons >= threshold_, key
    assert pinned_cells(raw, table) == []


@hypothesis_settings(max_examples=200, deadline=None, database=None)
@given(data=st.data(), threshold_=st.sampled_from([3, 5]), totals=st.booleans())
def test_no_hidden_count_can_be_worked_out_from_columns_and_their_totals(
    data: st.DataObject, threshold_: int, totals: bool
) -> None:
    grid = data.draw(grids())
    persons = data.draw(few_persons(grid))
    assert_protected(grid_table(grid, totals=totals, contributors=persons), threshold_)


@hypothesis_settings(max_examples=200, deadline=None, database=None)
@given(data=st.data(), threshold_=st.sampled_from([3, 5]), totals=st.booleans())
def test_no_hidden_count_can_be_worked_out_from_row_totals_either(
    data: st.DataObject, threshold_: int, totals: bool
) -> None:
    grid = data.draw(grids())
    persons = data.draw(few_persons(grid))
    raw = grid_table(grid, with_row_total=True, totals=totals, contributors=persons)
    assert_protected(raw, threshold_)


# -- primary suppression -----------------------------------------------------------------------


def test_a_lone_small_cell_gets_a_complement_in_its_column() -> None:
    table = one_column(3, 10, 20, 8)
    assert column_of(table, "clients") == [HIDDEN, Cell(10), Cell(20), HIDDEN, Cell(41)]


def test_a_small_total_is_hidden() -> None:
    table = one_column(3, 0, 0)
    assert column_of(table, "clients")[-1] == HIDDEN


def test_zero_is_shown() -> None:
    table = one_column(0, 10, 20)
    assert column_of(table, "clients") == [Cell(0), Cell(10), Cell(20), Cell(30)]


def test_a_cell_of_few_persons_is_hidden_however_many_records() -> None:
    # 12 appointments of 2 persons.
    raw = grid_table([[12], [30], [40]], contributors={("r0", "c0"): 2})
    raw.contributors = {**raw.contributors, (TOTAL_ROW, "c0"): 60}
    assert column_of(publish(raw, threshold_=THRESHOLD), "c0") == [
        HIDDEN,
        HIDDEN,
        Cell(40),
        Cell(82),
    ]


def test_a_table_with_nothing_small_publishes_everything() -> None:
    table = publish(grid_table([[0, 7, 9], [5, 0, 12]], with_row_total=True), threshold_=THRESHOLD)
    assert table.suppressed_count == 0
    assert [cell.value for cell in table.rows[1].cells] == [5, 0, 12, 17]
    assert table.totals is not None
    assert [cell.value for cell in table.totals.cells] == [5, 7, 21, 33]


def test_without_totals_a_small_cell_is_hidden_alone() -> None:
    table = publish(grid_table([[3], [10], [20]], totals=False), threshold_=THRESHOLD)
    assert column_of(table, "c0") == [HIDDEN, Cell(10), Cell(20)]


def test_the_threshold_setting_is_respected(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 3
    table = one_column(3, 4, 20, threshold_=None)
    assert column_of(table, "clients") == [Cell(3), Cell(4), Cell(20), Cell(27)]
    assert table.threshold == 3


# -- complementary suppression -----------------------------------------------------------------


def test_the_complement_is_the_smallest_other_cell_not_the_total() -> None:
    table = one_column(2, 40, 9, 30)
    assert column_of(table, "clients") == [HIDDEN, Cell(40), HIDDEN, Cell(30), Cell(81)]


def test_a_total_is_hidden_rather_than_a_zero() -> None:
    # 12 appointments of 2 persons, in a total of 5 persons; the other cells are zeros.
    raw = grid_table([[12], [0], [0]], contributors={("r0", "c0"): 2, (TOTAL_ROW, "c0"): 5})
    table = publish(raw, threshold_=THRESHOLD)
    assert column_of(table, "c0") == [HIDDEN, Cell(0), Cell(0), HIDDEN]


def test_a_small_cell_is_protected_in_its_row_and_its_column() -> None:
    raw = grid_table([[3, 20, 30], [40, 50, 60], [70, 80, 90]], with_row_total=True)
    table = publish(raw, threshold_=THRESHOLD)
    hidden = {key for key, cell in count_cells(table).items() if cell.suppressed}
    # The cheapest cycle through the 3: one more cell in its row, its column and both corners.
    assert hidden == {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}
    assert pinned_cells(raw, table) == []


def test_columns_that_do_not_add_up_across_are_protected_each_on_its_own() -> None:
    raw = grid_table([[3, 20], [40, 50], [70, 4]])
    table = publish(raw, threshold_=THRESHOLD)
    assert column_of(table, "c0") == [HIDDEN, HIDDEN, Cell(70), Cell(113)]
    assert column_of(table, "c1") == [HIDDEN, Cell(50), HIDDEN, Cell(74)]


# -- measures that follow a count ------------------------------------------------------------


def measured(**columns: Column) -> RawTable:
    """People (3, 10, 20, 25: the first two hidden) and requests (30, 40, 2, 50: the first and
    the third hidden), with a schedule and the given measures: hours, the share of requests
    served, a median of days waited."""
    rows = [("r0", "Row 0"), ("r1", "Row 1"), ("r2", "Row 2"), ("r3", "Row 3")]
    return RawTable(
        key="measured",
        title="Measured",
        row_heading="Row",
        columns=[
            Column("schedule", "Schedule", Measure.LABEL),
            Column("people", "People"),
            Column("requests", "Requests"),
            *columns.values(),
        ],
        rows=rows,
        counts={
            **{("r0", "people"): 3, ("r1", "people"): 10, ("r2", "people"): 20},
            **{("r0", "requests"): 30, ("r1", "requests"): 40, ("r2", "requests"): 2},
            **{("r3", "people"): 25, ("r3", "requests"): 50},
        },
        values={
            ("r0", "schedule"): "Mondays",
            ("r1", "schedule"): "Tuesdays",
            ("r2", "schedule"): "Fridays",
            ("r3", "schedule"): "Saturdays",
            **{("r0", "hours"): 7.5, ("r1", "hours"): 20.0, ("r2", "hours"): 41.2},
            **{("r0", "served"): 0.5, ("r1", "served"): 0.75, ("r2", "served"): 0.9},
            **{("r0", "wait"): 4, ("r1", "wait"): 6, ("r2", "wait"): 2},
            **{("r3", "hours"): 10.0, ("r3", "served"): 0.6, ("r3", "wait"): 3},
            (TOTAL_ROW, "served"): 0.8,
            (TOTAL_ROW, "wait"): 5,
        },
        bases={
            **{("r0", "served"): 30, ("r1", "served"): 40, ("r2", "served"): 4},
            **{("r0", "wait"): 30, ("r1", "wait"): 40, ("r2", "wait"): 20},
            **{("r3", "served"): 3, ("r3", "wait"): 25},
            (TOTAL_ROW, "served"): 77,
        },
    )


def test_hours_are_shown_where_their_count_is_shown() -> None:
    table = publish(measured(hours=Column("hours", "Hours", Measure.SUM, "h")), threshold_=5)
    assert column_of(table, "hours") == [HIDDEN, HIDDEN, Cell(41.2), Cell(10.0), Cell(78.7)]


def test_the_total_of_hours_is_hidden_where_the_total_count_is_hidden() -> None:
    raw = measured(hours=Column("hours", "Hours", Measure.SUM, "h"))
    raw.counts = {**raw.counts, ("r1", "people"): 0, ("r2", "people"): 0, ("r3", "people"): 0}
    assert column_of(publish(raw, threshold_=5), "hours")[-1] == HIDDEN


def test_count_column_names_the_count_that_protects_a_measure() -> None:
    hours = Column("hours", "Hours", Measure.SUM, "h", count_column="requests")
    table = publish(measured(hours=hours), threshold_=5)
    assert column_of(table, "hours") == [HIDDEN, Cell(20.0), HIDDEN, Cell(10.0), Cell(78.7)]


def test_a_rate_is_shown_where_its_count_is_shown_and_its_base_is_large_enough() -> None:
    served = Column("served", "Served", Measure.RATE, count_column="requests")
    table = publish(measured(served=served), threshold_=5)
    # Rows 0 and 2: their count of requests is hidden; row 3: a base of 3.
    assert column_of(table, "served") == [HIDDEN, Cell(0.75), HIDDEN, HIDDEN, Cell(0.8)]


def test_a_median_is_shown_where_its_count_is_shown() -> None:
    table = publish(measured(wait=Column("wait", "Days waited", Measure.MEDIAN)), threshold_=5)
    # The totals row has no base for the median: it is not shown.
    assert column_of(table, "wait") == [HIDDEN, HIDDEN, Cell(2), Cell(3), HIDDEN]


def test_a_rate_without_a_count_column_follows_its_base_alone() -> None:
    raw = RawTable(
        key="rates",
        title="Rates",
        row_heading="Row",
        columns=[Column("share", "Share", Measure.RATE)],
        rows=[("r0", "Row 0"), ("r1", "Row 1"), ("r2", "Row 2")],
        values={("r0", "share"): 0.5, ("r1", "share"): 0.25, ("r2", "share"): None},
        bases={("r0", "share"): 4, ("r1", "share"): 20, ("r2", "share"): 0},
        totals=False,
    )
    table = publish(raw, threshold_=5)
    assert column_of(table, "share") == [HIDDEN, Cell(0.25), Cell(None)]


def test_labels_are_shown_as_given() -> None:
    table = publish(measured(), threshold_=5)
    assert [cell.value for cell in column_of(table, "schedule")] == [
        "Mondays",
        "Tuesdays",
        "Fridays",
        "Saturdays",
        None,
    ]
    assert not any(cell.suppressed for cell in column_of(table, "schedule"))


def test_a_rate_that_gives_away_a_small_count_is_hidden() -> None:
    raw = RawTable(
        key="rates",
        title="Rates",
        row_heading="Row",
        columns=[Column("share", "Share by phone", Measure.RATE)],
        rows=[("few", "1 of 20"), ("most", "18 of 20"), ("fair", "10 of 20")],
        values={("few", "share"): 0.05, ("most", "share"): 0.9, ("fair", "share"): 0.5},
        bases={("few", "share"): 20, ("most", "share"): 20, ("fair", "share"): 20},
        totals=False,
    )
    table = publish(raw, threshold_=5)
    # 1 inside, or 2 outside, are fewer than five people.
    assert column_of(table, "share") == [HIDDEN, HIDDEN, Cell(0.5)]


def test_a_rate_is_hidden_where_any_of_its_counts_is_hidden() -> None:
    raw = RawTable(
        key="ended",
        title="Ended",
        row_heading="Row",
        columns=[
            Column("completed", "Completed"),
            Column("dropped", "Dropped"),
            Column(
                "rate",
                "Completed of ended",
                Measure.RATE,
                count_column="completed",
                count_columns=("dropped",),
            ),
        ],
        rows=[("a", "A"), ("b", "B")],
        counts={
            ("a", "completed"): 30,
            ("a", "dropped"): 3,
            ("b", "completed"): 30,
            ("b", "dropped"): 20,
        },
        values={("a", "rate"): 30 / 33, ("b", "rate"): 0.6},
        bases={("a", "rate"): 33, ("b", "rate"): 50},
        totals=False,
    )
    table = publish(raw, threshold_=5)
    assert column_of(table, "rate") == [HIDDEN, Cell(0.6)]
