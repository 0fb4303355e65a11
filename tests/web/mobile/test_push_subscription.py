"""The phone signs up for push messages through its service worker's subscription."""

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.notifications.models import PushSubscription
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subscription(endpoint: str = "https://push.example/abc") -> dict[str, object]:
    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {"endpoint": endpoint, "keys": {"p256dh": b64(public), "auth": b64(b"x" * 16)}}


def post(http: HttpClient, name: str, body: object) -> object:
    return http.post(reverse(name), data=json.dumps(body), content_type="application/json")


@pytest.fixture
def ivan_http(personas: Personas) -> HttpClient:
    http = HttpClient()
    http.force_login(personas.interpreter)
    return http


def test_a_phone_is_signed_up(ivan_http: HttpClient, personas: Personas) -> None:
    answer = post(ivan_http, "mobile:push_subscribe", subscription())

    assert answer.status_code == 201
    assert PushSubscription.objects.get().user == personas.interpreter


def test_a_phone_is_signed_off(ivan_http: HttpClient) -> None:
    post(ivan_http, "mobile:push_subscribe", subscription())

    answer = post(ivan_http, "mobile:push_unsubscribe", {"endpoint": "https://push.example/abc"})

    assert answer.status_code == 200
    assert not PushSubscription.objects.exists()


def test_someone_else_cannot_sign_off_a_phone(ivan_http: HttpClient, personas: Personas) -> None:
    post(ivan_http, "mobile:push_subscribe", subscription())
    other = HttpClient()
    other.force_login(personas.key_person)

    post(other, "mobile:push_unsubscribe", {"endpoint": "https://push.example/abc"})

    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize("body", [[1, 2], {"endpoint": "javascript:alert(1)"}, {"keys": "x"}])
def test_a_bad_subscription_gets_a_translated_error_and_saves_nothing(
    ivan_http: HttpClient, body: object
) -> None:
    answer = post(ivan_http, "mobile:push_subscribe", body)

    assert answer.status_code == 400
    assert "detail" in answer.json()
    assert not PushSubscription.objects.exists()


def test_a_body_that_is_not_json_gets_the_json_error(ivan_http: HttpClient) -> None:
    answer = ivan_http.post(
        reverse("mobile:push_subscribe"), data="{not json", content_type="application/json"
    )

    assert answer.status_code == 400 and answer.json()["error"] == "parse_error"


def test_signing_up_needs_a_login() -> None:
    answer = post(HttpClient(), "mobile:push_subscribe", subscription())

    assert answer.status_code == 302
    assert not PushSubscription.objects.exists()


def test_the_offers_page_offers_push_when_the_installation_has_a_key(
    ivan_http: HttpClient, ivan, settings
) -> None:
    settings.LISKO_VAPID_PUBLIC_KEY = "BKey"

    page = ivan_http.get(reverse("mobile:offers")).content.decode()

    assert 'data-key="BKey"' in page
