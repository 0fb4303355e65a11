"""How the planning pages word and draw published tables: cells in the reader's locale, hidden
cells as "fewer than N", heat classes, drill-down links, headline figures with their trend.

Everything here works on published `Table`s (lisko/planning/tables.py) and never queries."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.planning.figures import ChartKind, Figure, Filters, Gap
from lisko.planning.formatting import cell_text, column_heading, value_text
from lisko.planning.headlines import HEADLINES
from lisko.planning.tables import Cell, Column, Measure, Row, Table

if TYPE_CHECKING:
    from lisko.planning.models import SocialReport
    from lisko.planning.scope import Period

# What the rows (and, for some, the columns) of a figure stand for, by figure key: decides the
# drill-down a row or column heading links to.
MUNICIPALITY_ROWS = frozenset(
    {
        "offers-by-municipality",
        "reach",
        "clients-by-municipality",
        "interpreting-by-municipality",
        "referrals-by-municipality",
        "welcome-coverage",
        "interpreting-heat",
    }
)
LANGUAGE_ROWS = frozenset({"pool", "interpreting"})
FIELD_OF_ACTION_ROWS = frozenset({"offers", "referrals", "plan-progress"})
LANGUAGE_COLUMNS = frozenset({"clients-by-municipality", "reach", "interpreting-heat"})
# A column of a heat table that is the row's total, not one of its parts: drawn in bold, kept
# out of the colour scale.
TOTAL_COLUMN = "total"
HEAT_STEPS = 5
# The gaps the region overview lists before "all gaps".
TOP_GAPS = 5


# The order of the figures on their page: who lives where first, then what they ask for; a
# figure not named here comes after these, in the order it was registered.
PAGE_ORDER = (
    "offers",
    "offers-by-municipality",
    "pool",
    "reach",
    "clients-by-municipality",
    "clients-by-arrival-year",
    "clients-by-residence-status",
    "interpreting",
    "interpreting-by-municipality",
    "interpreting-weekly",
    "unfilled-reasons",
    "interpreting-heat",
    "referrals",
    "referrals-by-municipality",
    "plan-progress",
)


def in_page_order(figures: Iterable[Figure]) -> list[Figure]:
    listed = list(figures)
    return sorted(
        listed,
        key=lambda shown: (
            PAGE_ORDER.index(shown.key) if shown.key in PAGE_ORDER else len(PAGE_ORDER),
            listed.index(shown),
        ),
    )


# -- links ------------------------------------------------------------------------------------


def page_query(period: Period, filters: Filters, **changes: str | None) -> str:
    """`?from=…&until=…&municipality=…` for a page of the same period and filters, with
    `changes` applied (a None value drops that filter)."""
    values: dict[str, str | None] = {
        "from": period.start.isoformat(),
        "until": period.end.isoformat(),
        "municipality": str(filters.municipality_id) if filters.municipality_id else None,
        "language": filters.language,
        "field_of_action": filters.field_of_action,
    }
    values.update(changes)
    return "?" + urlencode({key: value for key, value in values.items() if value})


def region_url(name: str, region_id: int, query: str = "", **kwargs: object) -> str:
    return reverse(f"planning:{name}", kwargs={"region_id": region_id, **kwargs}) + query


# -- cells ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCell:
    text: str
    css: str  # "num", "num heat-3", "suppressed", …


@dataclass(frozen=True)
class ShownColumn:
    label: str
    url: str
    css: str


@dataclass(frozen=True)
class ShownRow:
    label: str
    url: str
    current: bool  # the row of the filter in force
    cells: tuple[ShownCell, ...]


@dataclass(frozen=True)
class ShownTable:
    """A published table ready for the template."""

    table: Table
    columns: tuple[ShownColumn, ...]
    rows: tuple[ShownRow, ...]
    totals: ShownRow | None
    heat: bool
    csv_url: str
    xlsx_url: str

    @property
    def has_suppressed(self) -> bool:
        return self.table.suppressed_count > 0


def with_links(table: Table, figure_key: str, url_of: Callable[[str, str], str]) -> Table:
    """The table with each row's drill-down link filled in (`url_of(kind, row key)`), for the
    page and the charts alike."""
    kind = row_kind(figure_key)
    if kind is None:
        return table
    return replace(table, rows=tuple(replace(row, url=url_of(kind, row.key)) for row in table.rows))


def row_kind(figure_key: str) -> str | None:
    """The filter a row of this figure sets: municipality, language or field_of_action."""
    if figure_key in MUNICIPALITY_ROWS:
        return "municipality"
    if figure_key in LANGUAGE_ROWS:
        return "language"
    if figure_key in FIELD_OF_ACTION_ROWS:
        return "field_of_action"
    return None


def show_table(
    table: Table,
    *,
    figure_key: str,
    heat: bool,
    filters: Filters,
    column_url: Callable[[str, str], str],
    csv_url: str,
    xlsx_url: str,
) -> ShownTable:
    """The table's cells as text in the reader's locale; a heat table's cells with their
    intensity class (heat-0 … heat-5, relative to the largest shown part)."""
    kind = row_kind(figure_key)
    current = _current_key(kind, filters)
    language_columns = figure_key in LANGUAGE_COLUMNS
    columns = tuple(
        ShownColumn(
            label=column_heading(column),
            url=column_url("language", column.key)
            if language_columns and column.key not in (TOTAL_COLUMN, "other")
            else "",
            css="num" if column.measure != Measure.LABEL else "",
        )
        for column in table.columns
    )
    scale = _heat_scale(table) if heat else 0

    def shown(row: Row, *, totals: bool) -> ShownRow:
        cells = []
        for column, cell in zip(table.columns, row.cells, strict=False):
            css = ["num"] if column.measure != Measure.LABEL else []
            if cell.suppressed:
                css.append("suppressed")
            if heat and not totals:
                css.append(_heat_class(column, cell, scale))
            if column.key == TOTAL_COLUMN and heat:
                css.append("total")
            cells.append(ShownCell(text=cell_text(table, column, cell), css=" ".join(css)))
        return ShownRow(
            label=row.label,
            url="" if totals else row.url,
            current=not totals and current is not None and row.key == current,
            cells=tuple(cells),
        )

    return ShownTable(
        table=table,
        columns=columns,
        rows=tuple(shown(row, totals=False) for row in table.rows),
        totals=shown(table.totals, totals=True) if table.totals is not None else None,
        heat=heat,
        csv_url=csv_url,
        xlsx_url=xlsx_url,
    )


def _current_key(kind: str | None, filters: Filters) -> str | None:
    if kind == "municipality" and filters.municipality_id is not None:
        return str(filters.municipality_id)
    if kind == "language":
        return filters.language
    if kind == "field_of_action":
        return filters.field_of_action
    return None


def _heat_scale(table: Table) -> float:
    values = [
        cell.value
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=False)
        if column.key != TOTAL_COLUMN and cell.shown and isinstance(cell.value, int | float)
    ]
    return float(max(values, default=0))


def _heat_class(column: Column, cell: Cell, scale: float) -> str:
    if column.key == TOTAL_COLUMN:
        return ""
    if cell.suppressed:
        return "heat-hidden"
    if column.measure == Measure.LABEL:
        return _reach_class(cell.value)
    if not isinstance(cell.value, int | float) or cell.value <= 0 or scale <= 0:
        return "heat-0"
    return f"heat-{max(1, min(HEAT_STEPS, math.ceil(HEAT_STEPS * cell.value / scale)))}"


def _reach_class(value: object) -> str:
    # The reach table's words, as lisko/planning/stocktake.py writes them in this language.
    classes = {
        _("on site"): "reach-on-site",
        _("remote only"): "reach-remote",
        _("none"): "reach-none",
    }
    return classes.get(str(value), "")


# -- charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownChart:
    svg: SafeString
    kind: str


def draw_charts(
    figure: Figure,
    table: Table,
    *,
    points: Mapping[str, tuple[float, float, str]],
    rtl: bool,
    map_link: Callable[[str], str] | None,
) -> list[ShownChart]:
    """The figure's charts as inline SVG; a heat chart is the table itself (drawn by the
    template), so it is left out here, and so is a bar or line chart of a table without rows:
    the table says "Nothing to count." in the page's type size, legible on a phone too."""
    from lisko.planning import charts  # matplotlib: seconds to import, for chart pages only

    drawn = []
    for spec in figure.charts:
        if spec.kind == ChartKind.HEAT:
            continue
        if spec.kind in (ChartKind.BAR, ChartKind.LINE) and not table.rows:
            continue
        if spec.kind == ChartKind.MAP:
            svg = charts.map_svg(table, spec.columns[0], points, rtl=rtl, link=map_link)
        else:
            svg = charts.chart_svg(table, spec, rtl=rtl)
        # The chart module escapes every label it writes into the SVG.
        drawn.append(ShownChart(svg=mark_safe(svg), kind=str(spec.kind)))  # noqa: S308
    return drawn


def is_heat(figure: Figure) -> bool:
    return any(spec.kind == ChartKind.HEAT for spec in figure.charts)


def draw_map(
    table: Table,
    column_key: str,
    *,
    points: Mapping[str, tuple[float, float, str]],
    rtl: bool,
    link: Callable[[str], str] | None,
) -> SafeString:
    from lisko.planning import charts  # matplotlib: seconds to import, for chart pages only

    # The chart module escapes every label it writes into the SVG.
    return mark_safe(charts.map_svg(table, column_key, points, rtl=rtl, link=link))  # noqa: S308


@dataclass(frozen=True)
class Links:
    """The links a figure's section carries: rows and columns narrowing the page, a map's
    municipalities opening the needs analysis, the downloads (`download(key, format)`)."""

    narrow: Callable[[str, str], str]
    map_link: Callable[[str], str]
    download: Callable[[str, str], str]
    table: Callable[[str], str]


def show_section(
    figure: Figure,
    table: Table,
    *,
    filters: Filters,
    points: Mapping[str, tuple[float, float, str]],
    rtl: bool,
    links: Links,
) -> dict[str, object]:
    """One figure of the stock-take or needs page: its charts, its table, its notes.

    The table behind a chart is folded away: its rows are not written into the page but
    fetched when the reader unfolds them (`table_url`, also a page of its own without
    JavaScript). At a region's size they were most of the page's HTML and of its time."""
    # The charts link through `links.map_link`, not the rows' links.
    charts = draw_charts(figure, table, points=points, rtl=rtl, map_link=links.map_link)
    heat = is_heat(figure)
    folded = bool(charts) and not heat
    return {
        "key": figure.key,
        "title": table.title,
        "note": table.note,
        "charts": charts,
        "narrowing_note": narrowing_note(figure, filters),
        "table_url": links.table(figure.key) if folded else "",
        "table": None
        if folded
        else shown_table(figure, table, filters=filters, links=links, heat=heat),
    }


def shown_table(
    figure: Figure, table: Table, *, filters: Filters, links: Links, heat: bool | None = None
) -> ShownTable:
    """The figure's table as the page shows it, its rows and columns narrowing the page."""
    return show_table(
        with_links(table, figure.key, links.narrow),
        figure_key=figure.key,
        heat=is_heat(figure) if heat is None else heat,
        filters=filters,
        column_url=links.narrow,
        csv_url=links.download(figure.key, "csv"),
        xlsx_url=links.download(figure.key, "xlsx"),
    )


# The overview's maps: figure key, the column the symbols show, what the caption says.
OVERVIEW_MAPS: tuple[tuple[str, str, Promise], ...] = (
    (
        "clients-by-municipality",
        "total",
        gettext_lazy("Clients by where they live: the larger the circle, the more clients."),
    ),
    (
        "interpreting-by-municipality",
        "unfilled",
        gettext_lazy("Interpreting requests left unfilled, by where the client lives."),
    ),
)


def show_map(
    key: str,
    table: Table,
    column_key: str,
    caption: Promise,
    *,
    points: Mapping[str, tuple[float, float, str]],
    rtl: bool,
    links: Links,
) -> dict[str, object]:
    """A map of the overview, with its table (of the whole region) to unfold beneath."""
    table = with_links(table, key, links.narrow)
    return {
        "key": key,
        "title": table.title,
        "caption": str(caption),
        "svg": draw_map(table, column_key, points=points, rtl=rtl, link=links.map_link),
        "table": show_table(
            table,
            figure_key=key,
            heat=False,
            filters=Filters(),
            column_url=links.narrow,
            csv_url=links.download(key, "csv"),
            xlsx_url=links.download(key, "xlsx"),
        ),
    }


# -- headline figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownHeadline:
    key: str
    label: str
    text: str
    trend: str  # "up", "down", "same" or "" (no comparison)
    trend_text: str
    judged: str  # "better", "worse" or "": how the change reads for this figure
    url: str


def headlines(
    current: Mapping[str, Table],
    previous: Mapping[str, Table],
    *,
    url_of: Callable[[str], str],
) -> list[ShownHeadline]:
    """The headline figures: each a totals cell of a published table, with the change against
    the same cell of the previous period. A headline whose table or column is missing is left
    out."""
    shown = []
    for headline in HEADLINES:
        table = current.get(headline.figure_key)
        found = _totals_cell(table, headline.column_keys) if table is not None else None
        if table is None or found is None:
            continue
        column, cell = found
        before_table = previous.get(headline.figure_key)
        before = (
            _totals_cell(before_table, headline.column_keys) if before_table is not None else None
        )
        trend, trend_text = _trend(column, cell, before[1] if before else None)
        shown.append(
            ShownHeadline(
                key=headline.key,
                label=str(headline.label),
                text=cell_text(table, column, cell),
                trend=trend,
                trend_text=trend_text,
                judged=_judged(trend, rising_is_good=headline.rising_is_good),
                url=url_of(headline.figure_key),
            )
        )
    return shown


def _judged(trend: str, *, rising_is_good: bool) -> str:
    if trend not in ("up", "down"):
        return ""
    return "better" if (trend == "up") == rising_is_good else "worse"


def _totals_cell(table: Table, keys: Iterable[str]) -> tuple[Column, Cell] | None:
    if table.totals is None:
        return None
    by_key = {
        column.key: (column, cell)
        for column, cell in zip(table.columns, table.totals.cells, strict=False)
    }
    return next((by_key[key] for key in keys if key in by_key), None)


def _trend(column: Column, now: Cell, before: Cell | None) -> tuple[str, str]:
    if before is None or not now.shown or not before.shown:
        return "", _("No comparison with the previous period: a figure is hidden or missing.")
    if not isinstance(now.value, int | float) or not isinstance(before.value, int | float):
        return "", ""
    previous = value_text(column, before.value)
    if now.value == before.value:
        return "same", _("As in the previous period.")
    direction = "up" if now.value > before.value else "down"
    if before.value == 0:
        return direction, _("Up from 0 in the previous period.")
    percent = number_format(
        round(abs(now.value - before.value) * 100 / before.value), 0, force_grouping=True
    )
    if direction == "up":
        # xgettext:no-python-format
        text = _("Up {percent} % on the previous period ({previous}).")
    else:
        # xgettext:no-python-format
        text = _("Down {percent} % on the previous period ({previous}).")
    return direction, text.format(percent=percent, previous=previous)


# -- gaps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownGap:
    gap: Gap
    rank: int
    url: str  # the needs page narrowed to the gap's place, language or field of action


def show_gaps(gaps: Iterable[Gap], *, url_of: Callable[[Filters], str]) -> list[ShownGap]:
    return [
        ShownGap(
            gap=gap,
            rank=rank,
            url=url_of(
                Filters(
                    municipality_id=gap.municipality_id,
                    language=gap.language,
                    field_of_action=gap.field_of_action,
                )
            ),
        )
        for rank, gap in enumerate(gaps, start=1)
    ]


# -- the active filter ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveFilter:
    label: str  # "Municipality: Nordstadt"
    remove_url: str


def active_filters(
    filters: Filters,
    *,
    municipality_name: str,
    language_name: str,
    field_name: str,
    remove_url: Callable[[str], str],
) -> list[ActiveFilter]:
    active = []
    if filters.municipality_id is not None:
        active.append(
            ActiveFilter(
                _("Municipality: {name}").format(name=municipality_name),
                remove_url("municipality"),
            )
        )
    if filters.language is not None:
        active.append(
            ActiveFilter(_("Language: {name}").format(name=language_name), remove_url("language"))
        )
    if filters.field_of_action is not None:
        active.append(
            ActiveFilter(
                _("Field of action: {name}").format(name=field_name),
                remove_url("field_of_action"),
            )
        )
    return active


def narrowing_note(figure: Figure, filters: Filters) -> str:
    """What the page says under a figure that the filters in force do not all narrow: the
    chosen row is marked when the figure lists rows of that kind, else that it is not narrowed."""
    chosen = {
        name: value
        for name, value in (
            ("municipality_id", filters.municipality_id),
            ("language", filters.language),
            ("field_of_action", filters.field_of_action),
        )
        if value is not None
    }
    left_out = set(chosen) - set(figure.filters)
    if not left_out:
        return ""
    marked = {"municipality": "municipality_id"}.get(
        row_kind(figure.key) or "", row_kind(figure.key)
    )
    if left_out == {marked}:
        return _("The row chosen is marked; the table shows every row for comparison.")
    return _("This table is not narrowed by every choice above: it shows what it can of them.")


def show_reports(
    reports: Iterable[SocialReport], *, download_url: Callable[[SocialReport], str]
) -> dict[str, object]:
    """The region's social reports for the list: progress, whether one is still being
    written (the list then refreshes itself), which finished one is current, and the link to
    the PDF (`download_url(report)`, "" while there is none to take)."""
    from lisko.planning import services

    listed = list(reports)
    return {
        "reports": [
            {
                "report": report,
                "percent": report_percent(report.steps_done, report.steps_total),
                "busy": report.status in services.BUSY,
                "current": services.is_current(report),
                "url": download_url(report),
            }
            for report in listed
        ],
        "polling": any(report.status in services.BUSY for report in listed),
    }


def report_requested(region: str, period: Period) -> str:
    return _(
        "The social report of {region} for {start} to {end} is being written. "
        "It appears here when it is ready."
    ).format(
        region=region,
        start=date_format(period.start, "SHORT_DATE_FORMAT"),
        end=date_format(period.end, "SHORT_DATE_FORMAT"),
    )


def report_percent(steps_done: int, steps_total: int) -> int:
    if steps_total <= 0:
        return 0
    return max(0, min(100, round(100 * steps_done / steps_total)))
