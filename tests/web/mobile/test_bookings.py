"""Upcoming bookings, the time log after an appointment and the monthly overview."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from tests.web.mobile.conftest import make_booking

pytestmark = pytest.mark.django_db

UPCOMING = reverse("mobile:upcoming")


def test_upcoming_shows_directions_and_the_social_workers_contact(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    booking = make_booking(ivan, amal)

    page = as_ivan.get(UPCOMING).content.decode()

    assert reverse("mobile:assignment", args=[booking.pk]) in page
    assert "https://www.openstreetmap.org/directions?to=Rue+de+la+Gare+12%2C+Luxembourg" in page
    assert "tel:+352621123456" in page
    assert "mailto:sofia@red-cross.example" in page
    assert "Amal" in page
    assert amal.last_name not in page


def test_a_video_appointment_shows_its_call_link(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    make_booking(
        ivan, amal, modality="video", remote_link="https://meet.example/abc", municipality=None
    )

    page = as_ivan.get(UPCOMING).content.decode()

    assert 'href="https://meet.example/abc"' in page
    assert "Join the call" in page
    assert "openstreetmap" not in page


def test_upcoming_lists_only_accepted_bookings_that_have_not_ended(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    ahead = make_booking(ivan, amal)
    over = make_booking(
        ivan,
        amal,
        start=timezone.now() - dt.timedelta(hours=3),
        end=timezone.now() - dt.timedelta(hours=2),
    )

    page = as_ivan.get(UPCOMING).content.decode()

    assert reverse("mobile:assignment", args=[ahead.pk]) in page
    assert reverse("mobile:assignment", args=[over.pk]) not in page


def test_upcoming_reads_a_constant_number_of_queries(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client, django_assert_max_num_queries
) -> None:
    make_booking(ivan, amal)
    as_ivan.get(UPCOMING)
    # One reads the person's roles (an interpreter whose role ended sees nothing), one counts
    # their unread notices for the top bar.
    with django_assert_max_num_queries(10) as one:
        as_ivan.get(UPCOMING)
    for days in range(4, 8):
        make_booking(
            ivan,
            amal,
            start=timezone.now() + dt.timedelta(days=days),
            end=timezone.now() + dt.timedelta(days=days, hours=1),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        as_ivan.get(UPCOMING)


@pytest.fixture
def finished(ivan: Interpreter, amal: Client) -> Assignment:
    """A booking that began three hours ago and ended two hours ago."""
    start = timezone.localtime() - dt.timedelta(hours=3)
    start = start.replace(minute=0, second=0, microsecond=0)
    return make_booking(ivan, amal, start=start, end=start + dt.timedelta(hours=1))


def test_logging_time_completes_the_booking(as_ivan: HttpClient, finished: Assignment) -> None:
    start = timezone.localtime(finished.appointment.start)
    response = as_ivan.post(
        reverse("mobile:log_time", args=[finished.pk]),
        {
            "date": start.date().isoformat(),
            "start": start.strftime("%H:%M"),
            "end": (start + dt.timedelta(minutes=75)).strftime("%H:%M"),
            "travel": "50",
        },
        follow=True,
    )

    finished.refresh_from_db()
    assert finished.state == Assignment.State.DONE
    assert finished.actual_start == finished.appointment.start
    assert finished.actual_end == finished.appointment.start + dt.timedelta(minutes=75)
    assert finished.actual_travel_minutes == 50
    assert finished.appointment.status == Appointment.Status.DONE
    assert response.redirect_chain[-1][0] == reverse("mobile:timesheet")
    assert "1 h 15 min" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "nine"}, "Enter times as hours and minutes, for example 08:30."),
        ({"date": "yesterday"}, "Enter a date as year, month and day, for example 2026-11-24."),
        ({"travel": "-5"}, "Travel time cannot be negative."),
        ({"travel": "lots"}, "Enter the travel time as a whole number of minutes."),
        ({"date": "2199-01-01"}, "The time worked cannot end in the future."),
    ],
)
def test_a_bad_time_log_is_refused_with_a_message(
    as_ivan: HttpClient, finished: Assignment, fields: dict[str, str], message: str
) -> None:
    start = timezone.localtime(finished.appointment.start)
    data = {
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": (start + dt.timedelta(minutes=60)).strftime("%H:%M"),
        "travel": "20",
        **fields,
    }

    response = as_ivan.post(reverse("mobile:log_time", args=[finished.pk]), data)

    finished.refresh_from_db()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert finished.state == Assignment.State.ACCEPTED


def test_time_cannot_be_logged_before_the_appointment(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    booking = make_booking(ivan, amal)
    page = as_ivan.get(reverse("mobile:assignment", args=[booking.pk])).content.decode()
    assert reverse("mobile:log_time", args=[booking.pk]) not in page

    response = as_ivan.post(
        reverse("mobile:log_time", args=[booking.pk]),
        {"date": "2026-01-01", "start": "09:00", "end": "10:00", "travel": "0"},
    )

    assert response.status_code == 400
    assert "Time can be logged once the appointment has begun." in response.content.decode()


def test_the_timesheet_lists_the_month_and_what_waits_for_a_log(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client, finished: Assignment
) -> None:
    logged = make_booking(
        ivan,
        amal,
        start=finished.appointment.start - dt.timedelta(minutes=1),
        end=finished.appointment.start,
        state=Assignment.State.DONE,
    )
    logged.actual_start = timezone.localtime().replace(day=1, hour=0, minute=1)
    logged.actual_end = logged.actual_start + dt.timedelta(minutes=90)
    logged.actual_travel_minutes = 40
    logged.save()

    page = as_ivan.get(reverse("mobile:timesheet")).content.decode()

    assert "Waiting for your time log" in page
    assert reverse("mobile:assignment", args=[finished.pk]) in page
    assert "1 h 30 min" in page  # worked
    assert "40 minutes" in page  # travel
    assert "2 h 10 min" in page  # total


def test_the_timesheet_copes_with_a_malformed_month(as_ivan: HttpClient) -> None:
    assert as_ivan.get(reverse("mobile:timesheet"), {"month": "2026-13"}).status_code == 200
    assert as_ivan.get(reverse("mobile:timesheet"), {"month": "soon"}).status_code == 200
