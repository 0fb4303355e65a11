"""Factories for text messages to clients: the consent they need, and the messages."""

import factory
from django.utils import timezone

from lisko.clients.models import Consent
from lisko.notifications.models import ClientMessage
from tests.factories.core import ConsentFactory
from tests.factories.interpreting import AppointmentFactory


class MessagesConsentFactory(ConsentFactory):
    """The client's standing consent to text messages about their appointments."""

    purpose = Consent.Purpose.APPOINTMENT_MESSAGES


class ClientMessageFactory(factory.django.DjangoModelFactory):
    """A message to a client, due now; pass sent_at or failed_at for later stages."""

    class Meta:
        model = ClientMessage

    appointment = factory.SubFactory(AppointmentFactory)
    client = factory.SelfAttribute("appointment.client")
    kind = ClientMessage.Kind.CONFIRMED
    key = factory.Sequence(lambda n: f"test:{n}")
    language = "eng"
    to = "+352621123456"
    text = "Hello, your appointment is booked."
    due_at = factory.LazyFunction(timezone.now)
