"""Editing the weekly pattern and absences on the phone."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.interpreters.models import Absence, Interpreter, WeeklyAvailability
from tests.conftest import Personas
from tests.factories.interpreting import (
    AbsenceFactory,
    InterpreterFactory,
    WeeklyAvailabilityFactory,
)

pytestmark = pytest.mark.django_db

AVAILABILITY = reverse("mobile:availability")


def test_it_shows_the_week_with_the_current_pattern(as_ivan: HttpClient, ivan: Interpreter) -> None:
    WeeklyAvailabilityFactory(
        interpreter=ivan, weekday=2, start_time=dt.time(8), end_time=dt.time(12)
    )

    page = as_ivan.get(AVAILABILITY).content.decode()

    for day in ("Monday", "Wednesday", "Sunday"):
        assert day in page
    assert 'value="08:00"' in page
    assert 'value="12:00"' in page


def test_saving_replaces_the_weekly_pattern(as_ivan: HttpClient, ivan: Interpreter) -> None:
    WeeklyAvailabilityFactory(interpreter=ivan, weekday=0)

    response = as_ivan.post(
        AVAILABILITY,
        {
            "weekday": ["1", "1", "4", "5"],
            "start": ["08:00", "13:00", "09:30", ""],
            "end": ["12:00", "17:00", "15:00", ""],
            "save": "1",
        },
    )

    assert response.status_code == 302
    assert sorted(
        WeeklyAvailability.objects.filter(interpreter=ivan).values_list(
            "weekday", "start_time", "end_time"
        )
    ) == [
        (1, dt.time(8), dt.time(12)),
        (1, dt.time(13), dt.time(17)),
        (4, dt.time(9, 30), dt.time(15)),
    ]


def test_adding_and_removing_a_row_changes_nothing_until_saved(
    as_ivan: HttpClient, ivan: Interpreter
) -> None:
    WeeklyAvailabilityFactory(
        interpreter=ivan, weekday=0, start_time=dt.time(8), end_time=dt.time(12)
    )
    form = {"weekday": ["0"], "start": ["08:00"], "end": ["12:00"]}

    added = as_ivan.post(AVAILABILITY, {**form, "add": "3"})
    removed = as_ivan.post(AVAILABILITY, {**form, "remove": "0"})

    assert added.status_code == 200
    assert added.content.decode().count('name="weekday" value="3"') == 1
    assert 'value="08:00"' not in removed.content.decode()
    assert WeeklyAvailability.objects.filter(interpreter=ivan).count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"weekday": ["0", "0"], "start": ["08:00", "10:00"], "end": ["12:00", "14:00"]},
            "Two time windows on Monday overlap.",
        ),
        (
            {"weekday": ["0"], "start": ["12:00"], "end": ["08:00"]},
            "Each time window must end after it starts.",
        ),
        (
            {"weekday": ["0"], "start": ["8 o'clock"], "end": ["12:00"]},
            "Enter times as hours and minutes, for example 08:30.",
        ),
        (
            {"weekday": ["someday"], "start": ["08:00"], "end": ["12:00"]},
            "Choose a day of the week.",
        ),
        (
            {"weekday": ["9"], "start": ["08:00"], "end": ["12:00"]},
            "A weekday is a number from 0 (Monday) to 6 (Sunday).",
        ),
    ],
)
def test_a_bad_pattern_is_refused_with_a_message_and_changes_nothing(
    as_ivan: HttpClient, ivan: Interpreter, form: dict[str, list[str]], message: str
) -> None:
    WeeklyAvailabilityFactory(interpreter=ivan, weekday=6)

    response = as_ivan.post(AVAILABILITY, {**form, "save": "1"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(
        WeeklyAvailability.objects.filter(interpreter=ivan).values_list("weekday", flat=True)
    ) == [6]


def test_an_absence_is_added_for_whole_days(as_ivan: HttpClient, ivan: Interpreter) -> None:
    first = timezone.localdate() + dt.timedelta(days=5)

    response = as_ivan.post(
        reverse("mobile:absence_add"),
        {
            "first_day": first.isoformat(),
            "last_day": (first + dt.timedelta(days=2)).isoformat(),
            "reason": "Holiday",
        },
    )

    assert response.status_code == 302
    absence = Absence.objects.get(interpreter=ivan)
    assert timezone.localtime(absence.start).date() == first
    assert timezone.localtime(absence.end).date() == first + dt.timedelta(days=3)
    assert absence.reason == "Holiday"
    assert "Holiday" in as_ivan.get(AVAILABILITY).content.decode()


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (5, 3, "The last day of an absence cannot be before the first."),
        (-5, -3, "An absence must not lie entirely in the past."),
        (None, None, "Enter a date as year, month and day, for example 2026-11-24."),
    ],
)
def test_a_bad_absence_is_refused_with_a_message(
    as_ivan: HttpClient, ivan: Interpreter, first: int | None, last: int | None, message: str
) -> None:
    today = timezone.localdate()
    data = {
        "first_day": (today + dt.timedelta(days=first)).isoformat()
        if first is not None
        else "tomorrow",
        "last_day": (today + dt.timedelta(days=last)).isoformat() if last is not None else "",
    }

    response = as_ivan.post(reverse("mobile:absence_add"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Absence.objects.filter(interpreter=ivan).exists()


def test_an_absence_is_removed(as_ivan: HttpClient, ivan: Interpreter) -> None:
    absence = AbsenceFactory(interpreter=ivan)

    response = as_ivan.post(reverse("mobile:absence_remove", args=[absence.pk]))

    assert response.status_code == 302
    assert not Absence.objects.filter(pk=absence.pk).exists()


def test_another_interpreters_absence_answers_404(
    as_ivan: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    absence = AbsenceFactory(interpreter=InterpreterFactory(organisation=personas.organisation))

    assert as_ivan.post(reverse("mobile:absence_remove", args=[absence.pk])).status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()
