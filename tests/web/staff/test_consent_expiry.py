"""The client page says when a consent expired, and the consent form validates the expiry."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from lisko.clients.models import Consent
from tests.factories.core import ConsentFactory
from tests.web.staff.conftest import Scene

pytestmark = pytest.mark.django_db


def test_the_client_page_says_when_a_consent_expired(sofia: HttpClient, scene: Scene) -> None:
    now = timezone.now()
    ConsentFactory(
        client=scene.client,
        purpose=Consent.Purpose.INTERPRETING,
        given_at=now - dt.timedelta(days=400),
        expires_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=timezone.get_current_timezone()),
    )

    response = sofia.get(f"/clients/{scene.client.pk}/")

    assert "expired on 1 March 2026" in " ".join(response.content.decode().split())


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("9999-12-31", "Enter a date between the years 1900 and 2200."),
        ("2001-01-01", "Choose an expiry date in the future."),
    ],
)
def test_the_consent_form_refuses_an_absurd_expiry(
    sofia: HttpClient, scene: Scene, day: str, error: str
) -> None:
    response = sofia.post(
        f"/clients/{scene.client.pk}/consents/",
        {"purpose": "interpreting", "expires_on": day},
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Consent.objects.filter(
        client=scene.client, purpose="interpreting", expires_at__isnull=False
    ).exists()
