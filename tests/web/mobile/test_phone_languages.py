"""The phone app speaks more languages than the desk (Tigrinya, Russian, Turkish, Persian,
Portuguese); a desk page asked for in a phone-only language answers in English; each switcher
offers the languages its pages speak."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.interpreters.models import Interpreter
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

DESK = ["en", "de", "fr", "ar", "uk"]
PHONE = [*DESK, "ti", "ru", "tr", "fa", "pt"]


def speaking(http: HttpClient, language: str) -> HttpClient:
    http.cookies["django_language"] = language
    return http


def offered_languages(page: str) -> list[str]:
    switcher = page.split('id="language-select"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([a-z]+)"', switcher)


@pytest.mark.parametrize("language", ["ti", "ru", "tr", "fa", "pt"])
def test_the_offers_page_speaks_each_phone_language(
    as_ivan: HttpClient, ivan: Interpreter, language: str
) -> None:
    page = speaking(as_ivan, language).get(reverse("mobile:offers")).content.decode()

    assert f'<html lang="{language}"' in page
    assert "New offers" not in page


def test_the_phone_offers_every_language(as_ivan: HttpClient, ivan: Interpreter) -> None:
    page = as_ivan.get(reverse("mobile:offers")).content.decode()

    assert offered_languages(page) == PHONE


def test_the_desk_offers_only_the_languages_it_speaks(
    client: HttpClient, personas: Personas
) -> None:
    client.force_login(personas.social_worker)

    page = client.get(reverse("staff:clients")).content.decode()

    assert offered_languages(page) == DESK


def test_a_desk_page_in_a_phone_only_language_answers_in_english(
    client: HttpClient, personas: Personas
) -> None:
    client.force_login(personas.social_worker)

    page = speaking(client, "ti").get(reverse("staff:clients")).content.decode()

    assert '<html lang="en"' in page


def test_the_phone_in_persian_reads_right_to_left(as_ivan: HttpClient, ivan: Interpreter) -> None:
    page = speaking(as_ivan, "fa").get(reverse("mobile:offers")).content.decode()

    assert '<html lang="fa" dir="rtl"' in page
