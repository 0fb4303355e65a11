"""The demo's key-person network: Emmen's, paid by its approved application, five key persons
of the pool, a training, outreach over the months; the planner reads it without a name."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password

from lisko.accounts.models import User
from lisko.demo.clock import Clock
from lisko.demo.networks import key_person_network
from lisko.demo.people import People
from lisko.demo.programmes import municipal_programmes
from lisko.networks import selectors
from lisko.networks.models import KeyPersonNetwork
from lisko.organisations.models import Role
from lisko.places.loading import load_places
from tests.factories.core import LanguageFactory, OrganisationFactory, make_member
from tests.factories.networks import key_person

TODAY = dt.date(2025, 3, 12)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> KeyPersonNetwork:
    load_places(countries=("CH",))
    for code in ("arb", "tir", "ukr"):
        LanguageFactory(code=code)
    clock = Clock.of(TODAY, dt.datetime.combine(TODAY, dt.time(12), ZoneInfo(settings.TIME_ZONE)))
    applications = municipal_programmes(make_password("lisko-demo"), clock)
    organisation = OrganisationFactory(name="Croix-Rouge")
    carla = make_member(organisation=organisation, role=Role.COORDINATOR, username="carla")
    for n, code in enumerate(["arb", "tir", "ukr", "arb", "tir", "arb"]):
        key_person(organisation, code, last_name=f"Keyperson{n}")
    people = People(
        organisation=organisation,
        other=OrganisationFactory(),
        fields={},
        users={"carla": carla},
        social_workers=[],
    )
    return key_person_network(people, applications, clock)


def test_emmens_network_is_paid_by_its_approved_application(network: KeyPersonNetwork) -> None:
    assert network.municipality.name == "Emmen"
    assert network.funding_application is not None
    assert network.funding_application.is_granted


def test_ines_reads_five_members_a_training_and_outreach_in_several_months(
    network: KeyPersonNetwork,
) -> None:
    ines = User.objects.get(username="ines")

    page = selectors.network_page(user=ines, network_id=network.pk, today=TODAY)

    assert len(page.members) == 5
    assert len(page.trainings) == 1
    assert sum(1 for month in page.months if month.total_entries) >= 6


def test_lena_reads_the_counts_and_no_member(network: KeyPersonNetwork) -> None:
    lena = User.objects.get(username="lena")

    page = selectors.network_page(user=lena, network_id=network.pk, today=TODAY)

    assert not page.keeper
    assert page.members == []
    assert page.summary.members == 5
