"""The programme services: the municipality's officer writes and submits, the canton's planners
decide and pay; every bad input is refused with a translated message and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lisko.core.errors import DomainError, NotFound
from lisko.notifications.models import PendingNotice
from lisko.programmes import services
from lisko.programmes.models import (
    AgreementFunds,
    FundingApplication,
    Payment,
    ProgrammeAgreement,
)
from tests.factories.programmes import LINES, YEAR, ProgrammeWorld, make_application

Status = FundingApplication.Status
Kind = FundingApplication.Kind
TODAY = timezone.localdate()


def draft(world: ProgrammeWorld, **changes: object) -> FundingApplication:
    arguments: dict[str, object] = {
        "agreement": world.agreement,
        "kind": Kind.KEY_PERSON_NETWORK,
        "year": YEAR,
        "title": "Key-person network",
        "concept": "Twelve key persons in six languages.",
        "lines": LINES,
        "by": world.officer,
    }
    return services.draft_application(**(arguments | changes))  # type: ignore[arg-type]


def refused(code: str, call: object, *args: object, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    assert caught.value.code == code, caught.value.code
    return caught.value


# -- the whole way -----------------------------------------------------------------------------


def test_a_municipality_applies_for_a_key_person_network_and_the_canton_approves_it(
    world: ProgrammeWorld,
) -> None:
    application = draft(world)
    services.submit_application(application=application, by=world.officer)
    services.approve_application(application=application, amount_granted="20000", by=world.planner)

    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.kind == Kind.KEY_PERSON_NETWORK
    assert application.amount_requested == Decimal("24500.50")
    assert application.amount_granted == Decimal("20000.00")
    assert application.currency == "CHF"
    assert application.decided_by == world.planner


def test_the_amount_requested_is_the_sum_of_the_budget_lines(world: ProgrammeWorld) -> None:
    application = draft(world, lines=[("Room", "0.10"), ("Tea", "0.20")])

    assert application.amount_requested == Decimal("0.30")
    assert [line.label for line in application.budget_lines.all()] == ["Room", "Tea"]


def test_editing_a_draft_replaces_its_budget_lines(world: ProgrammeWorld) -> None:
    application = draft(world)

    services.edit_application(
        application=application,
        kind=Kind.WELCOME_CONVERSATIONS,
        year=YEAR + 1,
        title="Welcome conversations",
        lines=[("Interpreters", "3000")],
        by=world.officer,
    )

    application.refresh_from_db()
    assert application.kind == Kind.WELCOME_CONVERSATIONS
    assert application.amount_requested == Decimal("3000.00")
    assert application.budget_lines.count() == 1


def test_submitting_tells_the_cantons_planners_through_the_outbox(world: ProgrammeWorld) -> None:
    application = draft(world)

    services.submit_application(application=application, by=world.officer)

    pending = PendingNotice.objects.get(telling="application_submitted")
    assert pending.arguments == {"application_id": application.pk}


def test_payments_add_up_to_the_grant(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED, granted="20000")

    services.record_payment(
        application=application, paid_on=TODAY, amount="12000", by=world.planner
    )
    services.record_payment(application=application, paid_on=TODAY, amount="8000", by=world.planner)

    assert sum(p.amount for p in Payment.objects.filter(application=application)) == Decimal(
        "20000.00"
    )


def test_a_report_asked_for_and_received_closes_the_application(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)

    services.ask_for_report(
        application=application, report_due=TODAY + dt.timedelta(days=30), by=world.planner
    )
    services.close_application(application=application, report_received_on=TODAY, by=world.planner)

    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.report_received_on == TODAY


def test_a_planner_of_the_country_around_the_canton_decides_too(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    services.refuse_application(
        application=application, note="No funds left.", by=world.country_planner
    )

    application.refresh_from_db()
    assert application.status == Status.REFUSED


# -- who may -----------------------------------------------------------------------------------


def test_only_the_municipalitys_officer_drafts(world: ProgrammeWorld) -> None:
    with pytest.raises(NotFound):
        draft(world, by=world.other_officer)
    refused("permission_denied", draft, world, by=world.planner)
    assert not FundingApplication.objects.exists()


def test_a_planner_does_not_submit_for_the_municipality(world: ProgrammeWorld) -> None:
    application = draft(world)

    refused(
        "permission_denied", services.submit_application, application=application, by=world.planner
    )

    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_officer_does_not_approve_their_own_application(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    refused(
        "permission_denied",
        services.approve_application,
        application=application,
        amount_granted="100",
        by=world.officer,
    )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_planner_of_another_canton_finds_no_application(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    with pytest.raises(NotFound):
        services.approve_application(
            application=application, amount_granted="100", by=world.other_planner
        )


def test_a_planner_of_a_region_inside_the_canton_does_not_decide(world: ProgrammeWorld) -> None:
    from tests.factories.planning import make_planner

    application = make_application(world.agreement, status=Status.SUBMITTED)

    with pytest.raises(NotFound):
        services.approve_application(
            application=application, amount_granted="100", by=make_planner(world.constituency)
        )


def test_a_planner_of_another_canton_makes_no_agreement_here(world: ProgrammeWorld) -> None:
    with pytest.raises(NotFound):
        services.make_agreement(
            region=world.canton,
            municipality=world.municipalities[0],
            first_year=2030,
            last_year=2032,
            currency="CHF",
            by=world.other_planner,
        )


# -- the status moves along its table only -----------------------------------------------------


def test_a_submitted_application_is_not_edited(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    refused(
        "not_a_draft",
        services.edit_application,
        application=application,
        kind=Kind.OTHER,
        year=YEAR,
        title="Changed",
        lines=[("More", "999999")],
        by=world.officer,
    )

    application.refresh_from_db()
    assert application.title == "Key-person network"
    assert application.amount_requested == Decimal("24500.50")


def test_a_draft_is_not_approved(world: ProgrammeWorld) -> None:
    application = draft(world)

    refused(
        "wrong_status",
        services.approve_application,
        application=application,
        amount_granted="100",
        by=world.planner,
    )


def test_an_application_is_not_submitted_twice(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    refused("wrong_status", services.submit_application, application=application, by=world.officer)


def test_a_refused_application_is_not_approved_afterwards(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.REFUSED)

    refused(
        "wrong_status",
        services.approve_application,
        application=application,
        amount_granted="100",
        by=world.planner,
    )


def test_an_application_without_budget_is_not_submitted(world: ProgrammeWorld) -> None:
    application = draft(world, lines=[])

    refused(
        "nothing_requested", services.submit_application, application=application, by=world.officer
    )

    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not PendingNotice.objects.exists()


def test_an_approved_application_is_not_closed_before_its_report_is_asked_for(
    world: ProgrammeWorld,
) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)

    refused(
        "wrong_status",
        services.close_application,
        application=application,
        report_received_on=TODAY,
        by=world.planner,
    )


# -- money -------------------------------------------------------------------------------------


def test_a_grant_larger_than_the_amount_applied_for_is_refused(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    with translation.override("de"):
        error = refused(
            "grant_exceeds_request",
            services.approve_application,
            application=application,
            amount_granted="24500.51",
            by=world.planner,
        )

    assert "24" in str(error.message)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.amount_granted is None


def test_a_payment_on_a_refused_application_is_refused(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.REFUSED)

    refused(
        "not_approved",
        services.record_payment,
        application=application,
        paid_on=TODAY,
        amount="100",
        by=world.planner,
    )

    assert not Payment.objects.exists()


def test_a_payment_on_a_submitted_application_is_refused(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    refused(
        "not_approved",
        services.record_payment,
        application=application,
        paid_on=TODAY,
        amount="100",
        by=world.planner,
    )


def test_payments_beyond_the_grant_are_refused(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED, granted="20000")
    services.record_payment(
        application=application, paid_on=TODAY, amount="15000", by=world.planner
    )

    refused(
        "payment_exceeds_grant",
        services.record_payment,
        application=application,
        paid_on=TODAY,
        amount="5000.01",
        by=world.planner,
    )

    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-5", "negative_amount"),
        ("0", "negative_amount"),
        ("1000000000.01", "amount_too_large"),
        ("1e12", "amount_too_large"),
        ("twelve", "invalid_amount"),
        ("NaN", "invalid_amount"),
        ("Infinity", "invalid_amount"),
        ("10.005", "invalid_amount"),
    ],
)
def test_absurd_grants_are_refused(world: ProgrammeWorld, amount: str, code: str) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)

    refused(
        code,
        services.approve_application,
        application=application,
        amount_granted=amount,
        by=world.planner,
    )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("amount", "code"),
    [("-1", "negative_amount"), ("1000000001", "amount_too_large"), ("abc", "invalid_amount")],
)
def test_absurd_budget_lines_are_refused(world: ProgrammeWorld, amount: str, code: str) -> None:
    refused(code, draft, world, lines=[("Room", amount)])

    assert not FundingApplication.objects.exists()


def test_a_budget_line_without_a_label_is_refused(world: ProgrammeWorld) -> None:
    refused("label_missing", draft, world, lines=[("", "500")])


def test_a_float_is_taken_as_the_decimal_it_reads_as(world: ProgrammeWorld) -> None:
    application = draft(world, lines=[("Room", 0.1), ("Tea", 0.2)])

    assert application.amount_requested == Decimal("0.30")


# -- dates and years ---------------------------------------------------------------------------


def test_an_application_for_a_year_outside_the_period_is_refused(world: ProgrammeWorld) -> None:
    refused("year_outside_period", draft, world, year=world.agreement.last_year + 1)


@pytest.mark.parametrize(
    "day", [dt.date(1, 1, 1), dt.date(9999, 12, 31), TODAY + dt.timedelta(days=20 * 365)]
)
def test_absurd_submission_deadlines_are_refused(world: ProgrammeWorld, day: dt.date) -> None:
    with pytest.raises(DomainError):
        draft(world, submission_deadline=day)

    assert not FundingApplication.objects.exists()


def test_a_payment_in_the_future_is_refused(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)

    refused(
        "payment_in_future",
        services.record_payment,
        application=application,
        paid_on=TODAY + dt.timedelta(days=3),
        amount="100",
        by=world.planner,
    )


def test_a_report_due_date_far_off_is_refused(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)

    refused(
        "date_out_of_range",
        services.ask_for_report,
        application=application,
        report_due=dt.date(2200, 1, 1),
        by=world.planner,
    )

    application.refresh_from_db()
    assert application.status == Status.APPROVED


# -- agreements --------------------------------------------------------------------------------


def test_an_agreement_with_a_municipality_outside_the_canton_is_refused(
    world: ProgrammeWorld,
) -> None:
    refused(
        "municipality_outside",
        services.make_agreement,
        region=world.canton,
        municipality=world.elsewhere,
        first_year=2026,
        last_year=2028,
        currency="CHF",
        by=world.planner,
    )

    assert not ProgrammeAgreement.objects.filter(municipality=world.elsewhere).exists()


def test_funds_for_a_year_outside_the_period_are_refused(world: ProgrammeWorld) -> None:
    refused(
        "year_outside_period",
        services.make_agreement,
        region=world.canton,
        municipality=world.municipalities[0],
        first_year=2030,
        last_year=2032,
        currency="CHF",
        funds={2030: "1000", 2033: "1000"},
        by=world.planner,
    )

    assert not ProgrammeAgreement.objects.filter(first_year=2030).exists()
    assert not AgreementFunds.objects.filter(year__in=[2030, 2033]).exists()


def test_an_agreement_overlapping_another_is_refused(world: ProgrammeWorld) -> None:
    refused(
        "period_overlaps",
        services.make_agreement,
        region=world.canton,
        municipality=world.municipalities[0],
        first_year=YEAR,
        last_year=YEAR + 4,
        currency="CHF",
        by=world.planner,
    )


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (2032, 2030, "period_reversed"),
        (2030, 2045, "period_too_long"),
        (1850, 1852, "year_out_of_range"),
        ("soon", 2030, "invalid_year"),
    ],
)
def test_absurd_periods_are_refused(
    world: ProgrammeWorld, first: object, last: object, code: str
) -> None:
    refused(
        code,
        services.make_agreement,
        region=world.canton,
        municipality=world.municipalities[0],
        first_year=first,
        last_year=last,
        currency="CHF",
        by=world.planner,
    )


def test_a_constituency_makes_no_agreement(world: ProgrammeWorld) -> None:
    refused(
        "wrong_region",
        services.make_agreement,
        region=world.constituency,
        municipality=world.municipalities[0],
        first_year=2030,
        last_year=2032,
        currency="CHF",
        by=None,
    )


def test_an_unknown_currency_is_refused(world: ProgrammeWorld) -> None:
    refused(
        "invalid_currency",
        services.make_agreement,
        region=world.canton,
        municipality=world.municipalities[0],
        first_year=2030,
        last_year=2032,
        currency="USD",
        by=world.planner,
    )


def test_refusals_are_translated(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.REFUSED)

    with translation.override("en"):
        english = refused(
            "not_approved",
            services.record_payment,
            application=application,
            paid_on=TODAY,
            amount="1",
            by=world.planner,
        )

    assert "approved" in str(english.message)
