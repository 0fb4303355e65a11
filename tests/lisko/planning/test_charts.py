"""Charts of published tables: inline SVG that a strict CSP lets through, readable as text,
never showing a hidden cell's number; the same charts as PNG for the social report."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import translation
from matplotlib.transforms import Bbox

from lisko.planning import charts
from lisko.planning.figures import ChartKind, ChartSpec
from lisko.planning.tables import Cell, Column, Measure, Row, Table

BAR = ChartSpec(ChartKind.BAR, ("people",))
LINE = ChartSpec(ChartKind.LINE, ("requested", "served"))


def make_table(rows: list[tuple[str, str, Cell]], *, title: str = "Residents") -> Table:
    return Table(
        key="residents",
        title=title,
        row_heading="Municipality",
        columns=(Column("people", "People"),),
        rows=tuple(Row(key=key, label=label, cells=(cell,)) for key, label, cell in rows),
        totals=None,
        threshold=5,
    )


@pytest.fixture
def residents() -> Table:
    # A hidden cell that still carries its value: the chart must not rely on publish()
    # having blanked it.
    return make_table(
        [
            ("1", "Nordstadt", Cell(1200)),
            ("2", "Südheim", Cell(37, suppressed=True)),
            ("3", "Westdorf", Cell(640)),
        ]
    )


@pytest.fixture
def weeks() -> Table:
    return Table(
        key="weeks",
        title="Requests by week",
        row_heading="Week",
        columns=(Column("requested", "Requested"), Column("served", "Served")),
        rows=tuple(
            Row(
                key=f"2026-W{week:02d}",
                label=f"2026-W{week:02d}",
                cells=(
                    Cell(37, suppressed=True) if week == 3 else Cell(100 + week),
                    Cell(90 + week),
                ),
            )
            for week in range(1, 9)
        ),
        totals=None,
        threshold=5,
    )


@pytest.fixture
def points() -> dict[str, tuple[float, float, str]]:
    return {
        "1": (49.61, 6.13, "Nordstadt"),
        "2": (49.50, 5.98, "Südheim"),
        "3": (49.70, 6.00, "Westdorf"),
        "4": (49.80, 6.20, "Osterfeld"),  # not in the table: no data
    }


def texts(svg: str) -> list[str]:
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)


def x_of(svg: str, text: str) -> float:
    found = re.search(r'<text\b[^>]*\bx="([\d.]+)"[^>]*>' + re.escape(text) + "</text>", svg)
    assert found, text
    return float(found.group(1))


def width_of(svg: str) -> float:
    found = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert found
    return float(found.group(1))


def test_the_svg_has_no_style_sheet_script_or_xml_header(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR)

    assert "<style" not in svg
    assert "<script" not in svg
    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    assert svg.startswith("<svg ")


def test_the_svg_keeps_every_style_as_a_presentation_attribute(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR)

    assert " style=" not in svg


def test_the_svg_is_an_image_named_after_the_table(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR)

    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Residents"


def test_the_svg_names_only_what_it_refers_to(residents: Table) -> None:
    # Several charts share a page: matplotlib's "figure_1", "axes_1" would repeat there.
    svg = charts.chart_svg(residents, BAR) + charts.chart_svg(residents, BAR)

    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert "figure_1" not in ids
    assert len(ids) == len(set(ids))


def test_text_stays_text_in_fonts_with_arabic_cyrillic_and_latin(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR)

    assert "Nordstadt" in texts(svg)
    assert "DejaVu Sans" in re.search(r'font-family="([^"]+)"', svg).group(1)  # type: ignore[union-attr]


def test_a_hidden_cell_reads_fewer_than_the_threshold_and_never_its_number(
    residents: Table,
) -> None:
    svg = charts.chart_svg(residents, BAR)

    assert "fewer than 5" in texts(svg)
    assert not any("37" in text for text in texts(svg))


def test_a_hidden_cell_is_drawn_hatched(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR)

    assert "<pattern" in svg


def test_labels_are_escaped(residents: Table) -> None:
    table = make_table([("1", "<script>alert(1)</script>", Cell(3))], title='"Tom" & <Jerry>')

    svg = charts.chart_svg(table, BAR)

    assert "<script" not in svg
    assert ElementTree.fromstring(svg).get("aria-label") == '"Tom" & <Jerry>'


def test_numbers_are_written_in_the_readers_locale(residents: Table) -> None:
    with translation.override("de"):
        svg = charts.chart_svg(residents, BAR)

    assert "1.200" in texts(svg)


def test_shares_are_written_as_percentages() -> None:
    table = Table(
        key="shares",
        title="Remote share",
        row_heading="Language",
        columns=(Column("share", "Share", Measure.RATE),),
        rows=(Row(key="ara", label="Arabic", cells=(Cell(0.42),)),),
        totals=None,
        threshold=5,
    )

    svg = charts.chart_svg(table, ChartSpec(ChartKind.BAR, ("share",)))

    assert "42 %" in texts(svg)


def test_the_bar_chart_puts_labels_on_the_left(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR)

    assert x_of(svg, "Nordstadt") < width_of(svg) / 2


def test_the_right_to_left_bar_chart_is_mirrored(residents: Table) -> None:
    svg = charts.chart_svg(residents, BAR, rtl=True)

    # Labels on the right, and the bars' values to the left of where the bars start.
    assert x_of(svg, "Nordstadt") > width_of(svg) / 2
    assert x_of(svg, "1,200") < x_of(svg, "Nordstadt")


def test_arabic_labels_reach_the_svg_in_their_own_order() -> None:
    # The browser shapes <text>; reshaped presentation forms would be reversed by it again.
    table = make_table([("1", "بلدية الشمال", Cell(12))])

    svg = charts.chart_svg(table, BAR, rtl=True)

    assert "بلدية الشمال" in texts(svg)


def test_the_line_chart_draws_one_line_per_column_with_a_legend(weeks: Table) -> None:
    svg = charts.chart_svg(weeks, LINE)

    assert {"Requested", "Served"} <= set(texts(svg))


def test_a_hidden_point_of_a_line_is_marked_and_never_numbered(weeks: Table) -> None:
    svg = charts.chart_svg(weeks, LINE)

    assert "fewer than 5" in texts(svg)
    assert not any("37" in text for text in texts(svg))


def test_a_heat_chart_is_shown_as_its_table_not_drawn(residents: Table) -> None:
    with pytest.raises(ValueError):
        charts.chart_svg(residents, ChartSpec(ChartKind.HEAT, ()))


def test_an_empty_table_draws_a_message_instead_of_a_chart() -> None:
    svg = charts.chart_svg(make_table([]), BAR)

    assert "Nothing to show for this period." in texts(svg)


def test_every_map_symbol_links_to_its_municipality(
    residents: Table, points: dict[str, tuple[float, float, str]]
) -> None:
    svg = charts.map_svg(
        residents, "people", points, link=lambda key: f"/planning/m/{key}/?a=1&b=2"
    )

    links = re.findall(r'<a xlink:href="([^"]+)"', svg)
    assert sorted(links) == [f"/planning/m/{key}/?a=1&amp;b=2" for key in "1234"]
    assert 'target="_blank"' not in svg


def test_a_map_link_says_the_municipality_and_its_figure(
    residents: Table, points: dict[str, tuple[float, float, str]]
) -> None:
    svg = charts.map_svg(residents, "people", points, link=lambda key: f"/m/{key}/")

    assert 'aria-label="Nordstadt: 1,200"' in svg
    assert "<title>Südheim: fewer than 5</title>" in svg
    assert "<title>Osterfeld: none recorded</title>" in svg
    assert "37" not in "".join(re.findall(r"<title>([^<]*)</title>", svg))


def test_the_map_has_a_size_legend_and_names_its_largest_symbols(
    residents: Table, points: dict[str, tuple[float, float, str]]
) -> None:
    svg = charts.map_svg(residents, "people", points)

    shown = set(texts(svg))
    assert {"Nordstadt", "Westdorf", "fewer than 5", "none recorded", "People"} <= shown
    assert "1,000" in shown  # a round value of the size legend
    assert "<a " not in svg  # no links without `link`


def test_the_map_draws_no_number_of_a_hidden_cell(
    residents: Table, points: dict[str, tuple[float, float, str]]
) -> None:
    svg = charts.map_svg(residents, "people", points)

    assert not any("37" in text for text in texts(svg))


def test_the_charts_come_as_png_for_the_report(
    residents: Table, weeks: Table, points: dict[str, tuple[float, float, str]]
) -> None:
    images = [
        charts.chart_png(residents, BAR, rtl=True),
        charts.chart_png(weeks, LINE),
        charts.map_png(residents, "people", points, dpi=72),
    ]

    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") for image in images)


# -- shares and the mirrored layout ------------------------------------------------------------


def share_table(cells: list[Cell]) -> Table:
    return Table(
        key="plan-progress",
        title="Plan progress",
        row_heading="Field of action",
        columns=(Column("share", "Share", Measure.RATE),),
        rows=tuple(
            Row(key=f"f{number}", label=f"Field {number}", cells=(cell,))
            for number, cell in enumerate(cells)
        ),
        totals=None,
        threshold=5,
    )


SHARE = ChartSpec(ChartKind.BAR, ("share",))


def percentages(svg: str) -> list[int]:
    return [int(found) for found in re.findall(r"^(\d+) %$", "\n".join(texts(svg)), re.M)]


@pytest.mark.parametrize(
    "cells",
    [
        [Cell(0.55), Cell(0.2)],
        [Cell(1.0), Cell(0.0)],
        # Nothing to scale by: every share hidden or empty (once read 0 %, 150 %, 300 %, 450 %).
        [Cell(0.4, suppressed=True), Cell(None)],
        [Cell(None), Cell(None)],
    ],
)
def test_a_share_axis_runs_from_0_to_100_percent_never_beyond(cells: list[Cell]) -> None:
    svg = charts.chart_svg(share_table(cells), SHARE)

    assert {0, 25, 50, 75, 100} <= set(percentages(svg))
    assert max(percentages(svg)) == 100


def test_a_share_bar_is_labelled_with_its_percentage_once() -> None:
    svg = charts.chart_svg(share_table([Cell(0.55), Cell(0.13)]), SHARE)

    assert "55 %" in texts(svg)
    assert "13 %" in texts(svg)
    assert "5,500 %" not in texts(svg)


def test_a_share_is_written_in_the_readers_locale() -> None:
    table = share_table([Cell(0.55)])

    with translation.override("de"):
        svg = charts.chart_svg(table, SHARE)

    assert "55 %" in texts(svg)
    assert "100 %" in texts(svg)


def test_a_share_line_has_its_axis_in_percent() -> None:
    table = Table(
        key="shares",
        title="Shares by week",
        row_heading="Week",
        columns=(Column("share", "Share", Measure.RATE),),
        rows=tuple(
            Row(key=f"w{week}", label=f"W{week}", cells=(Cell(week / 10),)) for week in range(6)
        ),
        totals=None,
        threshold=5,
    )

    svg = charts.chart_svg(table, ChartSpec(ChartKind.LINE, ("share",)))

    assert max(percentages(svg)) == 100
    assert "25 %" in texts(svg)


def test_the_svg_draws_left_to_right_inside_a_right_to_left_page(residents: Table) -> None:
    # matplotlib's "start"/"end" anchors mean left/right; a page with dir="rtl" would swap them
    # for the inline SVG and draw every label over the bars.
    svg = charts.chart_svg(residents, BAR, rtl=True)

    assert ElementTree.fromstring(svg).get("direction") == "ltr"


DPI = 100  # matplotlib's figure.dpi: window extents are in these pixels


def drawn(table: Table, spec: ChartSpec, *, rtl: bool) -> tuple[list[Bbox], dict[str, Bbox], Bbox]:
    """Each bar's extent, each text's extent (by its text) and the axes', in the drawn figure."""
    figure = charts._figure(table, spec, rtl=rtl)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    figure.draw(renderer)
    axes = figure.axes[0]
    bars = [
        Bbox.from_extents(*path.get_extents(axes.transData).extents)
        for collection in axes.collections
        for path in collection.get_paths()
    ]
    extents = {text.get_text(): text.get_window_extent(renderer) for text in axes.texts}
    return bars, extents, axes.get_window_extent(renderer)


@pytest.fixture
def pool() -> Table:
    return make_table(
        [
            ("ara", "العربية", Cell(3, suppressed=True)),
            ("fas", "الفارسية", Cell(12)),
            ("tir", "بلدية الشمال والجنوب الغربي", Cell(1234)),
            ("ukr", "الأوكرانية", Cell(0)),
        ]
    )


def test_in_right_to_left_the_labels_stand_right_of_the_axis_and_values_left_of_bars(
    pool: Table,
) -> None:
    with translation.override("ar"):
        bars, extents, frame = drawn(pool, BAR, rtl=True)
        values = [charts.cell_text(pool, pool.columns[0], row.cells[0]) for row in pool.rows]

    for row in pool.rows:
        assert extents[row.label].x0 >= frame.x1  # outside the axis, on the right
        assert extents[row.label].x1 <= charts.WIDTH_INCHES * DPI  # within the figure
    for bar in bars:
        # Bars grow leftwards from the axis on the right.
        assert bar.x1 == pytest.approx(frame.x1, abs=1)
    # The shown bars top to bottom (display y grows upwards), then the hidden stub.
    shown = sorted(bars[:-1], key=lambda bar: bar.y0, reverse=True)
    for value, bar in zip(values[1:3], shown, strict=True):
        assert extents[value].x1 <= bar.x0  # left of the bar's end
        assert extents[value].x0 >= frame.x0  # and still inside the chart
    assert extents[values[0]].x1 <= bars[-1].x0  # "fewer than 5" left of its hatched stub
    assert extents[values[3]].x1 <= frame.x1  # a zero's value left of the axis


def test_no_value_overlaps_a_row_label_in_either_direction(pool: Table) -> None:
    for rtl in (False, True):
        _bars, extents, frame = drawn(pool, BAR, rtl=rtl)
        labels = [extents[row.label] for row in pool.rows]
        names = {row.label for row in pool.rows}
        values = [box for text, box in extents.items() if text not in names]
        for label in labels:
            assert not any(label.overlaps(value) for value in values)
            assert label.x0 >= frame.x1 if rtl else label.x1 <= frame.x0
        for value in values:
            assert frame.x0 <= value.x0 and value.x1 <= frame.x1  # inside the axis


def test_the_label_margin_fits_the_longest_label() -> None:
    long = "Gemeinde mit einem ziemlich langen Namen"
    table = make_table([("1", long, Cell(10)), ("2", "Ost", Cell(4))])

    for rtl in (False, True):
        _bars, extents, _frame = drawn(table, BAR, rtl=rtl)

        assert extents[long].x0 >= 0
        assert extents[long].x1 <= charts.WIDTH_INCHES * DPI


def test_the_largest_value_fits_after_its_bar() -> None:
    table = make_table([("1", "Nordstadt", Cell(1_234_567)), ("2", "Ost", Cell(4))])

    for rtl in (False, True):
        _bars, extents, frame = drawn(table, BAR, rtl=rtl)

        assert frame.x0 <= extents["1,234,567"].x0
        assert extents["1,234,567"].x1 <= frame.x1


def test_the_same_table_is_drawn_once_and_then_taken_as_drawn(
    residents: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[Table] = []
    draw = charts._figure
    monkeypatch.setattr(
        charts, "_figure", lambda table, *a, **k: drawn.append(table) or draw(table, *a, **k)
    )
    spec = BAR

    first = charts.chart_svg(residents, spec)
    second = charts.chart_svg(residents, spec)

    def unsalted(svg: str) -> str:
        return re.sub(r"-[0-9a-f]{8}(?=[\")])", "", svg)

    assert unsalted(first) == unsalted(second)
    assert first != second  # each shown drawing gets ids of its own
    assert len(drawn) == 1


def test_a_table_is_drawn_again_in_another_language(residents: Table) -> None:
    spec = BAR
    with translation.override("de"):
        german = charts.chart_svg(residents, spec)
    with translation.override("ar"):
        arabic = charts.chart_svg(residents, spec)

    assert german != arabic
