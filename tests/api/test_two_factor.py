"""Two-factor sign-in over the API: the token is given only with the app's code."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from lisko.accounts.services import issue_token
from tests.api.conftest import ApiFor
from tests.conftest import Personas
from tests.web.test_two_factor import PASSWORD, code_of

pytestmark = pytest.mark.django_db
SIGN_IN = {"username": "sofia", "password": PASSWORD}


@pytest.fixture
def device(personas: Personas) -> TOTPDevice:
    personas.organisation.require_two_factor = True
    personas.organisation.save()
    return TOTPDevice.objects.create(user=personas.social_worker, confirmed=True)


def test_the_api_asks_staff_of_such_an_organisation_for_the_code(
    api_for: ApiFor, device: TOTPDevice
) -> None:
    anonymous = api_for(None)

    without = anonymous.post("/api/auth/token/", SIGN_IN, format="json")
    right = anonymous.post("/api/auth/token/", {**SIGN_IN, "otp": code_of(device)}, format="json")

    assert (without.status_code, without.json()["error"]["code"]) == (400, "two_factor_required")
    assert right.status_code == 200 and right.json()["token"]


def test_a_wrong_code_gives_no_token(api_for: ApiFor, device: TOTPDevice) -> None:
    response = api_for(None).post("/api/auth/token/", {**SIGN_IN, "otp": "000000"}, format="json")

    assert (response.status_code, response.json()["error"]["code"]) == (400, "wrong_code")


def test_the_api_token_itself_needs_no_code_on_each_request(
    api_for: ApiFor, device: TOTPDevice, personas: Personas
) -> None:
    token = issue_token(user=personas.social_worker)

    response = api_for(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
