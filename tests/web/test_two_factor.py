"""Two-factor sign-in for staff, required by an organisation setting (privacy issue, finding 5)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import Personas

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def required(personas: Personas) -> Personas:
    personas.organisation.require_two_factor = True
    personas.organisation.save()
    return personas


def log_in(client: HttpClient, username: str) -> None:
    client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_without_the_setting_a_social_worker_opens_the_dashboard_at_once(
    client: HttpClient, personas: Personas
) -> None:
    log_in(client, "sofia")

    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_with_the_setting_a_social_worker_must_set_up_a_second_factor_first(
    client: HttpClient, required: Personas
) -> None:
    log_in(client, "sofia")

    response = client.get(reverse("staff:dashboard"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert b"<svg" in response.content


def test_the_first_code_confirms_the_app_and_opens_the_pages(
    client: HttpClient, required: Personas
) -> None:
    log_in(client, "sofia")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=required.social_worker)

    response = client.post(
        reverse("two_factor_setup"), {"code": code_of(device), "next": reverse("staff:dashboard")}
    )

    assert response["Location"] == reverse("staff:dashboard")
    assert client.get(reverse("staff:dashboard")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_confirms_nothing(client: HttpClient, required: Personas) -> None:
    log_in(client, "sofia")
    client.get(reverse("two_factor_setup"))

    page = client.post(reverse("two_factor_setup"), {"code": "000000"}).content.decode()

    assert "This code is not right" in page
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_a_later_sign_in_asks_for_the_code_again(client: HttpClient, required: Personas) -> None:
    device = TOTPDevice.objects.create(user=required.social_worker, confirmed=True)
    log_in(client, "sofia")

    assert client.get(reverse("staff:dashboard"))["Location"].startswith(
        reverse("two_factor_verify")
    )
    client.post(reverse("two_factor_verify"), {"code": code_of(device)})
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_interpreters_are_not_asked_for_a_second_factor(
    client: HttpClient, required: Personas
) -> None:
    log_in(client, "ivan")

    assert client.get(reverse("mobile:offers")).status_code in (200, 404)
