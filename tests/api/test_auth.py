"""Tokens for phones and integrations, and the lockout after repeated failures."""

from django.conf import settings
from rest_framework.authtoken.models import Token

from tests.api.conftest import ApiFor, World
from tests.conftest import Personas

PASSWORD = "correct horse battery staple"


def test_a_username_and_password_give_a_token(personas: Personas, api_for: ApiFor) -> None:
    response = api_for(None).post(
        "/api/auth/token/", {"username": "sofia", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=personas.social_worker).key


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
    assert not Token.objects.exists()


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
    assert not Token.objects.exists()


def test_a_revoked_token_no_longer_opens_the_api(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.interpreter)
    api.post("/api/auth/token/revoke/")

    response = api.get("/api/me/")

    assert response.status_code == 401


def test_passwords_are_hashed_with_argon2() -> None:
    # The API tests swap in a fast hasher; the settings the app runs with use Argon2.
    from lisko import settings as app_settings

    assert app_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
