"""Who reads and who keeps a key-person network (lisko.access.rules.key_person_network_rule
and kept_key_person_network_rule), for every persona, some holding several roles in several
organisations."""

import pytest
from django.utils import timezone

from lisko.access import access_of
from lisko.access.rules import kept_key_person_network_rule, key_person_network_rule
from lisko.accounts.models import User
from lisko.networks import selectors, services
from lisko.networks.models import KeyPersonNetwork
from lisko.organisations.models import Membership, Role
from lisko.planning.models import PlannerRegion
from tests.factories.core import OrganisationFactory, make_member
from tests.factories.networks import NetworkWorld
from tests.factories.programmes import make_officer


@pytest.fixture
def kriens(world: NetworkWorld) -> KeyPersonNetwork:
    """A network in the second municipality, run by another organisation."""
    other = OrganisationFactory(name="HEKS Zentralschweiz")
    return services.start_network(
        municipality=world.programmes.municipalities[1],
        organisation=other,
        name="Netzwerk Kriens",
        started_on=timezone.localdate(),
        coordinating_office="Sozialdienste",
        by=None,
    )


def seen(user: User) -> set[str]:
    return {network.name for network in selectors.networks_for(user=user)}


def kept(user: User) -> set[str]:
    return {network.name for network in selectors.kept_networks_for(user=user)}


EMMEN = "Schlüsselpersonen Emmen"
KRIENS = "Netzwerk Kriens"


def test_the_officer_of_emmen_keeps_emmens_network_only(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    assert seen(world.officer) == kept(world.officer) == {EMMEN}


def test_the_officer_of_the_other_municipality_keeps_its_network_only(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    assert seen(world.other_officer) == kept(world.other_officer) == {KRIENS}


def test_the_canton_planner_reads_both_networks_and_keeps_none(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    assert seen(world.planner) == {EMMEN, KRIENS}
    assert kept(world.planner) == set()


def test_a_planner_of_the_country_around_reads_them_too(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    assert seen(world.programmes.country_planner) == {EMMEN, KRIENS}


def test_a_planner_of_another_canton_reads_nothing(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    assert seen(world.programmes.other_planner) == set()


def test_the_pools_coordinator_and_admin_keep_the_network_their_organisation_runs(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    admin = make_member(organisation=world.organisation, role=Role.ADMIN)

    assert seen(world.coordinator) == kept(world.coordinator) == {EMMEN}
    assert kept(admin) == {EMMEN}


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.KEY_PERSON, Role.INTERPRETER])
def test_others_of_the_organisation_find_no_network(
    world: NetworkWorld, kriens: KeyPersonNetwork, role: str
) -> None:
    assert seen(make_member(organisation=world.organisation, role=role)) == set()


def test_a_coordinator_of_another_organisation_finds_no_network(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    assert seen(world.other_coordinator) == set()


def test_an_officer_of_kriens_who_coordinates_the_pool_keeps_both(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    both = make_officer(world.programmes.municipalities[1])
    Membership.objects.create(user=both, organisation=world.organisation, role=Role.COORDINATOR)

    assert kept(both) == {EMMEN, KRIENS}
    assert selectors.adds_members(user=both, network=world.network)
    assert not selectors.adds_members(user=both, network=kriens)


def test_a_planner_of_the_canton_who_is_a_social_worker_of_the_pool_only_reads(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    user = make_member(organisation=world.organisation, role=Role.SOCIAL_WORKER)
    planner = Membership.objects.create(
        user=user, organisation=OrganisationFactory(), role=Role.PLANNER
    )
    PlannerRegion.objects.create(membership=planner, region=world.programmes.canton)

    assert seen(user) == {EMMEN, KRIENS}
    assert kept(user) == set()


def test_an_officer_of_another_canton_who_coordinates_elsewhere_finds_nothing(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    user = make_officer(world.programmes.elsewhere)
    Membership.objects.create(user=user, organisation=OrganisationFactory(), role=Role.COORDINATOR)

    assert seen(user) == set()


def test_keeping_is_a_part_of_reading_for_everyone(
    world: NetworkWorld, kriens: KeyPersonNetwork
) -> None:
    everyone = User.objects.all()
    for user in everyone:
        access = access_of(user)
        reads = set(KeyPersonNetwork.objects.filter(key_person_network_rule(access)))
        keeps = set(KeyPersonNetwork.objects.filter(kept_key_person_network_rule(access)))
        assert keeps <= reads, user
        for network in reads:
            assert selectors.keeps(user=user, network=network) == (network in keeps), user
