"""The tasks, run in this process: thin wrappers that take ids and call one service."""

import pytest
from django.utils import translation

from lisko.appointments.models import Appointment
from lisko.clients.models import Client
from lisko.notifications.models import Notification, PendingNotice
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from workers import tasks

pytestmark = pytest.mark.django_db


def test_the_match_task_takes_an_id_and_returns_the_offers_made(
    personas: Personas, client_of_sofia: Client, luxembourg: Municipality
) -> None:
    make_interpreter(
        organisation=personas.organisation,
        language=client_of_sofia.preferred_language,
        home=luxembourg,
    )
    appointment = make_request(client=client_of_sofia)

    offer_ids = tasks.match_request.apply(args=[appointment.pk]).get()
    again = tasks.match_request.apply(args=[appointment.pk]).get()

    assert len(offer_ids) == 1 and again == []
    assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.OFFERED


def test_a_notice_task_writes_in_the_recipients_language_whatever_is_active(
    personas: Personas, client_of_sofia: Client, luxembourg: Municipality
) -> None:
    personas.interpreter.language = "de"
    personas.interpreter.save()
    make_interpreter(
        organisation=personas.organisation,
        language=client_of_sofia.preferred_language,
        home=luxembourg,
        user=personas.interpreter,
    )
    appointment = make_request(client=client_of_sofia)
    [offer_id] = tasks.match_request.apply(args=[appointment.pk]).get()
    pending = PendingNotice.objects.get(telling="new_offer")

    with translation.override("fr"):
        tasks.tell_notice.apply(args=[pending.pk]).get()

    assert "Arabisch" in Notification.objects.get(recipient=personas.interpreter).body
