"""Dates on the staff pages follow the reader's language, as on the phone (issue 16)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.web.staff.conftest import Scene

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 2, 16, 30, tzinfo=ZoneInfo("Europe/Luxembourg"))


@pytest.fixture
def on_december_2nd(scene: Scene) -> Scene:
    scene.appointment.start = START
    scene.appointment.end = START + dt.timedelta(hours=1)
    scene.appointment.save()
    return scene


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "Wednesday 2 December 2026, 16:30–17:30"),
        ("de", "Mittwoch, 2. Dezember 2026, 16:30–17:30"),
        ("fr", "mercredi 2 décembre 2026, 16:30–17:30"),
        ("uk", "середа, 2 грудня 2026, 16:30–17:30"),
    ],
)
def test_the_appointment_page_writes_the_date_as_the_language_does(
    sofia: HttpClient, on_december_2nd: Scene, language: str, written: str
) -> None:
    sofia.cookies["django_language"] = language

    page = sofia.get(reverse("staff:appointment", args=[on_december_2nd.appointment.pk]))

    assert written in page.content.decode()


def test_the_week_calendar_names_the_days_as_the_language_does(carla: HttpClient) -> None:
    carla.cookies["django_language"] = "de"

    page = carla.get(reverse("staff:calendar"), {"week": "2026-11-30"}).content.decode()

    assert "Mi, 2." in page
    assert "Mi 2<" not in page
