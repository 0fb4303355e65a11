"""What a newcomer's walk through the phone pages found (issue 16): notes and travel."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from lisko.appointments.models import Assignment
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from tests.web.mobile.conftest import make_booking
from web.mobile.presenters import date_formats

pytestmark = pytest.mark.django_db

ESCAPED_NOTE = "Ring at the side door &lt;b&gt;twice&lt;/b&gt;; it&#x27;s on the first floor."


def test_the_offer_card_shows_the_notes_for_the_interpreter_escaped(
    as_ivan: HttpClient, offer: Assignment
) -> None:
    page = as_ivan.get(reverse("mobile:offers")).content.decode()

    assert f'<dd dir="auto" class="notes">{ESCAPED_NOTE}</dd>' in page
    assert "<b>twice</b>" not in page


def test_upcoming_and_the_assignment_page_show_the_notes_for_the_interpreter(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    booking = make_booking(ivan, amal)

    upcoming = as_ivan.get(reverse("mobile:upcoming")).content.decode()
    detail = as_ivan.get(reverse("mobile:assignment", args=[booking.pk])).content.decode()

    assert ESCAPED_NOTE in upcoming
    assert ESCAPED_NOTE in detail


def test_an_appointment_without_notes_shows_no_empty_notes_row(
    as_ivan: HttpClient, offer: Assignment
) -> None:
    offer.appointment.notes_for_interpreter = "  "
    offer.appointment.save()

    page = as_ivan.get(reverse("mobile:offers")).content.decode()

    assert 'class="notes"' not in page


@pytest.mark.parametrize("modality", ["phone", "video"])
def test_a_remote_appointment_reads_no_travel_needed_as_on_the_staff_page(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client, modality: str
) -> None:
    booking = make_booking(
        ivan, amal, modality=modality, remote_link="+352 621 000 000", municipality=None
    )
    booking.travel_minutes = 0
    booking.save()

    page = as_ivan.get(reverse("mobile:assignment", args=[booking.pk])).content.decode()

    assert "No travel needed." in page
    assert "not known" not in page


def test_an_appointment_in_the_interpreters_own_place_reads_no_travel_needed(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    booking = make_booking(ivan, amal)
    booking.travel_minutes = 0
    booking.save()

    page = as_ivan.get(reverse("mobile:upcoming")).content.decode()

    assert "No travel needed." in page
    assert "not known" not in page


def test_the_english_phone_uses_the_24_hour_clock_as_the_staff_pages_do(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(16, 30)))
    make_booking(
        ivan, amal, start=start + dt.timedelta(days=2), end=start + dt.timedelta(days=2, hours=1)
    )

    page = as_ivan.get(reverse("mobile:upcoming")).content.decode()

    assert "16:30–17:30" in page
    assert "p.m." not in page


@pytest.mark.parametrize(
    ("language", "written"),
    [("fr", "1 juil. 2025"), ("de", "1. Juli 2025"), ("uk", "1 липня 2025")],
)
def test_the_phones_short_date_names_the_month_unambiguously_and_in_the_right_case(
    language: str, written: str
) -> None:
    with translation.override(language):
        assert date_format(dt.date(2025, 7, 1), date_formats()["date"]) == written


def test_the_arabic_phone_card_joins_day_and_time_with_the_arabic_comma(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    make_booking(ivan, amal)
    as_ivan.cookies["django_language"] = "ar"

    page = as_ivan.get(reverse("mobile:upcoming")).content.decode()

    when = page[page.index("<time") : page.index("</time>")]
    assert "، " in when and ", " not in when
