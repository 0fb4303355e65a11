import datetime as dt
from typing import Any

import pytest

from lisko.appointments.models import AlternativeSlot, Appointment, Assignment
from lisko.appointments.services import (
    book_appointment,
    cancel_appointment,
    change_appointment,
    mark_unfilled,
    request_interpreter,
)
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.core.errors import DomainError, NotFound
from lisko.languages.models import Language
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import ClientFactory
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, in_days
from tests.factories.people import GoalFactory


@pytest.fixture
def booking(client_of_sofia: Client, arabic: Language, luxembourg: Municipality) -> dict[str, Any]:
    """A valid booking for Sofia's client; each test changes what it is about."""
    return {
        "client": client_of_sofia,
        "by": client_of_sofia.social_worker,
        "kind": Appointment.Kind.MEDICAL,
        "start": in_days(7, 9),
        "end": in_days(7, 10),
        "language": "ara",
        "modality": "on_site",
        "municipality": luxembourg,
        "address": "Rue Michel Rodange 2",
    }


def test_a_social_worker_books_an_appointment_for_a_client(booking: dict[str, Any]) -> None:
    appointment = book_appointment(**booking)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.language.code, appointment.booked_by) == (
        Appointment.Status.DRAFT,
        "ara",
        booking["by"],
    )


def test_booking_is_written_to_the_audit_log(booking: dict[str, Any]) -> None:
    appointment = book_appointment(**booking)
    event = AuditEvent.objects.get(object_type="appointments.appointment")
    assert (event.client_id, event.action, event.object_id) == (
        booking["client"].pk,
        "create",
        str(appointment.pk),
    )


def test_booking_with_request_asks_for_an_interpreter_at_once(booking: dict[str, Any]) -> None:
    appointment = book_appointment(**booking, request=True)
    assert appointment.status == Appointment.Status.REQUESTED


def test_alternative_times_are_kept_with_the_booking(booking: dict[str, Any]) -> None:
    appointment = book_appointment(**booking, alternative_slots=[(in_days(8, 14), in_days(8, 15))])
    assert appointment.alternative_slots.get().start == in_days(8, 14)


def test_an_appointment_ending_before_it_starts_is_refused(booking: dict[str, Any]) -> None:
    booking["end"] = booking["start"] - dt.timedelta(minutes=30)
    with pytest.raises(DomainError) as refused:
        book_appointment(**booking)
    assert refused.value.code == "ends_before_start"
    assert not Appointment.objects.exists()


def test_an_appointment_in_the_past_is_refused(booking: dict[str, Any]) -> None:
    booking["start"], booking["end"] = in_days(-1, 9), in_days(-1, 10)
    with pytest.raises(DomainError, match="in the past"):
        book_appointment(**booking)


def test_an_alternative_time_ending_before_it_starts_is_refused(booking: dict[str, Any]) -> None:
    with pytest.raises(DomainError):
        book_appointment(**booking, alternative_slots=[(in_days(8, 15), in_days(8, 14))])
    assert not AlternativeSlot.objects.exists()
    assert not Appointment.objects.exists()


def test_an_unknown_language_is_refused(booking: dict[str, Any]) -> None:
    booking["language"] = "qqq"
    with pytest.raises(DomainError, match="Unknown language code: qqq"):
        book_appointment(**booking)


def test_an_on_site_appointment_needs_a_municipality(booking: dict[str, Any]) -> None:
    booking["municipality"] = None
    with pytest.raises(DomainError, match="needs a municipality"):
        book_appointment(**booking)


def test_a_video_appointment_needs_a_call_link(booking: dict[str, Any]) -> None:
    booking["modality"] = "video"
    with pytest.raises(DomainError, match="needs a call link"):
        book_appointment(**booking)


def test_a_phone_appointment_needs_neither_place_nor_link(booking: dict[str, Any]) -> None:
    booking.update(modality="phone", municipality=None, address="")
    assert book_appointment(**booking).modality == "phone"


@pytest.mark.parametrize(
    "requirement",
    [
        {"min_level": 4},
        {"min_proficiency": 0},
        {"min_proficiency": 6},
        {"priority": 0},
        {"priority": 4},
        {"gender": "q"},
    ],
)
def test_requirements_out_of_range_are_refused(
    booking: dict[str, Any], requirement: dict[str, Any]
) -> None:
    with pytest.raises(DomainError):
        book_appointment(**booking, **requirement)
    assert not Appointment.objects.exists()


def test_a_social_worker_of_another_organisation_cannot_book_for_the_client(
    booking: dict[str, Any], personas: Personas
) -> None:
    booking["by"] = personas.other_social_worker
    with pytest.raises(NotFound):
        book_appointment(**booking)


def test_a_colleague_cannot_book_for_a_client_not_shared_with_them(
    booking: dict[str, Any], personas: Personas
) -> None:
    booking["by"] = personas.colleague
    with pytest.raises(NotFound):
        book_appointment(**booking)


def test_a_colleague_books_for_a_client_shared_with_them(
    booking: dict[str, Any], personas: Personas
) -> None:
    booking["client"].shared_with.add(personas.colleague)
    booking["by"] = personas.colleague
    assert book_appointment(**booking).booked_by == personas.colleague


def test_requesting_an_interpreter_opens_the_request(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.DRAFT)
    request_interpreter(appointment=appointment, by=personas.social_worker)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.REQUESTED


def test_an_interpreter_cannot_be_requested_twice(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.REQUESTED)
    with pytest.raises(DomainError, match="already been requested"):
        request_interpreter(appointment=appointment, by=personas.social_worker)


def test_moving_an_appointment_withdraws_the_booking_and_reopens_the_request(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.CONFIRMED)
    booking = AssignmentFactory(appointment=appointment, state=Assignment.State.ACCEPTED)
    change_appointment(
        appointment=appointment, by=personas.social_worker, start=in_days(9, 9), end=in_days(9, 10)
    )
    appointment.refresh_from_db()
    booking.refresh_from_db()
    assert (appointment.status, booking.state) == ("requested", "withdrawn")


def test_changing_the_notes_keeps_the_offers(personas: Personas, client_of_sofia: Client) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.OFFERED)
    offer = AssignmentFactory(appointment=appointment)
    change_appointment(
        appointment=appointment, by=personas.social_worker, notes_for_interpreter="Ring twice."
    )
    offer.refresh_from_db()
    assert offer.state == Assignment.State.OFFERED


def test_a_change_that_breaks_a_rule_saves_nothing(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia)
    original_end = appointment.end
    with pytest.raises(DomainError):
        change_appointment(
            appointment=appointment,
            by=personas.social_worker,
            end=appointment.start - dt.timedelta(hours=1),
            priority=3,
        )
    appointment.refresh_from_db()
    assert (appointment.end, appointment.priority) == (original_end, 1)


def test_a_cancelled_appointment_cannot_be_changed(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.CANCELLED)
    with pytest.raises(DomainError):
        change_appointment(appointment=appointment, by=personas.social_worker, priority=2)


def test_a_stranger_cannot_change_an_appointment(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia)
    with pytest.raises(NotFound):
        change_appointment(appointment=appointment, by=personas.other_social_worker, priority=2)


def test_cancelling_withdraws_every_open_offer(personas: Personas, client_of_sofia: Client) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.OFFERED)
    offers = AssignmentFactory.create_batch(2, appointment=appointment)
    cancel_appointment(appointment=appointment, by=personas.social_worker, reason="Client moved")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert {offer.state for offer in Assignment.objects.filter(pk__in=[o.pk for o in offers])} == {
        "withdrawn"
    }


def test_an_appointment_cannot_be_cancelled_twice(
    personas: Personas, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.CANCELLED)
    with pytest.raises(DomainError, match="already cancelled"):
        cancel_appointment(appointment=appointment, by=personas.social_worker)


def test_an_appointment_nobody_could_take_is_marked_unfilled_with_a_reason(
    client_of_sofia: Client,
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.MATCHING)
    mark_unfilled(appointment=appointment, reason_code="no_language", data={"language": "ara"})
    appointment.refresh_from_db()
    assert (appointment.status, appointment.unfilled_data) == ("unfilled", {"language": "ara"})


def test_a_draft_cannot_be_marked_unfilled(client_of_sofia: Client) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status=Appointment.Status.DRAFT)
    with pytest.raises(DomainError):
        mark_unfilled(appointment=appointment, reason_code="no_language")


def test_a_coordinator_may_book_for_any_client_of_the_organisation(
    booking: dict[str, Any], personas: Personas
) -> None:
    booking["client"] = ClientFactory(organisation=personas.organisation)
    booking["by"] = personas.coordinator
    assert book_appointment(**booking).organisation == personas.organisation


def test_an_appointment_serves_a_goal_of_the_clients_plan(booking: dict[str, Any]) -> None:
    goal = GoalFactory(plan__client=booking["client"])
    assert book_appointment(**booking, goal=goal).goal == goal


def test_a_goal_of_another_clients_plan_is_refused(
    booking: dict[str, Any], personas: Personas
) -> None:
    goal = GoalFactory(plan__client=ClientFactory(organisation=personas.organisation))
    with pytest.raises(DomainError, match="goal must belong"):
        book_appointment(**booking, goal=goal)
