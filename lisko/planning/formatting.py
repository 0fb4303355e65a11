"""How a published figure reads, decided once for pages, charts, exports and the report: in the
reader's locale, a hidden cell as "fewer than N", a share as a percentage."""

from functools import lru_cache

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lisko.planning.tables import Cell, Column, Measure, Table


def suppressed_text(threshold: int) -> str:
    return _("fewer than {threshold}").format(threshold=threshold)


def value_text(column: Column, value: int | float | str | None) -> str:
    """A shown value: counts with grouping, hours with one decimal, shares as percentages."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if column.measure == Measure.RATE:
        return _("{percent} %").format(percent=_number(get_language(), round(value * 100), 0))
    if isinstance(value, float) and not value.is_integer():
        return _number(get_language(), value, 1)
    return _number(get_language(), int(value), 0)


@lru_cache(maxsize=8192)
def _number(language: str | None, value: int | float, places: int) -> str:
    # A needs page formats some ten thousand cells, mostly the same few numbers, and Django's
    # number_format looks the locale's formats up each time: a third of the page's time.
    return number_format(value, places, force_grouping=True)


def cell_text(table: Table, column: Column, cell: Cell) -> str:
    """A cell as a reader sees it: its value, or "fewer than N" when it is hidden."""
    if cell.suppressed:
        return suppressed_text(table.threshold)
    return value_text(column, cell.value)


def column_heading(column: Column) -> str:
    """The column's label with its unit, e.g. "Hours a week (h)"; a share says it is one."""
    if column.measure == Measure.RATE:
        return _("{label} (share)").format(label=column.label)
    if column.unit:
        return _("{label} ({unit})").format(label=column.label, unit=column.unit)
    return column.label
