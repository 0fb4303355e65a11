"""The outbox: a notice is written with the change it tells of, and told even when the job
that should tell it is lost; e-mails are retried, then given up and shown."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from lisko.appointments.models import Assignment
from lisko.appointments.services import create_offer
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.notifications import outbox
from lisko.notifications.models import Delivery, Notification, PendingNotice
from lisko.notifications.services import DELIVERY_ATTEMPTS, deliver, send_due_deliveries
from tests.conftest import Personas
from tests.factories.interpreting import AppointmentFactory

pytestmark = pytest.mark.django_db
LATER = dt.timedelta(minutes=5)


@pytest.fixture
def offer(client_of_sofia: Client, ivan: Interpreter, personas: Personas) -> Assignment:
    appointment = AppointmentFactory(
        client=client_of_sofia,
        language=client_of_sofia.preferred_language,
        status="requested",
        booked_by=personas.social_worker,
    )
    return create_offer(appointment=appointment, interpreter=ivan, by=personas.coordinator)


def test_an_offer_leaves_a_pending_notice_in_its_own_transaction(offer: Assignment) -> None:
    [pending] = PendingNotice.objects.all()

    assert pending.telling == "new_offer"
    assert pending.arguments == {"assignment_id": offer.pk}
    assert pending.told_at is None


def test_a_notice_whose_job_was_lost_is_told_by_the_sweep(
    offer: Assignment, personas: Personas
) -> None:
    told = outbox.tell_untold(now=timezone.now() + LATER)

    assert told == 1
    notice = Notification.objects.get(recipient=personas.interpreter)
    assert notice.kind == Notification.Kind.NEW_OFFER
    assert PendingNotice.objects.get().told_at is not None


def test_the_sweep_leaves_a_fresh_notice_to_its_job(offer: Assignment) -> None:
    assert outbox.tell_untold(now=timezone.now()) == 0
    assert not Notification.objects.exists()


def test_a_notice_told_twice_reaches_its_reader_once(offer: Assignment) -> None:
    pending = PendingNotice.objects.get()

    outbox.tell_pending(pending.pk)
    outbox.tell_pending(pending.pk)
    PendingNotice.objects.filter(pk=pending.pk).update(told_at=None)
    outbox.tell_pending(pending.pk)

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_teller_that_keeps_failing_is_given_up_after_five_attempts(offer: Assignment) -> None:
    pending = PendingNotice.objects.get()
    broken = mock.Mock(side_effect=RuntimeError("template missing"))

    with mock.patch.dict(outbox.TELLERS, {"new_offer": broken}):
        for _ in range(outbox.ATTEMPTS + 2):
            outbox.tell_untold(now=timezone.now() + LATER)

    pending.refresh_from_db()
    assert broken.call_count == outbox.ATTEMPTS
    assert pending.failed_at is not None and pending.told_at is None
    assert pending.last_error == "template missing"


def test_an_unknown_telling_is_refused() -> None:
    with pytest.raises(ValueError):
        outbox.announce("no_such_notice", assignment_id=1)


def test_a_failed_email_is_tried_again_later(offer: Assignment) -> None:
    pending = PendingNotice.objects.get()
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")
    ):
        outbox.tell_pending(pending.pk)
    delivery = Delivery.objects.get(channel="email")
    assert delivery.sent_at is None and delivery.attempts == 1
    assert delivery.due_at is not None and delivery.due_at > timezone.now()
    assert delivery.last_error == "smtp down"

    assert send_due_deliveries(now=delivery.due_at + dt.timedelta(seconds=1)) == 1

    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.due_at is None
    assert len(mail.outbox) == 1


def test_an_email_that_keeps_failing_is_given_up_and_shown(offer: Assignment) -> None:
    outbox.tell_pending(PendingNotice.objects.get().pk)
    delivery = Delivery.objects.get(channel="email")
    Delivery.objects.filter(pk=delivery.pk).update(
        sent_at=None, due_at=timezone.now(), attempts=DELIVERY_ATTEMPTS - 1
    )

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        deliver(delivery=delivery)

    delivery.refresh_from_db()
    assert delivery.failed_at is not None and delivery.due_at is None


def test_an_email_held_by_a_worker_that_died_is_sent_after_the_lease(offer: Assignment) -> None:
    outbox.tell_pending(PendingNotice.objects.get().pk)
    held_until = timezone.now() + dt.timedelta(minutes=10)
    Delivery.objects.filter(channel="email").update(sent_at=None, due_at=held_until)
    mail.outbox.clear()

    assert send_due_deliveries(now=timezone.now()) == 0
    assert send_due_deliveries(now=held_until + dt.timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 1


def test_no_delivery_is_made_for_a_person_without_an_address(
    offer: Assignment, personas: Personas
) -> None:
    personas.interpreter.email = ""
    personas.interpreter.save()

    outbox.tell_pending(PendingNotice.objects.get().pk)

    assert Notification.objects.filter(recipient=personas.interpreter).exists()
    assert not Delivery.objects.exists()


def test_the_per_minute_sweep_tells_delivers_and_texts_what_is_due() -> None:
    from workers.tasks import send_due_notices

    assert send_due_notices() == {
        "told": 0,
        "delivered": 0,
        "client_messages": 0,
        "welcome_invitations": 0,
    }
