"""Absurd dates, numbers and durations in the welcome-conversation and key-person-network forms:
a refusal or the page again, never a server error, and nothing saved.

The same fuzz as tests/web/test_bad_input.py, for the pages added with the municipal
programmes: each absurd value goes into each field that parses a date, a time or a number."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.networks.models import NetworkMember, Outreach, Training
from lisko.welcome.models import WelcomeCase, WelcomeProgramme
from tests.conftest import Personas
from tests.factories.core import LanguageFactory, MunicipalityFactory
from tests.factories.networks import NetworkWorld, make_network_world
from tests.factories.welcome import make_newcomer, make_programme

pytestmark = pytest.mark.django_db

ABSURD = [
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "-1",
    "0",
    "1e309",
    "99999999999999999999",
    "NaN",
    "25:61",
    "",
]


def counts() -> tuple[int, ...]:
    return (
        WelcomeCase.objects.count(),
        Appointment.objects.count(),
        Training.objects.count(),
        Outreach.objects.count(),
        NetworkMember.objects.count(),
    )


@pytest.fixture
def welcome(personas: Personas) -> tuple[WelcomeProgramme, WelcomeCase]:
    LanguageFactory(code="ara")
    programme = make_programme(personas.organisation, MunicipalityFactory(name="Emmen"))
    return programme, make_newcomer(programme, personas.social_worker, first_name="Amal")


def welcome_forms(programme: WelcomeProgramme, case: WelcomeCase) -> list[tuple[str, dict, str]]:
    """(url, valid data, the field the absurd value goes into) of every welcome form."""
    day = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    arrived = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    register = {
        "reference": "W-77",
        "first_name": "Rami",
        "last_name": "Saleh",
        "arrival_date": arrived,
        "preferred_language": "ara",
        "household_size": "3",
        "channel": "letter",
    }
    book = {"date": day, "start_time": "10:00", "end_time": "11:00", "modality": "on_site"}
    held = {"held_on": timezone.localdate().isoformat(), "topics": ["housing"]}
    register_url = reverse("welcome:register", args=[programme.pk])
    book_url = reverse("welcome:book", args=[case.pk])
    return [
        (register_url, register, "arrival_date"),
        (register_url, register, "household_size"),
        (book_url, book, "date"),
        (book_url, book, "start_time"),
        (book_url, book, "end_time"),
        (reverse("welcome:conversation", args=[case.pk]), held, "held_on"),
        (
            reverse("welcome:change_target", args=[programme.pk]),
            {"weeks_target": "6"},
            "weeks_target",
        ),
    ]


@pytest.mark.parametrize("value", ABSURD)
def test_the_welcome_forms_refuse_absurd_values_without_a_server_error(
    client: HttpClient, personas: Personas, welcome, value: str
) -> None:
    programme, case = welcome
    client.force_login(personas.social_worker)
    for url, data, field in welcome_forms(programme, case):
        before, target = counts(), WelcomeProgramme.objects.get(pk=programme.pk).weeks_target

        response = client.post(url, data | {field: value})

        assert response.status_code in (200, 302, 400), (url, field, response.status_code)
        if response.status_code != 302:
            assert counts() == before, (url, field)
            assert WelcomeProgramme.objects.get(pk=programme.pk).weeks_target == target


@pytest.fixture
def network_world(db: None) -> NetworkWorld:
    LanguageFactory(code="ara")
    return make_network_world()


def network_forms(world: NetworkWorld) -> list[tuple[str, dict, str]]:
    today = timezone.localdate().isoformat()
    pk = world.network.pk
    training = {"training-title": "Gesundheit", "training-held_on": today, "training-hours": "3"}
    outreach = {
        "outreach-kind": "information_event",
        "outreach-held_on": today,
        "outreach-people_reached": "30",
        "outreach-languages": ["ara"],
    }
    member = {"member-key_person": world.yonas.pk, "member-joined_on": today}
    return [
        (reverse("networks:record_training", args=[pk]), training, "training-held_on"),
        (reverse("networks:record_training", args=[pk]), training, "training-hours"),
        (reverse("networks:log_outreach", args=[pk]), outreach, "outreach-held_on"),
        (reverse("networks:log_outreach", args=[pk]), outreach, "outreach-people_reached"),
        (reverse("networks:add_member", args=[pk]), member, "member-joined_on"),
    ]


@pytest.mark.parametrize("value", ABSURD)
def test_the_network_forms_refuse_absurd_values_without_a_server_error(
    client: HttpClient, network_world: NetworkWorld, value: str
) -> None:
    client.force_login(network_world.coordinator)
    for url, data, field in network_forms(network_world):
        before = counts()

        response = client.post(url, data | {field: value})

        assert response.status_code in (200, 302, 400), (url, field, response.status_code)
        if response.status_code != 302:
            assert counts() == before, (url, field)
