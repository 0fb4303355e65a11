"""Who may open the organisation admin's pages, over every route: only an admin, and only of
their own organisation; everyone else gets 403 (no admin role) or 404 (a foreign organisation or
object) and sees nothing of it.

Every route of the orgadmin namespace must be listed in ROUTES (pages) or POST_ONLY (actions).
"""

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, get_resolver, reverse

from lisko.organisations.models import FieldOfAction, Membership
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db

# url name, the objects its arguments name (see `ids`).
ROUTES: list[tuple[str, list[str]]] = [
    ("orgadmin:members", []),
    ("orgadmin:new_member", []),
    ("orgadmin:settings", []),
    ("orgadmin:fields_of_action", []),
    ("orgadmin:audit_log", []),
    ("orgadmin:audit_export", []),
    ("orgadmin:data_protection", []),
    ("orgadmin:retention", []),
    ("orgadmin:sharing", []),
    ("orgadmin:processing_record", []),
    ("orgadmin:processing_record_print", []),
]
REDIRECTS = [("orgadmin:index", [])]
POST_ONLY: list[tuple[str, list[str]]] = [
    ("orgadmin:give_role", []),
    ("orgadmin:remove_role", ["membership"]),
    ("orgadmin:rename_field_of_action", ["field"]),
    ("orgadmin:move_field_of_action", ["field"]),
    ("orgadmin:data_protection_export", ["client"]),
]
# Pages on one client or export, whose matrix tests/web/orgadmin/test_dataprotection.py runs.
ELSEWHERE = [
    "orgadmin:data_protection_exports",
    "orgadmin:data_protection_erase",
    "orgadmin:data_protection_download",
    # Actions on one agreement or planner region: tests/web/orgadmin/test_sharing.py.
    "orgadmin:sharing_withdraw",
    "orgadmin:planner_region_give",
    "orgadmin:planner_region_remove",
    # Editing one purpose of the record of processing: tests/web/orgadmin/test_processing_record.py.
    "orgadmin:processing_record_edit",
    # An integration officer's municipalities: tests/web/orgadmin/test_officer_municipalities.py.
    "orgadmin:officer_municipality_give",
    "orgadmin:officer_municipality_remove",
]
NOT_ADMINS = ("social_worker", "coordinator", "interpreter", "key_person", "partner")


def ids(scene: Scene) -> dict[str, int]:
    organisation = scene.personas.organisation
    return {
        "membership": Membership.objects.get(
            user=scene.personas.colleague, organisation=organisation
        ).pk,
        "field": FieldOfAction.objects.filter(organisation=organisation).first().pk,
        "client": scene.client_a.pk,
    }


def url_of(scene: Scene, name: str, args: list[str]) -> str:
    known = ids(scene)
    return reverse(name, args=[known[arg] for arg in args])


def body(response: object) -> str:
    """The text of a page or of a streamed file."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return response.content.decode()  # type: ignore[attr-defined]


def test_every_orgadmin_route_is_listed() -> None:
    resolver = get_resolver().namespace_dict["orgadmin"][1]
    names = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern) and pattern.name
        names.add(f"orgadmin:{pattern.name}")
    listed = [route[0] for route in ROUTES + REDIRECTS + POST_ONLY] + ELSEWHERE
    assert names == set(listed)


@pytest.mark.parametrize(("name", "args"), ROUTES, ids=[r[0] for r in ROUTES])
def test_only_the_admin_of_the_organisation_opens_the_page(
    client: HttpClient, scene: Scene, name: str, args: list[str]
) -> None:
    url = url_of(scene, name, args)
    organisation = scene.personas.organisation
    a = {"organisation": organisation.pk}

    anonymous = client.get(url, a)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(scene.personas.admin)
    assert client.get(url, a).status_code == 200
    assert client.get(url).status_code == 200  # the first organisation administered

    for persona in NOT_ADMINS:
        client.force_login(getattr(scene.personas, persona))
        response = client.get(url, a)
        assert response.status_code == 403, persona
        assert "client page of organisation A" not in body(response)

    # The admin of organisation B sees B without a choice, and nothing of A with one.
    client.force_login(scene.other_admin)
    assert client.get(url, a).status_code == 404
    assert client.get(url, {"organisation": "x"}).status_code == 404
    assert client.get(url, {"organisation": "99999999999999999999999"}).status_code == 404
    own = client.get(url)
    assert own.status_code == 200
    assert "client page of organisation A" not in body(own)
    assert "RC-0001" not in body(own)


@pytest.mark.parametrize(("name", "args"), POST_ONLY, ids=[r[0] for r in POST_ONLY])
def test_only_the_admin_of_the_organisation_may_act(
    client: HttpClient, scene: Scene, name: str, args: list[str]
) -> None:
    url = url_of(scene, name, args)
    a = f"{url}?organisation={scene.personas.organisation.pk}"
    before = (
        Membership.objects.count(),
        list(FieldOfAction.objects.values_list("name", "position")),
    )

    assert client.post(a).status_code == 302  # to the login

    for persona in NOT_ADMINS:
        client.force_login(getattr(scene.personas, persona))
        assert client.post(a, {"name": "Renamed", "direction": "down"}).status_code == 403

    client.force_login(scene.other_admin)
    assert client.post(a, {"name": "Renamed", "direction": "down"}).status_code == 404
    # Without a choice Bea works on B, where A's objects do not exist.
    if args:
        assert client.post(url, {"name": "Renamed", "direction": "down"}).status_code == 404

    client.force_login(scene.personas.admin)
    assert client.get(a).status_code == 405

    after = (
        Membership.objects.count(),
        list(FieldOfAction.objects.values_list("name", "position")),
    )
    assert after == before


def test_the_start_page_sends_the_admin_to_the_members(ada: HttpClient, scene: Scene) -> None:
    response = ada.get(reverse("orgadmin:index"))

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('orgadmin:members')}?organisation={scene.personas.organisation.pk}"
    )


def test_an_admin_of_two_organisations_picks_one(client: HttpClient, scene: Scene) -> None:
    Membership.objects.create(
        user=scene.other_admin, organisation=scene.personas.organisation, role="admin"
    )
    client.force_login(scene.other_admin)

    a = client.get(reverse("orgadmin:members"), {"organisation": scene.personas.organisation.pk})
    b = client.get(
        reverse("orgadmin:members"), {"organisation": scene.personas.other_organisation.pk}
    )

    assert scene.personas.social_worker.username in a.content.decode()
    assert scene.personas.social_worker.username not in b.content.decode()
    assert scene.personas.other_social_worker.username in b.content.decode()
    # The choice offers both, and only those.
    assert 'name="organisation"' in a.content.decode()
    assert a.context["administered"].count() == 2


def test_the_dashboard_shows_a_pure_admin_the_organisations_pages(
    ada: HttpClient, scene: Scene
) -> None:
    page = ada.get(reverse("staff:dashboard")).content.decode()

    assert reverse("orgadmin:members") in page
    assert reverse("orgadmin:audit_log") in page


def test_the_dashboard_shows_no_admin_panel_to_a_social_worker(
    client: HttpClient, scene: Scene
) -> None:
    client.force_login(scene.personas.social_worker)

    page = client.get(reverse("staff:dashboard")).content.decode()

    assert reverse("orgadmin:members") not in page
