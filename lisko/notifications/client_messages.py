"""Messages to clients about their appointments, only where they consented to them: by text
message to a phone number Lisko can text, else by e-mail where the client has an address.

Four kinds (lisko/notifications/client_texts.py holds the words): the booking is confirmed
(an interpreter accepted), a reminder the day before, a change of time or place, a
cancellation. The appointment services announce the first, third and fourth through the outbox
(`announce("client_confirmed", …)`), so a message is never lost with a lost job; the reminder
sweep writes the second. `write_client_message` writes each once per key and sends it; a
message that fails is retried by the sweep with the discipline of lisko/notifications/
sending.py, then shown failed on the staff's appointment page.

A change or a cancellation is told only to a client who was told of the appointment before:
a client never hears of a draft's new time, or of the cancellation of a booking they did not
know of.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client, Consent
from lisko.notifications import client_texts
from lisko.notifications.channels import AddressRefused, NotReachable, send_plain_email
from lisko.notifications.models import ClientMessage
from lisko.notifications.sending import Outcome, send_once
from lisko.notifications.sms import SmsRefused, send_sms

logger = logging.getLogger(__name__)

Kind = ClientMessage.Kind
# Sent a day ahead, as interpreters are reminded.
REMINDER_BEFORE = dt.timedelta(hours=24)
MESSAGE_ATTEMPTS = 5
MESSAGE_LEASE = dt.timedelta(minutes=10)


class NoConsent(NotReachable):
    """The client withdrew their consent (or it expired) before the message went out."""


# Who may be written to ------------------------------------------------------------------------


def consents_to_messages(client: Client, *, at: dt.datetime | None = None) -> bool:
    """Whether `client` stands by a consent to messages about appointments at `at` (now)."""
    return (
        Consent.objects.valid(at)
        .filter(client=client, purpose=Consent.Purpose.APPOINTMENT_MESSAGES)
        .exists()
    )


def _address_of(client: Client) -> tuple[str, str]:
    """(channel, address) a message to `client` goes to; ("", "") when there is none."""
    phone = _phone_of(client)
    if phone:
        return ClientMessage.Channel.SMS, phone
    if client.email.strip():
        return ClientMessage.Channel.EMAIL, client.email.strip()
    return "", ""


def _phone_of(client: Client) -> str:
    """The client's number in E.164, or "" when there is none Lisko can text."""
    from lisko.clients.services import normalised_phone
    from lisko.core.errors import DomainError

    try:
        return normalised_phone(client.phone)
    except DomainError:  # a number kept from before numbers were checked
        return ""


# What the message says ------------------------------------------------------------------------


def formatted_time(start: dt.datetime, language: str) -> str:
    """The start in the organisation's time zone, as the language writes a date and a time."""
    locale = Locale.parse(client_texts.LOCALES[language])
    local = start.astimezone(ZoneInfo(settings.TIME_ZONE))
    pattern = str(locale.datetime_formats["full"])
    date = format_date(local, "full", locale=locale)
    time = format_time(local, "short", locale=locale)
    return pattern.replace("{1}", date).replace("{0}", time)


def place_of(appointment: Appointment, language: str = client_texts.FALLBACK) -> str:
    """Where the client goes: the address on site, the call link for a call, "by phone" (in
    `language`) for a call with no link (the organisation calls), else the town."""
    if appointment.modality != "on_site":
        if appointment.remote_link.strip():
            return appointment.remote_link.strip()
        places = client_texts.REMOTE_PLACES.get(appointment.modality)
        if places is not None:
            return places.get(language, places[client_texts.FALLBACK])
    town = appointment.municipality.name if appointment.municipality is not None else ""
    place = ", ".join(part for part in (appointment.address.strip(), town) if part)
    return place or appointment.organisation.name


def render(kind: str, language: str, **values: str) -> str:
    """The text of `kind` in `language` with `values` put in; right-to-left texts marked."""
    template = client_texts.TEXTS[kind][language]
    if language in client_texts.RIGHT_TO_LEFT:
        # A Latin address or link followed by RTL punctuation would pull it to the left.
        values = {name: f"{value}{client_texts.RLM}" for name, value in values.items()}
        return client_texts.RLM + template.format(**values)
    return template.format(**values)


def message_text(appointment: Appointment, kind: str, language: str) -> str:
    """The whole message: the client's first name, the time, the place, who writes. Nothing
    else (no kind of appointment, no last name, no notes)."""
    values = {
        "name": appointment.client.first_name,
        "when": formatted_time(appointment.start, language),
        "organisation": appointment.organisation.name,
    }
    if kind != Kind.CANCELLED:
        values["where"] = place_of(appointment, language)
    return render(kind, language, **values)


def language_for(client: Client) -> str:
    """The ISO 639-3 code of the language `client` is written to (English if none fits)."""
    language = client.preferred_language
    parent = language.parent.code if language.parent is not None else None
    return client_texts.text_language(language.code, parent)


# Writing and sending --------------------------------------------------------------------------


def write_client_message(
    *, appointment: Appointment, kind: str, key: str, now: dt.datetime | None = None
) -> ClientMessage | None:
    """Write the message `kind` about `appointment` to its client (once per `key`) and send
    it; None when the client does not consent to messages or can be reached neither by text
    message nor by e-mail."""
    now = now or timezone.now()
    existing = ClientMessage.objects.filter(key=key).first()
    if existing is None:
        client = appointment.client
        if not client.is_active or not consents_to_messages(client, at=now):
            return None
        channel, to = _address_of(client)
        if not to:
            return None
        language = language_for(client)
        try:
            with transaction.atomic():
                existing = ClientMessage.objects.create(
                    client=client,
                    appointment=appointment,
                    kind=kind,
                    key=key,
                    channel=channel,
                    language=language,
                    to=to,
                    text=message_text(appointment, kind, language),
                    due_at=now,
                )
        except IntegrityError:  # the same job, running twice at once, got there first
            existing = ClientMessage.objects.get(key=key)
    send_client_message(message_id=existing.pk, now=now)
    existing.refresh_from_db()
    return existing


def _send(message: ClientMessage) -> None:
    if not consents_to_messages(message.client):
        raise NoConsent("no consent to messages")
    if message.channel == ClientMessage.Channel.EMAIL:
        # The organisation's name as the subject: the text itself says what it is about, in
        # the client's language, and a subject says nothing more that is sensitive.
        organisation = message.appointment.organisation.name
        send_plain_email(to=message.to, subject=organisation, body=message.text)
        return
    send_sms(to=message.to, text=message.text)


def _failure(message: ClientMessage, outcome: Outcome, error: Exception) -> dict[str, str]:
    if isinstance(error, NoConsent):
        return {"failure": ClientMessage.Failure.NO_CONSENT}
    if isinstance(error, AddressRefused):
        return {"failure": ClientMessage.Failure.ADDRESS_REFUSED}
    if isinstance(error, SmsRefused | NotReachable):
        return {"failure": ClientMessage.Failure.REFUSED}
    if outcome is Outcome.GIVEN_UP:
        return {"failure": ClientMessage.Failure.UNAVAILABLE}
    return {}


def send_client_message(*, message_id: int, now: dt.datetime | None = None) -> bool:
    """Send one message to a client if it is due and nobody else is sending it; True if sent."""
    outcome = send_once(
        rows=ClientMessage.objects.select_related("client", "appointment__organisation"),
        pk=message_id,
        send=_send,
        now=now or timezone.now(),
        lease=MESSAGE_LEASE,
        attempts_allowed=MESSAGE_ATTEMPTS,
        permanent=(NotReachable, SmsRefused),
        on_failure=_failure,
    )
    return outcome is Outcome.SENT


def send_due_client_messages(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The sweep: send the messages to clients that are due again (retries, lost leases)."""
    now = now or timezone.now()
    due = ClientMessage.objects.filter(due_at__lte=now, sent_at__isnull=True).order_by("due_at")
    return sum(
        send_client_message(message_id=pk, now=now)
        for pk in due.values_list("pk", flat=True)[:limit]
    )


def _knew_of(appointment: Appointment) -> bool:
    """Whether the client was written to about this appointment before."""
    return ClientMessage.objects.filter(appointment=appointment).exists()


def _appointment(appointment_id: int) -> Appointment | None:
    return (
        Appointment.objects.select_related(
            "client__preferred_language__parent", "municipality", "organisation"
        )
        .filter(pk=appointment_id)
        .first()
    )


# Tellers: what the outbox tells (lisko/notifications/outbox.TELLERS) ------------------------


def tell_client_confirmed(*, assignment_id: int) -> ClientMessage | None:
    """Tell the client their appointment is confirmed, once an interpreter accepted it."""
    assignment = (
        Assignment.objects.filter(
            pk=assignment_id,
            state__in=(Assignment.State.ACCEPTED, Assignment.State.DONE),
            appointment__status=Appointment.Status.CONFIRMED,
        )
        .only("appointment_id")
        .first()
    )
    if assignment is None or (appointment := _appointment(assignment.appointment_id)) is None:
        return None
    return write_client_message(
        appointment=appointment, kind=Kind.CONFIRMED, key=f"confirmed:{assignment_id}"
    )


def tell_client_changed(*, appointment_id: int, version: str) -> ClientMessage | None:
    """Tell the client the new time or place of an appointment they knew of; `version` marks
    the change, so that each change is told once."""
    appointment = _appointment(appointment_id)
    if appointment is None or appointment.status in (
        Appointment.Status.CANCELLED,
        Appointment.Status.DONE,
    ):
        return None
    if not _knew_of(appointment):
        return None
    return write_client_message(
        appointment=appointment, kind=Kind.CHANGED, key=f"changed:{appointment_id}:{version}"
    )


def tell_client_cancelled(*, appointment_id: int) -> ClientMessage | None:
    """Tell the client that an appointment they knew of is cancelled."""
    appointment = _appointment(appointment_id)
    if appointment is None or appointment.status != Appointment.Status.CANCELLED:
        return None
    if not _knew_of(appointment):
        return None
    return write_client_message(
        appointment=appointment, kind=Kind.CANCELLED, key=f"cancelled:{appointment_id}"
    )


# The reminder sweep -------------------------------------------------------------------------


def send_client_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind clients of their confirmed appointments that start within the next 24 hours;
    once per appointment and time. A client written to within that window already (booked
    or moved at short notice) has just read the time and is not texted again."""
    now = now or timezone.now()
    due = (
        Appointment.objects.filter(
            status=Appointment.Status.CONFIRMED,
            start__gt=now,
            start__lte=now + REMINDER_BEFORE,
            client__is_active=True,
        )
        # One filter() call: the purpose and the validity must hold for the same consent.
        .filter(
            Q(client__consents__purpose=Consent.Purpose.APPOINTMENT_MESSAGES)
            & Consent.valid_q(at=now, prefix="client__consents__")
        )
        .select_related("client__preferred_language__parent", "municipality", "organisation")
        .distinct()
        .order_by("start")
    )
    sent = 0
    for appointment in due[:1000]:
        key = f"reminder:{appointment.pk}:{appointment.start:%Y%m%d%H%M}"
        recent = ClientMessage.objects.filter(
            appointment=appointment, created_at__gt=appointment.start - REMINDER_BEFORE
        )
        if ClientMessage.objects.filter(key=key).exists() or recent.exists():
            continue
        if write_client_message(appointment=appointment, kind=Kind.REMINDER, key=key, now=now):
            sent += 1
    return sent
