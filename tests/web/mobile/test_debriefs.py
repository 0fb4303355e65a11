"""On the phone: after an emotionally heavy assignment the interpreter can ask for a debrief."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.appointments.models import Appointment
from lisko.interpreters.models import Debrief, Interpreter
from tests.factories.interpreting import heavy_assignment

pytestmark = pytest.mark.django_db


def test_a_heavy_assignment_offers_to_ask_for_a_debrief(
    as_ivan: HttpClient, ivan: Interpreter
) -> None:
    assignment = heavy_assignment(ivan)

    page = as_ivan.get(reverse("mobile:assignment", args=[assignment.pk])).content.decode()

    assert reverse("mobile:ask_debrief", args=[assignment.pk]) in page


def test_an_ordinary_assignment_does_not(as_ivan: HttpClient, ivan: Interpreter) -> None:
    assignment = heavy_assignment(ivan, kind=Appointment.Kind.SCHOOL)

    page = as_ivan.get(reverse("mobile:assignment", args=[assignment.pk])).content.decode()

    assert reverse("mobile:ask_debrief", args=[assignment.pk]) not in page


def test_asking_records_the_request_and_says_the_coordinator_will_get_in_touch(
    as_ivan: HttpClient, ivan: Interpreter
) -> None:
    assignment = heavy_assignment(ivan)

    answer = as_ivan.post(
        reverse("mobile:ask_debrief", args=[assignment.pk]), {"wish": "A call"}, follow=True
    )

    assert Debrief.objects.get(assignment=assignment).wish == "A call"
    assert "will get in touch" in answer.content.decode()


def test_a_refusal_is_shown_on_the_page_in_the_readers_language(
    as_ivan: HttpClient, ivan: Interpreter
) -> None:
    assignment = heavy_assignment(ivan)
    as_ivan.cookies["django_language"] = "de"

    answer = as_ivan.post(reverse("mobile:ask_debrief", args=[assignment.pk]), {"wish": "x" * 301})

    assert answer.status_code == 400
    assert "Zeichen" in answer.content.decode()
    assert not Debrief.objects.exists()


def test_another_interpreters_assignment_answers_not_found(
    as_ivan: HttpClient, ivan: Interpreter
) -> None:
    from tests.factories.interpreting import InterpreterFactory

    other = heavy_assignment(InterpreterFactory(organisation=ivan.organisation))

    answer = as_ivan.post(reverse("mobile:ask_debrief", args=[other.pk]))

    assert answer.status_code == 404
    assert not Debrief.objects.exists()
