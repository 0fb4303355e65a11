"""The programme pages over HTTP: the officer drafts and submits, the canton's planner decides
and pays; strangers get 404, refusals a translated 400 and nothing saved; the canton-wide view
reads in a bounded number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.programmes.models import FundingApplication, Payment
from tests.factories.core import OrganisationFactory, make_social_worker
from tests.factories.planning import make_region_with_municipalities
from tests.factories.programmes import (
    ProgrammeWorld,
    make_agreement,
    make_application,
    make_officer,
)

Status = FundingApplication.Status


def url(name: str, **kwargs: int) -> str:
    return reverse(f"programmes:{name}", kwargs=kwargs or None)


def application_data(**changes: str) -> dict[str, str]:
    data = {
        "kind": "key_person_network",
        "year": "2026",
        "title": "Key-person network Emmen",
        "concept": "Twelve key persons.",
        "submission_deadline": "",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-label": "Coordination",
        "lines-0-amount": "18000.00",
        "lines-1-label": "Training",
        "lines-1-amount": "6500.50",
        "lines-2-label": "",
        "lines-2-amount": "",
    }
    return data | changes


def test_a_municipality_applies_for_a_key_person_network_and_the_canton_approves_it(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    client.force_login(world.officer)
    drafted = client.post(
        url("new_application", agreement_id=world.agreement.pk), application_data()
    )
    application = FundingApplication.objects.get()
    assert drafted.status_code == 302
    assert client.post(url("submit", application_id=application.pk)).status_code == 302

    client.force_login(world.planner)
    decided = client.post(
        url("decide", application_id=application.pk),
        {"decision": "approve", "amount_granted": "20000", "report_due": "", "note": ""},
    )

    assert decided.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.kind == "key_person_network"
    assert application.amount_requested == Decimal("24500.50")
    assert application.amount_granted == Decimal("20000.00")


def test_amounts_are_read_in_the_readers_locale(client: HttpClient, world: ProgrammeWorld) -> None:
    world.officer.language = "de"
    world.officer.save(update_fields=["language"])
    client.force_login(world.officer)

    got = client.post(
        url("new_application", agreement_id=world.agreement.pk),
        application_data(**{"lines-0-amount": "18000,25", "lines-1-amount": "1,5"}),
    )

    assert got.status_code == 302

    application = FundingApplication.objects.get()
    assert application.amount_requested == Decimal("18001.75")


def test_a_grant_above_the_request_is_a_translated_400_and_saves_nothing(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)
    client.force_login(world.planner)

    got = client.post(
        url("decide", application_id=application.pk),
        {"decision": "approve", "amount_granted": "999999", "report_due": "", "note": ""},
    )

    assert got.status_code == 400
    assert "cannot exceed" in got.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_payment_on_a_refused_application_is_a_400(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    application = make_application(world.agreement, status=Status.REFUSED)
    client.force_login(world.planner)

    got = client.post(
        url("pay", application_id=application.pk),
        {"paid_on": timezone.localdate().isoformat(), "amount": "100"},
    )

    assert got.status_code == 400
    assert not Payment.objects.exists()


def test_a_payment_is_recorded_and_shown(client: HttpClient, world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)
    client.force_login(world.planner)

    client.post(
        url("pay", application_id=application.pk),
        {"paid_on": timezone.localdate().isoformat(), "amount": "12000"},
    )
    page = client.get(url("application", application_id=application.pk)).content.decode()

    assert Payment.objects.get().amount == Decimal("12000.00")
    assert "12,000.00 CHF" in page


def test_the_report_is_asked_for_and_received(client: HttpClient, world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)
    client.force_login(world.planner)
    today = timezone.localdate()

    client.post(
        url("report", application_id=application.pk),
        {"report_due": (today + dt.timedelta(days=30)).isoformat()},
    )
    client.post(url("close", application_id=application.pk), {"report_received_on": today})

    application.refresh_from_db()
    assert application.status == Status.CLOSED


def test_a_draft_is_changed_on_its_page(client: HttpClient, world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    client.force_login(world.officer)
    data = application_data(title="Renamed", **{"lines-INITIAL_FORMS": "0"})

    got = client.post(url("edit_application", application_id=application.pk), data)

    assert got.status_code == 302
    application.refresh_from_db()
    assert application.title == "Renamed"


def test_a_submitted_application_has_no_edit_page(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)
    client.force_login(world.officer)

    assert client.get(url("edit_application", application_id=application.pk)).status_code == 404


def test_a_year_outside_the_period_is_a_form_error(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("new_application", agreement_id=world.agreement.pk), application_data(year="2040")
    )

    assert got.status_code == 400
    assert not FundingApplication.objects.exists()


@pytest.mark.parametrize("amount", ["-5", "abc", "1e400", "99999999999999999"])
def test_absurd_amounts_are_a_400_never_a_500(
    client: HttpClient, world: ProgrammeWorld, amount: str
) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("new_application", agreement_id=world.agreement.pk),
        application_data(**{"lines-0-amount": amount}),
    )

    assert got.status_code == 400
    assert not FundingApplication.objects.exists()


# -- who opens what ----------------------------------------------------------------------------


def test_the_officer_sees_their_agreement_and_applications_on_the_start_page(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    make_application(world.agreement)
    other = make_application(world.other_agreement)
    other.title = "Other municipality's plan"
    other.save(update_fields=["title"])
    client.force_login(world.officer)

    page = client.get(url("index")).content.decode()

    assert "Key-person network" in page
    assert "Other municipality" not in page


def test_an_officer_lands_on_the_programmes(client: HttpClient, world: ProgrammeWorld) -> None:
    client.force_login(world.officer)

    assert client.get(reverse("home")).url == url("index")  # type: ignore[attr-defined]


def test_another_municipalitys_application_is_404_to_an_officer(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    other = make_application(world.other_agreement)
    client.force_login(world.officer)

    assert client.get(url("application", application_id=other.pk)).status_code == 404
    assert client.post(url("submit", application_id=other.pk)).status_code == 404
    assert client.get(url("agreement", agreement_id=world.other_agreement.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.DRAFT


def test_the_officer_cannot_approve_on_the_page(client: HttpClient, world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)
    client.force_login(world.officer)

    got = client.post(
        url("decide", application_id=application.pk),
        {"decision": "approve", "amount_granted": "100", "report_due": "", "note": ""},
    )

    assert got.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_planner_of_another_canton_gets_404(client: HttpClient, world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.SUBMITTED)
    client.force_login(world.other_planner)

    assert client.get(url("canton", region_id=world.canton.pk)).status_code == 404
    assert client.get(url("application", application_id=application.pk)).status_code == 404


def test_a_social_worker_gets_404_everywhere(client: HttpClient, world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    client.force_login(make_social_worker(OrganisationFactory()))

    for path in (
        url("index"),
        url("canton", region_id=world.canton.pk),
        url("agreement", agreement_id=world.agreement.pk),
        url("application", application_id=application.pk),
    ):
        assert client.get(path).status_code == 404, path


def test_unknown_ids_are_404(client: HttpClient, world: ProgrammeWorld) -> None:
    client.force_login(world.planner)

    assert client.get(url("canton", region_id=999999)).status_code == 404
    assert client.get(url("application", application_id=999999)).status_code == 404
    assert client.get(url("agreement", agreement_id=999999)).status_code == 404


# -- the canton-wide view ----------------------------------------------------------------------


def test_the_canton_view_shows_each_municipalitys_money(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    make_application(world.agreement, status=Status.APPROVED, granted="20000")
    make_application(world.other_agreement, status=Status.SUBMITTED)
    client.force_login(world.planner)

    page = client.get(url("canton", region_id=world.canton.pk)).content.decode()

    assert world.municipalities[0].name in page
    assert world.municipalities[1].name in page
    assert "20,000.00 CHF" in page
    assert "60,000.00 CHF" in page  # funds of a year
    assert "49,001.00 CHF" in page  # requested in total


def test_the_canton_view_reads_in_german_and_arabic(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    make_application(world.agreement, status=Status.APPROVED, granted="20000")
    client.force_login(world.planner)

    pages = {}
    for language in ("de", "ar"):
        world.planner.language = language
        world.planner.save(update_fields=["language"])
        pages[language] = client.get(url("canton", region_id=world.canton.pk))

    assert pages["de"].status_code == pages["ar"].status_code == 200
    assert (
        "20’000.00 CHF" in pages["de"].content.decode()
        or "20.000,00 CHF" in pages["de"].content.decode()
    )
    assert 'dir="rtl"' in pages["ar"].content.decode()


def test_the_canton_view_reads_in_a_bounded_number_of_queries(
    client: HttpClient, world: ProgrammeWorld, django_assert_max_num_queries: object
) -> None:
    _constituency, more = make_region_with_municipalities(
        "Sursee",
        places=tuple((f"Place {n}", 47.1, 8.1 + n / 100) for n in range(8)),
        country="CH",
        kind="constituency",
        parent=world.canton,
    )
    for municipality in more:
        agreement = make_agreement(world.canton, municipality)
        make_application(agreement, status=Status.APPROVED)
        make_application(agreement, status=Status.SUBMITTED)
    client.force_login(world.planner)

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        got = client.get(url("canton", region_id=world.canton.pk))

    assert got.status_code == 200
    assert more[-1].name in got.content.decode()


def test_the_planning_region_page_links_to_the_programmes(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    client.force_login(world.planner)

    page = client.get(reverse("planning:region", kwargs={"region_id": world.canton.pk}))

    assert url("canton", region_id=world.canton.pk) in page.content.decode()


def test_an_officer_of_two_municipalities_applies_for_each(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    both = make_officer(*world.municipalities)
    client.force_login(both)

    for agreement in (world.agreement, world.other_agreement):
        assert (
            client.post(
                url("new_application", agreement_id=agreement.pk), application_data()
            ).status_code
            == 302
        )

    assert FundingApplication.objects.count() == 2


def agreement_data(world: ProgrammeWorld, **changes: str) -> dict[str, str]:
    data = {
        "municipality": str(world.municipalities[0].pk),
        "first_year": "2030",
        "last_year": "2032",
        "currency": "CHF",
        "funds": "50000",
        "contact_point": "Integration office",
        "conditions": "",
    }
    return data | changes


def test_the_cantons_planner_makes_an_agreement_with_funds_each_year(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    from lisko.programmes.models import ProgrammeAgreement

    client.force_login(world.planner)

    got = client.post(url("canton", region_id=world.canton.pk), agreement_data(world))

    assert got.status_code == 302
    made = ProgrammeAgreement.objects.get(first_year=2030)
    assert [(f.year, f.amount) for f in made.funds.all()] == [
        (2030, Decimal("50000.00")),
        (2031, Decimal("50000.00")),
        (2032, Decimal("50000.00")),
    ]


def test_an_agreement_with_a_municipality_outside_the_canton_cannot_be_chosen(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    from lisko.programmes.models import ProgrammeAgreement

    client.force_login(world.planner)

    got = client.post(
        url("canton", region_id=world.canton.pk),
        agreement_data(world, municipality=str(world.elsewhere.pk)),
    )

    assert got.status_code == 400
    assert not ProgrammeAgreement.objects.filter(municipality=world.elsewhere).exists()


def test_an_overlapping_agreement_is_a_translated_400(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    client.force_login(world.planner)

    got = client.post(
        url("canton", region_id=world.canton.pk),
        agreement_data(world, first_year="2026", last_year="2027"),
    )

    assert got.status_code == 400
    assert "already has an agreement" in got.content.decode()


def test_an_officer_makes_no_agreement(client: HttpClient, world: ProgrammeWorld) -> None:
    client.force_login(world.officer)

    got = client.post(url("canton", region_id=world.canton.pk), agreement_data(world))

    assert got.status_code == 404


def test_the_planner_sets_a_years_funds_and_a_year_outside_is_refused(
    client: HttpClient, world: ProgrammeWorld
) -> None:
    client.force_login(world.planner)
    page = url("agreement", agreement_id=world.agreement.pk)

    set_in = client.post(page, {"year": "2027", "amount": "75000"})
    outside = client.post(page, {"year": "2040", "amount": "75000"})

    assert set_in.status_code == 302
    assert outside.status_code == 400
    assert world.agreement.funds.get(year=2027).amount == Decimal("75000.00")
    assert not world.agreement.funds.filter(year=2040).exists()


def test_the_officer_does_not_set_funds(client: HttpClient, world: ProgrammeWorld) -> None:
    client.force_login(world.officer)

    got = client.post(
        url("agreement", agreement_id=world.agreement.pk), {"year": "2027", "amount": "1"}
    )

    assert got.status_code == 404
    assert world.agreement.funds.get(year=2027).amount == Decimal("60000.00")
