"""Charts of published tables: inline SVG that a strict CSP lets through, readable as text,
never showing a hidden cell's number; the same charts as PNG for the social report."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import translation

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
