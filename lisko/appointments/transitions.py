"""The one writer of an appointment's status: a transition table and two helpers.

Services decide *whether* a change is allowed for the person asking (and refuse with a
DomainError); this table says which status may follow which at all, so that no code path can
move an appointment somewhere the workflow does not know. Breaking it is a bug, not bad input.
"""

from typing import Any, Final

from django.db.models import QuerySet
from django.utils import timezone

from lisko.appointments.models import Appointment

Status = Appointment.Status

# status → the statuses that may follow it. A status may follow itself where a service
# re-asks (a changed request is requested again; a second offer keeps it offered).
TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    Status.DRAFT: frozenset({Status.REQUESTED, Status.CANCELLED}),
    Status.REQUESTED: frozenset(
        {Status.REQUESTED, Status.MATCHING, Status.OFFERED, Status.UNFILLED, Status.CANCELLED}
    ),
    Status.MATCHING: frozenset(
        {Status.REQUESTED, Status.MATCHING, Status.OFFERED, Status.UNFILLED, Status.CANCELLED}
    ),
    Status.OFFERED: frozenset(
        {Status.OFFERED, Status.CONFIRMED, Status.REQUESTED, Status.UNFILLED, Status.CANCELLED}
    ),
    Status.CONFIRMED: frozenset({Status.REQUESTED, Status.DONE, Status.CANCELLED}),
    Status.UNFILLED: frozenset(
        {Status.UNFILLED, Status.REQUESTED, Status.OFFERED, Status.CANCELLED}
    ),
    Status.CANCELLED: frozenset(),
    Status.DONE: frozenset(),
}


class IllegalTransition(RuntimeError):
    """A code path tried a status change the workflow does not have."""


def may_follow(current: str, to: str) -> bool:
    return to in TRANSITIONS[current]


def move_appointment(appointment: Appointment, to: str, **fields: Any) -> None:
    """Set the appointment's status (and `fields`) in memory; the caller saves."""
    if not may_follow(appointment.status, to):
        raise IllegalTransition(f"appointment {appointment.pk}: {appointment.status} → {to}")
    appointment.status = to
    for name, value in fields.items():
        setattr(appointment, name, value)


def move_appointments(appointments: QuerySet[Appointment], to: str, **fields: Any) -> int:
    """Move every appointment of the queryset whose status allows it; returns how many."""
    allowed_from = [status for status, following in TRANSITIONS.items() if to in following]
    return appointments.filter(status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **fields
    )
