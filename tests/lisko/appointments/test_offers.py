import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import (
    accept_offer,
    complete_assignment,
    create_offer,
    decline_offer,
    expire_offers,
    withdraw_offers,
)
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.interpreting import (
    AppointmentFactory,
    AssignmentFactory,
    ConflictOfInterestFactory,
    InterpreterFactory,
    in_days,
)

Status = Appointment.Status
State = Assignment.State


@pytest.fixture
def requested(client_of_sofia: Client) -> Appointment:
    """Sofia's client needs an interpreter next week, 9:00–10:00."""
    return AppointmentFactory(client=client_of_sofia, status=Status.REQUESTED)


def offer_to(interpreter: Interpreter, appointment: Appointment, **fields: object) -> Assignment:
    appointment.status = Status.OFFERED
    appointment.save(update_fields=["status"])
    return AssignmentFactory(appointment=appointment, interpreter=interpreter, **fields)


# Making offers -----------------------------------------------------------------------------


def test_a_coordinator_offers_an_appointment_to_an_interpreter(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = create_offer(appointment=requested, interpreter=ivan, by=personas.coordinator)
    requested.refresh_from_db()
    assert (offer.state, requested.status) == (State.OFFERED, Status.OFFERED)
    assert offer.events.get().to_state == State.OFFERED


def test_an_offer_expires_after_the_organisations_offer_time(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    now = timezone.now()
    offer = create_offer(appointment=requested, interpreter=ivan, by=None, now=now)
    assert offer.expires_at == now + dt.timedelta(hours=personas.organisation.offer_expiry_hours)


def test_an_offer_never_outlives_the_appointments_start(
    requested: Appointment, ivan: Interpreter
) -> None:
    offer = create_offer(
        appointment=requested,
        interpreter=ivan,
        by=None,
        expires_at=requested.start + dt.timedelta(days=3),
    )
    assert offer.expires_at == requested.start


def test_travel_time_blocks_time_before_and_after_the_appointment(
    requested: Appointment, ivan: Interpreter
) -> None:
    offer = create_offer(appointment=requested, interpreter=ivan, by=None, travel_minutes=30)
    assert (offer.blocked_from, offer.blocked_until) == (
        requested.start - dt.timedelta(minutes=30),
        requested.end + dt.timedelta(minutes=30),
    )


def test_a_social_worker_cannot_make_offers(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError) as refused:
        create_offer(appointment=requested, interpreter=ivan, by=personas.social_worker)
    assert refused.value.code == "permission_denied"


def test_an_interpreter_of_another_organisation_cannot_be_offered(
    personas: Personas, requested: Appointment
) -> None:
    stranger = InterpreterFactory(organisation=personas.other_organisation)
    with pytest.raises(NotFound):
        create_offer(appointment=requested, interpreter=stranger, by=personas.coordinator)


def test_an_interpreter_with_a_conflict_of_interest_is_not_offered(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    ConflictOfInterestFactory(interpreter=ivan, client=requested.client)
    with pytest.raises(DomainError) as refused:
        create_offer(appointment=requested, interpreter=ivan, by=personas.coordinator)
    assert refused.value.code == "conflict_of_interest"
    assert not Assignment.objects.exists()


def test_an_inactive_interpreter_is_not_offered(personas: Personas, requested: Appointment) -> None:
    retired = InterpreterFactory(organisation=personas.organisation, is_active=False)
    with pytest.raises(DomainError, match="not active"):
        create_offer(appointment=requested, interpreter=retired, by=personas.coordinator)


def test_the_same_interpreter_is_not_offered_an_appointment_twice(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    create_offer(appointment=requested, interpreter=ivan, by=personas.coordinator)
    with pytest.raises(DomainError, match="already has an offer"):
        create_offer(appointment=requested, interpreter=ivan, by=personas.coordinator)


def test_a_draft_is_not_offered(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    draft = AppointmentFactory(client=client_of_sofia, status=Status.DRAFT)
    with pytest.raises(DomainError, match="not looking for an interpreter"):
        create_offer(appointment=draft, interpreter=ivan, by=personas.coordinator)


# Accepting -------------------------------------------------------------------------------


def test_an_interpreter_accepts_an_offer_and_the_appointment_is_confirmed(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    accept_offer(assignment=offer, by=personas.interpreter)
    offer.refresh_from_db()
    requested.refresh_from_db()
    assert (offer.state, requested.status) == (State.ACCEPTED, Status.CONFIRMED)


def test_accepting_an_offer_is_written_to_the_audit_trail(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)

    accept_offer(assignment=offer, by=personas.interpreter)

    event = AuditEvent.objects.get(reason="offer accepted")
    assert (event.actor, event.action, event.client_id) == (
        personas.interpreter,
        AuditEvent.Action.UPDATE,
        requested.client_id,
    )


def test_accepting_withdraws_the_offers_made_to_others(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    other = offer_to(InterpreterFactory(organisation=personas.organisation), requested)
    accept_offer(assignment=offer, by=personas.interpreter)
    other.refresh_from_db()
    assert other.state == State.WITHDRAWN


@pytest.mark.parametrize(
    ("state", "expires_in"),
    [
        (State.OFFERED, dt.timedelta(minutes=-1)),
        (State.PROPOSED, dt.timedelta(hours=1)),
        (State.DECLINED, dt.timedelta(hours=1)),
        (State.WITHDRAWN, dt.timedelta(hours=1)),
        (State.EXPIRED, dt.timedelta(hours=-1)),
    ],
)
def test_an_offer_can_only_be_accepted_while_it_is_offered_and_unexpired(
    personas: Personas,
    requested: Appointment,
    ivan: Interpreter,
    state: str,
    expires_in: dt.timedelta,
) -> None:
    offer = offer_to(ivan, requested, state=state, expires_at=timezone.now() + expires_in)
    with pytest.raises(DomainError) as refused:
        accept_offer(assignment=offer, by=personas.interpreter)
    assert refused.value.code == "offer_closed"
    offer.refresh_from_db()
    assert offer.state == state


def test_nobody_else_can_accept_an_interpreters_offer(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    with pytest.raises(NotFound):
        accept_offer(assignment=offer, by=personas.coordinator)


def test_an_offer_overlapping_a_booking_including_travel_is_refused(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    booked = AppointmentFactory(
        client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10), status=Status.CONFIRMED
    )
    AssignmentFactory(appointment=booked, interpreter=ivan, state=State.ACCEPTED, travel_minutes=30)
    later = AppointmentFactory(client=client_of_sofia, start=in_days(7, 10, 15), end=in_days(7, 11))
    offer = offer_to(ivan, later)
    with pytest.raises(DomainError) as refused:
        accept_offer(assignment=offer, by=personas.interpreter)
    assert refused.value.code == "double_booked"
    offer.refresh_from_db()
    assert offer.state == State.OFFERED


def test_back_to_back_appointments_without_travel_can_both_be_accepted(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    first = AppointmentFactory(
        client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10), status=Status.CONFIRMED
    )
    AssignmentFactory(appointment=first, interpreter=ivan, state=State.ACCEPTED)
    second = AppointmentFactory(client=client_of_sofia, start=in_days(7, 10), end=in_days(7, 11))
    offer = offer_to(ivan, second)
    assert accept_offer(assignment=offer, by=personas.interpreter).state == State.ACCEPTED


def test_a_second_accept_for_a_taken_appointment_is_refused(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    kaya = InterpreterFactory(
        organisation=personas.organisation,
        user=personas.key_person,
        kind=Interpreter.Kind.KEY_PERSON,
    )
    offer_to_ivan = offer_to(ivan, requested)
    offer_to_kaya = offer_to(kaya, requested)
    accept_offer(assignment=offer_to_ivan, by=personas.interpreter)
    with pytest.raises(DomainError):
        accept_offer(assignment=offer_to_kaya, by=personas.key_person)
    assert Assignment.objects.filter(state=State.ACCEPTED).count() == 1


# Declining, expiring, withdrawing ------------------------------------------------------


def test_declining_records_the_reason_and_reopens_the_request(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    decline_offer(assignment=offer, by=personas.interpreter, reason="too_far")
    offer.refresh_from_db()
    requested.refresh_from_db()
    assert (offer.state, offer.decline_reason, requested.status) == (
        State.DECLINED,
        "too_far",
        Status.REQUESTED,
    )


def test_declining_keeps_the_appointment_offered_while_other_offers_are_open(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    offer_to(InterpreterFactory(organisation=personas.organisation), requested)
    decline_offer(assignment=offer, by=personas.interpreter, reason="not_available")
    requested.refresh_from_db()
    assert requested.status == Status.OFFERED


def test_declining_without_a_known_reason_is_refused(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    with pytest.raises(DomainError, match="reason"):
        decline_offer(assignment=offer, by=personas.interpreter, reason="bored")


def test_nobody_else_can_decline_an_interpreters_offer(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    with pytest.raises(NotFound):
        decline_offer(assignment=offer, by=personas.key_person, reason="other")


def test_expiring_closes_only_offers_past_their_expiry(
    requested: Appointment, ivan: Interpreter, personas: Personas
) -> None:
    now = timezone.now()
    due = offer_to(ivan, requested, expires_at=now - dt.timedelta(minutes=1))
    fresh = offer_to(
        InterpreterFactory(organisation=personas.organisation),
        requested,
        expires_at=now + dt.timedelta(hours=1),
    )
    assert expire_offers(now=now) == 1
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert (due.state, fresh.state) == (State.EXPIRED, State.OFFERED)


def test_expiring_the_last_offer_reopens_the_request(
    requested: Appointment, ivan: Interpreter
) -> None:
    now = timezone.now()
    offer_to(ivan, requested, expires_at=now - dt.timedelta(minutes=1))
    expire_offers(now=now)
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED


def test_expiring_twice_changes_nothing_the_second_time(
    requested: Appointment, ivan: Interpreter
) -> None:
    now = timezone.now()
    offer_to(ivan, requested, expires_at=now - dt.timedelta(minutes=1))
    expire_offers(now=now)
    assert expire_offers(now=now) == 0


def test_withdrawing_closes_open_offers_and_reopens_the_request(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer = offer_to(ivan, requested)
    assert withdraw_offers(appointment=requested, by=personas.coordinator) == 1
    offer.refresh_from_db()
    requested.refresh_from_db()
    assert (offer.state, requested.status) == (State.WITHDRAWN, Status.REQUESTED)


def test_a_social_worker_cannot_withdraw_offers(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    offer_to(ivan, requested)
    with pytest.raises(DomainError):
        withdraw_offers(appointment=requested, by=personas.social_worker)


# Completing ------------------------------------------------------------------------------


@pytest.fixture
def held_this_morning(client_of_sofia: Client, ivan: Interpreter) -> Assignment:
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)
    appointment = AppointmentFactory(
        client=client_of_sofia, start=start, end=start + dt.timedelta(hours=1), status="confirmed"
    )
    return AssignmentFactory(appointment=appointment, interpreter=ivan, state=State.ACCEPTED)


def test_an_interpreter_logs_the_time_worked_and_the_appointment_is_done(
    personas: Personas, held_this_morning: Assignment
) -> None:
    start = held_this_morning.appointment.start
    complete_assignment(
        assignment=held_this_morning,
        by=personas.interpreter,
        actual_start=start,
        actual_end=start + dt.timedelta(minutes=75),
        travel_minutes=40,
    )
    held_this_morning.refresh_from_db()
    assert (
        held_this_morning.state,
        held_this_morning.actual_travel_minutes,
        held_this_morning.appointment.status,
    ) == (State.DONE, 40, Status.DONE)


def test_time_worked_ending_before_it_starts_is_refused(
    personas: Personas, held_this_morning: Assignment
) -> None:
    start = held_this_morning.appointment.start
    with pytest.raises(DomainError, match="end after it starts"):
        complete_assignment(
            assignment=held_this_morning,
            by=personas.interpreter,
            actual_start=start,
            actual_end=start - dt.timedelta(minutes=5),
            travel_minutes=0,
        )


def test_time_cannot_be_logged_before_the_appointment(
    personas: Personas, requested: Appointment, ivan: Interpreter
) -> None:
    booked = AssignmentFactory(appointment=requested, interpreter=ivan, state=State.ACCEPTED)
    with pytest.raises(DomainError, match="once the appointment has begun"):
        complete_assignment(
            assignment=booked,
            by=personas.interpreter,
            actual_start=requested.start,
            actual_end=requested.end,
            travel_minutes=0,
        )


def test_only_an_accepted_assignment_can_be_completed(
    personas: Personas, held_this_morning: Assignment
) -> None:
    Assignment.objects.filter(pk=held_this_morning.pk).update(state=State.WITHDRAWN)
    start = held_this_morning.appointment.start
    with pytest.raises(DomainError, match="Only an accepted"):
        complete_assignment(
            assignment=held_this_morning,
            by=personas.interpreter,
            actual_start=start,
            actual_end=start + dt.timedelta(hours=1),
            travel_minutes=0,
        )


def test_a_social_worker_cannot_log_an_interpreters_time(
    personas: Personas, held_this_morning: Assignment
) -> None:
    start = held_this_morning.appointment.start
    with pytest.raises(NotFound):
        complete_assignment(
            assignment=held_this_morning,
            by=personas.social_worker,
            actual_start=start,
            actual_end=start + dt.timedelta(hours=1),
            travel_minutes=0,
        )
