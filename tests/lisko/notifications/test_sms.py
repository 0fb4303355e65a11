"""The SMS gateway: the console backend, the Twilio adapter against a local fake of its API,
and the phone numbers texts go to (E.164, refused when they are not numbers)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.clients.models import Client
from lisko.clients.services import create_client, update_client
from lisko.core.errors import DomainError
from lisko.notifications import sms
from lisko.notifications.sms import SmsError, SmsRefused, TwilioBackend
from tests.conftest import Personas
from tests.factories.core import ClientFactory, LanguageFactory, MunicipalityFactory

ACCOUNT = "AC" + "0" * 32


@pytest.fixture(autouse=True)
def _console(settings: Any) -> Iterator[None]:
    settings.LISKO_SMS_BACKEND = "console"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


# The console backend --------------------------------------------------------------------------


def test_the_console_backend_keeps_and_logs_each_message(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="lisko.notifications.sms"):
        sid = sms.send_sms(to="+352621123456", text="ሰላም Amanuel")

    assert sms.outbox == [sms.SentSms(to="+352621123456", text="ሰላም Amanuel")]
    assert sid == "console-1"
    assert "ሰላም Amanuel" in caplog.text


def test_the_disabled_backend_refuses_every_message(settings: Any) -> None:
    settings.LISKO_SMS_BACKEND = "disabled"

    with pytest.raises(SmsRefused):
        sms.send_sms(to="+352621123456", text="Hello")


def test_an_unknown_backend_is_a_clear_error(settings: Any) -> None:
    settings.LISKO_SMS_BACKEND = "pigeon"

    with pytest.raises(SmsError, match="Unknown LISKO_SMS_BACKEND"):
        sms.send_sms(to="+352621123456", text="Hello")


def test_twilio_without_credentials_is_a_clear_error() -> None:
    with pytest.raises(SmsError, match="ACCOUNT_SID"):
        TwilioBackend(account_sid="", auth_token="", sender="+352000")


# Twilio, against a fake of its API on this machine --------------------------------------------


class FakeTwilio(BaseHTTPRequestHandler):
    """Answers POST /2010-04-01/Accounts/<sid>/Messages.json as Twilio does; `answer` is the
    status and body the next request gets, `requests` what arrived."""

    answer: tuple[int, dict[str, Any]] = (201, {})
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = {
            key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()
        }
        FakeTwilio.requests.append(
            {"path": self.path, "form": form, "auth": self.headers.get("Authorization", "")}
        )
        status, body = FakeTwilio.answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def twilio(monkeypatch: pytest.MonkeyPatch) -> Iterator[TwilioBackend]:
    # requests would send even a local address through a proxy set in the environment.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTwilio.requests = []
    FakeTwilio.answer = (201, {"sid": "SM" + "1" * 32, "status": "queued"})
    yield TwilioBackend(
        account_sid=ACCOUNT,
        auth_token="secret",
        sender="+352661000000",
        base_url=f"http://127.0.0.1:{server.server_port}",
        timeout=5,
    )
    server.shutdown()
    server.server_close()


def test_twilio_receives_the_number_the_sender_and_the_text(twilio: TwilioBackend) -> None:
    sid = twilio.send("+352621123456", "ሰላም Amanuel፣ ቆጸራኹም ተረጋጊጹ ኣሎ")

    [request] = FakeTwilio.requests
    assert sid == "SM" + "1" * 32
    assert request["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert request["form"] == {
        "To": "+352621123456",
        "From": "+352661000000",
        "Body": "ሰላም Amanuel፣ ቆጸራኹም ተረጋጊጹ ኣሎ",
    }
    assert request["auth"].startswith("Basic ")


def test_a_number_twilio_refuses_is_refused_for_good(twilio: TwilioBackend) -> None:
    FakeTwilio.answer = (400, {"code": 21211, "message": "Invalid 'To' Phone Number"})

    with pytest.raises(SmsRefused, match="21211"):
        twilio.send("+352621123456", "Hello")


def test_a_twilio_outage_may_be_retried(twilio: TwilioBackend) -> None:
    FakeTwilio.answer = (503, {"code": 20503, "message": "Service unavailable"})

    with pytest.raises(SmsError) as error:
        twilio.send("+352621123456", "Hello")

    assert not isinstance(error.value, SmsRefused)


def test_an_unreachable_twilio_may_be_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with HTTPServer(("127.0.0.1", 0), FakeTwilio) as closed:
        port = closed.server_port  # bound, then closed: nothing listens there
    backend = TwilioBackend(
        account_sid=ACCOUNT,
        auth_token="secret",
        sender="+352661000000",
        base_url=f"http://127.0.0.1:{port}",
        timeout=2,
    )

    with pytest.raises(SmsError, match="unreachable") as error:
        backend.send("+352621123456", "Hello")

    assert not isinstance(error.value, SmsRefused)


def test_the_twilio_setting_builds_the_adapter(settings: Any) -> None:
    settings.LISKO_SMS_BACKEND = "twilio"
    settings.LISKO_SMS_TWILIO_ACCOUNT_SID = ACCOUNT
    settings.LISKO_SMS_TWILIO_AUTH_TOKEN = "secret"
    settings.LISKO_SMS_FROM = "Lisko"

    backend = sms.backend()

    assert isinstance(backend, TwilioBackend) and backend.sender == "Lisko"


# Phone numbers --------------------------------------------------------------------------------


def new_client(personas: Personas, **fields: Any) -> Client:
    return create_client(
        organisation=personas.organisation,
        by=personas.social_worker,
        reference="RC-0042",
        first_name="Amanuel",
        last_name="Tesfamariam",
        municipality=MunicipalityFactory(),
        preferred_language=LanguageFactory(code="tir"),
        **fields,
    )


@pytest.mark.django_db
def test_a_phone_number_is_kept_in_e164(personas: Personas) -> None:
    client = new_client(personas, phone="621 123 456")

    assert client.phone == "+352621123456"


@pytest.mark.django_db
def test_a_phone_number_with_another_country_code_is_kept_as_it_is(personas: Personas) -> None:
    client = new_client(personas, phone="0041 79 123 45 67")

    assert client.phone == "+41791234567"


@pytest.mark.django_db
def test_a_phone_number_that_is_not_one_is_refused_and_nothing_saved(personas: Personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, phone="12ab")

    assert error.value.code == "invalid_phone"
    assert str(error.value) == (
        "“12ab” is not a phone number. Write it with the country code, e.g. +352 621 123 456."
    )
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_a_changed_phone_number_is_checked(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    with pytest.raises(DomainError):
        update_client(client=client, by=personas.social_worker, phone="12ab")
    update_client(client=client, by=personas.social_worker, phone="+352 621 000 000")

    client.refresh_from_db()
    assert client.phone == "+352621000000"


@pytest.mark.django_db
def test_a_number_kept_from_before_does_not_block_other_changes(personas: Personas) -> None:
    client = ClientFactory(
        organisation=personas.organisation, social_worker=personas.social_worker, phone="+352 600"
    )

    update_client(client=client, by=personas.social_worker, phone="+352 600", notes="Met today")

    client.refresh_from_db()
    assert (client.phone, client.notes) == ("+352 600", "Met today")


@pytest.mark.django_db
def test_the_client_form_shows_the_refusal_at_the_phone_field(
    client: HttpClient, personas: Personas
) -> None:
    tigrinya = LanguageFactory(code="tir")
    amanuel = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        preferred_language=tigrinya,
        phone="+352621123456",
    )
    client.force_login(personas.social_worker)
    form = {
        "reference": amanuel.reference,
        "first_name": amanuel.first_name,
        "last_name": amanuel.last_name,
        "birth_date": amanuel.birth_date.isoformat() if amanuel.birth_date else "",
        "gender": amanuel.gender,
        "country_of_origin": "",
        "municipality": amanuel.municipality_id,
        "arrival_date": "",
        "residence_status": amanuel.residence_status,
        "preferred_language": "tir",
        "phone": "12ab",
        "notes": "",
    }

    response = client.post(reverse("staff:edit_client", args=[amanuel.pk]), form)

    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["form"].errors
    assert list(errors) == ["phone"]
    assert "is not a phone number" in errors["phone"][0]
    amanuel.refresh_from_db()
    assert amanuel.phone == "+352621123456"


@pytest.mark.django_db
def test_an_email_address_that_is_not_one_is_refused_and_nothing_saved(
    personas: Personas,
) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, email="amanuel at example")

    assert error.value.code == "invalid_email"
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_the_client_form_keeps_an_email_address(client: HttpClient, personas: Personas) -> None:
    LanguageFactory(code="tir")
    amanuel = ClientFactory(
        organisation=personas.organisation, social_worker=personas.social_worker
    )
    client.force_login(personas.social_worker)
    form = {
        "reference": amanuel.reference,
        "first_name": amanuel.first_name,
        "last_name": amanuel.last_name,
        "birth_date": amanuel.birth_date.isoformat() if amanuel.birth_date else "",
        "gender": amanuel.gender,
        "country_of_origin": "",
        "municipality": amanuel.municipality_id,
        "arrival_date": "",
        "residence_status": amanuel.residence_status,
        "preferred_language": "tir",
        "phone": "",
        "email": " amanuel@example.org ",
        "notes": "",
    }

    response = client.post(reverse("staff:edit_client", args=[amanuel.pk]), form)

    assert response.status_code == 302
    amanuel.refresh_from_db()
    assert amanuel.email == "amanuel@example.org"
