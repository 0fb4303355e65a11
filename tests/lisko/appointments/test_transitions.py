"""The appointment's status changes only along the transition table."""

import pytest

from lisko.appointments.models import Appointment
from lisko.appointments.transitions import (
    TRANSITIONS,
    IllegalTransition,
    move_appointment,
    move_appointments,
)
from tests.factories.interpreting import AppointmentFactory

Status = Appointment.Status


def test_the_table_names_every_status() -> None:
    assert set(TRANSITIONS) == set(Status.values)
    assert set().union(*TRANSITIONS.values()) <= set(Status.values)


def test_a_cancelled_or_done_appointment_moves_nowhere() -> None:
    assert TRANSITIONS[Status.CANCELLED] == TRANSITIONS[Status.DONE] == frozenset()


def test_a_move_outside_the_table_is_refused_as_a_bug() -> None:
    appointment = Appointment(status=Status.CANCELLED)

    with pytest.raises(IllegalTransition):
        move_appointment(appointment, Status.REQUESTED)

    assert appointment.status == Status.CANCELLED


@pytest.mark.django_db
def test_a_bulk_move_leaves_the_appointments_that_may_not_follow() -> None:
    requested = AppointmentFactory(status=Status.MATCHING)
    done = AppointmentFactory(status=Status.DONE)

    moved = move_appointments(
        Appointment.objects.filter(pk__in=[requested.pk, done.pk]), Status.REQUESTED
    )

    assert moved == 1
    assert Appointment.objects.get(pk=done.pk).status == Status.DONE
