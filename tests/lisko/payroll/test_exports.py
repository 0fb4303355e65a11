"""The exported month's files and the coordinator's organisation: what payroll receives."""

import csv
import datetime as dt
import io

import pytest

from lisko.core.errors import NotFound
from lisko.payroll.exports import ExportedMonth, month_csv, statement_pdf
from lisko.payroll.selectors import (
    approved_lines_of,
    coordinated_organisation,
    export_of,
    statements_of,
)
from lisko.payroll.services import approve_hours, export_month
from tests.conftest import Personas
from tests.factories.payroll import RateFactory, local, logged_assignment

OCTOBER = dt.date(2026, 10, 1)


@pytest.fixture
def exported(personas: Personas) -> ExportedMonth:
    """One entry corrected with a note a spreadsheet would run as a formula; then exported."""
    RateFactory(organisation=personas.organisation)
    assignment = logged_assignment(
        organisation=personas.organisation, start=local(dt.date(2026, 10, 7), 9)
    )
    approve_hours(
        organisation=personas.organisation,
        assignment_id=assignment.pk,
        month=OCTOBER,
        by=personas.coordinator,
        minutes=60,
        note='=HYPERLINK("http://example.org")',
    )
    export_month(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)
    organisation_id = personas.organisation.pk
    export = export_of(organisation_id=organisation_id, month=OCTOBER)
    assert export is not None
    return ExportedMonth(
        organisation=personas.organisation.name,
        export=export,
        statements=statements_of(organisation_id=organisation_id, month=OCTOBER),
        lines=approved_lines_of(organisation_id=organisation_id, month=OCTOBER),
    )


def test_a_note_that_looks_like_a_formula_is_written_as_text(exported: ExportedMonth) -> None:
    rows = list(csv.reader(io.StringIO(month_csv(exported))))
    notes = [row[9] for row in rows if len(row) > 9 and row[0].isdigit()]
    assert notes == ['\'=HYPERLINK("http://example.org")']


def test_the_statement_pdf_is_written_in_arabic_too(exported: ExportedMonth) -> None:
    content = statement_pdf(
        organisation=exported.organisation,
        statement=exported.statements[0],
        lines=exported.lines,
        language="ar",
    )
    assert content.startswith(b"%PDF")


def test_the_organisation_coordinated_is_the_first_joined(personas: Personas) -> None:
    assert coordinated_organisation(user=personas.coordinator) == personas.organisation


@pytest.mark.parametrize("persona", ["coordinator", "social_worker", "admin"])
def test_an_organisation_not_coordinated_is_not_found(personas: Personas, persona: str) -> None:
    user = getattr(personas, persona)
    with pytest.raises(NotFound):
        coordinated_organisation(
            user=user,
            organisation_id=personas.other_organisation.pk
            if persona == "coordinator"
            else personas.organisation.pk,
        )
