"""The specialisation an appointment needs: the kind's by default, or chosen when booking (a
school talk about child protection needs it; a routine medical form may not), and what the
matcher is given."""

from typing import Any

import pytest

from lisko.appointments.models import Appointment
from lisko.appointments.services import book_appointment, change_appointment
from lisko.core.errors import DomainError
from lisko.languages.models import Language
from lisko.matchingruns.problems import appointment_for_matcher
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.interpreting import AssignmentFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(client_of_sofia: Any, arabic: Language, luxembourg: Municipality) -> dict[str, Any]:
    return {
        "client": client_of_sofia,
        "by": client_of_sofia.social_worker,
        "kind": Appointment.Kind.MEDICAL,
        "start": in_days(7, 9),
        "end": in_days(7, 10),
        "language": "ara",
        "municipality": luxembourg,
    }


def test_without_a_choice_the_kind_decides(booking: dict[str, Any]) -> None:
    appointment = book_appointment(**booking)

    assert appointment.skills is None
    assert appointment.required_skills == {"medical"}


def test_a_chosen_specialisation_replaces_the_kinds(booking: dict[str, Any]) -> None:
    booking["kind"] = Appointment.Kind.SCHOOL

    appointment = book_appointment(**booking, skills=["child_protection"])

    assert appointment_for_matcher(appointment).skills == {"child_protection"}


def test_choosing_none_drops_the_kinds_requirement(booking: dict[str, Any]) -> None:
    appointment = book_appointment(**booking, skills=[])

    assert appointment.required_skills == frozenset()


def test_an_unknown_specialisation_is_refused_and_nothing_is_booked(
    booking: dict[str, Any],
) -> None:
    with pytest.raises(DomainError):
        book_appointment(**booking, skills=["astrology"])

    assert not Appointment.objects.exists()


def test_changing_the_specialisation_voids_the_offers_made(
    booking: dict[str, Any], personas: Personas
) -> None:
    appointment = book_appointment(**booking, request=True)
    offer = AssignmentFactory(appointment=appointment)

    change_appointment(appointment=appointment, by=booking["by"], skills=[])

    offer.refresh_from_db()
    assert offer.state == "withdrawn"


def test_a_new_kind_that_needs_another_specialisation_voids_the_offers_too(
    booking: dict[str, Any],
) -> None:
    booking["kind"] = Appointment.Kind.SCHOOL
    appointment = book_appointment(**booking, request=True)
    offer = AssignmentFactory(appointment=appointment)

    change_appointment(appointment=appointment, by=booking["by"], kind=Appointment.Kind.LEGAL)

    offer.refresh_from_db()
    assert offer.state == "withdrawn"
