"""A user's language is remembered: switching saves it, logging in brings it back."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django.fixtures import Settings

from lisko.interpreters.models import Interpreter
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

MIDDLEWARE = "web.language.UserLanguageMiddleware"


@pytest.fixture(autouse=True)
def _remember_languages(settings: Settings) -> None:
    if MIDDLEWARE not in settings.MIDDLEWARE:
        position = settings.MIDDLEWARE.index(
            "django.contrib.auth.middleware.AuthenticationMiddleware"
        )
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[: position + 1],
            MIDDLEWARE,
            *settings.MIDDLEWARE[position + 1 :],
        ]


def test_switching_language_saves_it_on_the_account(
    as_ivan: HttpClient, personas: Personas
) -> None:
    as_ivan.post(reverse("set_language"), {"language": "uk", "next": "/me/"})

    personas.interpreter.refresh_from_db()
    assert personas.interpreter.language == "uk"


def test_an_unknown_language_is_not_saved(as_ivan: HttpClient, personas: Personas) -> None:
    as_ivan.post(reverse("set_language"), {"language": "xx", "next": "/me/"})

    personas.interpreter.refresh_from_db()
    assert personas.interpreter.language == "en"


def test_logging_in_brings_back_the_saved_language(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    personas.interpreter.language = "ar"
    personas.interpreter.set_password("a long enough password")
    personas.interpreter.save()

    response = client.post(
        reverse("login"), {"username": "ivan", "password": "a long enough password"}
    )

    assert response.cookies["django_language"].value == "ar"
    page = client.get(reverse("mobile:offers")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_a_user_without_a_language_cookie_reads_the_saved_language(
    as_ivan: HttpClient, personas: Personas
) -> None:
    personas.interpreter.language = "de"
    personas.interpreter.save()

    page = as_ivan.get(reverse("mobile:offers")).content.decode()

    assert '<html lang="de" dir="ltr">' in page
