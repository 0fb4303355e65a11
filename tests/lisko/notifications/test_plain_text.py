"""Notices and e-mails are plain text, with dates written as the reader's language writes them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import mark_unfilled
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.notifications.services import send_reminders, tell_new_offer, tell_unfilled
from tests.conftest import Personas
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory

pytestmark = pytest.mark.django_db
LUXEMBOURG = ZoneInfo("Europe/Luxembourg")


def test_a_reminder_keeps_the_apostrophe_of_the_address(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    now = timezone.now()
    appointment = AppointmentFactory(
        client=client_of_sofia,
        start=now + dt.timedelta(hours=20),
        end=now + dt.timedelta(hours=21),
        status=Appointment.Status.CONFIRMED,
        address="Rue de l'Intégration 3",
    )
    AssignmentFactory(appointment=appointment, interpreter=ivan, state=Assignment.State.ACCEPTED)

    send_reminders(now=now)

    [message] = mail.outbox
    assert "Rue de l'Intégration 3" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body


def test_a_french_notice_is_not_html_escaped(client_of_sofia: Client, personas: Personas) -> None:
    personas.social_worker.language = "fr"
    personas.social_worker.save()
    appointment = AppointmentFactory(
        client=client_of_sofia, language=client_of_sofia.preferred_language
    )
    mark_unfilled(appointment=appointment, reason_code="no_speaker", data={"language": "ara"})

    notices = tell_unfilled(appointment_id=appointment.pk)

    [notice] = [notice for notice in notices if notice.recipient == personas.social_worker]
    assert "changer l'horaire" in notice.body
    assert "&#x27;" not in notice.body


def test_an_english_e_mail_writes_the_date_without_a_doubled_full_stop(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    start = dt.datetime(2026, 12, 2, 16, 30, tzinfo=LUXEMBOURG)
    appointment = AppointmentFactory(
        client=client_of_sofia,
        language=client_of_sofia.preferred_language,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    offer = AssignmentFactory(appointment=appointment, interpreter=ivan)

    notice = tell_new_offer(assignment_id=offer.pk)

    assert notice is not None
    assert "on Wednesday 2 December 2026, 16:30." in notice.body
    assert ".." not in notice.body and "p.m." not in notice.body


def test_a_german_e_mail_writes_the_date_the_german_way(
    client_of_sofia: Client, ivan: Interpreter, personas: Personas
) -> None:
    personas.interpreter.language = "de"
    personas.interpreter.save()
    start = dt.datetime(2026, 12, 2, 16, 30, tzinfo=LUXEMBOURG)
    appointment = AppointmentFactory(
        client=client_of_sofia,
        language=client_of_sofia.preferred_language,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    offer = AssignmentFactory(appointment=appointment, interpreter=ivan)

    notice = tell_new_offer(assignment_id=offer.pk)

    assert notice is not None
    assert "Mittwoch, 2. Dezember 2026, 16:30" in notice.body
