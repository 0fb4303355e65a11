"""Web Push to the interpreter's phone, against a push service of our own on loopback: the
message is signed with the installation's VAPID key and encrypted for the phone alone."""

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import create_offer
from lisko.clients.models import Client
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.notifications import outbox
from lisko.notifications.models import Delivery, PendingNotice, PushSubscription
from lisko.notifications.services import subscribe_push
from lisko.notifications.vapid import generate_key_pair
from tests.conftest import Personas
from tests.factories.interpreting import AppointmentFactory

pytestmark = pytest.mark.django_db


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService:
    """Answers every push with `status` and keeps what it received."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append((self.path, headers, body))
                self.send_response(service.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def push_service(settings) -> Iterator[PushService]:
    private, public = generate_key_pair()
    settings.LISKO_VAPID_PRIVATE_KEY = private
    settings.LISKO_VAPID_PUBLIC_KEY = public
    settings.LISKO_PUSH_ALLOW_HTTP = True
    service = PushService()
    yield service
    service.server.shutdown()


class Phone:
    """The browser's side of a push subscription: its key pair and auth secret."""

    def __init__(self) -> None:
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.auth = b"0123456789abcdef"
        self.public = self.private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def read(self, body: bytes) -> dict[str, str]:
        return json.loads(http_ece.decrypt(body, private_key=self.private, auth_secret=self.auth))


@pytest.fixture
def phone(push_service: PushService, personas: Personas) -> Phone:
    phone = Phone()
    subscribe_push(
        by=personas.interpreter,
        endpoint=f"{push_service.url}/push/ivan-phone",
        p256dh=b64(phone.public),
        auth=b64(phone.auth),
    )
    return phone


def offer_to(ivan: Interpreter, client: Client, personas: Personas) -> Assignment:
    appointment = AppointmentFactory(
        client=client, language=client.preferred_language, status=Appointment.Status.REQUESTED
    )
    return create_offer(appointment=appointment, interpreter=ivan, by=personas.coordinator)


def test_a_new_offer_reaches_the_phone_signed_and_encrypted(
    push_service: PushService,
    phone: Phone,
    ivan: Interpreter,
    client_of_sofia: Client,
    personas: Personas,
    settings,
) -> None:
    offer_to(ivan, client_of_sofia, personas)

    outbox.tell_pending(PendingNotice.objects.get().pk)

    [(path, headers, body)] = push_service.received
    assert path == "/push/ivan-phone"
    assert headers["authorization"].startswith("vapid t=")
    assert headers["authorization"].endswith(f"k={settings.LISKO_VAPID_PUBLIC_KEY}")
    assert headers["content-encoding"] == "aes128gcm"
    message = phone.read(body)
    assert message["title"].startswith("New offer")
    assert message["url"] == "/me/"
    assert Delivery.objects.get(channel="push").sent_at is not None


def test_a_phone_the_push_service_has_forgotten_is_forgotten_too(
    push_service: PushService, phone: Phone, ivan: Interpreter, client_of_sofia: Client, personas
) -> None:
    push_service.status = 410
    offer_to(ivan, client_of_sofia, personas)

    outbox.tell_pending(PendingNotice.objects.get().pk)

    assert not PushSubscription.objects.exists()
    assert Delivery.objects.get(channel="push").failed_at is not None


def test_a_push_service_that_is_down_is_tried_again(
    push_service: PushService, phone: Phone, ivan: Interpreter, client_of_sofia: Client, personas
) -> None:
    push_service.status = 503
    offer_to(ivan, client_of_sofia, personas)

    outbox.tell_pending(PendingNotice.objects.get().pk)

    delivery = Delivery.objects.get(channel="push")
    assert delivery.sent_at is None and delivery.failed_at is None and delivery.due_at
    assert PushSubscription.objects.exists()


def test_without_a_vapid_key_no_push_is_attempted(
    phone: Phone, ivan: Interpreter, client_of_sofia: Client, personas, settings
) -> None:
    settings.LISKO_VAPID_PRIVATE_KEY = ""
    offer_to(ivan, client_of_sofia, personas)

    outbox.tell_pending(PendingNotice.objects.get().pk)

    assert not Delivery.objects.filter(channel="push").exists()


@pytest.mark.parametrize(
    ("endpoint", "p256dh", "auth"),
    [
        ("ftp://push.example/1", None, None),
        ("https://push.example/" + "x" * 500, None, None),
        ("https://push.example/1", "not-a-key", None),
        ("https://push.example/1", None, "short"),
    ],
)
def test_a_subscription_with_bad_parts_is_refused(
    personas: Personas, endpoint: str, p256dh: str | None, auth: str | None
) -> None:
    phone = Phone()
    with pytest.raises(DomainError):
        subscribe_push(
            by=personas.interpreter,
            endpoint=endpoint,
            p256dh=p256dh or b64(phone.public),
            auth=auth or b64(phone.auth),
        )
    assert not PushSubscription.objects.exists()
