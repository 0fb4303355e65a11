"""An exported month as files for payroll: CSV and XLSX of its statements and lines, and one
interpreter's statement as PDF.

Only what the export fixed comes in: the statements written when the month was locked and the
approved hours they add up. Amounts stay numbers (a spreadsheet can add them up); text that a
spreadsheet would run as a formula is defused. The PDF is laid out with the social report's
document (lisko/planning/report.py: its fonts, Arabic shaped and set right to left).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from django.utils.text import slugify
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from lisko.payroll.models import ApprovedHours, PayrollExport, Statement

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell

    from lisko.planning.report import _Document

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses sheet names longer than this.
SHEET_NAME_LENGTH = 31


@dataclass(frozen=True)
class ExportedMonth:
    """What the files of one exported month say: its lock, statements and their lines."""

    organisation: str
    export: PayrollExport
    statements: list[Statement]
    lines: list[ApprovedHours]


def file_name(organisation: str, month: dt.date, extension: str) -> str:
    """`hours-<organisation slug>-<YYYY-MM>.<extension>`, in plain ASCII."""
    return f"hours-{slugify(organisation) or 'organisation'}-{month:%Y-%m}.{extension}"


def statement_file_name(statement: Statement) -> str:
    """`statement-<interpreter slug>-<YYYY-MM>.pdf`, in plain ASCII."""
    person = slugify(f"{statement.interpreter.first_name} {statement.interpreter.last_name}")
    return f"statement-{person or statement.interpreter_id}-{statement.month:%Y-%m}.pdf"


def _name(line: ApprovedHours | Statement) -> str:
    return f"{line.interpreter.first_name} {line.interpreter.last_name}"


def _start(line: ApprovedHours) -> dt.datetime:
    assignment = line.assignment
    return timezone.localtime(assignment.actual_start or assignment.appointment.start)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _statement_header() -> list[str]:
    return [
        _("Interpreter number"),
        _("Interpreter"),
        _("Month"),
        _("Minutes"),
        _("Travel minutes"),
        _("Total"),
        _("Currency"),
    ]


def _statement_row(statement: Statement) -> list[object]:
    return [
        statement.interpreter_id,
        _name(statement),
        f"{statement.month:%Y-%m}",
        statement.minutes,
        statement.travel_minutes,
        statement.total,
        statement.currency,
    ]


def _line_header() -> list[str]:
    return [
        _("Interpreter number"),
        _("Interpreter"),
        _("Date"),
        _("Start"),
        _("Appointment"),
        _("Late cancellation"),
        _("Minutes"),
        _("Travel minutes"),
        _("Corrected"),
        _("Note"),
        _("Base"),
        _("Evening surcharge"),
        _("Weekend surcharge"),
        _("Travel"),
        _("Late cancellation amount"),
        _("Total"),
        _("Currency"),
    ]


def _line_row(line: ApprovedHours) -> list[object]:
    start = _start(line)
    return [
        line.interpreter_id,
        _name(line),
        start.date().isoformat(),
        start.strftime("%H:%M"),
        line.assignment.appointment.get_kind_display(),
        _yes_no(line.late_cancellation),
        line.minutes,
        line.travel_minutes,
        _yes_no(line.corrected),
        line.note,
        line.base,
        line.evening,
        line.weekend,
        line.travel,
        line.late_cancellation_amount,
        line.total,
        line.currency,
    ]


def _about(month: ExportedMonth) -> list[tuple[str, str]]:
    export = month.export
    return [
        (_("Organisation"), month.organisation),
        (_("Month"), f"{export.month:%Y-%m}"),
        (_("Exported by"), export.exported_by.get_full_name() or export.exported_by.username),
        (_("Exported at"), timezone.localtime(export.exported_at).isoformat(timespec="minutes")),
    ]


def _text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def month_csv(month: ExportedMonth) -> str:
    """The statements (one line per interpreter), a blank line, the lines they add up, a blank
    line, then what the file is about."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_statement_header())
    for statement in month.statements:
        writer.writerow([_text(value) for value in _statement_row(statement)])
    writer.writerow([])
    writer.writerow(_line_header())
    for line in month.lines:
        writer.writerow([_text(value) for value in _line_row(line)])
    writer.writerow([])
    for label, value in _about(month):
        writer.writerow([label, _text(value)])
    return out.getvalue()


def _put(cell: SheetCell, value: object) -> SheetCell:
    if isinstance(value, str):
        # Set as a string explicitly: openpyxl would take "=…" for a formula.
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value  # type: ignore[assignment]
        if isinstance(value, Decimal):
            cell.number_format = "0.00"
    return cell


def _sheet_name(name: str) -> str:
    for forbidden in "[]:*?/\\":
        name = name.replace(forbidden, " ")
    return name[:SHEET_NAME_LENGTH].strip() or "Sheet"


def month_xlsx(month: ExportedMonth) -> bytes:
    """A workbook: the statements, the lines, and what it is about, one sheet each; right to
    left in Arabic."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)
    rtl = get_language_bidi()
    sheets = [
        (_("Statements"), _statement_header(), [_statement_row(s) for s in month.statements]),
        (_("Lines"), _line_header(), [_line_row(line) for line in month.lines]),
    ]
    for number, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = _sheet_name(title)
        sheet.sheet_view.rightToLeft = rtl
        for column, text in enumerate(header, start=1):
            _put(sheet.cell(row=1, column=column), text).font = bold
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(
                12, len(text) + 2
            )
        for line, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                _put(sheet.cell(row=line, column=column), value)
        sheet.freeze_panes = "A2"
    about = workbook.create_sheet(_sheet_name(_("About this file")))
    about.sheet_view.rightToLeft = rtl
    for line, (label, value) in enumerate(_about(month), start=1):
        _put(about.cell(row=line, column=1), label).font = bold
        _put(about.cell(row=line, column=2), value)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _money(amount: Decimal, currency: str) -> str:
    return _("{amount} {currency}").format(
        amount=number_format(amount, decimal_pos=2, force_grouping=True), currency=currency
    )


def statement_pdf(
    *, organisation: str, statement: Statement, lines: list[ApprovedHours], language: str
) -> bytes:
    """One interpreter's statement of the month as a PDF in `language`: who, which month, one
    line per piece of work with its amount, and the total."""
    from lisko.planning.report import GREY, _Document

    with translation.override(language):
        document = _Document(right_to_left=get_language_bidi())
        document.add_page()
        document.text_block(_("Statement of hours"), size=18, bold=True, after=2)
        document.text_block(_name(statement), size=14, after=1)
        document.text_block(organisation, size=11, after=1)
        document.text_block(
            date_format(statement.month, "YEAR_MONTH_FORMAT"), size=11, colour=GREY, after=1
        )
        document.text_block(
            _("Exported on {date}").format(
                date=date_format(timezone.localtime(statement.exported_at), "DATETIME_FORMAT")
            ),
            size=9,
            colour=GREY,
            after=5,
        )
        # Date and time, what, minutes, travel minutes, amount: widths in mm, summing to epw.
        widths = [36.0, 0.0, 20.0, 28.0, 32.0]
        widths[1] = document.epw - sum(widths)
        aligns = ["L", "L", "R", "R", "R"]
        header = [_("When"), _("Appointment"), _("Minutes"), _("Travel minutes"), _("Amount")]
        _row(document, header, widths, aligns, bold=True)
        for line in lines:
            start = _start(line)
            what = line.assignment.appointment.get_kind_display()
            if line.late_cancellation:
                what = _("{kind}, cancelled late").format(kind=what)
            if line.corrected:
                what = _("{kind}, corrected: {note}").format(kind=what, note=line.note)
            _row(
                document,
                [
                    f"{date_format(start.date(), 'SHORT_DATE_FORMAT')} {time_format(start.time())}",
                    what,
                    number_format(line.minutes),
                    number_format(line.travel_minutes),
                    _money(line.total, line.currency),
                ],
                widths,
                aligns,
            )
        _row(
            document,
            [
                _("Total"),
                "",
                number_format(statement.minutes),
                number_format(statement.travel_minutes),
                _money(statement.total, statement.currency),
            ],
            widths,
            aligns,
            bold=True,
        )
        document.number_pages()
        return bytes(document.output())


def _row(
    document: _Document,
    cells: list[str],
    widths: list[float],
    aligns: list[str],
    *,
    bold: bool = False,
) -> None:
    """One line of the statement's table; the columns run right to left in Arabic."""
    from lisko.planning.report import LINE

    document.room(LINE * 2)
    document.use_font(size=9, bold=bold)
    order = list(zip(cells, widths, aligns, strict=True))
    if document.right_to_left:
        order = [(text, width, "R" if a == "L" else "L") for text, width, a in reversed(order)]
    document.set_x(document.l_margin)
    for text, width, align in order:
        document.cell(width, LINE, document.prepare(_fit(document, text, width)), align=align)
    document.ln(LINE)
    document.set_draw_color(200, 200, 200)
    document.line(
        document.l_margin, document.get_y(), document.l_margin + document.epw, document.get_y()
    )


def _fit(document: _Document, text: str, width: float) -> str:
    """The text, shortened with an ellipsis to fit `width` mm."""
    if document.get_string_width(text) <= width - 2:
        return text
    while text and document.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text + "…"
