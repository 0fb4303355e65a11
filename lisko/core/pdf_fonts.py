"""The fonts of every PDF Lisko writes (reports, plans, statements, letters, exports), chosen once.

The Noto fonts of the system (fonts-noto-core, which the Docker image and CI install): Noto Sans,
with Noto Sans Arabic and Noto Sans Ethiopic as fallbacks for Arabic script and for Tigrinya and
Amharic. Where they are missing (`make demo` on a fresh machine needs nothing but Python),
DejaVu Sans, which matplotlib ships: Latin, Greek, Cyrillic and Arabic, no Ethiopic. A core
font of the PDF format (Latin-1 only) is the last resort, when neither is there.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import matplotlib
from fpdf import FPDF

NOTO_DIR: Final = Path("/usr/share/fonts/truetype/noto")
NOTO: Final = {
    ("noto", ""): "NotoSans-Regular.ttf",
    ("noto", "B"): "NotoSans-Bold.ttf",
    ("noto-arabic", ""): "NotoSansArabic-Regular.ttf",
    ("noto-arabic", "B"): "NotoSansArabic-Bold.ttf",
    ("noto-ethiopic", ""): "NotoSansEthiopic-Regular.ttf",
    ("noto-ethiopic", "B"): "NotoSansEthiopic-Bold.ttf",
}
BUNDLED_DIR: Final = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
BUNDLED: Final = {("dejavu", ""): "DejaVuSans.ttf", ("dejavu", "B"): "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class Fonts:
    """A set of TrueType fonts: the main family and the fallbacks for other scripts."""

    directory: Path
    files: dict[tuple[str, str], str]
    family: str
    fallbacks: tuple[str, ...] = ()

    @property
    def installed(self) -> bool:
        return all((self.directory / name).exists() for name in self.files.values())


SYSTEM: Final = Fonts(NOTO_DIR, NOTO, "noto", ("noto-arabic", "noto-ethiopic"))
SHIPPED: Final = Fonts(BUNDLED_DIR, BUNDLED, "dejavu")


def choose() -> Fonts | None:
    """The best fonts this machine has; None: only the PDF's core fonts (Latin-1)."""
    for fonts in (SYSTEM, SHIPPED):
        if fonts.installed:
            return fonts
    return None


def add_fonts(document: FPDF) -> str | None:
    """Embed the chosen fonts in `document`; returns the main family (None: core fonts)."""
    fonts = choose()
    if fonts is None:
        return None
    for (family, style), name in fonts.files.items():
        document.add_font(family, style=style, fname=str(fonts.directory / name))
    if fonts.fallbacks:
        document.set_fallback_fonts(list(fonts.fallbacks))
    return fonts.family
