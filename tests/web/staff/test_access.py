"""Who may open which staff page, generated over every route and every role.

Every route of the staff namespace must be listed in ROUTES (pages) or POST_ONLY (actions):
a new route without an entry fails `test_every_staff_route_is_listed`.
"""

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, get_resolver, reverse

from lisko.interpreters.models import Debrief
from tests.factories.core import HouseholdMemberFactory
from tests.factories.interpreting import AssignmentFactory, MatchingRunFactory, heavy_assignment
from tests.web.staff.conftest import Scene

pytestmark = pytest.mark.django_db

SW, CO = "social_worker", "coordinator"
# url name, the objects of the scene its arguments name (see `ids`), who may use it.
Route = tuple[str, list[str], set[str]]
# Pages: a GET shows them to the roles allowed.
ROUTES: list[Route] = [
    ("staff:dashboard", [], {SW, CO}),
    ("staff:clients", [], {SW}),
    ("staff:new_client", [], {SW}),
    ("staff:client", ["client"], {SW}),
    ("staff:edit_client", ["client"], {SW}),
    ("staff:book", ["client"], {SW}),
    ("staff:book_suggestion", ["client"], {SW}),
    ("staff:find_offer", ["client"], {SW}),
    ("staff:refer", ["client", "offer"], {SW}),
    ("staff:referrals", [], {SW}),
    ("staff:referral", ["referral"], {SW}),
    ("staff:appointment", ["appointment"], {SW, CO}),
    ("staff:appointment_status", ["appointment"], {SW, CO}),
    ("staff:pool", [], {CO}),
    ("staff:calendar", [], {CO}),
    ("staff:matching", [], {CO}),
    ("staff:matching_run", ["run"], {CO}),
    ("staff:matching_run_progress", ["run"], {CO}),
    ("staff:override", ["appointment"], {CO}),
    ("staff:hours", [], {CO}),
    ("staff:debriefs", [], {CO}),
]
# Actions: only a POST changes anything; the roles allowed get 405 for a GET.
POST_ONLY: list[Route] = [
    ("staff:add_client_language", ["client"], {SW}),
    ("staff:change_client_language", ["client", "client_language"], {SW}),
    ("staff:remove_client_language", ["client", "client_language"], {SW}),
    ("staff:add_household_member", ["client"], {SW}),
    ("staff:remove_household_member", ["client", "member"], {SW}),
    ("staff:give_consent", ["client"], {SW}),
    ("staff:withdraw_consent", ["client", "consent"], {SW}),
    ("staff:start_plan", ["client"], {SW}),
    ("staff:add_goal", ["client"], {SW}),
    ("staff:review_goal", ["goal"], {SW}),
    ("staff:goal_status", ["goal"], {SW}),
    ("staff:add_milestone", ["goal"], {SW}),
    ("staff:complete_milestone", ["milestone"], {SW}),
    ("staff:request_interpreter", ["appointment"], {SW, CO}),
    ("staff:cancel_appointment", ["appointment"], {SW, CO}),
    ("staff:rematch", ["appointment"], {CO}),
    ("staff:ask_again", ["appointment"], {SW, CO}),
    ("staff:reschedule", ["appointment"], {SW, CO}),
    ("staff:keep_offer_open", ["appointment", "assignment"], {CO}),
    ("staff:drop_referral", ["referral"], {SW}),
    ("staff:save_rate", [], {CO}),
    ("staff:approve_all_hours", [], {CO}),
    ("staff:export_hours", [], {CO}),
    ("staff:approve_hours", ["assignment"], {CO}),
    ("staff:correct_hours", ["assignment"], {CO}),
    ("staff:record_debrief", ["debrief"], {CO}),
]


@pytest.fixture
def ids(scene: Scene) -> dict[str, int]:
    """The scene's objects by the names the routes above use."""
    return {
        "client": scene.client.pk,
        "client_language": scene.client.languages.get().pk,
        "member": HouseholdMemberFactory(client=scene.client).pk,
        "consent": scene.client.consents.filter(purpose="interpreting").get().pk,
        "goal": scene.goal.pk,
        "milestone": scene.goal.milestones.get().pk,
        "appointment": scene.appointment.pk,
        "assignment": AssignmentFactory(
            appointment=scene.appointment, interpreter=scene.interpreter
        ).pk,
        "offer": scene.referral.offer_id,
        "referral": scene.referral.pk,
        "run": MatchingRunFactory(organisation=scene.personas.organisation).pk,
        "debrief": Debrief.objects.create(
            assignment=heavy_assignment(scene.interpreter), interpreter=scene.interpreter
        ).pk,
    }


def test_every_staff_route_is_listed() -> None:
    resolver = get_resolver().namespace_dict["staff"][1]
    names = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern) and pattern.name, "a staff route has no name"
        names.add(f"staff:{pattern.name}")
    listed = [route[0] for route in ROUTES + POST_ONLY]
    assert len(listed) == len(set(listed)), "a route is listed twice"
    assert names == set(listed), f"unlisted: {names - set(listed)}; gone: {set(listed) - names}"


@pytest.mark.parametrize(("name", "args", "allowed"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_role_gets_the_answer_it_should(
    client: HttpClient, scene: Scene, ids: dict[str, int], name: str, args: list[str], allowed: set
) -> None:
    url = reverse(name, args=[ids[arg] for arg in args])
    personas = scene.personas

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    for persona in ("interpreter", "key_person", "partner"):
        client.force_login(getattr(personas, persona))
        assert client.get(url).status_code == 403, persona

    for role, user in ((SW, personas.social_worker), (CO, personas.coordinator)):
        client.force_login(user)
        assert client.get(url).status_code == (200 if role in allowed else 403), role

    # The stranger, a social worker of another organisation, learns nothing of this one.
    client.force_login(personas.other_social_worker)
    response = client.get(url)
    if SW not in allowed:
        assert response.status_code == 403
    elif args:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Amal" not in page and "Conversation café" not in page


@pytest.mark.parametrize(("name", "args", "allowed"), POST_ONLY, ids=[r[0] for r in POST_ONLY])
def test_every_role_gets_the_answer_it_should_for_an_action(
    client: HttpClient, scene: Scene, ids: dict[str, int], name: str, args: list[str], allowed: set
) -> None:
    url = reverse(name, args=[ids[arg] for arg in args])
    personas = scene.personas

    anonymous = client.post(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    for persona in ("interpreter", "key_person", "partner"):
        client.force_login(getattr(personas, persona))
        assert client.post(url).status_code == 403, persona

    # A GET changes nothing: the roles allowed learn that only POST is accepted.
    for role, user in ((SW, personas.social_worker), (CO, personas.coordinator)):
        client.force_login(user)
        if role in allowed:
            assert client.get(url).status_code == 405, role
        else:
            assert client.post(url).status_code == 403, role

    # The stranger's POST is refused before anything is looked at or changed.
    client.force_login(personas.other_social_worker)
    assert client.post(url).status_code == (404 if SW in allowed else 403)
