"""Coordinator overrides: offers by hand with a warning for every broken rule, locks, re-runs."""

import datetime as dt

import pytest

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.matchingruns.dispatch import match_request
from lisko.matchingruns.overrides import (
    assign_by_hand,
    broken_rules,
    lock_offer,
    override_warnings,
    rematch_request,
)
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import LanguageFactory
from tests.factories.interpreting import ConflictOfInterestFactory
from tests.lisko.matchingruns.conftest import make_interpreter, make_request

pytestmark = pytest.mark.django_db
Status = Appointment.Status


@pytest.fixture
def ivan(personas: Personas, arabic: Language, luxembourg: Municipality) -> Interpreter:
    return make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        user=personas.interpreter,
        gender="m",
    )


def test_a_suitable_pair_breaks_no_rule(client_of_sofia: Client, ivan: Interpreter) -> None:
    appointment = make_request(client=client_of_sofia)

    assert broken_rules(appointment=appointment, interpreter=ivan) == []


def test_every_broken_rule_is_listed_in_the_matchers_order(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    appointment = make_request(
        client=client_of_sofia,
        language=LanguageFactory(code="tir"),
        gender="f",
        min_level=3,
        hour=23,
    )
    ConflictOfInterestFactory(interpreter=ivan, client=client_of_sofia)

    codes = [code for code, _ in broken_rules(appointment=appointment, interpreter=ivan)]

    # One vocabulary with the override page's hints: the warning codes of matching.rules.
    assert codes == [
        "proficiency_below",
        "level_below",
        "gender_differs",
        "conflict_of_interest",
        "not_available",
    ]


def test_warnings_are_sentences(client_of_sofia: Client, ivan: Interpreter) -> None:
    appointment = make_request(client=client_of_sofia, gender="f")

    assert override_warnings(appointment=appointment, interpreter=ivan) == [
        "Is not of the gender requested for this appointment."
    ]


def test_an_offer_by_hand_that_breaks_rules_needs_confirming(
    client_of_sofia: Client, ivan: Interpreter, personas: Personas
) -> None:
    appointment = make_request(client=client_of_sofia, gender="f")

    with pytest.raises(DomainError) as refused:
        assign_by_hand(appointment=appointment, interpreter=ivan, by=personas.coordinator)
    offer = assign_by_hand(
        appointment=appointment, interpreter=ivan, by=personas.coordinator, confirm=True
    )

    assert refused.value.code == "needs_confirmation"
    assert offer.score["broken_rules"] == ["gender_differs"]
    appointment.refresh_from_db()
    assert appointment.status == Status.OFFERED


def test_an_offer_by_hand_replaces_the_matchers_offer(
    client_of_sofia: Client,
    ivan: Interpreter,
    personas: Personas,
    arabic: Language,
    luxembourg: Municipality,
) -> None:
    other = make_interpreter(organisation=personas.organisation, language=arabic, home=luxembourg)
    appointment = make_request(client=client_of_sofia)
    [automatic] = match_request(appointment_id=appointment.pk)
    chosen = other if automatic.interpreter == ivan else ivan

    assign_by_hand(appointment=appointment, interpreter=chosen, by=personas.coordinator)

    automatic.refresh_from_db()
    assert automatic.state == Assignment.State.WITHDRAWN
    assert appointment.assignments.get(state=Assignment.State.OFFERED).interpreter == chosen


def test_a_social_worker_cannot_assign_by_hand(
    client_of_sofia: Client, ivan: Interpreter, personas: Personas
) -> None:
    appointment = make_request(client=client_of_sofia)

    with pytest.raises(DomainError) as refused:
        assign_by_hand(appointment=appointment, interpreter=ivan, by=personas.social_worker)

    assert refused.value.code == "permission_denied"


def test_a_locked_offer_waits_until_the_appointment(
    client_of_sofia: Client, ivan: Interpreter, personas: Personas
) -> None:
    appointment = make_request(client=client_of_sofia)
    [offer] = match_request(appointment_id=appointment.pk)

    locked = lock_offer(assignment=offer, by=personas.coordinator)

    assert locked.expires_at == appointment.start
    assert locked.expires_at > offer.expires_at - dt.timedelta(seconds=1)


def test_an_unfilled_request_can_be_matched_again(
    client_of_sofia: Client, ivan: Interpreter, personas: Personas
) -> None:
    appointment = make_request(client=client_of_sofia, language=LanguageFactory(code="tir"))
    match_request(appointment_id=appointment.pk)
    appointment.refresh_from_db()
    assert appointment.status == Status.UNFILLED

    rematched = rematch_request(appointment=appointment, by=personas.coordinator)

    assert (rematched.status, rematched.unfilled_reason) == (Status.REQUESTED, "")
