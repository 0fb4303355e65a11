"""Tokens for phones and integrations, and the lockout after repeated failures."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from lisko.accounts.models import DeviceToken
from tests.api.conftest import ApiFor, World
from tests.conftest import Personas

PASSWORD = "correct horse battery staple"


def test_a_username_and_password_give_a_token(personas: Personas, api_for: ApiFor) -> None:
    response = api_for(None).post(
        "/api/auth/token/", {"username": "sofia", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert DeviceToken.objects.filter(user=personas.social_worker).count() == 1
    # Only a hash is kept: the secret itself is nowhere in the database.
    assert not DeviceToken.objects.filter(key_hash=response.json()["token"]).exists()


def test_the_token_opens_the_api(world: World, api_for: ApiFor) -> None:
    token = (
        api_for(None)
        .post("/api/auth/token/", {"username": "ivan", "password": PASSWORD}, format="json")
        .json()["token"]
    )

    response = api_for(None).get("/api/me/offers/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200


def test_a_wrong_password_is_refused_with_a_clear_message(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for(None, "de").post(
        "/api/auth/token/", {"username": "sofia", "password": "nope"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert not DeviceToken.objects.exists()


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    personas: Personas, api_for: ApiFor
) -> None:
    api = api_for(None)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/auth/token/", {"username": "sofia", "password": "nope"}, format="json")

    response = api.post(
        "/api/auth/token/", {"username": "sofia", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert response["Content-Type"] == "application/json"
    assert not DeviceToken.objects.exists()


def test_one_persons_failures_do_not_lock_a_colleague_behind_the_same_address(
    personas: Personas, api_for: ApiFor
) -> None:
    # A whole office may sit behind one proxy address: the lock is per account and address.
    api = api_for(None)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/auth/token/", {"username": "sofia", "password": "nope"}, format="json")

    response = api.post(
        "/api/auth/token/", {"username": "colin", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200


def test_a_forged_forwarded_address_does_not_escape_the_lock(
    personas: Personas, api_for: ApiFor
) -> None:
    # Without LISKO_PROXY_COUNT no X-Forwarded-For is believed: the lock holds.
    api = api_for(None)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        api.post(
            "/api/auth/token/",
            {"username": "sofia", "password": "nope"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )

    response = api.post(
        "/api/auth/token/",
        {"username": "sofia", "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert response.status_code == 429


def test_a_revoked_token_no_longer_opens_the_api(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.interpreter)
    api.post("/api/auth/token/revoke/")

    response = api.get("/api/me/")

    assert response.status_code == 401


def test_passwords_are_hashed_with_argon2() -> None:
    # The API tests swap in a fast hasher; the settings the app runs with use Argon2.
    from lisko import settings as app_settings

    assert app_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def sign_in(api_for: ApiFor, username: str, device: str = "") -> str:
    response = api_for(None).post(
        "/api/auth/token/",
        {"username": username, "password": PASSWORD, "device": device},
        format="json",
    )
    return response.json()["token"]


def test_each_sign_in_gets_a_token_of_its_own(personas: Personas, api_for: ApiFor) -> None:
    assert sign_in(api_for, "ivan", "phone") != sign_in(api_for, "ivan", "tablet")


def test_signing_out_one_device_keeps_the_other_signed_in(
    personas: Personas, api_for: ApiFor
) -> None:
    phone, tablet = sign_in(api_for, "ivan", "phone"), sign_in(api_for, "ivan", "tablet")

    api_for(None).post("/api/auth/token/revoke/", HTTP_AUTHORIZATION=f"Token {phone}")

    assert api_for(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {phone}").status_code == 401
    assert api_for(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {tablet}").status_code == 200


def test_a_password_change_ends_every_token(personas: Personas, api_for: ApiFor) -> None:
    token = sign_in(api_for, "ivan")

    personas.interpreter.set_password("a new and long passphrase")
    personas.interpreter.save()

    response = api_for(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401
    assert "sign in again" in response.json()["error"]["message"]


def test_a_token_expires_after_its_lifetime(personas: Personas, api_for: ApiFor) -> None:
    token = sign_in(api_for, "ivan")
    DeviceToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert api_for(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_a_person_lists_their_devices_and_signs_a_lost_one_out(
    personas: Personas, api_for: ApiFor
) -> None:
    lost, current = sign_in(api_for, "ivan", "lost phone"), sign_in(api_for, "ivan", "laptop")
    api = api_for(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {current}")

    devices = api.get("/api/auth/tokens/").json()
    lost_id = next(device["id"] for device in devices if device["device"] == "lost phone")
    assert api.delete(f"/api/auth/tokens/{lost_id}/").status_code == 204

    assert api_for(None).get("/api/me/", HTTP_AUTHORIZATION=f"Token {lost}").status_code == 401
    assert [(d["device"], d["current"]) for d in api.get("/api/auth/tokens/").json()] == [
        ("laptop", True)
    ]


def test_another_persons_token_cannot_be_revoked(personas: Personas, api_for: ApiFor) -> None:
    sign_in(api_for, "ivan", "phone")
    ivans = DeviceToken.objects.get(user=personas.interpreter)

    response = api_for(personas.social_worker).delete(f"/api/auth/tokens/{ivans.pk}/")

    assert response.status_code == 404
    assert DeviceToken.objects.get(pk=ivans.pk).revoked_at is None
