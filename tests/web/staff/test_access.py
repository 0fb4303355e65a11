"""Who may open which staff page, generated over every route and every role."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.web.staff.conftest import Scene

pytestmark = pytest.mark.django_db

SW, CO = "social_worker", "coordinator"
# url name, its arguments from the scene (an object page when there are any), who may use it.
ROUTES: list[tuple[str, Callable[[Scene], list[int]], set[str]]] = [
    ("staff:dashboard", lambda s: [], {SW, CO}),
    ("staff:clients", lambda s: [], {SW}),
    ("staff:client", lambda s: [s.client.pk], {SW}),
    ("staff:book", lambda s: [s.client.pk], {SW}),
    ("staff:find_offer", lambda s: [s.client.pk], {SW}),
    ("staff:refer", lambda s: [s.client.pk, s.referral.offer_id], {SW}),
    ("staff:referrals", lambda s: [], {SW}),
    ("staff:referral", lambda s: [s.referral.pk], {SW}),
    ("staff:appointment", lambda s: [s.appointment.pk], {SW, CO}),
    ("staff:appointment_status", lambda s: [s.appointment.pk], {SW, CO}),
    ("staff:pool", lambda s: [], {CO}),
    ("staff:calendar", lambda s: [], {CO}),
    ("staff:matching", lambda s: [], {CO}),
    ("staff:override", lambda s: [s.appointment.pk], {CO}),
]


@pytest.mark.parametrize(("name", "args", "allowed"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_role_gets_the_answer_it_should(
    client: HttpClient, scene: Scene, name: str, args: Callable[[Scene], list[int]], allowed: set
) -> None:
    arguments = args(scene)
    url = reverse(name, args=arguments)
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
    elif arguments:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Amal" not in page and "Conversation café" not in page
