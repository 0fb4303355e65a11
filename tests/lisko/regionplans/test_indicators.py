"""Live indicators equal a plain count over the rows, and show nothing the planning pages hide."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.planning.scope import default_period, scope_for
from lisko.referrals.models import Referral
from lisko.regionplans import indicators
from tests.factories.core import LanguageFactory
from tests.factories.interpreting import AppointmentFactory
from tests.factories.people import FieldOfActionFactory, OfferFactory, ReferralFactory
from tests.factories.planning import client_of
from tests.lisko.regionplans.conftest import Plans

pytestmark = pytest.mark.django_db


def requests(plans: Plans, *, count: int, unfilled: int, code: str = "tir", where: int = 0) -> None:
    """`count` requests in a language, each of its own client of A, `unfilled` of them unfilled
    and the rest done, in a municipality of the district."""
    language = LanguageFactory(code=code)
    municipality = plans.world.municipalities[where]
    for number in range(count):
        client = client_of(plans.world.a, municipality=municipality, preferred_language=language)
        start = timezone.now() - dt.timedelta(days=10 + number)
        AppointmentFactory(
            client=client,
            municipality=municipality,
            language=language,
            start=start,
            end=start + dt.timedelta(hours=1),
            status="unfilled" if number < unfilled else "done",
        )


def reference_share(plans: Plans, *, code: str, municipality_id: int | None) -> Decimal:
    """Unfilled ÷ requested over the rows, as the needs analysis counts them: in the period,
    neither draft nor cancelled, of an organisation that shares, where the client lives."""
    start = timezone.now() - dt.timedelta(days=365)
    rows = [
        appointment
        for appointment in Appointment.objects.select_related("client", "language")
        if appointment.language.code == code
        and appointment.start >= start
        and appointment.status not in ("draft", "cancelled")
        and appointment.organisation_id in plans.world.shared
        and appointment.client.municipality_id in {m.pk for m in plans.world.municipalities}
        and (municipality_id is None or appointment.client.municipality_id == municipality_id)
    ]
    unfilled = sum(row.status == "unfilled" for row in rows)
    return (Decimal(unfilled) * 100 / Decimal(len(rows))).quantize(Decimal("0.1"))


def read(plans: Plans, key: str, params: dict[str, object]) -> indicators.Reading:
    scope = scope_for(plans.planner, plans.world.region.pk, default_period())
    return indicators.KINDS[key].read(scope, params, {})


def test_the_unfilled_share_equals_a_plain_count_in_a_municipality(plans: Plans) -> None:
    requests(plans, count=12, unfilled=7)
    requests(plans, count=6, unfilled=6, where=1)
    town = plans.world.municipalities[0].pk

    reading = read(plans, "unfilled_share", {"language": "tir", "municipality": town})

    assert not reading.suppressed
    assert reading.value == reference_share(plans, code="tir", municipality_id=town)


def test_the_unfilled_share_equals_a_plain_count_in_the_whole_region(plans: Plans) -> None:
    requests(plans, count=12, unfilled=7)
    requests(plans, count=6, unfilled=6, where=1)

    reading = read(plans, "unfilled_share", {"language": "tir"})

    assert reading.value == reference_share(plans, code="tir", municipality_id=None)


def test_the_unfilled_share_of_few_requests_is_hidden(plans: Plans) -> None:
    requests(plans, count=8, unfilled=3)
    town = plans.world.municipalities[0].pk

    reading = read(plans, "unfilled_share", {"language": "tir", "municipality": town})

    assert reading.suppressed
    assert reading.value is None
    assert reading.text(indicators.PERCENT) == "fewer than 5"


def test_a_language_nobody_asked_for_has_no_share(plans: Plans) -> None:
    requests(plans, count=6, unfilled=6)
    LanguageFactory(code="ukr")

    reading = read(plans, "unfilled_share", {"language": "ukr"})

    assert (reading.value, reading.suppressed) == (None, False)


def offers_with_places(plans: Plans, *, capacity: int, taken: int) -> None:
    field = FieldOfActionFactory(organisation=plans.world.a, key="social-participation")
    offer = OfferFactory(
        association__organisation=plans.world.a,
        municipality=plans.world.municipalities[0],
        field_of_action=field,
        capacity=capacity,
    )
    for _number in range(taken):
        ReferralFactory(
            client=client_of(plans.world.a, municipality=plans.world.municipalities[0]),
            offer=offer,
            status=Referral.Status.ACCEPTED,
        )


def test_free_places_equal_capacity_less_places_taken(plans: Plans) -> None:
    offers_with_places(plans, capacity=20, taken=6)

    reading = read(plans, "free_places", {"field_of_action": "social-participation"})

    assert reading.value == Decimal(14)


def test_free_places_are_hidden_where_the_places_taken_are(plans: Plans) -> None:
    offers_with_places(plans, capacity=20, taken=2)

    reading = read(plans, "free_places", {"field_of_action": "social-participation"})

    assert reading.suppressed


def test_goals_reading_the_same_figure_build_it_once(
    plans: Plans, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    requests(plans, count=12, unfilled=7)
    scope = scope_for(plans.planner, plans.world.region.pk, default_period())
    tables: indicators.Tables = {}
    indicators.KINDS["unfilled_share"].read(scope, {"language": "tir"}, tables)

    with django_assert_max_num_queries(0):
        indicators.KINDS["unfilled_share"].read(scope, {"language": "tir"}, tables)
