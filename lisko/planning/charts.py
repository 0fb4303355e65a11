"""Charts of published tables: inline SVG for the planning pages, PNG for the social report.

Only a `Table` comes in, so a chart shows nothing that `publish` did not let through: a hidden
cell is drawn as a hatched mark labelled "fewer than N", never at its size.

Drawn with matplotlib's object API (`matplotlib.figure.Figure`, one per chart, no pyplot), so
charts may be drawn in several threads at once. Text stays text in the SVG, so screen readers,
search and tests can read it; the SVG carries no `<style>` element (the pages' CSP refuses
inline style sheets) and every style as a presentation attribute.

Text direction: matplotlib 3.11 lays text out with libraqm (HarfBuzz and FriBidi), so Arabic is
joined and ordered right to left by matplotlib itself, and in the SVG by the browser. Shaping it
beforehand with arabic_reshaper and python-bidi, as older matplotlib needed, would reverse it a
second time; that is done only where matplotlib cannot shape (`_NEEDS_RESHAPING`).

matplotlib anchors text as in a left-to-right drawing ("start" is the left end, "end" the right
end); the root of every SVG says `direction="ltr"`, since inside a page written right to left
the browser would otherwise take "start" as the right end and draw each label on the wrong
side of its anchor, over the bars. The text itself is still ordered by the Unicode bidi
algorithm, so Arabic reads right to left.
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import matplotlib
from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import font_manager, transforms
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from lisko.core import pdf_fonts
from lisko.planning.figures import ChartKind, ChartSpec
from lisko.planning.formatting import cell_text, column_heading, suppressed_text, value_text
from lisko.planning.tables import Cell, Column, Measure, Table

# -- fonts and settings -------------------------------------------------------------------------

FONT_FILES: Final = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
)


def _families() -> list[str]:
    """Noto Sans for Latin and Cyrillic, Noto Sans Arabic for Arabic script, DejaVu Sans (which
    matplotlib ships) for anything else: matplotlib falls back glyph by glyph along the list."""
    families = []
    for name in FONT_FILES:
        path = pdf_fonts.NOTO_DIR / name
        if path.exists():
            font_manager.fontManager.addfont(str(path))
            family = font_manager.FontProperties(fname=str(path)).get_name()
            if family not in families:
                families.append(family)
    return [*families, "DejaVu Sans"]


FAMILIES: Final = _families()

# Set once, when the module is first imported (under the import lock): matplotlib reads these
# while it draws and writes, and changing them per chart would race between threads.
matplotlib.rcParams.update(
    {
        # The families themselves, not "sans-serif": matplotlib takes one font of a generic
        # family's list but falls back along a list of families.
        "font.family": FAMILIES,
        "font.size": 9,
        "svg.fonttype": "none",  # text as <text>, not as paths
        "text.parse_math": False,  # a "$" in a label is a dollar sign
        "axes.spines.top": False,
        "axes.edgecolor": "#555555",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "hatch.linewidth": 0.8,
    }
)

_NEEDS_RESHAPING: Final = matplotlib.__version_info__ < (3, 11)
_RIGHT_TO_LEFT_SCRIPT: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

COLOUR: Final = "#2f6690"
HIDDEN_COLOUR: Final = "#6b6b6b"
NO_DATA_COLOUR: Final = "#b5b5b5"
LINE_COLOURS: Final = ("#2f6690", "#d1495b", "#3a7d44", "#edae49", "#7b4b94", "#00798c")
HATCH: Final = "////"
WIDTH_INCHES: Final = 6.4
LABEL_LENGTH: Final = 40  # longer row labels are cut with "…"
MAP_NAMES: Final = 8  # how many of the largest symbols are named on the map
MAP_LARGEST_AREA: Final = 900.0  # points², the largest symbol (about 34 pt across)
MAP_SMALLEST_AREA: Final = 8.0  # points², so that a small shown value stays visible
HIDDEN_AREA: Final = 30.0  # points², the least a hidden cell's mark takes, so that its hatch shows
RATE_TICKS: Final = (0.0, 0.25, 0.5, 0.75, 1.0)  # a share's axis: 0 % to 100 %, never beyond
LABEL_GAP: Final = 4.0  # points between the axis and a row's label, a bar's end and its value
MEASURED_LABELS: Final = 8  # how many of the longest labels are measured for the margin


# -- text -----------------------------------------------------------------------------------


def _label(text: str, *, length: int = LABEL_LENGTH) -> str:
    text = str(text)
    if len(text) > length:
        text = text[: length - 1].rstrip() + "…"
    return _shaped(text)


def _shaped(text: str) -> str:
    if _NEEDS_RESHAPING and _RIGHT_TO_LEFT_SCRIPT.search(text):
        import arabic_reshaper
        from bidi import get_display

        return str(get_display(arabic_reshaper.reshape(text)))
    return text


def _number(cell: Cell) -> float | None:
    """The cell's value to draw: None when it is hidden, empty or not a number."""
    if not cell.shown or isinstance(cell.value, bool | str):
        return None
    return float(cell.value)  # type: ignore[arg-type]


def _column(table: Table, key: str) -> tuple[int, Column]:
    for index, column in enumerate(table.columns):
        if column.key == key:
            return index, column
    raise ValueError(f"{table.key} has no column {key!r}")


def _axis_formatter(column: Column) -> FuncFormatter:
    return FuncFormatter(lambda value, _position: value_text(column, value))


def _value_axis(axis: matplotlib.axis.Axis, column: Column) -> None:
    """Ticks and their labels for a column's values. A share (0..1) has fixed ticks from 0 % to
    100 %: value_text writes it as a percentage, so the ticks stay at the values themselves, and
    an axis longer than 1 (room for a label, or no value to scale by) shows no tick beyond it."""
    if column.measure == Measure.RATE:
        axis.set_major_locator(FixedLocator(RATE_TICKS))
    else:
        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axis.set_major_formatter(_axis_formatter(column))


# -- the public functions ------------------------------------------------------------------------

# Drawing a chart costs tens of milliseconds, most of a planning page's own time; the same
# published table in the same language always gives the same drawing, so it is kept for an hour
# under a digest of everything that goes into it. Change the version with the drawing code.
DRAWING_VERSION: Final = 1
DRAWING_KEPT_SECONDS: Final = 3600


def _kept(parts: tuple[object, ...], draw: Callable[[], str]) -> str:
    digest = hashlib.sha256(
        repr((DRAWING_VERSION, matplotlib.__version__, get_language(), parts)).encode()
    ).hexdigest()
    key = f"lisko:chart:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, DRAWING_KEPT_SECONDS)
    return _fresh_ids(svg)


_KEPT_ID: Final = re.compile(r'(\sid="|url\(#|xlink:href="#)([^")]+)')


def _fresh_ids(svg: str) -> str:
    """The drawing with new ids: the same chart may be shown twice on a page, and ids must be
    unique there."""
    salt = secrets.token_hex(4)
    return _KEPT_ID.sub(lambda match: f"{match.group(1)}{match.group(2)}-{salt}", svg)


def chart_svg(
    table: Table,
    spec: ChartSpec,
    *,
    rtl: bool = False,
    points: Mapping[str, tuple[float, float, str]] | None = None,
    link: Callable[[str], str] | None = None,
) -> str:
    """The chart as an SVG element for inline use: no XML header, no style sheet."""
    if spec.kind == ChartKind.MAP:
        return map_svg(table, spec.columns[0], points or {}, rtl=rtl, link=link)
    return _kept(
        ("chart", table, spec, rtl),
        lambda: _svg(_figure(table, spec, rtl=rtl), title=table.title),
    )


def chart_png(
    table: Table,
    spec: ChartSpec,
    *,
    rtl: bool = False,
    dpi: int = 150,
    points: Mapping[str, tuple[float, float, str]] | None = None,
) -> bytes:
    """The chart as a PNG image, for the social report."""
    if spec.kind == ChartKind.MAP:
        return map_png(table, spec.columns[0], points or {}, rtl=rtl, dpi=dpi)
    return _png(_figure(table, spec, rtl=rtl), dpi=dpi)


def map_svg(
    table: Table,
    column_key: str,
    points: Mapping[str, tuple[float, float, str]],
    *,
    rtl: bool = False,
    link: Callable[[str], str] | None = None,
) -> str:
    """Proportional symbols at the municipalities (row key → latitude, longitude, name), each
    a link to `link(row key)` when given."""
    links = {row.key: link(row.key) for row in table.rows} if link is not None else None

    def draw() -> str:
        figure, labels = _map(table, column_key, points, rtl=rtl, link=link)
        return _with_link_labels(_svg(figure, title=table.title), labels)

    return _kept(("map", table, column_key, sorted(points.items()), rtl, links), draw)


def map_png(
    table: Table,
    column_key: str,
    points: Mapping[str, tuple[float, float, str]],
    *,
    rtl: bool = False,
    dpi: int = 150,
) -> bytes:
    """The map as a PNG image, for the social report."""
    figure, _labels = _map(table, column_key, points, rtl=rtl, link=None)
    return _png(figure, dpi=dpi)


# -- output ---------------------------------------------------------------------------------

_PROLOG: Final = re.compile(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)
_STYLE: Final = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL)
_METADATA: Final = re.compile(r"<metadata\b.*?</metadata>\s*", re.DOTALL)
_EMPTY_DEFS: Final = re.compile(r"<defs>\s*</defs>\s*")
_TAG: Final = re.compile(r"<([a-zA-Z][\w:-]*)([^<>]*?)(/?)>")
_STYLE_ATTRIBUTE: Final = re.compile(r'\sstyle="([^"]*)"')
_SVG_START: Final = re.compile(r"<svg\b")
_ID: Final = re.compile(r'\sid="([^"]*)"')
_REFERENCE: Final = re.compile(r'(?:url\(#|xlink:href="#)([^")]+)')
_LINK: Final = re.compile(r'<a xlink:href="([^"]*)">')
# What matplotlib's stripped style sheet set for every element.
_DEFAULTS: Final = ' stroke-linejoin="round" stroke-linecap="butt"'


def _new_figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, height))
    FigureCanvasAgg(figure)
    return figure


def _svg(figure: Figure, *, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    svg = buffer.getvalue()
    svg = _PROLOG.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = _STYLE.sub("", svg)
    svg = _EMPTY_DEFS.sub("", svg)
    svg = _TAG.sub(_attributes_from_style, svg)
    # matplotlib names every group ("figure_1", "axes_1"): the same names in every chart of a
    # page. Only the ids something refers to stay; those are unique (hashed with a random salt).
    referred = set(_REFERENCE.findall(svg))
    svg = _ID.sub(lambda match: match.group(0) if match.group(1) in referred else "", svg)
    # Links open in the page itself, not in a new tab.
    svg = svg.replace(' target="_blank"', "")
    label = escape(title)
    return _SVG_START.sub(
        f'<svg role="img" aria-label="{label}" direction="ltr"{_DEFAULTS}', svg, count=1
    ).strip()


def _attributes_from_style(match: re.Match[str]) -> str:
    """`style="fill: #fff; stroke: none"` as `fill="#fff" stroke="none"`: presentation
    attributes need no 'unsafe-inline' in a CSP."""
    name, attributes, closing = match.groups()
    found = _STYLE_ATTRIBUTE.search(attributes)
    if found is None:
        return match.group(0)
    present = set(re.findall(r'\s([\w:-]+)="', attributes))
    converted = []
    for declaration in found.group(1).split(";"):
        prop, _colon, value = declaration.partition(":")
        prop, value = prop.strip(), value.strip()
        if prop and value and prop not in present:
            converted.append(f' {prop}="{value}"')
    attributes = attributes[: found.start()] + "".join(converted) + attributes[found.end() :]
    return f"<{name}{attributes}{closing}>"


def _png(figure: Figure, *, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _empty(figure: Figure) -> None:
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.text(0.5, 0.5, _("Nothing to show for this period."), ha="center", va="center")


# -- bar and line charts ----------------------------------------------------------------------


def _figure(table: Table, spec: ChartSpec, *, rtl: bool) -> Figure:
    if spec.kind == ChartKind.BAR:
        return _bar(table, spec.columns[0], rtl=rtl)
    if spec.kind == ChartKind.LINE:
        return _line(table, spec.columns, rtl=rtl)
    raise ValueError(f"A {spec.kind} chart is shown as its table, not drawn.")


def _margins(figure: Figure, *, left: float, right: float, top: float, bottom: float) -> None:
    """Margins in inches, as fractions of the figure, which depends on the number of rows."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


def _text_inches(figure: Figure, texts: Sequence[str]) -> float:
    """How wide the widest of the texts is at the chart's 9 pt, in inches, as matplotlib lays it
    out (with the fallback fonts and Arabic shaping); a little more, for the browser's fonts.
    About a millisecond a text: measure a few, not a hundred."""
    if not texts:
        return 0.0
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    font = font_manager.FontProperties(family=FAMILIES, size=matplotlib.rcParams["font.size"])
    widest = max(
        renderer.get_text_width_height_descent(text, font, ismath=False)[0] for text in texts
    )
    return 1.06 * widest / figure.dpi


def _longest(texts: Sequence[str]) -> list[str]:
    """The few texts with the most characters: the widest is almost always among them."""
    return sorted(set(texts), key=len, reverse=True)[:MEASURED_LABELS]


def _bar(table: Table, column_key: str, *, rtl: bool) -> Figure:
    """One horizontal bar per row; a hidden cell a short hatched stub labelled "fewer than N".

    Each row's label stands outside the axis, on the left (on the right when `rtl`: mirrored,
    the bars grow leftwards from the right); its value just beyond the bar's end, inside the
    axis, which is long enough for the widest value after its bar. So labels and values never
    meet, and the margin for the labels is measured from the longest ones.

    Bars are one collection and labels plain text, not `barh` and tick labels: a hundred rows
    of those take a second to build."""
    index, column = _column(table, column_key)
    rows = table.rows
    figure = _new_figure(max(1.6, 0.75 + 0.24 * len(rows)))
    if not rows:
        _empty(figure)
        return figure
    rate = column.measure == Measure.RATE
    labels = [_label(row.label) for row in rows]
    values = [_number(row.cells[index]) for row in rows]
    texts = [_label(cell_text(table, column, row.cells[index])) for row in rows]
    largest = max((value for value in values if value is not None), default=0.0)
    # A share's axis is the whole of 0 % to 100 %; a count's up to its largest value (or the
    # threshold, when every cell is hidden or empty).
    scale = max(largest, 1.0) if rate else (largest or float(table.threshold))
    stub = scale * 0.03
    gap = LABEL_GAP / 72
    side = gap + _text_inches(figure, _longest(labels)) + 0.1
    far = 0.35  # the other side: half the last tick label
    side = min(side, WIDTH_INCHES * 0.45)
    _margins(figure, left=far if rtl else side, right=side if rtl else far, top=0.15, bottom=0.6)
    # The axis long enough that each value fits after its bar: a value v with a text t wide
    # needs v / limit * axis + gap + t <= axis.
    axis_inches = WIDTH_INCHES - side - far
    ends = [
        stub if row.cells[index].suppressed else (value or 0.0)
        for row, value in zip(rows, values, strict=True)
    ]
    widths = _value_widths(figure, texts)
    limit = scale * 1.02
    for end, width in zip(ends, widths, strict=True):
        room = max(axis_inches - gap - width, axis_inches * 0.3)
        limit = max(limit, end * axis_inches / room)
    axes = figure.add_subplot()
    half = 0.35  # half a bar's thickness, in rows

    def bar(position: int, length: float) -> list[tuple[float, float]]:
        return [
            (0, position - half),
            (length, position - half),
            (length, position + half),
            (0, position + half),
        ]

    shown = [bar(position, value) for position, value in enumerate(values) if value]
    axes.add_collection(PolyCollection(shown, facecolors=COLOUR, edgecolors="none"))
    hidden = [position for position, row in enumerate(rows) if row.cells[index].suppressed]
    if hidden:
        axes.add_collection(
            PolyCollection(
                [bar(position, stub) for position in hidden],
                facecolors="white",
                edgecolors=HIDDEN_COLOUR,
                hatch=HATCH,
                linewidths=0.8,
            )
        )
    # Outward from the axis for the labels, outward from the bar's end for the values: to the
    # right, or to the left when mirrored.
    outward = -LABEL_GAP if rtl else LABEL_GAP
    beside = transforms.offset_copy(
        transforms.blended_transform_factory(axes.transAxes, axes.transData),
        figure,
        x=-outward,
        units="points",
    )
    beyond = transforms.offset_copy(axes.transData, figure, x=outward, units="points")
    for position, (row, label, text, end) in enumerate(zip(rows, labels, texts, ends, strict=True)):
        axes.text(
            1.0 if rtl else 0.0,
            position,
            label,
            transform=beside,
            ha="left" if rtl else "right",
            va="center",
        )
        axes.text(
            end,
            position,
            text,
            transform=beyond,
            ha="right" if rtl else "left",
            va="center",
            color=HIDDEN_COLOUR if row.cells[index].suppressed else "#222222",
            clip_on=False,
        )
    axes.set_yticks([])
    axes.set_ylim(len(rows) - 0.5, -0.5)  # the first row on top
    axes.set_xlim(0, limit)
    _value_axis(axes.xaxis, column)
    axes.set_xlabel(_label(column_heading(column), length=80))
    axes.grid(axis="x", color="#e3e3e3", linewidth=0.6)
    axes.set_axisbelow(True)
    if rtl:
        # Mirrored: bars grow to the left from the right edge, labels on the right.
        axes.invert_xaxis()
        axes.spines["left"].set_visible(False)
    else:
        axes.spines["right"].set_visible(False)
    return figure


def _value_widths(figure: Figure, texts: Sequence[str]) -> list[float]:
    """Each value text's width in inches: measured once per length (see `_text_inches`)."""
    by_length: dict[int, float] = {}
    for text in texts:
        if len(text) not in by_length:
            by_length[len(text)] = _text_inches(figure, [text])
    return [by_length[len(text)] for text in texts]


def _line(table: Table, column_keys: Sequence[str], *, rtl: bool) -> Figure:
    """Rows in order along the x axis, one line per column; a hidden point is left out of its
    line (a gap) and marked with a hollow marker on the axis."""
    rows = table.rows
    figure = _new_figure(3.2)
    if not rows:
        _empty(figure)
        return figure
    _margins(figure, left=0.75, right=0.2, top=0.45, bottom=0.85)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    drawn_columns = [_column(table, key) for key in column_keys]
    any_hidden = False
    for number, (index, column) in enumerate(drawn_columns):
        colour = LINE_COLOURS[number % len(LINE_COLOURS)]
        values = [_number(row.cells[index]) for row in rows]
        axes.plot(
            positions,
            [math.nan if value is None else value for value in values],
            color=colour,
            marker="o",
            markersize=3,
            linewidth=1.6,
            label=_label(column_heading(column), length=60),
        )
        hidden = [position for position, row in enumerate(rows) if row.cells[index].suppressed]
        if hidden:
            any_hidden = True
            axes.plot(
                hidden,
                [0.0] * len(hidden),
                linestyle="none",
                marker="o",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=colour,
                markeredgewidth=1.2,
                clip_on=False,
            )
    step = max(1, math.ceil(len(rows) / 12))
    shown_ticks = positions[::step]
    axes.set_xticks(
        shown_ticks, [_label(rows[position].label, length=16) for position in shown_ticks]
    )
    axes.tick_params(axis="x", labelrotation=45)
    for tick in axes.get_xticklabels():
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")
    axes.set_xlim(-0.5, len(rows) - 0.5)
    if drawn_columns[0][1].measure == Measure.RATE:
        axes.set_ylim(0, 1.05)  # a share: the whole of 0 % to 100 %
    else:
        # Nothing but zeros would leave an axis of a few hundredths, ticked "0.0, 0.0, …":
        # counts and hours get at least 0 to 1.
        axes.set_ylim(bottom=0, top=max(1.0, axes.get_ylim()[1]))
    _value_axis(axes.yaxis, drawn_columns[0][1])
    axes.grid(axis="y", color="#e3e3e3", linewidth=0.6)
    axes.spines["right"].set_visible(False)
    handles, names = axes.get_legend_handles_labels()
    if any_hidden:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=HIDDEN_COLOUR,
            )
        )
        names.append(_label(suppressed_text(table.threshold)))
    if rtl:
        # Read from the right: the first line's entry rightmost, each marker after its name.
        handles, names = handles[::-1], names[::-1]
    # Above the lines, not over them.
    axes.legend(
        handles,
        names,
        markerfirst=not rtl,
        loc="lower right" if rtl else "lower left",
        bbox_to_anchor=(1.0 if rtl else 0.0, 1.0),
        ncols=len(handles),
        frameon=False,
        fontsize=8,
        borderaxespad=0.2,
    )
    return figure


# -- the map --------------------------------------------------------------------------------


def _map(
    table: Table,
    column_key: str,
    points: Mapping[str, tuple[float, float, str]],
    *,
    rtl: bool,
    link: Callable[[str], str] | None,
) -> tuple[Figure, dict[str, str]]:
    """The map and, for the SVG, each link's spoken label (URL → "Name: value")."""
    index, column = _column(table, column_key)
    cells = {row.key: row.cells[index] for row in table.rows}
    located = {key: point for key, point in points.items()}
    if not located:
        figure = _new_figure(2.0)
        _empty(figure)
        return figure, {}
    mean_latitude = sum(latitude for latitude, _lon, _name in located.values()) / len(located)
    stretch = math.cos(math.radians(mean_latitude))

    def project(key: str) -> tuple[float, float]:
        # Equirectangular: a degree of longitude is cos(latitude) as long as one of latitude.
        latitude, longitude, _name = located[key]
        return longitude * stretch, latitude

    xs = [project(key)[0] for key in located]
    ys = [project(key)[1] for key in located]
    span_x = max(max(xs) - min(xs), 0.05)
    span_y = max(max(ys) - min(ys), 0.05)
    legend_inches = 1.9
    map_width = WIDTH_INCHES - legend_inches
    height = min(7.5, max(3.0, map_width * span_y / span_x + 0.4))
    figure = _new_figure(height)
    _margins(
        figure,
        left=legend_inches if rtl else 0.15,
        right=0.15 if rtl else legend_inches,
        top=0.2,
        bottom=0.2,
    )
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal", adjustable="box")
    pad_x, pad_y = span_x * 0.06, span_y * 0.06
    axes.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    axes.set_ylim(min(ys) - pad_y, max(ys) + pad_y)

    values = {key: _number(cells[key]) for key in located if key in cells}
    largest = max((value for value in values.values() if value), default=0.0)

    def area(value: float) -> float:
        # Area, not radius, in proportion to the value.
        return max(MAP_SMALLEST_AREA, MAP_LARGEST_AREA * value / largest) if largest else 0.0

    shown = sorted(
        (key for key, value in values.items() if value), key=lambda key: -(values[key] or 0)
    )
    hidden = [key for key in located if key in cells and cells[key].suppressed]
    empty = [key for key in located if key not in shown and key not in hidden]
    link_labels: dict[str, str] = {}

    def urls(keys: Sequence[str]) -> list[str | None]:
        if link is None:
            return [None] * len(keys)
        found: list[str | None] = []
        for key in keys:
            url = link(key)
            found.append(url)
            cell = cells.get(key)
            spoken = cell_text(table, column, cell) if cell is not None else _("none recorded")
            link_labels[url] = _("{name}: {value}").format(name=located[key][2], value=spoken)
        return found

    def at(keys: Sequence[str]) -> tuple[list[float], list[float]]:
        placed = [project(key) for key in keys]
        return [x for x, _y in placed], [y for _x, y in placed]

    if empty:
        dots = axes.scatter(*at(empty), s=10, color=NO_DATA_COLOUR, linewidths=0, zorder=1)
        dots.set_urls(urls(empty))
    # The hidden ones are drawn at the size of the threshold, an upper bound of what they hold.
    hidden_area = max(area(float(table.threshold)), HIDDEN_AREA) if largest else 60.0
    if hidden:
        marks = axes.scatter(
            *at(hidden),
            s=hidden_area,
            facecolors="white",
            edgecolors=HIDDEN_COLOUR,
            hatch=HATCH,
            linewidths=0.8,
            zorder=2,
        )
        marks.set_urls(urls(hidden))
    if shown:
        # The largest first, so that smaller symbols stay visible on top of them.
        symbols = axes.scatter(
            *at(shown),
            s=[area(values[key] or 0.0) for key in shown],
            color=COLOUR,
            alpha=0.75,
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
        )
        symbols.set_urls(urls(shown))
        for key in shown[:MAP_NAMES]:
            x, y = project(key)
            radius = math.sqrt(area(values[key] or 0.0)) / 2
            axes.annotate(
                _label(located[key][2], length=24),
                xy=(x, y),
                xytext=(-radius - 2 if rtl else radius + 2, 0),
                textcoords="offset points",
                ha="right" if rtl else "left",
                va="center",
                fontsize=7.5,
                color="#222222",
                zorder=4,
            )
    _map_legend(figure, table, column, largest, hidden_area if hidden else None, rtl=rtl)
    return figure, link_labels


def _map_legend(
    figure: Figure,
    table: Table,
    column: Column,
    largest: float,
    hidden_area: float | None,
    *,
    rtl: bool,
) -> None:
    """Reference symbols for a few round values, then "fewer than N" and "none recorded"."""
    handles: list[Line2D | Patch] = []
    names: list[str] = []
    for value in _reference_values(largest):
        area = max(MAP_SMALLEST_AREA, MAP_LARGEST_AREA * value / largest)
        handles.append(_legend_symbol(area, face=COLOUR, edge="white"))
        names.append(_label(value_text(column, value)))
    if hidden_area is not None:
        handles.append(Patch(facecolor="white", edgecolor=HIDDEN_COLOUR, hatch=HATCH))
        names.append(_label(suppressed_text(table.threshold)))
    handles.append(_legend_symbol(10, face=NO_DATA_COLOUR, edge=NO_DATA_COLOUR))
    names.append(_label(_("none recorded")))
    figure.legend(
        handles,
        names,
        title=_label(column_heading(column), length=28),
        loc="upper left" if rtl else "upper right",
        frameon=False,
        fontsize=8,
        title_fontsize=8,
        labelspacing=1.4,
        # As long as the largest reference symbol is wide (in font sizes), so that it does not
        # reach into its value.
        handlelength=max(2.0, math.sqrt(MAP_LARGEST_AREA) / 8 + 0.4),
        borderpad=0.8,
        alignment="right" if rtl else "left",
        markerfirst=not rtl,
    )


def _legend_symbol(area: float, *, face: str, edge: str) -> Line2D:
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=math.sqrt(area),
        markerfacecolor=face,
        markeredgecolor=edge,
        alpha=0.75 if face == COLOUR else 1.0,
    )


def _reference_values(largest: float) -> list[float]:
    """Up to three round values (1, 2 or 5 times a power of ten) at or below the largest."""
    if largest <= 0:
        return []
    top = 10 ** math.floor(math.log10(largest))
    for factor in (5, 2, 1):
        if factor * top <= largest:
            top *= factor
            break
    values = [top, top / 4, top / 20]
    if largest < 2:  # a share: no rounding to whole numbers
        return [value for value in values if value > 0][:2]
    return sorted({round(value) for value in values if round(value) >= 1}, reverse=True)


def _with_link_labels(svg: str, labels: Mapping[str, str]) -> str:
    """Give each map link a title (a tooltip, and what a screen reader says)."""

    def labelled(match: re.Match[str]) -> str:
        spoken = labels.get(html.unescape(match.group(1)))
        if spoken is None:
            return match.group(0)
        return (
            f'<a xlink:href="{match.group(1)}" aria-label="{escape(spoken)}">'
            f"<title>{escape(spoken)}</title>"
        )

    return _LINK.sub(labelled, svg)
