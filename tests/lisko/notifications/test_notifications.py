"""Notices in the app and by e-mail, in the recipient's language, once per event."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import mark_unfilled
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.notifications.models import Notification
from lisko.notifications.selectors import unread_for
from lisko.notifications.services import (
    mark_read,
    send_reminders,
    tell_new_offer,
    tell_unfilled,
    tell_withdrawn,
)
from tests.conftest import Personas
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory

pytestmark = pytest.mark.django_db
State = Assignment.State


@pytest.fixture
def offer(client_of_sofia: Client, ivan: Interpreter) -> Assignment:
    appointment = AppointmentFactory(
        client=client_of_sofia, language=client_of_sofia.preferred_language
    )
    return AssignmentFactory(appointment=appointment, interpreter=ivan)


def test_an_interpreter_is_told_of_a_new_offer_in_their_own_language(
    offer: Assignment, personas: Personas
) -> None:
    personas.interpreter.language = "de"
    personas.interpreter.save()

    notice = tell_new_offer(assignment_id=offer.pk)

    assert notice is not None and notice.recipient == personas.interpreter
    assert "Arabisch" in notice.body
    assert notice.kind == Notification.Kind.NEW_OFFER
    assert [message.to for message in mail.outbox] == [[personas.interpreter.email]]
    assert notice.deliveries.get(channel="email").sent_at is not None


def test_an_english_reader_gets_the_english_text(offer: Assignment) -> None:
    notice = tell_new_offer(assignment_id=offer.pk)

    assert notice is not None and "Arabic" in notice.body
    assert notice.title.startswith("New offer")


def test_telling_twice_makes_one_notice_and_one_email(offer: Assignment) -> None:
    tell_new_offer(assignment_id=offer.pk)
    tell_new_offer(assignment_id=offer.pk)

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_offer_closed_before_the_job_ran_is_not_announced(offer: Assignment) -> None:
    Assignment.objects.filter(pk=offer.pk).update(state=State.WITHDRAWN)

    assert tell_new_offer(assignment_id=offer.pk) is None


def test_a_cancellation_is_announced_to_the_interpreter(offer: Assignment) -> None:
    Assignment.objects.filter(pk=offer.pk).update(state=State.WITHDRAWN)

    notice = tell_withdrawn(assignment_id=offer.pk, reason="cancelled")

    assert notice is not None and notice.kind == Notification.Kind.CANCELLED
    assert "cancelled" in notice.body


# Taken by someone else ------------------------------------------------------------------


@pytest.fixture
def taken(offer: Assignment) -> Assignment:
    """Ivan's offer, closed because another interpreter accepted the appointment first."""
    Assignment.objects.filter(pk=offer.pk).update(state=State.WITHDRAWN)
    return offer


def test_an_interpreter_whose_offer_someone_else_took_is_told_so(
    taken: Assignment, personas: Personas
) -> None:
    notice = tell_withdrawn(assignment_id=taken.pk, reason="taken")

    assert notice is not None and notice.recipient == personas.interpreter
    assert notice.kind == Notification.Kind.TAKEN
    assert notice.title == "Already taken: Social counselling"
    assert notice.body.startswith(
        "Someone else was first to accept the appointment Social counselling in Arabic on "
    )
    assert "Nothing more is needed from you." in notice.body
    assert [message.to for message in mail.outbox] == [[personas.interpreter.email]]


def test_the_taken_notice_is_in_the_interpreters_language(
    taken: Assignment, personas: Personas
) -> None:
    personas.interpreter.language = "de"
    personas.interpreter.save()

    notice = tell_withdrawn(assignment_id=taken.pk, reason="taken")

    assert notice is not None and notice.title == "Bereits vergeben: Sozialberatung"
    assert "Arabisch" in notice.body
    assert mail.outbox[0].subject == notice.title


def test_the_taken_notice_tells_nothing_of_the_client(taken: Assignment) -> None:
    client = taken.appointment.client

    notice = tell_withdrawn(assignment_id=taken.pk, reason="taken")

    assert notice is not None
    sent = f"{notice.title} {notice.body} {mail.outbox[0].subject} {mail.outbox[0].body}"
    for secret in (client.first_name, client.last_name, client.reference):
        assert secret not in sent


def test_telling_twice_that_it_was_taken_sends_one_notice(taken: Assignment) -> None:
    tell_withdrawn(assignment_id=taken.pk, reason="taken")
    tell_withdrawn(assignment_id=taken.pk, reason="taken")

    assert Notification.objects.filter(kind=Notification.Kind.TAKEN).count() == 1
    assert len(mail.outbox) == 1


def test_an_offer_still_open_is_not_announced_as_taken(offer: Assignment) -> None:
    assert tell_withdrawn(assignment_id=offer.pk, reason="taken") is None
    assert mail.outbox == []


def test_coordinators_and_the_social_worker_are_told_of_an_unfilled_request(
    client_of_sofia: Client, personas: Personas
) -> None:
    appointment = AppointmentFactory(
        client=client_of_sofia, language=client_of_sofia.preferred_language
    )
    mark_unfilled(appointment=appointment, reason_code="no_speaker", data={"language": "ara"})

    notices = tell_unfilled(appointment_id=appointment.pk)

    assert {notice.recipient for notice in notices} == {
        personas.coordinator,
        personas.social_worker,
    }
    assert "Nobody in the pool speaks Arabic" in notices[0].body


def test_reminders_go_out_once_for_bookings_within_a_day(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    now = timezone.now()
    soon = AppointmentFactory(
        client=client_of_sofia,
        start=now + dt.timedelta(hours=20),
        end=now + dt.timedelta(hours=21),
        status=Appointment.Status.CONFIRMED,
    )
    later = AppointmentFactory(
        client=client_of_sofia,
        start=now + dt.timedelta(hours=30),
        end=now + dt.timedelta(hours=31),
        status=Appointment.Status.CONFIRMED,
    )
    for appointment in (soon, later):
        AssignmentFactory(appointment=appointment, interpreter=ivan, state=State.ACCEPTED)

    assert send_reminders(now=now) == 1
    assert send_reminders(now=now) == 0
    assert Notification.objects.get().kind == Notification.Kind.REMINDER


def test_a_person_sees_only_their_own_unread_notices(offer: Assignment, personas: Personas) -> None:
    notice = tell_new_offer(assignment_id=offer.pk)
    assert notice is not None

    assert list(unread_for(user=personas.interpreter)) == [notice]
    assert list(unread_for(user=personas.coordinator)) == []
    mark_read(notification=notice, by=personas.coordinator)
    assert list(unread_for(user=personas.interpreter)) == [notice]
    mark_read(notification=notice, by=personas.interpreter)
    assert list(unread_for(user=personas.interpreter)) == []
