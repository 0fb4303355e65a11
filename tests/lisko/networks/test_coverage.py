"""Languages covered against the newcomers': the needs analysis's count of clients living in
the municipality by preferred language, from the organisations sharing with its planners, with
small counts hidden; a variety's speaker covers its macrolanguage, as in the matcher."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.networks import selectors, services
from tests.factories.core import LanguageFactory, OrganisationFactory
from tests.factories.networks import NetworkWorld, key_person
from tests.factories.planning import client_of, make_agreement, withdraw

pytestmark = pytest.mark.django_db


def clients(world: NetworkWorld, code: str, number: int, *, where: int = 0) -> object:
    organisation = OrganisationFactory()
    agreement = make_agreement(organisation, world.programmes.canton)
    language = LanguageFactory(code=code)
    for _n in range(number):
        client_of(
            organisation,
            municipality=world.programmes.municipalities[where],
            preferred_language=language,
        )
    return agreement


def coverage(world: NetworkWorld) -> dict[str, object]:
    page = selectors.network_page(
        user=world.officer, network_id=world.network.pk, today=timezone.localdate()
    )
    return {
        need.code: (need.newcomers.value, need.newcomers.suppressed, need.covered)
        for need in page.coverage.needs
    }


def test_languages_of_newcomers_are_counted_and_set_against_the_members(
    world: NetworkWorld,
) -> None:
    clients(world, "ukr", 6)
    clients(world, "prs", 5)

    assert coverage(world) == {"ukr": (6, False, True), "prs": (5, False, False)}


def test_a_count_under_the_threshold_is_hidden(world: NetworkWorld) -> None:
    clients(world, "ukr", 12)
    clients(world, "prs", 2)

    found = coverage(world)

    assert found["prs"] == (None, True, False)


def test_newcomers_of_another_municipality_are_not_counted(world: NetworkWorld) -> None:
    clients(world, "ukr", 6, where=1)

    assert coverage(world) == {}


def test_a_withdrawn_sharing_agreement_stops_counting_at_once(world: NetworkWorld) -> None:
    agreement = clients(world, "ukr", 6)
    withdraw(agreement)  # type: ignore[arg-type]

    assert coverage(world) == {}


def test_a_speaker_of_a_variety_covers_its_macrolanguage(world: NetworkWorld) -> None:
    arabic = LanguageFactory(code="ara")
    LanguageFactory(code="apc", parent=arabic)
    person = key_person(world.organisation, "apc")
    services.add_member(
        network=world.network, key_person=person, joined_on=timezone.localdate(), by=None
    )
    organisation = OrganisationFactory()
    make_agreement(organisation, world.programmes.canton)
    for _n in range(5):
        client_of(
            organisation,
            municipality=world.programmes.municipalities[0],
            preferred_language=arabic,
        )

    assert coverage(world)["ara"] == (5, False, True)


def test_a_member_who_left_covers_nothing(world: NetworkWorld) -> None:
    services.record_leaving(member=world.members[1], left_on=timezone.localdate(), by=None)
    clients(world, "ukr", 6)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    page = selectors.network_page(user=world.officer, network_id=world.network.pk, today=tomorrow)

    assert [need.covered for need in page.coverage.needs] == [False]
