"""The private iCal feed: a secret, revocable address that phone calendars subscribe to."""

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.appointments.models import Assignment
from lisko.calendars.models import CalendarFeedToken
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.interpreting import InterpreterFactory
from tests.web.mobile.conftest import make_booking, make_offer

pytestmark = pytest.mark.django_db

CALENDAR = reverse("mobile:calendar")


def create_address(client: HttpClient) -> str:
    page = client.post(CALENDAR, {"action": "create"}).content.decode()
    match = re.search(r'id="feed-url" class="feed-url" value="([^"]+)"', page)
    assert match, "the new address is shown"
    return match.group(1).removeprefix("http://testserver")


def test_the_feed_lists_accepted_bookings_without_the_client_name(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    booking = make_booking(ivan, amal)
    offer = make_offer(ivan, amal)
    feed_path = create_address(as_ivan)

    response = HttpClient().get(feed_path)  # a calendar app has no session

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert f"UID:assignment-{booking.pk}@testserver" in text
    assert f"UID:assignment-{offer.pk}@" not in text
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Interpreting: Medical (Arabic)" in unfolded
    assert "LOCATION:Rue de la Gare 12\\, Luxembourg" in unfolded
    assert "Sofia Martins" in unfolded
    assert "Amal" not in unfolded
    assert amal.last_name not in unfolded


def test_the_feed_speaks_the_owners_language(
    as_ivan: HttpClient, personas: Personas, ivan: Interpreter, amal: Client
) -> None:
    make_booking(ivan, amal)
    personas.interpreter.language = "de"
    personas.interpreter.save()
    feed_path = create_address(as_ivan)

    text = HttpClient().get(feed_path).content.decode().replace("\r\n ", "")

    assert "SUMMARY:Dolmetschen: Medizinisch (Arabisch)" in text


def test_the_address_is_shown_once_and_only_its_hash_is_kept(
    as_ivan: HttpClient, personas: Personas
) -> None:
    feed_path = create_address(as_ivan)
    secret = feed_path.rsplit("/", 1)[1].removesuffix(".ics")

    later = as_ivan.get(CALENDAR).content.decode()

    assert secret not in later
    assert "A calendar address is active" in later
    token = CalendarFeedToken.objects.get(user=personas.interpreter)
    assert secret not in token.token_hash


def test_revoking_stops_the_feed_at_once(as_ivan: HttpClient) -> None:
    feed_path = create_address(as_ivan)

    as_ivan.post(CALENDAR, {"action": "revoke"})

    assert HttpClient().get(feed_path).status_code == 404


def test_a_new_address_replaces_the_old_one(as_ivan: HttpClient, personas: Personas) -> None:
    old = create_address(as_ivan)
    new = create_address(as_ivan)

    assert HttpClient().get(old).status_code == 404
    assert HttpClient().get(new).status_code == 200
    assert CalendarFeedToken.objects.filter(user=personas.interpreter, revoked_at=None).count() == 1


def test_a_guessed_address_answers_404(client: HttpClient, db: None) -> None:
    path = reverse("mobile:calendar_feed", kwargs={"secret": "A" * 43})

    assert client.get(path).status_code == 404


def test_the_feed_holds_only_the_owners_bookings(
    as_ivan: HttpClient, personas: Personas, ivan: Interpreter, amal: Client
) -> None:
    someone_else = InterpreterFactory(organisation=personas.organisation)
    foreign = make_booking(someone_else, amal)
    feed_path = create_address(as_ivan)

    text = HttpClient().get(feed_path).content.decode()

    assert f"assignment-{foreign.pk}@" not in text


def test_people_without_an_interpreter_profile_get_no_address(
    client: HttpClient, personas: Personas
) -> None:
    client.force_login(personas.social_worker)

    assert client.post(CALENDAR, {"action": "create"}).status_code == 404
    assert not CalendarFeedToken.objects.exists()


def test_the_feed_reads_a_constant_number_of_queries(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client, django_assert_max_num_queries
) -> None:
    make_booking(ivan, amal)
    feed_path = create_address(as_ivan)
    calendar_app = HttpClient()
    with django_assert_max_num_queries(4) as one:
        calendar_app.get(feed_path)
    for _ in range(3):
        make_booking(ivan, amal, state=Assignment.State.DONE)
    with django_assert_max_num_queries(len(one.captured_queries)):
        calendar_app.get(feed_path)
