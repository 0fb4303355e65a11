"""Sharing agreements and planner regions: recorded by the organisation's admins only, checked
for absurd dates, written to the audit trail."""

import datetime as dt

import pytest

from lisko.access import access_of
from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Membership, Role
from lisko.planning import agreements
from tests.factories.core import OrganisationFactory, RegionFactory, make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def admin(organisation):
    return make_member(organisation=organisation, role=Role.ADMIN)


@pytest.fixture
def region():
    return RegionFactory(name="Kreis", kind="district", parent=RegionFactory(), country="LU")


def next_request(user):
    """The user as the next request loads them."""
    return type(user).objects.get(pk=user.pk)


def record(organisation, region, by, **fields):
    values = {
        "signed_on": dt.date(2026, 11, 1),
        "signed_by": "  Dr. Maria   Muster, director ",
        "valid_from": dt.date(2026, 11, 1),
        "today": TODAY,
    }
    values.update(fields)
    return agreements.record_agreement(organisation=organisation, region=region, by=by, **values)


def test_an_admin_records_an_agreement_with_who_signed_it(organisation, admin, region) -> None:
    agreement = record(organisation, region, admin)

    assert agreement.signed_by == "Dr. Maria Muster, director"
    assert agreement.recorded_by == admin
    assert AuditEvent.objects.filter(
        object_type="planning.sharingagreement", object_id=str(agreement.pk), action="create"
    ).exists()


def test_a_social_worker_may_not_record_an_agreement(organisation, region) -> None:
    social_worker = make_member(organisation=organisation, role=Role.SOCIAL_WORKER)

    with pytest.raises(DomainError) as refused:
        record(organisation, region, social_worker)

    assert refused.value.code == "permission_denied"


def test_an_admin_of_another_organisation_finds_nothing(organisation, region) -> None:
    stranger = make_member(organisation=OrganisationFactory(), role=Role.ADMIN)

    with pytest.raises(NotFound):
        record(organisation, region, stranger)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"signed_on": dt.date(2027, 1, 1)}, "signed_later"),
        ({"signed_on": dt.date(2015, 1, 1)}, "signed_too_long_ago"),
        ({"signed_on": dt.date(1, 1, 1)}, "out_of_range"),
        ({"valid_until": dt.date(2026, 10, 1)}, "period_reversed"),
        ({"signed_by": "   "}, "signatory_missing"),
        ({"signed_by": "x" * 201}, "too_long"),
    ],
)
def test_an_absurd_agreement_is_refused_and_nothing_is_stored(
    organisation, admin, region, fields, code
) -> None:
    with pytest.raises(DomainError) as refused:
        record(organisation, region, admin, **fields)

    assert refused.value.code == code
    assert not organisation.sharing_agreements.exists()


def test_withdrawing_ends_the_agreement_now(organisation, admin, region) -> None:
    agreement = record(organisation, region, admin)

    withdrawn = agreements.withdraw_agreement(agreement=agreement, by=admin)

    assert withdrawn.withdrawn_at is not None
    assert withdrawn.state(TODAY) == "withdrawn"


def test_a_planner_gets_a_region_and_sees_it_at_once(organisation, admin, region) -> None:
    planner = make_member(organisation=organisation, role=Role.PLANNER)
    access_of(planner)  # read before the change, as a request would
    membership = Membership.objects.get(user=planner)

    agreements.assign_planner_region(membership=membership, region=region, by=admin)

    assert access_of(next_request(planner)).planning_regions == {region.pk}


def test_only_a_planner_gets_a_region(organisation, admin, region) -> None:
    social_worker = make_member(organisation=organisation, role=Role.SOCIAL_WORKER)

    with pytest.raises(DomainError) as refused:
        agreements.assign_planner_region(
            membership=Membership.objects.get(user=social_worker), region=region, by=admin
        )

    assert refused.value.code == "not_a_planner"


def test_a_region_taken_away_ends_access_at_once(organisation, admin, region) -> None:
    planner = make_member(organisation=organisation, role=Role.PLANNER)
    planner_region = agreements.assign_planner_region(
        membership=Membership.objects.get(user=planner), region=region, by=admin
    )
    access_of(planner)

    agreements.remove_planner_region(planner_region=planner_region, by=admin)

    assert access_of(next_request(planner)).planning_regions == frozenset()
