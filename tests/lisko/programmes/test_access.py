"""Who sees which programme: an integration officer their municipalities' agreements and
applications, the canton's planners all of the canton's; nobody a person through these roles;
a role that ends ends access at once."""

import pytest

from lisko.access import access_of, forget_access, roles
from lisko.access.rules import client_rule
from lisko.accounts.models import User
from lisko.clients.models import Client
from lisko.core.errors import NotFound
from lisko.organisations.models import Membership, Role
from lisko.programmes import selectors, services
from lisko.programmes.models import FundingApplication
from tests.factories.core import ClientFactory, OrganisationFactory, make_social_worker
from tests.factories.programmes import ProgrammeWorld, make_application, make_officer

Status = FundingApplication.Status


def ids(queryset: object) -> set[int]:
    return set(queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]


def test_the_officers_municipalities_are_read_in_the_one_query(
    world: ProgrammeWorld, django_assert_num_queries: object
) -> None:
    user = User.objects.get(pk=world.officer.pk)

    with django_assert_num_queries(1):  # type: ignore[operator]
        access = access_of(user)

    assert access.officer_municipalities == {world.municipalities[0].pk}
    assert access.holds(roles.MUNICIPAL_PROGRAMMES)


def test_a_planner_and_officer_keeps_both_in_the_one_query(
    world: ProgrammeWorld, django_assert_num_queries: object
) -> None:
    office = Membership.objects.get(user=world.planner).organisation
    membership = Membership.objects.create(
        user=world.planner, organisation=office, role=Role.INTEGRATION_OFFICER
    )
    membership.officer_municipalities.create(municipality=world.municipalities[1])
    user = User.objects.get(pk=world.planner.pk)

    with django_assert_num_queries(1):  # type: ignore[operator]
        access = access_of(user)

    assert access.officer_municipalities == {world.municipalities[1].pk}
    assert access.planning_regions == {world.canton.pk}


def test_an_officer_sees_their_municipalitys_applications_only(world: ProgrammeWorld) -> None:
    own = make_application(world.agreement, status=Status.SUBMITTED)
    make_application(world.other_agreement, status=Status.SUBMITTED)

    assert ids(selectors.applications_for(user=world.officer)) == {own.pk}
    assert ids(selectors.agreements_for(user=world.officer)) == {world.agreement.pk}


def test_the_cantons_planner_sees_every_municipalitys_applications(world: ProgrammeWorld) -> None:
    made = {
        make_application(world.agreement).pk,
        make_application(world.other_agreement, status=Status.SUBMITTED).pk,
    }

    assert ids(selectors.applications_for(user=world.planner)) == made
    assert ids(selectors.applications_for(user=world.country_planner)) == made
    assert not ids(selectors.applications_for(user=world.other_planner))


def test_a_social_worker_sees_no_programme(world: ProgrammeWorld) -> None:
    make_application(world.agreement)
    social_worker = make_social_worker(OrganisationFactory())

    assert not ids(selectors.applications_for(user=social_worker))
    assert not ids(selectors.agreements_for(user=social_worker))


def test_an_officer_who_is_also_a_social_worker_sees_no_other_municipality_and_no_client(
    world: ProgrammeWorld,
) -> None:
    other = make_application(world.other_agreement, status=Status.SUBMITTED)
    office = Membership.objects.get(user=world.officer).organisation
    Membership.objects.create(user=world.officer, organisation=office, role=Role.SOCIAL_WORKER)
    centre = OrganisationFactory()
    colleague = make_social_worker(centre)
    ClientFactory(
        organisation=centre, social_worker=colleague, municipality=world.municipalities[0]
    )
    ClientFactory(
        organisation=office, social_worker=colleague, municipality=world.municipalities[0]
    )
    forget_access(world.officer)

    assert other.pk not in ids(selectors.applications_for(user=world.officer))
    with pytest.raises(NotFound):
        selectors.application_for(user=world.officer, application_id=other.pk)
    assert not Client.objects.filter(client_rule(access_of(world.officer))).exists()


def test_an_officers_role_that_ends_ends_access_at_once(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    Membership.objects.filter(user=world.officer, role=Role.INTEGRATION_OFFICER).delete()
    user = User.objects.get(pk=world.officer.pk)  # the next request's user

    assert not ids(selectors.applications_for(user=user))
    with pytest.raises(NotFound):
        services.submit_application(application=application, by=user)


def test_an_officer_of_several_municipalities_sees_each(world: ProgrammeWorld) -> None:
    both = make_officer(*world.municipalities)

    assert ids(selectors.agreements_for(user=both)) == {
        world.agreement.pk,
        world.other_agreement.pk,
    }


def test_an_officer_holds_no_casework_and_meets_persons_as_nowhere(world: ProgrammeWorld) -> None:
    access = access_of(world.officer)

    assert not access.holds(roles.STAFF)
    assert access.plans_only


def test_an_organisations_admin_gives_an_officer_a_municipality(world: ProgrammeWorld) -> None:
    from tests.factories.core import make_member

    office = Membership.objects.get(user=world.officer).organisation
    admin = make_member(organisation=office, role=Role.ADMIN)
    membership = Membership.objects.get(user=world.officer, role=Role.INTEGRATION_OFFICER)

    services.assign_officer_municipality(
        membership=membership, municipality=world.municipalities[1], by=admin
    )

    assert access_of(world.officer).officer_municipalities == {
        world.municipalities[0].pk,
        world.municipalities[1].pk,
    }


def test_only_an_admin_gives_an_officer_a_municipality(world: ProgrammeWorld) -> None:
    from lisko.core.errors import DomainError

    membership = Membership.objects.get(user=world.officer, role=Role.INTEGRATION_OFFICER)

    with pytest.raises(DomainError):
        services.assign_officer_municipality(
            membership=membership, municipality=world.municipalities[1], by=world.officer
        )
    with pytest.raises(DomainError) as caught:
        services.assign_officer_municipality(
            membership=Membership.objects.get(user=world.planner),
            municipality=world.municipalities[1],
            by=None,
        )
    assert caught.value.code == "not_an_officer"
