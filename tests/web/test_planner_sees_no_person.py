"""A planner or an integration officer who holds no other role sees no person: every page about
persons (the desk, the phone pages, the partner portal, the organisation admin) answers 404 to
them, as if it did not exist, and none shows a client's name."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import Personas
from tests.factories.core import ClientFactory
from tests.factories.planning import make_planner, make_region_with_municipalities

pytestmark = pytest.mark.django_db

PERSON_NAMESPACES = ("staff", "mobile", "partners", "orgadmin", "welcome", "directory")
# Pages anyone signed in may open, that show only the reader's own account or nothing.
OWN_ACCOUNT = {"mobile:manifest", "mobile:service_worker", "mobile:offline"}


def person_routes() -> list[tuple[str, str]]:
    """(name, path with every argument filled in) of each route in the person namespaces."""
    routes = []

    def walk(patterns: list, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern) and namespace in PERSON_NAMESPACES:
                path = "/" + prefix + str(pattern.pattern)
                path = re.sub(r"<int:\w+>", "1", path)
                path = re.sub(r"<(str|slug):\w+>", "x", path)
                routes.append((f"{namespace}:{pattern.name}", path))

    walk(get_resolver().url_patterns, "", None)
    return routes


ROUTES = [route for route in person_routes() if route[0] not in OWN_ACCOUNT]


def test_the_person_namespaces_have_routes() -> None:
    assert len(ROUTES) > 40


@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[name for name, _ in ROUTES])
def test_a_planner_finds_no_page_about_persons(
    client: HttpClient, personas: Personas, name: str, path: str
) -> None:
    region, _places = make_region_with_municipalities()
    ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Zenobia",
        last_name="Quartermaine",
    )
    client.force_login(make_planner(region))

    got = client.get(path)

    assert got.status_code in (404, 405), f"{name}: {got.status_code}"
    assert b"Quartermaine" not in got.content


@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[name for name, _ in ROUTES])
def test_an_integration_officer_finds_no_page_about_persons(
    client: HttpClient, personas: Personas, name: str, path: str
) -> None:
    from tests.factories.programmes import make_officer

    _region, places = make_region_with_municipalities()
    ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        municipality=places[0],
        first_name="Zenobia",
        last_name="Quartermaine",
    )
    client.force_login(make_officer(places[0], organisation=personas.organisation))

    got = client.get(path)

    assert got.status_code in (404, 405), f"{name}: {got.status_code}"
    assert b"Quartermaine" not in got.content
