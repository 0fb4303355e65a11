"""Who may open which directory page, generated over every route and every persona.

Every route of the directory namespace must be listed in PAGES or ACTIONS: a new route without
an entry fails `test_every_directory_route_is_listed`. Readers of the directory (roles.DIRECTORY:
social workers, coordinators, admins) open the pages; keepers (roles.DIRECTORY_KEEPING: social
workers and admins) change them; to everyone else, and to a stranger asking for organisation
A's objects, the routes do not exist (404).
"""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, get_resolver, reverse

from lisko.accounts.models import User
from lisko.organisations.models import Membership, Role
from tests.factories.planning import make_planner, make_region_with_municipalities
from tests.factories.programmes import make_officer
from tests.web.directory.conftest import Directory

pytestmark = pytest.mark.django_db

# url name and the objects of the scene its arguments name (see `arguments`).
PAGES: list[tuple[str, list[str]]] = [
    ("directory:index", []),
    ("directory:association", ["association"]),
    ("directory:offer", ["association", "offer"]),
]
# Pages that only keepers open (a form, and nothing else to read).
KEEPER_PAGES: list[tuple[str, list[str]]] = [
    ("directory:new_offer", ["association"]),
]
# Actions: only a POST changes anything.
ACTIONS: list[tuple[str, list[str]]] = [
    ("directory:new_association", []),
    ("directory:edit_association", ["association"]),
    ("directory:add_partner", ["association"]),
    ("directory:remove_partner", ["association", "partner"]),
    ("directory:offer_active", ["association", "offer"]),
]
EVERY_ROUTE = PAGES + KEEPER_PAGES + ACTIONS
OUTSIDERS = ("interpreter", "key_person", "partner")


def arguments(directory: Directory, names: list[str]) -> list[int]:
    ids = {
        "association": directory.association.pk,
        "offer": directory.course.pk,
        "partner": directory.personas.partner.pk,
    }
    return [ids[name] for name in names]


def test_every_directory_route_is_listed() -> None:
    resolver = get_resolver().namespace_dict["directory"][1]
    names = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern) and pattern.name, "a directory route has no name"
        names.add(f"directory:{pattern.name}")
    listed = [name for name, _ in EVERY_ROUTE]
    assert len(listed) == len(set(listed)), "a route is listed twice"
    assert names == set(listed), f"unlisted: {names - set(listed)}; gone: {set(listed) - names}"


def test_the_directory_lives_under_associations() -> None:
    assert reverse("directory:index") == "/associations/"


@pytest.mark.parametrize(("name", "args"), EVERY_ROUTE, ids=[r[0] for r in EVERY_ROUTE])
def test_an_anonymous_visitor_is_sent_to_the_login(
    client: HttpClient, directory: Directory, name: str, args: list[str]
) -> None:
    url = reverse(name, args=arguments(directory, args))

    answer = client.post(url) if (name, args) in ACTIONS else client.get(url)

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[r[0] for r in PAGES])
@pytest.mark.parametrize("persona", ["social_worker", "admin", "coordinator"])
def test_a_reader_of_the_directory_opens_its_pages(
    login: Callable[[User], HttpClient],
    directory: Directory,
    persona: str,
    name: str,
    args: list[str],
) -> None:
    http = login(getattr(directory.personas, persona))

    assert http.get(reverse(name, args=arguments(directory, args))).status_code == 200


@pytest.mark.parametrize(("name", "args"), KEEPER_PAGES, ids=[r[0] for r in KEEPER_PAGES])
def test_a_keeper_opens_the_forms_and_a_coordinator_is_told_who_may(
    login: Callable[[User], HttpClient], directory: Directory, name: str, args: list[str]
) -> None:
    url = reverse(name, args=arguments(directory, args))

    assert login(directory.personas.social_worker).get(url).status_code == 200
    assert login(directory.personas.admin).get(url).status_code == 200
    assert login(directory.personas.coordinator).get(url).status_code == 403


@pytest.mark.parametrize(("name", "args"), ACTIONS, ids=[r[0] for r in ACTIONS])
def test_a_coordinator_reads_but_changes_nothing(
    login: Callable[[User], HttpClient], directory: Directory, name: str, args: list[str]
) -> None:
    http = login(directory.personas.coordinator)

    answer = http.post(reverse(name, args=arguments(directory, args)), {"active": "0"})

    assert answer.status_code == 403
    assert "manage associations and offers" in answer.content.decode()
    directory.course.refresh_from_db()
    assert directory.course.is_active
    assert directory.association.partners.filter(pk=directory.personas.partner.pk).exists()


@pytest.mark.parametrize(("name", "args"), ACTIONS, ids=[r[0] for r in ACTIONS])
def test_an_action_takes_no_get(
    login: Callable[[User], HttpClient], directory: Directory, name: str, args: list[str]
) -> None:
    http = login(directory.personas.social_worker)

    assert http.get(reverse(name, args=arguments(directory, args))).status_code == 405


@pytest.mark.parametrize(("name", "args"), EVERY_ROUTE, ids=[r[0] for r in EVERY_ROUTE])
@pytest.mark.parametrize("persona", OUTSIDERS)
def test_a_partner_interpreter_or_key_person_finds_no_directory(
    login: Callable[[User], HttpClient],
    directory: Directory,
    persona: str,
    name: str,
    args: list[str],
) -> None:
    http = login(getattr(directory.personas, persona))
    url = reverse(name, args=arguments(directory, args))

    assert http.get(url).status_code == 404
    assert http.post(url, {"active": "0"}).status_code == 404
    directory.course.refresh_from_db()
    assert directory.course.is_active


@pytest.mark.parametrize(("name", "args"), EVERY_ROUTE, ids=[r[0] for r in EVERY_ROUTE])
def test_a_planner_or_integration_officer_finds_no_directory(
    login: Callable[[User], HttpClient], directory: Directory, name: str, args: list[str]
) -> None:
    region, places = make_region_with_municipalities()
    url = reverse(name, args=arguments(directory, args))

    for person in (make_planner(region), make_officer(places[0])):
        http = login(person)
        assert http.get(url).status_code == 404
        assert http.post(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [route for route in EVERY_ROUTE if route[1]],
    ids=[r[0] for r in EVERY_ROUTE if r[1]],
)
def test_a_stranger_finds_no_object_of_another_organisation(
    login: Callable[[User], HttpClient], directory: Directory, name: str, args: list[str]
) -> None:
    http = login(directory.personas.other_social_worker)
    url = reverse(name, args=arguments(directory, args))

    if (name, args) in ACTIONS:
        answer = http.post(url, {"active": "0", "name": "Taken over"})
    else:
        answer = http.get(url)

    assert answer.status_code == 404
    directory.association.refresh_from_db()
    directory.course.refresh_from_db()
    assert directory.association.name == "Café Lëtzebuerg"
    assert directory.course.is_active


def test_a_stranger_reads_only_their_own_directory(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.other_social_worker).get(reverse("directory:index"))

    assert page.status_code == 200
    assert "Esch Sportverein" in page.content.decode()
    assert "Café Lëtzebuerg" not in page.content.decode()


def test_a_role_that_ends_ends_access_on_the_next_request(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    sofia = directory.personas.social_worker
    http = login(sofia)
    url = reverse("directory:association", args=[directory.association.pk])
    assert http.get(url).status_code == 200

    Membership.objects.filter(user=sofia, role=Role.SOCIAL_WORKER).delete()

    assert http.get(url).status_code == 404
    assert http.get(reverse("directory:index")).status_code == 404


def test_a_keeper_who_becomes_a_coordinator_only_reads_from_the_next_request(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    sofia = directory.personas.social_worker
    http = login(sofia)
    url = reverse("directory:association", args=[directory.association.pk])
    assert "Change the details" in http.get(url).content.decode()

    Membership.objects.filter(user=sofia).update(role=Role.COORDINATOR)

    page = http.get(url)
    assert page.status_code == 200
    assert "Change the details" not in page.content.decode()
    assert (
        http.post(
            reverse("directory:edit_association", args=[directory.association.pk]), {"name": "X"}
        ).status_code
        == 403
    )


def test_a_partner_in_one_organisation_and_keeper_in_another_keeps_only_the_second(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    # Esch's social worker is also an association partner of organisation A: the partner role
    # opens the partner portal, never A's directory.
    person = directory.personas.other_social_worker
    Membership.objects.create(
        user=person, organisation=directory.personas.organisation, role=Role.PARTNER
    )
    http = login(person)

    own = http.get(reverse("directory:association", args=[directory.other_association.pk]))
    foreign = http.get(reverse("directory:association", args=[directory.association.pk]))
    listed = http.get(reverse("directory:index")).content.decode()

    assert own.status_code == 200
    assert foreign.status_code == 404
    assert directory.association.name not in listed
