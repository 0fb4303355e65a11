"""Alternative times: the matcher chooses the time as well as the person, in every path, and the
chosen time is what the interpreter is offered and what the appointment becomes on accept."""

import datetime as dt
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from api.me import InterpreterAssignmentSerializer
from lisko.appointments.models import AlternativeSlot, Appointment, Assignment
from lisko.appointments.services import accept_offer, decline_offer
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter, WeeklyAvailability
from lisko.languages.models import Language
from lisko.matchingruns.batch import plan_matching_run, request_matching_run, solve_part
from lisko.matchingruns.dispatch import match_request
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.factories.interpreting import (
    AlternativeSlotFactory,
)
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from web.mobile.presenters import card_for, date_formats

pytestmark = pytest.mark.django_db
Status = Appointment.Status
State = Assignment.State


def afternoon_interpreter(
    *, personas: Personas, language: Language, home: Municipality, **fields: Any
) -> Interpreter:
    """An interpreter free only 14:00–20:00, every day: nobody can come at ten."""
    interpreter = make_interpreter(
        organisation=personas.organisation, language=language, home=home, **fields
    )
    WeeklyAvailability.objects.filter(interpreter=interpreter).update(start_time=dt.time(14))
    return interpreter


@pytest.fixture
def ivan(personas: Personas, arabic: Language, luxembourg: Municipality) -> Interpreter:
    return afternoon_interpreter(
        personas=personas, language=arabic, home=luxembourg, user=personas.interpreter
    )


@pytest.fixture
def request_with_alternatives(client_of_sofia: Client) -> Appointment:
    """At ten (nobody free), or at eleven (nobody free either), or at three in the afternoon."""
    appointment = make_request(client=client_of_sofia, days=3, hour=10)
    for hours in (1, 5):
        AlternativeSlotFactory(
            appointment=appointment,
            start=appointment.start + dt.timedelta(hours=hours),
            end=appointment.end + dt.timedelta(hours=hours),
        )
    return appointment


def afternoon(appointment: Appointment) -> tuple[dt.datetime, dt.datetime]:
    slot = AlternativeSlot.objects.filter(appointment=appointment).order_by("start").last()
    assert slot is not None
    return slot.start, slot.end


def test_the_instant_match_offers_the_alternative_time_someone_can_do(
    request_with_alternatives: Appointment, ivan: Interpreter
) -> None:
    start, end = afternoon(request_with_alternatives)

    offers = match_request(appointment_id=request_with_alternatives.pk)

    assert [offer.interpreter for offer in offers] == [ivan]
    assert (offers[0].start, offers[0].end) == (start, end)
    # The interpreter's time is blocked at the time offered, travel around it.
    assert offers[0].blocked_from <= start and offers[0].blocked_until >= end
    assert offers[0].blocked_from > request_with_alternatives.end


def test_a_batch_run_offers_the_alternative_time_someone_can_do(
    personas: Personas, request_with_alternatives: Appointment, ivan: Interpreter
) -> None:
    start, end = afternoon(request_with_alternatives)
    run = request_matching_run(organisation=personas.organisation, by=personas.coordinator)
    for part_id in plan_matching_run(run_id=run.pk):
        solve_part(part_id=part_id)

    offer = Assignment.objects.get(appointment=request_with_alternatives)
    assert offer.interpreter == ivan
    assert (offer.offered_start, offer.offered_end) == (start, end)


def test_the_first_choice_is_kept_when_someone_can_do_it(
    request_with_alternatives: Appointment, ivan: Interpreter, personas: Personas
) -> None:
    WeeklyAvailability.objects.filter(interpreter=ivan).update(start_time=dt.time(7))

    offers = match_request(appointment_id=request_with_alternatives.pk)

    assert offers[0].start is None
    assert offers[0].offered_start == request_with_alternatives.start


def test_accepting_moves_the_appointment_to_the_chosen_time(
    request_with_alternatives: Appointment, ivan: Interpreter, personas: Personas
) -> None:
    first_choice = (request_with_alternatives.start, request_with_alternatives.end)
    start, end = afternoon(request_with_alternatives)
    [offer] = match_request(appointment_id=request_with_alternatives.pk)

    accept_offer(assignment=offer, by=personas.interpreter)

    request_with_alternatives.refresh_from_db()
    assert request_with_alternatives.status == Status.CONFIRMED
    assert (request_with_alternatives.start, request_with_alternatives.end) == (start, end)
    # The first choice stays known as an alternative, should the booking fall through.
    times = set(
        AlternativeSlot.objects.filter(appointment=request_with_alternatives).values_list(
            "start", "end"
        )
    )
    assert first_choice in times and (start, end) not in times
    offer.refresh_from_db()
    assert offer.offered_start == start and not offer.at_alternative_time


def test_after_a_decline_the_next_candidate_is_matched_at_an_alternative_time_too(
    request_with_alternatives: Appointment,
    ivan: Interpreter,
    personas: Personas,
    arabic: Language,
    luxembourg: Municipality,
) -> None:
    other = afternoon_interpreter(
        personas=personas,
        language=arabic,
        home=luxembourg,
        user=make_member(organisation=personas.organisation, role="interpreter"),
    )
    start, _ = afternoon(request_with_alternatives)
    [first] = match_request(appointment_id=request_with_alternatives.pk)
    assert first.interpreter.user is not None
    decline_offer(
        assignment=first,
        by=first.interpreter.user,
        reason=Assignment.DeclineReason.NOT_AVAILABLE,
    )

    [second] = match_request(appointment_id=request_with_alternatives.pk)

    assert {first.interpreter, second.interpreter} == {ivan, other}
    assert second.offered_start == start


def test_the_offer_card_and_the_api_show_the_time_offered(
    request_with_alternatives: Appointment, ivan: Interpreter
) -> None:
    start, end = afternoon(request_with_alternatives)
    [offer] = match_request(appointment_id=request_with_alternatives.pk)

    card = card_for(offer)
    html = render_to_string(
        "mobile/_card.html", {"card": card, "formats": date_formats(), "show_link": False}
    )
    data = InterpreterAssignmentSerializer(offer).data

    assert (card.start, card.end, card.duration_minutes) == (start, end, 60)
    assert timezone.localtime(start).isoformat() in html or start.isoformat() in html
    assert "the appointment moves there when you accept" in html
    assert data["at_alternative_time"] is True
    assert dt.datetime.fromisoformat(data["start"]) == start
    assert dt.datetime.fromisoformat(data["end"]) == end
    # Read the nested appointment too: it is the appointment as offered.
    assert dt.datetime.fromisoformat(data["appointment"]["start"]) == start
