"""Two appointments of one client at the same time are booked with a warning (desk issue 7)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.appointments.models import Appointment
from tests.factories.interpreting import AppointmentFactory, in_days
from tests.web.staff.conftest import Scene
from tests.web.staff.test_booking import booking

pytestmark = pytest.mark.django_db


def test_booking_over_another_appointment_of_the_client_warns(
    sofia: HttpClient, scene: Scene
) -> None:
    AppointmentFactory(client=scene.client, start=in_days(5, 10, 30), end=in_days(5, 11, 30))

    page = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene), follow=True
    ).content.decode()

    assert "already has another appointment at this time" in page


def test_booking_at_a_free_time_gives_no_warning(sofia: HttpClient, scene: Scene) -> None:
    AppointmentFactory(client=scene.client, start=in_days(5, 12), end=in_days(5, 13))

    page = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene), follow=True
    ).content.decode()

    assert "already has another appointment at this time" not in page


def test_a_cancelled_appointment_does_not_clash(sofia: HttpClient, scene: Scene) -> None:
    AppointmentFactory(
        client=scene.client,
        start=in_days(5, 10),
        end=in_days(5, 11),
        status=Appointment.Status.CANCELLED,
    )

    page = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene), follow=True
    ).content.decode()

    assert "already has another appointment at this time" not in page
