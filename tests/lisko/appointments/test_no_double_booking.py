"""The database itself keeps an interpreter from being booked twice at once."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer
from lisko.clients.models import Client
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, in_days

State = Assignment.State


def test_the_database_refuses_an_appointment_ending_before_it_starts(
    client_of_sofia: Client,
) -> None:
    with pytest.raises(IntegrityError):
        AppointmentFactory(client=client_of_sofia, start=in_days(7, 10), end=in_days(7, 9))


def test_the_database_refuses_two_accepted_assignments_for_one_appointment(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, status="confirmed")
    AssignmentFactory(appointment=appointment, interpreter=ivan, state=State.ACCEPTED)
    with pytest.raises(IntegrityError):
        AssignmentFactory(appointment=appointment, state=State.ACCEPTED)


def test_the_database_refuses_an_offer_without_an_expiry(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    with pytest.raises(IntegrityError):
        AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan, expires_at=None)


@pytest.mark.postgres
def test_the_database_refuses_an_overlapping_accepted_assignment_inserted_directly(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    morning = AppointmentFactory(client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10))
    overlapping = AppointmentFactory(
        client=client_of_sofia, start=in_days(7, 9, 30), end=in_days(7, 11)
    )
    AssignmentFactory(appointment=morning, interpreter=ivan, state=State.ACCEPTED)
    with pytest.raises(IntegrityError, match="assignment_no_double_booking"):
        with transaction.atomic():
            AssignmentFactory(appointment=overlapping, interpreter=ivan, state=State.ACCEPTED)


@pytest.mark.postgres
def test_the_database_counts_travel_as_booked_time(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    morning = AppointmentFactory(client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10))
    right_after = AppointmentFactory(
        client=client_of_sofia, start=in_days(7, 10), end=in_days(7, 11)
    )
    AssignmentFactory(
        appointment=morning, interpreter=ivan, state=State.ACCEPTED, travel_minutes=20
    )
    with pytest.raises(IntegrityError, match="assignment_no_double_booking"):
        with transaction.atomic():
            AssignmentFactory(appointment=right_after, interpreter=ivan, state=State.ACCEPTED)


@pytest.mark.postgres
def test_the_database_allows_overlapping_offers_that_are_not_accepted(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    first = AppointmentFactory(client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10))
    second = AppointmentFactory(client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10))
    AssignmentFactory(appointment=first, interpreter=ivan, state=State.ACCEPTED)
    assert AssignmentFactory(appointment=second, interpreter=ivan).state == State.OFFERED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_of_overlapping_appointments_book_the_interpreter_once(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    offers = [
        AssignmentFactory(
            appointment=AppointmentFactory(
                client=client_of_sofia,
                start=in_days(7, 9, minutes),
                end=in_days(7, 10, minutes),
                status=Appointment.Status.OFFERED,
            ),
            interpreter=ivan,
        )
        for minutes in (0, 30)
    ]
    barrier = threading.Barrier(len(offers))
    outcomes: dict[int, str] = {}

    def accept(offer: Assignment) -> None:
        try:
            barrier.wait(timeout=10)
            accept_offer(assignment=offer, by=personas.interpreter)
            outcomes[offer.pk] = "accepted"
        except DomainError as refused:
            outcomes[offer.pk] = refused.code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["accepted", "double_booked"]
    assert Assignment.objects.filter(interpreter=ivan, state=State.ACCEPTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_accept_racing_a_direct_write_ends_in_a_clear_refusal_not_a_crash(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    """The service's own check cannot see an uncommitted booking; the constraint then decides."""
    morning = AppointmentFactory(client=client_of_sofia, start=in_days(7, 9), end=in_days(7, 10))
    offer = AssignmentFactory(
        appointment=AppointmentFactory(
            client=client_of_sofia,
            start=in_days(7, 9, 30),
            end=in_days(7, 10, 30),
            status=Appointment.Status.OFFERED,
        ),
        interpreter=ivan,
    )
    written = threading.Event()

    def write_booking_directly() -> None:
        try:
            with transaction.atomic():
                AssignmentFactory(appointment=morning, interpreter=ivan, state=State.ACCEPTED)
                written.set()
                _wait_until_another_session_waits_for_a_lock()
        finally:
            connection.close()

    writer = threading.Thread(target=write_booking_directly)
    writer.start()
    assert written.wait(timeout=10)
    with pytest.raises(DomainError) as refused:
        accept_offer(assignment=offer, by=personas.interpreter)
    writer.join(timeout=30)

    assert refused.value.code == "double_booked"
    offer.refresh_from_db()
    assert offer.state == State.OFFERED


def _wait_until_another_session_waits_for_a_lock(timeout_s: float = 10) -> None:
    """Hold the transaction open until the accept is blocked on the exclusion constraint."""
    import time

    deadline = time.monotonic() + timeout_s
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
