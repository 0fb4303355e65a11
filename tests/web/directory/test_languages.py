"""The directory reads in the reader's language: numbers grouped as the language writes them,
Arabic right to left with names and descriptions in their own direction."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.accounts.models import User
from tests.factories.people import AssociationFactory, OfferFactory
from tests.web.directory.conftest import Directory

pytestmark = pytest.mark.django_db


def in_language(http: HttpClient, language: str) -> HttpClient:
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return http


@pytest.fixture
def large(directory: Directory) -> None:
    """An association with 12,000 free places over two large offers."""
    association = AssociationFactory(
        organisation=directory.personas.organisation,
        name="Grand Club",
        municipality=directory.esch,
    )
    for capacity in (9000, 3000):
        OfferFactory(
            association=association, field_of_action=directory.language_field, capacity=capacity
        )


@pytest.mark.parametrize(("language", "written"), [("en", "12,000"), ("de", "12.000")])
@pytest.mark.usefixtures("large")
def test_free_places_are_grouped_as_the_reader_s_language_writes_them(
    login: Callable[[User], HttpClient], directory: Directory, language: str, written: str
) -> None:
    http = in_language(login(directory.personas.social_worker), language)

    page = http.get(reverse("directory:index")).content.decode()

    assert f'<td class="num">{written}</td>' in page


def test_the_list_speaks_german(login: Callable[[User], HttpClient], directory: Directory) -> None:
    http = in_language(login(directory.personas.social_worker), "de")

    page = http.get(reverse("directory:index")).content.decode()

    assert '<html lang="de"' in page
    assert "Freie Plätze" in page
    assert "Gemeinde" in page


def test_in_arabic_the_page_runs_right_to_left_and_a_description_keeps_its_own_direction(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    directory.association.description = "Coffee and conversation every Thursday."
    directory.association.save()
    http = in_language(login(directory.personas.social_worker), "ar")

    page = http.get(reverse("directory:association", args=[directory.association.pk]))

    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<bdi class="prewrap">Coffee and conversation every Thursday.</bdi>' in html
    assert "<h1><bdi>Café Lëtzebuerg</bdi></h1>" in html


def test_in_arabic_an_offer_s_title_keeps_its_own_direction_without_moving_the_heading(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = in_language(login(directory.personas.social_worker), "ar")

    page = http.get(
        reverse("directory:offer", args=[directory.association.pk, directory.course.pk])
    ).content.decode()

    assert "<h1><bdi>German course A1</bdi></h1>" in page
