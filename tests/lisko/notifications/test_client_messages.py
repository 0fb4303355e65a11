"""Text messages to clients: only with their consent, in their language, with nothing of the
case in them; written once, retried, and shown on the staff's appointment page."""

import datetime as dt
import re
import smtplib
from collections.abc import Iterator
from string import Formatter
from unittest import mock

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer, cancel_appointment, change_appointment
from lisko.clients.models import Client, Consent
from lisko.interpreters.models import Interpreter
from lisko.notifications import client_messages, client_texts, outbox, sms
from lisko.notifications.models import ClientMessage, PendingNotice
from lisko.notifications.sms import SmsError, SmsRefused
from tests.conftest import Personas
from tests.factories.core import ClientFactory, LanguageFactory
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, in_days
from tests.factories.messages import ClientMessageFactory, MessagesConsentFactory

pytestmark = pytest.mark.django_db

# The languages the issue lists, by ISO 639-3 code: Arabic, Tigrinya, Dari, Farsi, Ukrainian,
# Russian, Somali, Turkish, Portuguese, Kurmanji, Pashto, French, German, English.
LISTED = ("ara", "tir", "prs", "pes", "ukr", "rus", "som", "tur", "por", "kmr", "pus", "fra")
LISTED += ("deu", "eng")
LAST_NAME = "Tesfamariam"
CASE_NOTES = "Fled in 2022; nightmares since the crossing."
NOTES_FOR_INTERPRETER = "Please be gentle: the hearing is about the asylum decision."


@pytest.fixture(autouse=True)
def sms_outbox(settings: object) -> Iterator[list[sms.SentSms]]:
    """Texts go to the console backend's outbox, empty at the start of each test."""
    settings.LISKO_SMS_BACKEND = "console"  # type: ignore[attr-defined]
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def make_client(personas: Personas, *, code: str = "tir", consent: bool = True) -> Client:
    client = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amanuel",
        last_name=LAST_NAME,
        preferred_language=LanguageFactory(code=code),
        phone="+352621123456",
        notes=CASE_NOTES,
    )
    if consent:
        MessagesConsentFactory(client=client)
    return client


def offered(client: Client, interpreter: Interpreter, **fields: object) -> Assignment:
    appointment = AppointmentFactory(
        client=client,
        language=client.preferred_language,
        status=Appointment.Status.OFFERED,
        kind=Appointment.Kind.THERAPY,
        notes_for_interpreter=NOTES_FOR_INTERPRETER,
        **fields,
    )
    return AssignmentFactory(appointment=appointment, interpreter=interpreter)


def tell_all() -> None:
    """Tell every pending notice now, as the worker would after the commit."""
    for pending_id in PendingNotice.objects.filter(told_at__isnull=True).values_list(
        "pk", flat=True
    ):
        outbox.tell_pending(pending_id)


def confirmed(personas: Personas, ivan: Interpreter, **fields: object) -> Appointment:
    assignment = offered(make_client(personas, **fields), ivan)
    accept_offer(assignment=assignment, by=personas.interpreter)
    tell_all()
    return assignment.appointment


# The texts themselves -------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("kind", client_texts.KINDS)
def test_every_kind_is_written_in_every_listed_language_with_the_same_placeholders(
    kind: str,
) -> None:
    texts = client_texts.TEXTS[kind]
    english = placeholders(texts["eng"])

    assert set(LISTED) <= set(texts)
    assert {language: placeholders(texts[language]) for language in texts} == dict.fromkeys(
        texts, english
    )
    assert set(texts) <= set(client_texts.LOCALES)


def test_a_language_without_texts_falls_back_to_english() -> None:
    assert client_texts.text_language("amh") == "eng"
    assert client_texts.text_language("ckb", "kur") == "eng"


def test_a_variety_is_written_to_in_its_macrolanguage() -> None:
    assert client_texts.text_language("apc", "ara") == "ara"
    assert client_texts.text_language("fas") == "pes"
    assert client_texts.text_language("prs", "fas") == "prs"


def test_french_texts_keep_a_narrow_space_before_double_punctuation() -> None:
    for kind in client_texts.KINDS:
        text = client_texts.TEXTS[kind]["fra"]
        assert not re.search(r"[^\u202f][:;!?]", text), text


def test_a_right_to_left_text_begins_with_a_right_to_left_mark() -> None:
    text = client_messages.render(
        client_texts.CANCELLED, "ara", name="Amal", when="9 ديسمبر", organisation="Red Cross"
    )

    assert text.startswith(client_texts.RLM)
    assert f"Red Cross{client_texts.RLM}" in text


def test_the_time_is_in_the_organisations_time_zone_as_the_language_writes_it() -> None:
    start = dt.datetime(2030, 12, 11, 13, 30, tzinfo=dt.UTC)  # 14:30 in Luxembourg

    assert client_messages.formatted_time(start, "deu") == "Mittwoch, 11. Dezember 2030, 14:30"
    assert client_messages.formatted_time(start, "eng") == (
        "Wednesday, December 11, 2030, 2:30\u202fPM"
    )


# Consent and language -------------------------------------------------------------------------


def test_a_tigrinya_speaking_client_is_texted_in_tigrinya_when_the_booking_is_confirmed(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    appointment = confirmed(personas, ivan)

    [sent] = sms_outbox
    assert sent.to == "+352621123456"
    assert sent.text.startswith("ሰላም Amanuel፣ ቆጸራኹም ተረጋጊጹ ኣሎ፦")
    assert "Rue de la Gare 1, Luxembourg" in sent.text
    message = ClientMessage.objects.get()
    assert (message.appointment, message.kind, message.language) == (
        appointment,
        ClientMessage.Kind.CONFIRMED,
        "tir",
    )
    assert message.state == "sent"


def test_a_client_without_consent_is_sent_nothing(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    confirmed(personas, ivan, consent=False)

    assert sms_outbox == []
    assert not ClientMessage.objects.exists()


def test_a_withdrawn_consent_counts_as_none(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    client = make_client(personas)
    Consent.objects.filter(client=client).update(withdrawn_at=timezone.now())
    accept_offer(assignment=offered(client, ivan), by=personas.interpreter)
    tell_all()

    assert sms_outbox == []


def test_a_consent_withdrawn_before_a_retry_stops_the_message(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    with mock.patch.object(client_messages, "send_sms", side_effect=SmsError("away")):
        confirmed(personas, ivan)
    Consent.objects.update(withdrawn_at=timezone.now())

    client_messages.send_due_client_messages(now=timezone.now() + dt.timedelta(hours=1))

    message = ClientMessage.objects.get()
    assert sms_outbox == []
    assert (message.state, message.failure) == ("failed", ClientMessage.Failure.NO_CONSENT)


def test_a_client_without_a_phone_number_or_address_is_sent_nothing(
    personas: Personas, ivan: Interpreter
) -> None:
    client = make_client(personas)
    Client.objects.filter(pk=client.pk).update(phone="", email="")
    accept_offer(assignment=offered(client, ivan), by=personas.interpreter)
    tell_all()

    assert not ClientMessage.objects.exists()


def test_a_client_without_a_phone_number_is_written_to_by_email_in_their_language(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms], mailoutbox: list
) -> None:
    client = make_client(personas)
    Client.objects.filter(pk=client.pk).update(phone="", email="amanuel@example.org")
    accept_offer(assignment=offered(client, ivan), by=personas.interpreter)
    tell_all()

    message = ClientMessage.objects.get()
    assert (message.channel, message.to, message.state) == ("email", "amanuel@example.org", "sent")
    (mail,) = [m for m in mailoutbox if m.to == ["amanuel@example.org"]]
    assert mail.body == message.text
    assert mail.subject == personas.organisation.name
    assert message.language == "tir"
    assert not sms_outbox


def test_a_phone_number_goes_before_an_email_address(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    client = make_client(personas)
    Client.objects.filter(pk=client.pk).update(email="amanuel@example.org")
    accept_offer(assignment=offered(client, ivan), by=personas.interpreter)
    tell_all()

    assert ClientMessage.objects.get().channel == "sms"
    assert len(sms_outbox) == 1


def test_an_address_the_mail_server_refuses_for_good_is_given_up_at_once(
    personas: Personas, ivan: Interpreter
) -> None:
    client = make_client(personas)
    Client.objects.filter(pk=client.pk).update(phone="", email="amanuel@example.org")
    refusal = smtplib.SMTPRecipientsRefused({"amanuel@example.org": (550, b"no such user")})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refusal):
        accept_offer(assignment=offered(client, ivan), by=personas.interpreter)
        tell_all()

    message = ClientMessage.objects.get()
    assert (message.attempts, message.state) == (1, "failed")
    assert message.failure == ClientMessage.Failure.ADDRESS_REFUSED


def test_a_mail_server_away_is_retried(personas: Personas, ivan: Interpreter) -> None:
    client = make_client(personas)
    Client.objects.filter(pk=client.pk).update(phone="", email="amanuel@example.org")
    away = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=away):
        accept_offer(assignment=offered(client, ivan), by=personas.interpreter)
        tell_all()

    message = ClientMessage.objects.get()
    assert (message.attempts, message.sent_at, message.failed_at) == (1, None, None)
    assert message.due_at is not None


def test_a_language_without_texts_is_written_to_in_english(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    confirmed(personas, ivan, code="amh")

    [sent] = sms_outbox
    assert sent.text.startswith("Hello Amanuel, your appointment is booked:")
    assert ClientMessage.objects.get().language == "eng"


def test_a_levantine_arabic_speaker_is_written_to_in_arabic_right_to_left(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    arabic = LanguageFactory(code="ara")
    LanguageFactory(code="apc", parent=arabic)
    confirmed(personas, ivan, code="apc")

    [sent] = sms_outbox
    assert sent.text.startswith(client_texts.RLM + "مرحباً Amanuel")


def test_the_message_holds_nothing_of_the_case(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    confirmed(personas, ivan, code="eng")

    [sent] = sms_outbox
    for secret in (
        LAST_NAME,
        CASE_NOTES,
        NOTES_FOR_INTERPRETER,
        "Therapy",
        personas.social_worker.last_name,
        "Ivan",
    ):
        assert secret not in sent.text


@pytest.mark.parametrize("modality", ["phone", "video"])
def test_every_listed_language_says_how_a_call_without_a_link_takes_place(modality: str) -> None:
    assert set(client_texts.REMOTE_PLACES[modality]) == set(LISTED)


def test_a_phone_appointment_without_a_link_says_by_phone_not_the_town(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    client = make_client(personas, code="tir")
    assignment = offered(client, ivan, modality="phone", remote_link="")
    accept_offer(assignment=assignment, by=personas.interpreter)
    tell_all()

    [sent] = sms_outbox
    assert client_texts.REMOTE_PLACES["phone"]["tir"] in sent.text
    assert client.municipality.name not in sent.text


# Written once, retried, shown -----------------------------------------------------------------


def test_a_confirmation_told_twice_is_sent_once(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    confirmed(personas, ivan)
    PendingNotice.objects.update(told_at=None)
    tell_all()

    assert ClientMessage.objects.count() == 1
    assert len(sms_outbox) == 1


def test_a_failing_gateway_is_retried_with_backoff_then_shown_failed(
    personas: Personas, ivan: Interpreter
) -> None:
    with mock.patch.object(client_messages, "send_sms", side_effect=SmsError("503")) as gateway:
        confirmed(personas, ivan)
        message = ClientMessage.objects.get()
        assert message.due_at is not None and message.due_at > timezone.now()
        assert client_messages.send_due_client_messages(now=timezone.now()) == 0
        later = timezone.now()
        for _ in range(client_messages.MESSAGE_ATTEMPTS + 2):
            later += dt.timedelta(hours=1)
            client_messages.send_due_client_messages(now=later)

    message.refresh_from_db()
    assert gateway.call_count == client_messages.MESSAGE_ATTEMPTS
    assert (message.state, message.failure) == ("failed", ClientMessage.Failure.UNAVAILABLE)
    assert message.last_error == "503"


def test_a_refused_number_is_given_up_at_once(personas: Personas, ivan: Interpreter) -> None:
    with mock.patch.object(client_messages, "send_sms", side_effect=SmsRefused("21614")):
        confirmed(personas, ivan)

    message = ClientMessage.objects.get()
    assert (message.attempts, message.state) == (1, "failed")
    assert message.failure == ClientMessage.Failure.REFUSED


def test_a_message_that_went_through_on_a_retry_is_sent(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    with mock.patch.object(client_messages, "send_sms", side_effect=SmsError("timeout")):
        confirmed(personas, ivan)

    assert client_messages.send_due_client_messages(now=timezone.now() + dt.timedelta(hours=1))
    message = ClientMessage.objects.get()
    assert (message.state, message.attempts, message.last_error) == ("sent", 2, "")
    assert len(sms_outbox) == 1


def test_the_appointment_page_shows_what_became_of_each_message(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    appointment = confirmed(personas, ivan)
    ClientMessageFactory(
        appointment=appointment,
        kind=ClientMessage.Kind.CHANGED,
        failed_at=timezone.now(),
        due_at=None,
        failure=ClientMessage.Failure.REFUSED,
    )
    ClientMessageFactory(appointment=appointment, kind=ClientMessage.Kind.REMINDER)
    client.force_login(personas.social_worker)

    page = client.get(reverse("staff:appointment", args=[appointment.pk])).content.decode()

    assert "Messages to Amanuel" in page
    assert "Appointment confirmed: sent on" in page
    assert "Appointment changed: could not be delivered." in page
    assert "The text message service refused the phone number." in page
    assert "Reminder the day before: on its way." in page
    assert "+352621123456" not in page  # the number is on the client's page, not here


def test_the_appointment_page_says_when_the_client_did_not_consent(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    appointment = confirmed(personas, ivan, consent=False)
    client.force_login(personas.social_worker)

    page = client.get(reverse("staff:appointment", args=[appointment.pk])).content.decode()

    assert "Amanuel gets no messages: there is no consent" in page


# Changes, cancellations, reminders ------------------------------------------------------------


def test_a_new_time_is_told_to_a_client_who_knew_of_the_appointment(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    appointment = confirmed(personas, ivan, code="deu")
    start = in_days(9, 15)
    change_appointment(
        appointment=appointment,
        by=personas.social_worker,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    tell_all()

    assert [message.kind for message in ClientMessage.objects.all()] == ["confirmed", "changed"]
    assert sms_outbox[-1].text.startswith("Hallo Amanuel, Ihr Termin hat sich geändert.")
    assert "15:00" in sms_outbox[-1].text


def test_a_change_nobody_told_the_client_of_is_not_texted(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    assignment = offered(make_client(personas), ivan)
    change_appointment(
        appointment=assignment.appointment, by=personas.social_worker, address="Rue Neuve 3"
    )
    tell_all()

    assert sms_outbox == []


def test_a_change_of_the_kind_only_is_not_texted(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    appointment = confirmed(personas, ivan)
    change_appointment(appointment=appointment, by=personas.social_worker, kind="medical")
    tell_all()

    assert len(sms_outbox) == 1


def test_a_cancellation_is_told_once(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    appointment = confirmed(personas, ivan, code="ukr")
    cancel_appointment(appointment=appointment, by=personas.social_worker, reason="ill")
    tell_all()
    PendingNotice.objects.update(told_at=None)
    tell_all()

    assert [message.kind for message in ClientMessage.objects.all()] == [
        "confirmed",
        "cancelled",
    ]
    assert sms_outbox[-1].text.startswith("Вітаємо, Amanuel! Вашу зустріч скасовано:")


def test_the_reminder_goes_out_the_day_before_and_once(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    appointment = confirmed(personas, ivan, code="tur")
    day_before = appointment.start - dt.timedelta(hours=23)

    assert client_messages.send_client_reminders(now=appointment.start - dt.timedelta(days=3)) == 0
    assert client_messages.send_client_reminders(now=day_before) == 1
    assert client_messages.send_client_reminders(now=day_before + dt.timedelta(hours=1)) == 0

    assert sms_outbox[-1].text.startswith("Merhaba Amanuel, randevunuzu hatırlatırız:")
    assert ClientMessage.objects.filter(kind="reminder").count() == 1


def test_a_booking_confirmed_within_the_last_day_gets_no_reminder(
    personas: Personas, ivan: Interpreter, sms_outbox: list[sms.SentSms]
) -> None:
    assignment = offered(make_client(personas), ivan, start=timezone.now() + dt.timedelta(hours=5))
    accept_offer(assignment=assignment, by=personas.interpreter)
    tell_all()

    assert client_messages.send_client_reminders() == 0
    assert len(sms_outbox) == 1


def test_no_reminder_without_consent(personas: Personas, ivan: Interpreter) -> None:
    appointment = confirmed(personas, ivan)
    Consent.objects.update(withdrawn_at=timezone.now())

    assert client_messages.send_client_reminders(now=appointment.start - dt.timedelta(hours=2)) == 0


def test_the_reminder_sweep_of_the_worker_texts_clients(
    personas: Personas, ivan: Interpreter
) -> None:
    from workers.tasks import send_reminders

    appointment = confirmed(personas, ivan)
    with mock.patch.object(timezone, "now", return_value=appointment.start - dt.timedelta(hours=2)):
        assert send_reminders.apply().get()["client_messages"] == 1
