"""After "no interpreter found" the social worker can relax the request and ask again (desk 6)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.appointments.models import Appointment
from tests.web.staff.conftest import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def unfilled(scene: Scene) -> Appointment:
    Appointment.objects.filter(pk=scene.appointment.pk).update(
        status=Appointment.Status.UNFILLED, gender="f", min_level=2, unfilled_reason="no_speaker"
    )
    scene.appointment.refresh_from_db()
    return scene.appointment


def test_the_unfilled_request_offers_to_ask_again_with_fewer_requirements(
    sofia: HttpClient, unfilled: Appointment
) -> None:
    page = sofia.get(reverse("staff:appointment", args=[unfilled.pk])).content.decode()

    assert "Ask again with fewer requirements" in page
    assert 'name="any_gender"' in page and 'name="key_persons_too"' in page


def test_asking_again_by_phone_for_any_gender_reopens_the_request(
    sofia: HttpClient, unfilled: Appointment
) -> None:
    sofia.post(
        reverse("staff:ask_again", args=[unfilled.pk]),
        {"any_gender": "1", "key_persons_too": "1", "modality": "phone", "remote_link": "+352 1"},
    )

    unfilled.refresh_from_db()
    assert (unfilled.status, unfilled.gender, unfilled.min_level, unfilled.modality) == (
        Appointment.Status.REQUESTED,
        "",
        0,
        "phone",
    )


def test_asking_again_without_a_change_changes_nothing(
    sofia: HttpClient, unfilled: Appointment
) -> None:
    page = sofia.post(
        reverse("staff:ask_again", args=[unfilled.pk]), {"modality": unfilled.modality}, follow=True
    ).content.decode()

    unfilled.refresh_from_db()
    assert unfilled.status == Appointment.Status.UNFILLED
    assert "Choose at least one change" in page


def test_a_video_appointment_without_a_link_is_refused_with_the_reason(
    sofia: HttpClient, unfilled: Appointment
) -> None:
    page = sofia.post(
        reverse("staff:ask_again", args=[unfilled.pk]), {"modality": "video"}, follow=True
    ).content.decode()

    unfilled.refresh_from_db()
    assert unfilled.status == Appointment.Status.UNFILLED
    assert '<ul class="messages"' in page


def test_asking_again_without_the_specialisation_drops_it(
    sofia: HttpClient, unfilled: Appointment
) -> None:
    Appointment.objects.filter(pk=unfilled.pk).update(kind=Appointment.Kind.MEDICAL)
    page = sofia.get(reverse("staff:appointment", args=[unfilled.pk])).content.decode()
    assert 'name="any_specialisation"' in page

    sofia.post(reverse("staff:ask_again", args=[unfilled.pk]), {"any_specialisation": "1"})

    unfilled.refresh_from_db()
    assert (unfilled.status, unfilled.required_skills) == (
        Appointment.Status.REQUESTED,
        frozenset(),
    )
