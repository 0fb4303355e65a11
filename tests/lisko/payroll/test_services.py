"""Approving hours, correcting them, rates, late cancellations and the month's lock."""

import datetime as dt
from decimal import Decimal

import pytest

from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.payroll.models import ApprovedHours, Rate, Statement
from lisko.payroll.selectors import payable_work
from lisko.payroll.services import approve_all, approve_hours, export_month, save_rate
from tests.conftest import Personas
from tests.factories.payroll import RateFactory, cancelled_booking, local, logged_assignment

OCTOBER = dt.date(2026, 10, 1)
WEDNESDAY = dt.date(2026, 10, 7)


@pytest.fixture
def rate(personas: Personas) -> Rate:
    return RateFactory(organisation=personas.organisation)


def test_approving_keeps_the_logged_time_and_stores_the_breakdown(
    personas: Personas, rate: Rate
) -> None:
    assignment = logged_assignment(
        organisation=personas.organisation, start=local(WEDNESDAY, 9), minutes=90
    )
    hours = approve_hours(
        organisation=personas.organisation,
        assignment_id=assignment.pk,
        month=OCTOBER,
        by=personas.coordinator,
    )
    assert (hours.minutes, hours.travel_minutes, hours.corrected) == (90, 30, False)
    assert (hours.base, hours.travel, hours.total) == (
        Decimal("90.00"),
        Decimal("15.00"),
        Decimal("105.00"),
    )


def test_a_correction_needs_a_note(personas: Personas, rate: Rate) -> None:
    assignment = logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    with pytest.raises(DomainError, match="note"):
        approve_hours(
            organisation=personas.organisation,
            assignment_id=assignment.pk,
            month=OCTOBER,
            by=personas.coordinator,
            minutes=60,
        )
    assert not ApprovedHours.objects.exists()


def test_a_correction_is_flagged_with_its_note(personas: Personas, rate: Rate) -> None:
    assignment = logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    hours = approve_hours(
        organisation=personas.organisation,
        assignment_id=assignment.pk,
        month=OCTOBER,
        by=personas.coordinator,
        minutes=60,
        note="Meeting ended early",
    )
    assert (hours.minutes, hours.corrected, hours.note) == (60, True, "Meeting ended early")


@pytest.mark.parametrize("minutes", ["-5", "abc", "99999", "1.5"])
def test_bad_minutes_are_refused(personas: Personas, rate: Rate, minutes: str) -> None:
    assignment = logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    with pytest.raises(DomainError):
        approve_hours(
            organisation=personas.organisation,
            assignment_id=assignment.pk,
            month=OCTOBER,
            by=personas.coordinator,
            minutes=minutes,
            note="x",
        )
    assert not ApprovedHours.objects.exists()


def test_a_social_worker_may_not_approve(personas: Personas, rate: Rate) -> None:
    assignment = logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    with pytest.raises(DomainError):
        approve_hours(
            organisation=personas.organisation,
            assignment_id=assignment.pk,
            month=OCTOBER,
            by=personas.social_worker,
        )


def test_another_organisations_entry_is_not_found(personas: Personas, rate: Rate) -> None:
    foreign = logged_assignment(organisation=personas.other_organisation, start=local(WEDNESDAY, 9))
    with pytest.raises(NotFound):
        approve_hours(
            organisation=personas.organisation,
            assignment_id=foreign.pk,
            month=OCTOBER,
            by=personas.coordinator,
        )


def test_approving_without_a_rate_is_refused(personas: Personas) -> None:
    assignment = logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    with pytest.raises(DomainError, match="rate"):
        approve_hours(
            organisation=personas.organisation,
            assignment_id=assignment.pk,
            month=OCTOBER,
            by=personas.coordinator,
        )


def test_a_late_cancellation_is_payable(personas: Personas, rate: Rate) -> None:
    cancelled_booking(organisation=personas.organisation, start=local(WEDNESDAY, 9), hours_before=2)
    [work] = payable_work(organisation_id=personas.organisation.pk, month=OCTOBER)
    assert work.late_cancellation


def test_an_early_cancellation_is_not_payable(personas: Personas, rate: Rate) -> None:
    cancelled_booking(
        organisation=personas.organisation, start=local(WEDNESDAY, 9), hours_before=72
    )
    assert payable_work(organisation_id=personas.organisation.pk, month=OCTOBER) == []


def test_a_late_cancellation_is_paid_the_share_of_its_duration(
    personas: Personas, rate: Rate
) -> None:
    booking = cancelled_booking(
        organisation=personas.organisation, start=local(WEDNESDAY, 9), hours_before=2, minutes=90
    )
    hours = approve_hours(
        organisation=personas.organisation,
        assignment_id=booking.pk,
        month=OCTOBER,
        by=personas.coordinator,
    )
    assert (hours.late_cancellation_amount, hours.total) == (Decimal("45.00"), Decimal("45.00"))


def test_approve_all_approves_what_waits(personas: Personas, rate: Rate) -> None:
    logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 14))
    count = approve_all(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)
    assert (count, ApprovedHours.objects.count()) == (2, 2)


def test_export_refuses_while_entries_wait(personas: Personas, rate: Rate) -> None:
    logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    with pytest.raises(DomainError, match="Approve"):
        export_month(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)


def test_export_writes_statements_and_audits(personas: Personas, rate: Rate) -> None:
    logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    approve_all(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)
    export_month(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)
    statement = Statement.objects.get()
    assert (statement.minutes, statement.total) == (90, Decimal("105.00"))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_an_exported_month_is_locked(personas: Personas, rate: Rate) -> None:
    assignment = logged_assignment(organisation=personas.organisation, start=local(WEDNESDAY, 9))
    approve_all(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)
    export_month(organisation=personas.organisation, month=OCTOBER, by=personas.coordinator)
    with pytest.raises(DomainError, match="exported"):
        approve_hours(
            organisation=personas.organisation,
            assignment_id=assignment.pk,
            month=OCTOBER,
            by=personas.coordinator,
            minutes=30,
            note="late fix",
        )
    assert ApprovedHours.objects.get().minutes == 90


@pytest.mark.parametrize(
    "values",
    [
        {"hourly": Decimal("-1")},
        {"evening_percent": Decimal("250")},
        {"weekend_percent": Decimal("-5")},
        {"hourly": Decimal("50000")},
    ],
)
def test_absurd_rates_are_refused(personas: Personas, values: dict[str, Decimal]) -> None:
    with pytest.raises(DomainError):
        save_rate(
            organisation=personas.organisation,
            kind="interpreter",
            by=personas.coordinator,
            **{"hourly": Decimal("60"), **values},
        )
    assert not Rate.objects.exists()


def test_a_sane_rate_is_saved(personas: Personas) -> None:
    rate = save_rate(
        organisation=personas.organisation,
        kind="key_person",
        by=personas.coordinator,
        hourly=Decimal("20.00"),
        currency="CHF",
    )
    assert (rate.kind, rate.currency) == ("key_person", "CHF")
