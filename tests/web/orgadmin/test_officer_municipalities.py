"""The organisation admin gives an integration officer the municipalities whose programmes they
keep, and takes them away, on the members page; nobody else may."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.access import access_of
from lisko.organisations.models import Membership, Role
from lisko.programmes.models import OfficerMunicipality
from tests.conftest import Personas
from tests.factories.core import MunicipalityFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(personas: Personas) -> Membership:
    user = make_member(
        organisation=personas.organisation, role=Role.INTEGRATION_OFFICER, username="ines"
    )
    return Membership.objects.get(user=user, role=Role.INTEGRATION_OFFICER)


def as_admin(client: HttpClient, personas: Personas) -> HttpClient:
    client.force_login(personas.admin)
    return client


def test_the_members_page_offers_to_give_an_officer_a_municipality(
    client: HttpClient, personas: Personas, officer: Membership
) -> None:
    page = as_admin(client, personas).get(reverse("orgadmin:members")).content.decode()

    assert reverse("orgadmin:officer_municipality_give") in page
    assert "no municipality yet" in page


def test_the_admin_gives_a_municipality_and_the_officer_keeps_its_programmes_at_once(
    client: HttpClient, personas: Personas, officer: Membership
) -> None:
    emmen = MunicipalityFactory(name="Emmen")

    as_admin(client, personas).post(
        reverse("orgadmin:officer_municipality_give"),
        {"membership": officer.pk, "municipality": emmen.pk},
    )

    assert OfficerMunicipality.objects.filter(membership=officer, municipality=emmen).exists()
    assert access_of(officer.user).officer_municipalities == {emmen.pk}


def test_the_admin_takes_it_away_again(
    client: HttpClient, personas: Personas, officer: Membership
) -> None:
    assigned = OfficerMunicipality.objects.create(
        membership=officer, municipality=MunicipalityFactory()
    )

    as_admin(client, personas).post(
        reverse("orgadmin:officer_municipality_remove", args=[assigned.pk])
    )

    assert not OfficerMunicipality.objects.exists()


def test_an_incomplete_form_changes_nothing(
    client: HttpClient, personas: Personas, officer: Membership
) -> None:
    page = as_admin(client, personas).post(
        reverse("orgadmin:officer_municipality_give"), {"membership": officer.pk}, follow=True
    )

    assert "Please choose an integration officer and a municipality." in page.content.decode()
    assert not OfficerMunicipality.objects.exists()


def test_a_coordinator_may_not_give_municipalities(
    client: HttpClient, personas: Personas, officer: Membership
) -> None:
    client.force_login(personas.coordinator)

    answer = client.post(
        reverse("orgadmin:officer_municipality_give"),
        {"membership": officer.pk, "municipality": MunicipalityFactory().pk},
    )

    assert answer.status_code in (403, 404)
    assert not OfficerMunicipality.objects.exists()


def test_an_admin_of_another_organisation_cannot_take_it_away(
    client: HttpClient, personas: Personas, officer: Membership
) -> None:
    assigned = OfficerMunicipality.objects.create(
        membership=officer, municipality=MunicipalityFactory()
    )
    client.force_login(make_member(organisation=personas.other_organisation, role=Role.ADMIN))

    answer = client.post(reverse("orgadmin:officer_municipality_remove", args=[assigned.pk]))

    assert answer.status_code == 404
    assert OfficerMunicipality.objects.exists()
