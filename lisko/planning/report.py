"""The social report of a region: every planning figure of a period, the gaps and a text per
field of action, as a PDF in the reader's language.

`build_content` gathers what the report says (published tables only, so the report shows
nothing that the pages would not); `render_pdf` lays it out with fpdf2: a cover, a note on the
small-cell rule on its back, the contents, the sections, and "Page X of Y" on every page but
the cover. Arabic is set right to left and shaped by HarfBuzz, with the fonts of the subject
access export (lisko/dataprotection/rendering.py).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, cast

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from fpdf import FPDF

from lisko.core import pdf_fonts
from lisko.dataprotection.rendering import NEEDS_SHAPING
from lisko.planning import charts, figures, published
from lisko.planning.figures import ChartKind, ChartSpec, Filters, Gap, Part
from lisko.planning.formatting import cell_text, column_heading
from lisko.planning.tables import Row, Table

if TYPE_CHECKING:
    from fpdf.outline import OutlineSection

    from lisko.planning.scope import Period, PlanningScope

# fontTools logs every glyph subset at INFO: one report would fill the worker's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# A bar chart shows at most this many rows (the largest) so that it fits on a page; the table
# under it lists them all.
CHART_ROWS: Final = 30
# Lines of the contents that fit on one page, to reserve enough pages for it in advance.
CONTENTS_LINES_A_PAGE: Final = 38
MARGIN: Final = 18.0  # mm
FOOTER: Final = 12.0  # mm from the bottom edge
LINE: Final = 5.0  # mm, one line of a table
GREY: Final = (90, 90, 90)
RULE: Final = (200, 200, 200)
STRIPE: Final = (244, 246, 248)


@dataclass
class ReportSection:
    """A part of the report: paragraphs, then each table with its charts above it, then gaps."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[tuple[Table, ChartSpec]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    new_page: bool = True  # False: follows the previous section on its page


@dataclass
class ReportContent:
    title: str
    region: str
    period: Period
    generated_at: dt.datetime  # aware
    language: str  # a code of settings.LANGUAGES
    sections: list[ReportSection]
    points: dict[str, tuple[float, float, str]]  # municipality id → (latitude, longitude, name)
    threshold: int

    @property
    def gaps(self) -> list[Gap]:
        return [gap for section in self.sections for gap in section.gaps]


# -- what the report says ---------------------------------------------------------------------

PARTS: Final = (Part.STOCK_TAKE, Part.NEEDS)


def _part_title(part: Part) -> str:
    titles = {Part.STOCK_TAKE: _("Stock-take"), Part.NEEDS: _("Needs")}
    return titles[part]


def _part_intro(part: Part) -> str:
    intros = {
        Part.STOCK_TAKE: _(
            "What the region offers: the offers and their places, the interpreter pool and "
            "where each language is reached."
        ),
        Part.NEEDS: _(
            "What the residents ask for: who lives where, which languages are needed, and how "
            "much of the demand was met."
        ),
    }
    return intros[part]


def build_content(
    scope: PlanningScope,
    *,
    language: str,
    progress: Callable[[int, int], None] | None = None,
) -> ReportContent:
    """Everything the social report of the scope says, in `language`; `progress(done, total)`
    after each figure, after the gaps and after the fields of action."""
    from lisko.planning import gaps, narrative

    # Counted now, not read from what the pages keep: the report is dated when it is written.
    with translation.override(language), published.one_build_each(fresh=True):
        planned = [(part, figures.figures_of(part)) for part in PARTS]
        total = sum(len(found) for _part, found in planned) + 2
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)

        sections = []
        for part, found in planned:
            section = ReportSection(title=_part_title(part), paragraphs=[_part_intro(part)])
            for figure in found:
                table = figure.table(scope, Filters())
                section.tables.append(table)
                section.charts += [
                    (table, spec) for spec in figure.charts if spec.kind != ChartKind.HEAT
                ]
                step()
            sections.append(section)
        ranked = gaps.ranked_gaps(scope)
        sections.append(
            ReportSection(
                title=_("Gaps and suggested actions"),
                paragraphs=[
                    _(
                        "Where demand went unmet in the period, the largest gap first, with the "
                        "figures that show it and what could be done."
                    )
                    if ranked
                    else _("No gaps were found in the period.")
                ],
                gaps=ranked,
            )
        )
        step()
        for number, (title, paragraph) in enumerate(narrative.field_of_action_texts(scope)):
            sections.append(ReportSection(title=title, paragraphs=[paragraph], new_page=not number))
        step()
        return ReportContent(
            title=_("Social report"),
            region=scope.region.name,
            period=scope.period,
            generated_at=timezone.now(),
            language=language,
            sections=sections,
            points=_points(scope, sections),
            threshold=scope.threshold,
        )


def _points(
    scope: PlanningScope, sections: Sequence[ReportSection]
) -> dict[str, tuple[float, float, str]]:
    """The municipalities' places, when a map needs them."""
    if not any(spec.kind == ChartKind.MAP for s in sections for _table, spec in s.charts):
        return {}
    from lisko.planning.selectors import municipality_points

    return municipality_points(scope)


# -- the PDF --------------------------------------------------------------------------------


def render_pdf(content: ReportContent) -> bytes:
    """The report as a PDF, laid out in the content's language (right to left in Arabic)."""
    with translation.override(content.language):
        document = _Document(right_to_left=get_language_bidi())
        _cover(document, content)
        _about_the_figures(document, content)
        document.add_page()
        document.insert_toc_placeholder(
            _contents, pages=max(1, math.ceil(_contents_lines(content) / CONTENTS_LINES_A_PAGE))
        )
        for number, section in enumerate(content.sections):
            _section(document, content, section, first=number == 0)
        document.number_pages()
        return bytes(document.output())


class _Document(FPDF):
    """An A4 page with the report's fonts; Arabic script shaped and set right to left."""

    def __init__(self, *, right_to_left: bool) -> None:
        super().__init__(format="A4")
        self.right_to_left = right_to_left
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        family = pdf_fonts.add_fonts(self)
        self.unicode = family is not None
        self.family_name = family or "helvetica"
        self.align = "R" if right_to_left else "L"
        self.set_creator("Lisko")
        self.shaping: bool | None = None

    def use_font(self, *, size: float, bold: bool = False) -> None:
        # fpdf2 2.8 leaves the fallback font current after a line that needed it, and set_font
        # skips a call for the family it believes current: choosing another family first makes
        # the next line start from the intended font again.
        self.set_font("helvetica")
        self.set_font(self.family_name, style="B" if bold else "", size=size)

    def prepare(self, text: str) -> str:
        """Shaping on for the text that needs it (it costs a few milliseconds a line)."""
        if not self.unicode:
            return text.encode("latin-1", "replace").decode("latin-1")
        shaping = bool(NEEDS_SHAPING.search(text))
        if shaping != self.shaping:
            self.set_text_shaping(
                use_shaping_engine=shaping, direction="rtl" if self.right_to_left else None
            )
            self.shaping = shaping
        return text

    def text_block(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        indent: float = 0,
        colour: tuple[int, int, int] = (0, 0, 0),
        align: str | None = None,
        after: float = 1.5,
    ) -> None:
        """A paragraph over the page's width, `indent` mm in from the side it starts on."""
        self.use_font(size=size, bold=bold)
        self.set_text_color(*colour)
        text = self.prepare(text)
        self.set_x(self.l_margin if self.right_to_left else self.l_margin + indent)
        self.multi_cell(
            self.epw - indent,
            size * 0.5,
            text,
            align=align or self.align,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_text_color(0, 0, 0)
        self.ln(after)

    def heading(self, text: str, *, size: float, level: int | None = None) -> None:
        """A heading, in the contents when `level` is given; never alone at a page's foot."""
        if self.get_y() + size * 2.5 > self.page_break_trigger:
            self.add_page()
        if level is not None:
            self.start_section(text, level=level)
        self.text_block(text, size=size, bold=True, after=2)

    def room(self, height: float) -> None:
        """A page break unless `height` mm still fit on this page."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def number_pages(self) -> None:
        """ "Page X of Y" at the foot of every page but the cover, written once Y is known."""
        total = self.pages_count
        self.set_auto_page_break(auto=False)
        for number in range(2, total + 1):
            self.page = number
            self.use_font(size=8)
            self.set_text_color(*GREY)
            self.set_xy(self.l_margin, self.h - FOOTER)
            text = _("Page {page} of {pages}").format(page=number, pages=total)
            self.cell(self.epw, 4, self.prepare(text), align="C")
        self.page = total
        self.set_text_color(0, 0, 0)


def _cover(document: _Document, content: ReportContent) -> None:
    document.add_page()
    document.set_y(70)
    document.text_block(content.title, size=26, bold=True, after=6)
    document.text_block(content.region, size=18, after=4)
    document.text_block(_period_text(content.period), size=13, after=30)
    generated = timezone.localtime(content.generated_at).date()
    document.text_block(
        _("Written on {date}").format(date=date_format(generated, "DATE_FORMAT")),
        size=10,
        colour=GREY,
    )


def _period_text(period: Period) -> str:
    return _("{start} to {end}").format(
        start=date_format(period.start, "DATE_FORMAT"), end=date_format(period.end, "DATE_FORMAT")
    )


def _about_the_figures(document: _Document, content: ReportContent) -> None:
    """The back of the cover: what the figures count and what the small-cell rule hides."""
    document.add_page()
    document.set_y(document.h / 2)
    document.text_block(_("About the figures"), size=12, bold=True, after=3)
    for paragraph in (
        _(
            "Every figure in this report is an aggregate: it counts people, places or hours "
            "and names no one."
        ),
        _(
            "Counts of fewer than {threshold} people are not shown: the report writes "
            "“fewer than {threshold}” instead, and charts draw a hatched mark. Further "
            "figures are hidden with them, so that no hidden count can be worked out from the "
            "totals."
        ).format(threshold=content.threshold),
        _(
            "Shares and medians are shown only where they rest on at least {threshold} cases."
        ).format(threshold=content.threshold),
    ):
        document.text_block(paragraph, size=10, after=3)


def _contents_lines(content: ReportContent) -> int:
    return 2 + sum(1 + len(section.tables) for section in content.sections)


def _contents(document: FPDF, outline: list[OutlineSection]) -> None:
    """The contents: one line per section and table, with its page, each a link to it."""
    assert isinstance(document, _Document)
    document.text_block(_("Contents"), size=16, bold=True, after=4)
    number_width = 14.0
    for entry in outline:
        indent = 6.0 * entry.level
        document.use_font(size=10 if entry.level == 0 else 9, bold=entry.level == 0)
        name = _fit(document, document.prepare(entry.name), document.epw - number_width - indent)
        page = str(entry.page_number)
        link = document.add_link(page=entry.page_number)
        y = document.get_y()
        name_width = document.epw - number_width - indent
        if document.right_to_left:
            document.set_xy(document.l_margin + number_width, y)
            document.cell(name_width, 6, name, align="R", link=link)
            document.set_xy(document.l_margin, y)
            document.cell(number_width, 6, document.prepare(page), align="L", link=link)
        else:
            document.set_xy(document.l_margin + indent, y)
            document.cell(name_width, 6, name, align="L", link=link)
            document.cell(number_width, 6, document.prepare(page), align="R", link=link)
        document.set_xy(document.l_margin, y + 6 + (1.5 if entry.level == 0 else 0))


def _section(
    document: _Document, content: ReportContent, section: ReportSection, *, first: bool
) -> None:
    if section.new_page and not first:
        document.add_page()
    elif not first:
        document.ln(4)
    document.heading(section.title, size=16, level=0)
    for paragraph in section.paragraphs:
        document.text_block(paragraph, after=3)
    drawn: set[int] = set()
    for table in section.tables:
        document.ln(3)
        document.heading(table.title, size=12, level=1)
        if table.note:
            document.text_block(table.note, size=9, colour=GREY, after=2)
        for chart_table, spec in section.charts:
            if chart_table is table:
                _chart(document, content, table, spec)
        drawn.add(id(table))
        _table(document, table)
    for chart_table, spec in section.charts:
        if id(chart_table) not in drawn:
            _chart(document, content, chart_table, spec)
    for rank, gap in enumerate(section.gaps, start=1):
        _gap(document, rank, gap)


# -- charts ---------------------------------------------------------------------------------


def _chart(document: _Document, content: ReportContent, table: Table, spec: ChartSpec) -> None:
    rtl = document.right_to_left
    caption = ""
    if spec.kind == ChartKind.MAP:
        if not content.points:
            return
        image = charts.map_png(table, spec.columns[0], content.points, rtl=rtl)
    else:
        shown = table
        if spec.kind == ChartKind.BAR and len(table.rows) > CHART_ROWS:
            shown = _largest_rows(table, spec.columns[0])
            caption = _(
                "The chart shows the {shown} largest of {rows} rows; the table lists them all."
            ).format(shown=CHART_ROWS, rows=len(table.rows))
        image = charts.chart_png(shown, spec, rtl=rtl)
    width_px, height_px = _png_size(image)
    width = document.epw
    height = width * height_px / width_px
    limit = document.page_break_trigger - document.t_margin - 10
    if height > limit:
        width, height = width * limit / height, limit
    # The caption above the chart, on the same page.
    document.room(height + (8 if caption else 0) + 4)
    if caption:
        document.text_block(caption, size=8, colour=GREY)
    x = document.l_margin + (document.epw - width) / 2
    document.image(io.BytesIO(image), x=x, y=document.get_y(), w=width, h=height)
    document.set_y(document.get_y() + height + 2)


def _largest_rows(table: Table, column_key: str) -> Table:
    """The table with only the rows of the largest shown values, largest first."""
    index = next(i for i, column in enumerate(table.columns) if column.key == column_key)

    def size(row: Row) -> float:
        cell = row.cells[index]
        value = cell.value if cell.shown else None
        return float(value) if isinstance(value, int | float) else -1.0

    return replace(table, rows=tuple(sorted(table.rows, key=size, reverse=True)[:CHART_ROWS]))


def _png_size(image: bytes) -> tuple[int, int]:
    # The IHDR chunk, which a PNG file has right after its 8-byte signature.
    width, height = struct.unpack(">II", image[16:24])
    return width, height


# -- tables ---------------------------------------------------------------------------------


def _table(document: _Document, table: Table) -> None:
    """The table with its header repeated on every page it runs over; hidden cells as
    "fewer than N"; the totals in bold. Mirrored in a right-to-left language."""
    if not table.rows:
        document.text_block(_("Nothing to show for this period."), size=9, colour=GREY)
        return
    size = 8.0 if len(table.columns) <= 6 else 7.0
    document.use_font(size=size)
    label_width = min(
        document.epw * 0.4,
        max(
            [32.0]
            + [document.get_string_width(row.label) + 3 for row in table.rows[:200]]
            + [document.get_string_width(table.row_heading) + 3]
        ),
    )
    value_width = (document.epw - label_width) / max(1, len(table.columns))
    widths = [label_width] + [value_width] * len(table.columns)
    header = [table.row_heading, *(column_heading(column) for column in table.columns)]
    header_height = _header_height(document, header, widths, size=size)
    rows = [*table.rows, *([table.totals] if table.totals is not None else [])]

    document.room(header_height + 2 * LINE)
    _header(document, header, widths, header_height, size=size)
    for number, row in enumerate(rows):
        if document.get_y() + LINE > document.page_break_trigger:
            document.add_page()
            _header(document, header, widths, header_height, size=size)
        total = row is table.totals
        texts = [row.label] + [
            cell_text(table, column, cell)
            for column, cell in zip(table.columns, row.cells, strict=False)
        ]
        hidden = [False] + [cell.suppressed for cell in row.cells]
        _row(document, texts, widths, hidden, size=size, bold=total, stripe=number % 2 == 1)
    document.ln(4)


def _ordered(document: _Document, count: int) -> list[int]:
    """Column indices from left to right: the row heading first, or last in right to left."""
    order = list(range(count))
    return order[::-1] if document.right_to_left else order


def _header_height(
    document: _Document, header: list[str], widths: list[float], *, size: float
) -> float:
    document.use_font(size=size, bold=True)
    lines = 1
    for text, width in zip(header, widths, strict=True):
        found = document.multi_cell(
            width - 1, LINE * 0.8, document.prepare(text), dry_run=True, output="LINES"
        )
        # With output="LINES", a dry run gives the lines the text would take.
        lines = max(lines, len(cast(list[str], found)))
    return lines * LINE * 0.8 + 1.5


def _header(
    document: _Document, header: list[str], widths: list[float], height: float, *, size: float
) -> None:
    y = document.get_y()
    x = document.l_margin
    for index in _ordered(document, len(header)):
        document.use_font(size=size, bold=True)
        document.set_xy(x, y)
        document.multi_cell(
            widths[index],
            LINE * 0.8,
            document.prepare(header[index]),
            align=_alignment(document, index),
            new_x="RIGHT",
            new_y="TOP",
            max_line_height=LINE * 0.8,
        )
        x += widths[index]
    document.set_draw_color(*GREY)
    document.line(document.l_margin, y + height, document.l_margin + document.epw, y + height)
    document.set_xy(document.l_margin, y + height + 0.5)


def _row(
    document: _Document,
    texts: list[str],
    widths: list[float],
    hidden: list[bool],
    *,
    size: float,
    bold: bool,
    stripe: bool,
) -> None:
    y = document.get_y()
    if stripe:
        document.set_fill_color(*STRIPE)
        document.rect(document.l_margin, y, document.epw, LINE, style="F")
    if bold:
        document.set_draw_color(*RULE)
        document.line(document.l_margin, y, document.l_margin + document.epw, y)
    x = document.l_margin
    for index in _ordered(document, len(texts)):
        document.use_font(size=size, bold=bold)
        document.set_text_color(*(GREY if hidden[index] else (0, 0, 0)))
        document.set_xy(x, y)
        text = _fit(document, document.prepare(texts[index]), widths[index] - 1)
        document.cell(widths[index], LINE, text, align=_alignment(document, index))
        x += widths[index]
    document.set_text_color(0, 0, 0)
    document.set_xy(document.l_margin, y + LINE)


def _alignment(document: _Document, index: int) -> str:
    # The row heading on the reading side, numbers on the other, as a spreadsheet has them.
    if index == 0:
        return "R" if document.right_to_left else "L"
    return "L" if document.right_to_left else "R"


def _fit(document: FPDF, text: str, width: float) -> str:
    """The text, cut with "…" where it would not fit in `width` mm."""
    if document.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if document.get_string_width(text[:middle].rstrip() + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


# -- gaps -----------------------------------------------------------------------------------


def _gap(document: _Document, rank: int, gap: Gap) -> None:
    document.room(4 * LINE)
    document.text_block(
        _("{rank}. {title}").format(rank=rank, title=gap.title), size=11, bold=True, after=1
    )
    for sentence in gap.evidence:
        document.text_block(
            _("• {sentence}").format(sentence=sentence), size=9.5, indent=6, after=0.5
        )
    document.text_block(
        _("Suggested action: {action}").format(action=gap.action), size=9.5, indent=6, after=4
    )
