"""How the planning pages word published tables: no database, tables built by hand."""

import datetime as dt

from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part
from lisko.planning.scope import Period
from lisko.planning.tables import Cell, Column, Measure, Row, Table
from web.planning import presenters


def heat_table() -> Table:
    columns = (Column("ara", "Arabic"), Column("tir", "Tigrinya"), Column("total", "Total"))
    return Table(
        key="clients-by-municipality",
        title="Clients",
        row_heading="Municipality",
        columns=columns,
        rows=(
            Row("1", "Nordstadt", (Cell(20), Cell(None, True), Cell(27))),
            Row("2", "Mittelfeld", (Cell(0), Cell(10), Cell(10))),
        ),
        totals=Row("__total__", "Total", (Cell(20), Cell(None, True), Cell(37))),
        threshold=5,
    )


def show(table: Table, filters: Filters | None = None) -> presenters.ShownTable:
    return presenters.show_table(
        table,
        figure_key=table.key,
        heat=True,
        filters=filters or Filters(),
        column_url=lambda kind, key: f"?{kind}={key}",
        csv_url="a.csv",
        xlsx_url="a.xlsx",
    )


def test_a_heat_cell_is_shaded_relative_to_the_largest_part() -> None:
    shown = show(heat_table())

    assert "heat-5" in shown.rows[0].cells[0].css
    assert "heat-hidden" in shown.rows[0].cells[1].css
    assert "heat-0" in shown.rows[1].cells[0].css
    assert "heat-3" in shown.rows[1].cells[1].css
    # The row total is no part: bold, unshaded; the totals row is never shaded.
    assert "heat" not in shown.rows[0].cells[2].css and "total" in shown.rows[0].cells[2].css
    assert all("heat" not in cell.css for cell in shown.totals.cells)  # type: ignore[union-attr]


def test_a_hidden_cell_reads_fewer_than_the_threshold() -> None:
    shown = show(heat_table())

    assert shown.rows[0].cells[1].text == "fewer than 5"
    assert shown.has_suppressed


def test_language_columns_link_to_their_drill_down_but_the_total_does_not() -> None:
    shown = show(heat_table())

    assert [column.url for column in shown.columns] == ["?language=ara", "?language=tir", ""]


def test_the_chosen_municipality_is_marked() -> None:
    table = presenters.with_links(heat_table(), "clients-by-municipality", lambda k, key: key)
    shown = show(table, Filters(municipality_id=2))

    assert [row.current for row in shown.rows] == [False, True]
    assert shown.rows[0].url == "1"


def test_a_share_reads_as_a_percentage_and_hours_keep_a_decimal() -> None:
    assert presenters.value_text(Column("r", "Share", Measure.RATE), 0.254) == "25 %"
    assert presenters.value_text(Column("h", "Hours", Measure.SUM), 12.5) == "12.5"
    assert presenters.value_text(Column("n", "Clients"), 12000) == "12,000"
    assert presenters.value_text(Column("n", "Clients"), None) == "–"


def headline_tables(clients: Cell, *, before: Cell) -> tuple[dict[str, Table], dict[str, Table]]:
    def table(cell: Cell) -> Table:
        return Table(
            key="clients-by-municipality",
            title="Clients",
            row_heading="Municipality",
            columns=(Column("total", "Total"),),
            rows=(),
            totals=Row("__total__", "Total", (cell,)),
            threshold=5,
        )

    return {"clients-by-municipality": table(clients)}, {"clients-by-municipality": table(before)}


def test_a_headline_says_how_it_changed_since_the_previous_period() -> None:
    now, before = headline_tables(Cell(120), before=Cell(100))

    (clients,) = presenters.headlines(now, before, url_of=lambda key: key)

    assert clients.text == "120"
    assert clients.trend == "up" and clients.judged == "better"
    assert clients.trend_text == "Up 20 % on the previous period (100)."


def test_a_hidden_headline_says_fewer_than_and_compares_nothing() -> None:
    now, before = headline_tables(Cell(None, True), before=Cell(100))

    (clients,) = presenters.headlines(now, before, url_of=lambda key: key)

    assert clients.text == "fewer than 5"
    assert clients.trend == ""


def test_more_unfilled_requests_read_as_worse() -> None:
    assert presenters._judged("up", rising_is_good=False) == "worse"


def test_a_page_link_keeps_the_period_and_filters_and_drops_a_removed_one() -> None:
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    filters = Filters(municipality_id=3, language="ara")

    query = presenters.page_query(period, filters, municipality=None)

    assert query == "?from=2026-01-01&until=2026-06-30&language=ara"


def test_a_figure_not_narrowed_by_the_municipality_marks_its_row() -> None:
    figure = Figure(
        key="clients-by-municipality",
        part=Part.NEEDS,
        title="Clients",  # type: ignore[arg-type]
        build=lambda scope, filters: heat_table(),
        charts=(ChartSpec(ChartKind.HEAT, ()),),
        filters=frozenset({"language"}),
    )

    assert "marked" in presenters.narrowing_note(figure, Filters(municipality_id=1))
    assert presenters.narrowing_note(figure, Filters(language="ara")) == ""
    assert "not narrowed" in presenters.narrowing_note(figure, Filters(field_of_action="work"))
