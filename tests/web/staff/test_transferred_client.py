"""A client transferred to a colleague leaves the previous social worker's pages at once
(privacy issue, finding 3): the client page, the appointment page and the dashboard."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.clients.services import transfer_client
from tests.web.staff.conftest import Scene


@pytest.fixture
def transferred(scene: Scene) -> Scene:
    people = scene.personas
    transfer_client(client=scene.client, to=people.colleague, by=people.social_worker)
    return scene


@pytest.mark.django_db
def test_the_previous_social_worker_gets_404_on_the_client_page(
    sofia: HttpClient, transferred: Scene
) -> None:
    response = sofia.get(reverse("staff:client", args=[transferred.client.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_previous_social_worker_gets_404_on_an_appointment_she_booked(
    sofia: HttpClient, transferred: Scene
) -> None:
    response = sofia.get(reverse("staff:appointment", args=[transferred.appointment.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_previous_social_workers_dashboard_no_longer_names_the_client(
    sofia: HttpClient, transferred: Scene
) -> None:
    page = sofia.get(reverse("staff:dashboard")).content.decode()

    assert transferred.client.last_name not in page
    assert transferred.client.reference not in page


@pytest.mark.django_db
def test_the_new_social_worker_finds_the_appointment(
    client: HttpClient, transferred: Scene
) -> None:
    client.force_login(transferred.personas.colleague)

    response = client.get(reverse("staff:appointment", args=[transferred.appointment.pk]))

    assert response.status_code == 200
