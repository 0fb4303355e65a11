"""A person who plans for one region in a planning office and coordinates in an integration
centre: each role opens its own pages, and neither reaches past its scope (permission matrix
for people with several roles in several organisations)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.organisations.models import Membership, Role
from tests.conftest import Personas
from tests.factories.planning import make_planner, make_region_with_municipalities
from tests.factories.regionplans import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def petra(personas: Personas) -> tuple[HttpClient, object, object]:
    """Petra plans for the north district and coordinates at the Red Cross centre; a plan of
    her district and one of the south district exist."""
    north, _ = make_region_with_municipalities("Nordkreis")
    south, _ = make_region_with_municipalities("Südkreis")
    user = make_planner(north, username="petra")
    Membership.objects.create(user=user, organisation=personas.organisation, role=Role.COORDINATOR)
    http = HttpClient()
    http.force_login(user)
    return http, make_plan(north), make_plan(south)


def test_she_reads_the_plan_of_her_region(petra: tuple) -> None:
    http, own, _ = petra

    assert http.get(reverse("planning:plan", args=[own.pk])).status_code == 200


def test_the_plan_of_another_region_does_not_exist_for_her(petra: tuple) -> None:
    http, _, other = petra

    assert http.get(reverse("planning:plan", args=[other.pk])).status_code == 404


def test_she_approves_hours_of_the_organisation_she_coordinates(
    petra: tuple, personas: Personas
) -> None:
    http, _, _ = petra

    page = http.get(reverse("staff:hours"))

    assert page.status_code == 200
    assert personas.organisation.name in page.content.decode()


def test_the_hours_of_another_organisation_do_not_exist_for_her(
    petra: tuple, personas: Personas
) -> None:
    http, _, _ = petra

    answer = http.get(reverse("staff:hours"), {"organisation": str(personas.other_organisation.pk)})

    assert answer.status_code == 404


def test_once_the_planner_role_ends_the_plan_is_gone_but_the_hours_stay(petra: tuple) -> None:
    http, own, _ = petra
    Membership.objects.filter(role=Role.PLANNER, user__username="petra").delete()

    assert http.get(reverse("planning:plan", args=[own.pk])).status_code == 404
    assert http.get(reverse("staff:hours")).status_code == 200
