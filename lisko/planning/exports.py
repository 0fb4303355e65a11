"""A published planning table as a file: CSV or XLSX, with the same suppression as the pages.

Only a `Table` comes in, so nothing reaches a file that `publish` did not let through: a hidden
cell is written as the words "fewer than N", never as its number. Numbers stay numbers (a
spreadsheet can add them up); text that a spreadsheet would run as a formula is defused. Both
formats end with what the table is about: title, note, region, period, threshold, when made.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from lisko.planning.formatting import column_heading, suppressed_text
from lisko.planning.tables import Cell, Measure, Row, Table

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell

    from lisko.planning.models import SocialReport
    from lisko.planning.scope import Period, PlanningScope

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses sheet names longer than this.
SHEET_NAME_LENGTH = 31


@dataclass(frozen=True)
class About:
    """What a file says about where its figures come from, besides the table's own title."""

    region: str
    period: Period
    generated_at: dt.datetime


def about_of(scope: PlanningScope) -> About:
    return About(region=scope.region.name, period=scope.period, generated_at=timezone.now())


def file_name(key: str, scope: PlanningScope, extension: str) -> str:
    """`<key>-<region slug>-<from>-<until>.<extension>`, in plain ASCII."""
    region = slugify(scope.region.name) or f"region-{scope.region.pk}"
    period = scope.period
    return f"{key}-{region}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


def table_csv(table: Table, *, about: About | None = None) -> str:
    """The table as CSV: a header, one line per row, the totals, then "About this table"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_text(table.row_heading), *(_text(column_heading(c)) for c in table.columns)])
    for row in _rows(table):
        writer.writerow([_text(row.label), *(_csv_value(table, cell) for cell in row.cells)])
    writer.writerow([])
    writer.writerow([_("About this table")])
    for label, value in _about_lines(table, about):
        writer.writerow([_text(label), _text(value)])
    return out.getvalue()


def table_xlsx(table: Table, *, about: About | None = None) -> bytes:
    """The table as an XLSX workbook: the table on the first sheet, "About this table" on the
    second; shares formatted as percentages, the sheets right to left in Arabic."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_name(_("Table"))
    bold = Font(bold=True)
    rtl = get_language_bidi()
    sheet.sheet_view.rightToLeft = rtl
    header = [table.row_heading, *(column_heading(column) for column in table.columns)]
    for index, text in enumerate(header, start=1):
        _put_text(sheet.cell(row=1, column=index), text).font = bold
    line = 1
    for row in _rows(table):
        line += 1
        label = _put_text(sheet.cell(row=line, column=1), row.label)
        if row is table.totals:
            label.font = bold
        for index, (column, cell) in enumerate(zip(table.columns, row.cells, strict=False), 2):
            target = sheet.cell(row=line, column=index)
            value = _xlsx_value(table, cell)
            if isinstance(value, str):
                _put_text(target, value)
            else:
                target.value = value
                if value is not None and column.measure == Measure.RATE:
                    target.number_format = "0.0%"
            if row is table.totals:
                target.font = bold
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = max(
        [len(str(text)) for text in [table.row_heading, *(r.label for r in _rows(table))]] + [12]
    )
    notes = workbook.create_sheet(_sheet_name(_("About this table")))
    notes.sheet_view.rightToLeft = rtl
    _put_text(notes.cell(row=1, column=1), _("About this table")).font = bold
    for line, (label, value) in enumerate(_about_lines(table, about), start=2):
        _put_text(notes.cell(row=line, column=1), label).font = bold
        _put_text(notes.cell(row=line, column=2), value)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rows(table: Table) -> list[Row]:
    return [*table.rows, *([table.totals] if table.totals is not None else [])]


def _csv_value(table: Table, cell: Cell) -> str | int | float:
    value = _xlsx_value(table, cell)
    if value is None:
        return ""
    return _text(value) if isinstance(value, str) else value


def _xlsx_value(table: Table, cell: Cell) -> str | int | float | None:
    if cell.suppressed:
        return suppressed_text(table.threshold)
    if isinstance(cell.value, bool):  # not a number a planner would add up
        return str(cell.value)
    return cell.value


def _about_lines(table: Table, about: About | None) -> list[tuple[str, str]]:
    lines = [(_("Title"), table.title)]
    if table.note:
        lines.append((_("What it counts"), table.note))
    if about is not None:
        lines += [
            (_("Region"), about.region),
            (
                _("Period"),
                _("{start} to {end}").format(
                    start=about.period.start.isoformat(), end=about.period.end.isoformat()
                ),
            ),
        ]
    lines.append(
        (
            _("Threshold"),
            _(
                "Counts of fewer than {threshold} people are not shown; further cells are "
                "hidden with them so that the totals do not reveal them."
            ).format(threshold=table.threshold),
        )
    )
    if table.suppressed_count:
        lines.append((_("Hidden cells"), str(table.suppressed_count)))
    if about is not None:
        lines.append(
            (
                _("Generated"),
                date_format(timezone.localtime(about.generated_at), "DATETIME_FORMAT"),
            )
        )
    return lines


def _text(value: object) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _put_text(cell: SheetCell, text: object) -> SheetCell:
    # Set as a string explicitly: openpyxl would take "=…" for a formula.
    cell.value = str(text)
    cell.data_type = "s"
    return cell


def _sheet_name(name: str) -> str:
    for forbidden in "[]:*?/\\":
        name = name.replace(forbidden, " ")
    return name[:SHEET_NAME_LENGTH].strip() or "Sheet"


def report_file_name(report: SocialReport) -> str:
    """`social-report-<region slug>-<from>-<until>.pdf`."""
    region = slugify(report.region.name) or f"region-{report.region_id}"
    return (
        f"social-report-{region}-{report.period_start.isoformat()}-"
        f"{report.period_end.isoformat()}.pdf"
    )
