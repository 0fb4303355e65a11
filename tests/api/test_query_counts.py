"""Lists cost the same number of queries whether they show one object or twenty."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lisko.accounts.models import User
from tests.api.conftest import ApiFor, World, make_casework
from tests.factories.interpreting import AssignmentFactory


def queries_for(api_for: ApiFor, user: User, url: str) -> int:
    api = api_for(user)
    api.get(url)  # warm up: the token row, content types
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


LISTS: dict[str, tuple[str, Callable[[World], User]]] = {
    "clients": ("/api/clients/", lambda world: world.personas.social_worker),
    "appointments": ("/api/appointments/", lambda world: world.personas.coordinator),
    "referrals": ("/api/referrals/", lambda world: world.personas.social_worker),
    "partner referrals": ("/api/partner/referrals/", lambda world: world.personas.partner),
    "offers": ("/api/me/offers/", lambda world: world.personas.interpreter),
    "matching runs": ("/api/matching-runs/", lambda world: world.personas.coordinator),
    "interpreters": ("/api/interpreters/", lambda world: world.personas.coordinator),
    "associations": ("/api/associations/", lambda world: world.personas.social_worker),
    "association offers": ("/api/association-offers/", lambda world: world.personas.social_worker),
}


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_queries_for_one_and_for_twenty_objects(
    name: str, world: World, api_for: ApiFor
) -> None:
    url, user_of = LISTS[name]
    user = user_of(world)
    one = queries_for(api_for, user, url)
    for _ in range(19):
        casework = make_casework(
            organisation=world.personas.organisation,
            social_worker=world.personas.social_worker,
            partner=world.personas.partner,
        )
        # Ivan is offered each new appointment too, so his list grows with the rest.
        AssignmentFactory(appointment=casework.appointment, interpreter=world.own.interpreter)
    twenty = queries_for(api_for, user, url)

    assert twenty == one
