"""Every PDF is set in a Unicode font: the system's Noto fonts, else the DejaVu that matplotlib
ships, so that a machine without fonts-noto-core (`make demo` on a fresh laptop) still writes
plans, reports and letters in every language instead of failing on the first non-Latin letter."""

from pathlib import Path

import pytest

from lisko.core import pdf_fonts
from lisko.planning.report import _Document

TEXT = "Plan 2027–2030 … مرحبا Привет Žilina"


@pytest.fixture
def without_system_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf_fonts, "SYSTEM", pdf_fonts.Fonts(tmp_path, pdf_fonts.NOTO, "noto"))


def written(document: _Document) -> bytes:
    document.add_page()
    document.use_font(size=10)
    document.multi_cell(document.epw, 5, document.prepare(TEXT))
    return bytes(document.output())


def test_without_the_system_fonts_a_pdf_is_set_in_the_dejavu_matplotlib_ships(
    without_system_fonts: None,
) -> None:
    pdf = written(_Document(right_to_left=False))

    assert b"/FontName /" in pdf
    assert b"DejaVuSans" in pdf
    assert b"NotoSans" not in pdf


def test_the_system_noto_fonts_come_first_where_installed() -> None:
    if not pdf_fonts.SYSTEM.installed:
        pytest.fail("fonts-noto-core is not installed (.ci/system-packages installs it)")

    pdf = written(_Document(right_to_left=True))

    assert b"NotoSans" in pdf


def test_the_shipped_fonts_are_there_wherever_lisko_is_installed() -> None:
    assert pdf_fonts.SHIPPED.installed
