"""The mode suggestion while booking, and moving an appointment from its page."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Assignment
from tests.factories.interpreting import InterpreterFactory, in_days
from tests.web.staff.conftest import Scene, offer_to
from tests.web.staff.test_booking import booking

pytestmark = pytest.mark.django_db


def test_the_booking_page_shows_the_suggestion(sofia: HttpClient, scene: Scene) -> None:
    page = sofia.get(reverse("staff:book", args=[scene.client.pk])).content.decode()
    assert 'id="mode-suggestion"' in page and "book/suggestion/" in page


def test_the_suggestion_fragment_follows_the_form(sofia: HttpClient, scene: Scene) -> None:
    data = booking(scene, kind="legal")
    response = sofia.get(reverse("staff:book_suggestion", args=[scene.client.pk]), data)
    assert response.status_code == 200
    assert "every word may count" in response.content.decode()


def test_reschedule_moves_the_appointment_and_withdraws_open_offers(
    carla: HttpClient, scene: Scene
) -> None:
    offer = offer_to(scene, InterpreterFactory(organisation=scene.personas.organisation))
    day = in_days(9).date()
    response = carla.post(
        reverse("staff:reschedule", args=[scene.appointment.pk]),
        {
            "date": day.isoformat(),
            "start_time": "13:00",
            "end_time": "14:00",
            "modality": "phone",
            "remote_link": "+352 123",
        },
        follow=True,
    )
    scene.appointment.refresh_from_db()
    offer.refresh_from_db()
    assert timezone.localtime(scene.appointment.start).date() == day
    assert scene.appointment.modality == "phone"
    assert offer.state == Assignment.State.WITHDRAWN
    assert "were withdrawn" in response.content.decode() or "was withdrawn" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "changes",
    [{"start_time": "14:00", "end_time": "13:00"}, {"date": "9999-01-01"}],
)
def test_bad_times_are_refused_and_nothing_changes(
    carla: HttpClient, scene: Scene, changes: dict[str, str]
) -> None:
    before = scene.appointment.start
    data = {
        "date": in_days(9).date().isoformat(),
        "start_time": "13:00",
        "end_time": "14:00",
        "modality": "on_site",
        "remote_link": "",
    }
    data.update(changes)
    response = carla.post(reverse("staff:reschedule", args=[scene.appointment.pk]), data)
    scene.appointment.refresh_from_db()
    assert response.status_code == 400
    assert scene.appointment.start == before
