"""The table exports: the same suppression as the pages, numbers as numbers, and a note on what
the table is about. No database needed: a published table is built by hand."""

import csv
import datetime as dt
import io

from django.utils import timezone, translation
from openpyxl import load_workbook

from lisko.planning.exports import About, table_csv, table_xlsx
from lisko.planning.scope import Period
from lisko.planning.tables import Cell, Column, Measure, Row, Table

ABOUT = About(
    region="Testkreis",
    period=Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    generated_at=dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC),
)


def make_table() -> Table:
    columns = (
        Column("clients", "Clients"),
        Column("hours", "Hours", Measure.SUM, unit="h"),
        Column("remote_share", "Share remote", Measure.RATE),
        Column("languages", "Languages", Measure.LABEL),
    )
    return Table(
        key="example",
        title="Clients by municipality",
        row_heading="Municipality",
        columns=columns,
        rows=(
            Row("1", "Nordstadt", (Cell(12), Cell(30.5), Cell(0.25), Cell("Arabic, Tigrinya"))),
            Row("2", "Mittelfeld", (Cell(None, True), Cell(None, True), Cell(None), Cell("=1+1"))),
            Row("3", "-Fernhafen", (Cell(None, True), Cell(None, True), Cell(None), Cell(""))),
        ),
        totals=Row("__total__", "Total", (Cell(17), Cell(41.0), Cell(None), Cell(None))),
        threshold=5,
        note="Clients with an open case in the period.",
    )


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_writes_a_hidden_cell_as_fewer_than_the_threshold() -> None:
    rows = csv_rows(table_csv(make_table(), about=ABOUT))
    assert rows[0] == ["Municipality", "Clients", "Hours (h)", "Share remote (share)", "Languages"]
    assert rows[2][:3] == ["Mittelfeld", "fewer than 5", "fewer than 5"]
    assert rows[1][:3] == ["Nordstadt", "12", "30.5"]
    assert rows[4][:3] == ["Total", "17", "41.0"]


def test_csv_never_holds_the_hidden_number() -> None:
    table = make_table()
    text = table_csv(table, about=ABOUT)
    # The hidden counts are 3 and 2 (17 - 12 = 5 of two municipalities): nowhere as a cell.
    for row in csv_rows(text)[1:4]:
        assert "3" not in row[1:3] and "2" not in row[1:3]


def test_csv_defuses_text_a_spreadsheet_would_run() -> None:
    rows = csv_rows(table_csv(make_table(), about=ABOUT))
    assert rows[2][4] == "'=1+1"
    assert rows[3][0] == "'-Fernhafen"


def test_csv_ends_with_what_the_table_is_about() -> None:
    text = table_csv(make_table(), about=ABOUT)
    rows = csv_rows(text)
    about = rows[rows.index(["About this table"]) + 1 :]
    labels = dict(row for row in about if len(row) == 2)
    assert labels["Title"] == "Clients by municipality"
    assert labels["Region"] == "Testkreis"
    assert labels["Period"] == "2026-01-01 to 2026-06-30"
    assert "fewer than 5" in labels["Threshold"]
    assert labels["What it counts"] == "Clients with an open case in the period."
    assert "Generated" in labels


def test_csv_is_written_in_the_readers_language() -> None:
    with translation.override("de"):
        text = table_csv(make_table(), about=ABOUT)
        hidden = translation.gettext("fewer than {threshold}").format(threshold=5)
        about = translation.gettext("About this table")
    assert csv_rows(text)[2][1] == hidden
    assert [about] in csv_rows(text)


def test_xlsx_writes_numbers_as_numbers_and_hidden_cells_as_words() -> None:
    workbook = load_workbook(io.BytesIO(table_xlsx(make_table(), about=ABOUT)))
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Municipality"
    assert values[1][:4] == ["Nordstadt", 12, 30.5, 0.25]
    assert values[2][1] == "fewer than 5"
    assert values[4][:2] == ["Total", 17]
    assert sheet.cell(row=2, column=4).number_format == "0.0%"
    # Text that looks like a formula stays text.
    assert sheet.cell(row=3, column=5).data_type == "s"
    flat = [value for row in values[1:4] for value in row[1:3]]
    assert 3 not in flat and 2 not in flat


def test_xlsx_has_a_sheet_about_the_table() -> None:
    workbook = load_workbook(io.BytesIO(table_xlsx(make_table(), about=ABOUT)))
    about = workbook.worksheets[1]
    assert about.title == "About this table"
    lines = {row[0].value: row[1].value for row in about.iter_rows(min_row=2)}
    assert lines["Region"] == "Testkreis"
    assert lines["Title"] == "Clients by municipality"


def test_xlsx_reads_right_to_left_in_arabic() -> None:
    with translation.override("ar"):
        workbook = load_workbook(io.BytesIO(table_xlsx(make_table(), about=ABOUT)))
    assert workbook.worksheets[0].sheet_view.rightToLeft


def test_export_without_about_still_names_the_threshold() -> None:
    text = table_csv(make_table())
    assert "Threshold" in text and "Region" not in text
    assert timezone.now()  # no scope needed
