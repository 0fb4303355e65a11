"""The social report: what it gathers (every figure of both parts, the gaps, the fields of
action, with progress after each figure) and the PDF it becomes in every language."""

import datetime as dt
import os
import re
import zlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from lisko.core import pdf_fonts
from lisko.planning import figures, gaps, narrative
from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Gap, Part
from lisko.planning.report import ReportContent, ReportSection, build_content, render_pdf
from lisko.planning.scope import Period
from lisko.planning.tables import Cell, Column, Row, Table

YEAR = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
A_GAP = Gap(
    kind="interpreters_missing",
    weight=3.0,
    title="No Tigrinya interpreter in Nordstadt",
    evidence=("12 requests went unfilled.",),
    action="Recruit an interpreter or book remote interpreting.",
)


def make_table(key: str, rows: int = 3, *, hidden: int | None = 1) -> Table:
    return Table(
        key=key,
        title=f"Table {key}",
        row_heading="Municipality",
        columns=(Column("people", "People"), Column("women", "Women")),
        rows=tuple(
            Row(
                key=str(number),
                label=f"Municipality {number}",
                cells=(
                    Cell(None, suppressed=True) if number == hidden else Cell(100 + number),
                    Cell(50 + number),
                ),
            )
            for number in range(rows)
        ),
        totals=Row(key="total", label="Total", cells=(Cell(None, True), Cell(1234))),
        threshold=5,
    )


def make_content(
    *, language: str = "en", title: str = "Social report", rows: int = 3
) -> ReportContent:
    table = make_table("residents", rows)
    return ReportContent(
        title=title,
        region="Nordstadt-Kreis",
        period=YEAR,
        generated_at=timezone.now(),
        language=language,
        sections=[
            ReportSection(
                title="Needs",
                paragraphs=["Who lives where."],
                tables=[table],
                charts=[
                    (table, ChartSpec(ChartKind.BAR, ("people",))),
                    (table, ChartSpec(ChartKind.MAP, ("people",))),
                ],
            ),
            ReportSection(title="Gaps and suggested actions", gaps=[A_GAP]),
            ReportSection(title="Health", paragraphs=["Enough doctors speak Arabic."]),
        ],
        points={str(n): (49.5 + n / 100, 6.0 + n / 100, f"Municipality {n}") for n in range(rows)},
        threshold=5,
    )


def page_count(pdf: bytes) -> int:
    found = re.search(rb"/Type /Pages\s*/Count (\d+)|/Count (\d+)\s*/Kids", pdf)
    assert found
    return int(found.group(1) or found.group(2))


def core_font_text(pdf: bytes) -> str:
    """The text of a PDF written in a core font: its content streams, unpacked."""
    chunks = []
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompressobj().decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"".join(chunks).decode("latin-1")


@pytest.fixture
def core_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without any TrueType font the PDF is set in a core font, whose text can be read back."""
    monkeypatch.setattr(pdf_fonts, "choose", lambda: None)


@pytest.fixture
def noto() -> None:
    if not pdf_fonts.SYSTEM.installed:
        message = "fonts-noto-core is not installed (.ci/system-packages installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


# -- build_content ----------------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Filters]]:
    """Two stock-take figures and one needs figure; records what each was asked for."""
    built: list[tuple[str, Filters]] = []

    def builder(key: str) -> Callable[[Any, Filters], Table]:
        def build(scope: Any, filters: Filters) -> Table:
            built.append((key, filters))
            return make_table(key)

        return build

    registered = {
        key: Figure(
            key=key,
            part=part,
            title=key,  # type: ignore[arg-type]
            build=builder(key),
            charts=(ChartSpec(ChartKind.BAR, ("people",)), ChartSpec(ChartKind.HEAT, ())),
        )
        for key, part in [
            ("offers", Part.STOCK_TAKE),
            ("pool", Part.STOCK_TAKE),
            ("residents", Part.NEEDS),
        ]
    }
    monkeypatch.setattr(figures, "FIGURES", registered)
    monkeypatch.setattr(figures, "_load", lambda: None)
    monkeypatch.setattr(gaps, "ranked_gaps", lambda scope: [A_GAP])
    monkeypatch.setattr(
        narrative,
        "field_of_action_texts",
        lambda scope: [("Health", "Enough doctors."), ("Housing", "Too few flats.")],
    )
    return built


@pytest.fixture
def scope() -> Any:
    return SimpleNamespace(
        region=SimpleNamespace(name="Nordstadt-Kreis", pk=1),
        children=(),
        municipality_ids=frozenset(),
        shares=(),
        period=YEAR,
        threshold=5,
    )


def test_build_content_builds_every_figure_unfiltered(
    registry: list[tuple[str, Filters]], scope: Any
) -> None:
    build_content(scope, language="en")

    assert registry == [("offers", Filters()), ("pool", Filters()), ("residents", Filters())]


def test_build_content_reports_progress_after_each_figure(
    registry: list[tuple[str, Filters]], scope: Any
) -> None:
    calls: list[tuple[int, int]] = []

    build_content(scope, language="en", progress=lambda done, total: calls.append((done, total)))

    # Three figures, then the gaps, then the fields of action.
    assert calls == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_build_content_has_the_parts_then_the_gaps_then_the_fields_of_action(
    registry: list[tuple[str, Filters]], scope: Any
) -> None:
    content = build_content(scope, language="en")

    titles = [section.title for section in content.sections]
    assert titles == ["Stock-take", "Needs", "Gaps and suggested actions", "Health", "Housing"]
    assert [table.key for table in content.sections[0].tables] == ["offers", "pool"]


def test_build_content_includes_the_gaps(registry: list[tuple[str, Filters]], scope: Any) -> None:
    content = build_content(scope, language="en")

    assert content.gaps == [A_GAP]
    assert content.sections[2].gaps == [A_GAP]


def test_build_content_leaves_heat_charts_to_their_tables(
    registry: list[tuple[str, Filters]], scope: Any
) -> None:
    content = build_content(scope, language="en")

    kinds = {spec.kind for section in content.sections for _table, spec in section.charts}
    assert kinds == {ChartKind.BAR}


def test_build_content_says_what_it_covers(registry: list[tuple[str, Filters]], scope: Any) -> None:
    content = build_content(scope, language="de")

    assert (content.region, content.period, content.language) == ("Nordstadt-Kreis", YEAR, "de")
    assert content.threshold == 5
    assert timezone.is_aware(content.generated_at)
    assert content.points == {}  # no map among the charts: no municipalities looked up


# -- render_pdf -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "fr", "ar", "uk"])
def test_the_pdf_renders_in_every_language(language: str) -> None:
    pdf = render_pdf(make_content(language=language))

    assert pdf.startswith(b"%PDF-")
    # Cover, its back, the contents, the needs, the gaps and the field of action.
    assert page_count(pdf) >= 5


def test_arabic_text_is_set_right_to_left_by_the_shaping_engine(noto: None) -> None:
    # The cover's title is the first Arabic text drawn, so its letters are the first the
    # Arabic font maps: in drawing order, which right to left is from the last letter.
    pdf = render_pdf(make_content(language="ar", title="بلدية"))

    mappings = re.findall(rb"beginbfchar\n(.*?)endbfchar", pdf, re.DOTALL)
    letters_of_each_font = [
        "".join(
            chr(int(code, 16))
            for code in re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]{4})>", mapping)
            if 0x600 <= int(code, 16) <= 0x6FF
        )
        for mapping in mappings
    ]
    # The title is bold: the first text of the bold Arabic font.
    assert any(letters.startswith("ةيدلب") for letters in letters_of_each_font)
    assert not any(letters.startswith("بلدية") for letters in letters_of_each_font)


def test_a_hidden_cell_is_printed_as_fewer_than_the_threshold(core_fonts: None) -> None:
    text = core_font_text(render_pdf(make_content()))

    assert "(fewer than 5)" in text
    assert "(1,234)" in text


def test_every_page_but_the_cover_is_numbered_page_x_of_y(core_fonts: None) -> None:
    pdf = render_pdf(make_content())
    pages = page_count(pdf)

    text = core_font_text(pdf)
    assert f"(Page 1 of {pages})" not in text
    assert all(f"(Page {page} of {pages})" in text for page in range(2, pages + 1))


def test_the_cover_says_region_and_period_in_the_readers_locale(core_fonts: None) -> None:
    text = core_font_text(render_pdf(make_content(language="de")))

    assert "(Nordstadt-Kreis)" in text
    assert "(1. Januar 2026 bis 31. Dezember 2026)" in text


def test_the_back_of_the_cover_explains_the_small_cell_rule(core_fonts: None) -> None:
    text = core_font_text(render_pdf(make_content()))

    assert "Counts of fewer than 5 people are not shown" in text


def test_a_long_table_repeats_its_header_on_every_page(core_fonts: None) -> None:
    pdf = render_pdf(make_content(rows=150))

    text = core_font_text(pdf)
    header_pages = text.count("(Municipality) Tj")
    assert header_pages >= 3  # 150 rows run over at least three pages


def test_the_gaps_are_listed_with_rank_evidence_and_action(core_fonts: None) -> None:
    text = core_font_text(render_pdf(make_content()))

    assert "(1. No Tigrinya interpreter in Nordstadt)" in text
    assert "12 requests went unfilled." in text
    assert "(Suggested action: Recruit an interpreter or book remote interpreting.)" in text
