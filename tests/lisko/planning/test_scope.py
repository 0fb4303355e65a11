"""Whose data a planner's figures count: the regions assigned, the agreements in force, and a
coordinator's own organisation; anything else is not found."""

import datetime as dt

import pytest

from lisko.access import forget_access
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Membership, Role
from lisko.planning.models import PlannerRegion, SharingAgreement
from lisko.planning.scope import Period, parse_period, scope_for
from tests.factories.core import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    make_coordinator,
    make_member,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)
YEAR = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))


@pytest.fixture
def places():
    """Country → two districts; district A holds an Amt with one municipality and one
    municipality of its own."""
    country = RegionFactory(name="Testland", country="TL")
    district_a = RegionFactory(name="District A", kind="district", parent=country, country="TL")
    district_b = RegionFactory(name="District B", kind="district", parent=country, country="TL")
    amt = RegionFactory(name="Amt A1", kind="amt", parent=district_a, country="TL")
    return {
        "country": country,
        "a": district_a,
        "b": district_b,
        "amt": amt,
        "in_amt": MunicipalityFactory(name="Amtsdorf", region=amt, country="TL"),
        "in_a": MunicipalityFactory(name="Kreisstadt", region=district_a, country="TL"),
        "in_b": MunicipalityFactory(name="Fernstadt", region=district_b, country="TL"),
    }


def planner_of(region, **fields):
    planning_office = OrganisationFactory()
    user = make_member(organisation=planning_office, role=Role.PLANNER, **fields)
    PlannerRegion.objects.create(
        membership=Membership.objects.get(user=user, role=Role.PLANNER), region=region
    )
    return user


def agreement(organisation, region, **fields):
    values = {
        "signed_on": dt.date(2026, 1, 10),
        "signed_by": "Dr. Maria Muster, director",
        "valid_from": dt.date(2026, 1, 10),
        "recorded_by": UserFactory(),
    }
    values.update(fields)
    return SharingAgreement.objects.create(organisation=organisation, region=region, **values)


def test_a_planner_counts_the_organisations_that_agreed_for_their_region(places) -> None:
    sharing, silent = OrganisationFactory(), OrganisationFactory()
    agreement(sharing, places["a"])
    planner = planner_of(places["a"])

    scope = scope_for(planner, places["a"].pk, YEAR, today=TODAY)

    assert scope.organisation_ids == {sharing.pk}
    assert silent.pk not in scope.organisation_ids
    assert scope.municipality_ids == {places["in_amt"].pk, places["in_a"].pk}


def test_a_planner_opens_the_regions_inside_their_own(places) -> None:
    sharing = OrganisationFactory()
    agreement(sharing, places["a"])
    planner = planner_of(places["a"])

    scope = scope_for(planner, places["amt"].pk, YEAR, today=TODAY)

    assert scope.municipality_ids == {places["in_amt"].pk}
    assert [region.pk for region in scope.trail] == [places["a"].pk, places["amt"].pk]


@pytest.mark.parametrize("other", ["b", "country"])
def test_a_planner_does_not_find_a_region_outside_their_own(places, other) -> None:
    planner = planner_of(places["a"])

    with pytest.raises(NotFound):
        scope_for(planner, places[other].pk, YEAR, today=TODAY)


def test_an_unknown_region_is_not_found(places) -> None:
    planner = planner_of(places["a"])

    with pytest.raises(NotFound):
        scope_for(planner, 10**9, YEAR, today=TODAY)


def test_an_agreement_for_part_of_the_region_counts_that_part_only(places) -> None:
    sharing = OrganisationFactory()
    agreement(sharing, places["amt"])
    planner = planner_of(places["a"])

    scope = scope_for(planner, places["a"].pk, YEAR, today=TODAY)

    assert [(s.organisation_id, s.municipality_ids) for s in scope.shares] == [
        (sharing.pk, frozenset({places["in_amt"].pk}))
    ]


@pytest.mark.parametrize(
    "ended",
    [
        {"withdrawn_at": dt.datetime(2026, 6, 1, tzinfo=dt.UTC)},
        {"valid_until": dt.date(2026, 11, 30)},
        {"valid_from": dt.date(2027, 1, 1)},
    ],
    ids=["withdrawn", "expired", "not yet valid"],
)
def test_an_agreement_not_in_force_counts_nothing(places, ended) -> None:
    sharing = OrganisationFactory()
    agreement(sharing, places["a"], **ended)
    planner = planner_of(places["a"])

    assert scope_for(planner, places["a"].pk, YEAR, today=TODAY).shares == ()


def test_a_coordinator_counts_their_own_organisation_in_any_region(places) -> None:
    own, other = OrganisationFactory(), OrganisationFactory()
    agreement(other, places["b"])
    coordinator = make_coordinator(own)

    scope = scope_for(coordinator, places["b"].pk, YEAR, today=TODAY)

    assert scope.organisation_ids == {own.pk}
    assert not scope.as_planner


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.INTERPRETER, Role.PARTNER, Role.ADMIN])
def test_other_roles_find_no_region(places, role) -> None:
    person = make_member(organisation=OrganisationFactory(), role=role)

    with pytest.raises(NotFound):
        scope_for(person, places["a"].pk, YEAR, today=TODAY)


def test_a_planner_role_that_ends_ends_access_at_once(places) -> None:
    planner = planner_of(places["a"])
    scope_for(planner, places["a"].pk, YEAR, today=TODAY)

    Membership.objects.filter(user=planner, role=Role.PLANNER).delete()
    forget_access(planner)  # a new request reads the memberships afresh

    with pytest.raises(NotFound):
        scope_for(planner, places["a"].pk, YEAR, today=TODAY)


def test_the_previous_period_has_the_same_length_just_before() -> None:
    assert YEAR.previous() == Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("2026-13-01", None, "invalid_date"),
        ("yesterday", None, "invalid_date"),
        ("1999-12-31", "2000-06-01", "period_out_of_range"),
        ("2026-06-01", "9999-01-01", "period_out_of_range"),
        ("2026-06-01", "2026-05-01", "period_reversed"),
        ("2005-01-01", "2026-01-01", "period_too_long"),
    ],
)
def test_an_absurd_period_is_refused(start, end, code) -> None:
    with pytest.raises(DomainError) as refused:
        parse_period(start, end, today=TODAY)

    assert refused.value.code == code


def test_without_dates_the_period_is_the_twelve_months_up_to_today() -> None:
    assert parse_period(None, None, today=TODAY) == Period(start=dt.date(2025, 12, 3), end=TODAY)
