"""Reading appointments and offers, scoped by who asks.

A social worker sees the appointments of their own caseload (and cases shared with them), a
coordinator all of the organisation's, an interpreter only those they hold an offer or booking for.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client
from lisko.core.errors import NotFound
from lisko.interpreters.selectors import organisation_ids_where
from lisko.organisations.models import Organisation, Role

# What an interpreter has seen of an appointment: an offer made to them, or their booking.
STATES_VISIBLE_TO_INTERPRETER = (
    Assignment.State.OFFERED,
    Assignment.State.ACCEPTED,
    Assignment.State.DONE,
)


def appointments_for(*, user: User) -> QuerySet[Appointment]:
    """Every appointment `user` may see, whatever their roles."""
    if not user.is_authenticated:
        return Appointment.objects.none()
    own_caseload = (
        Q(client__social_worker=user)
        | Q(client__in=Client.objects.filter(shared_with=user).values("pk"))
        | Q(booked_by=user)
    )
    as_social_worker = (
        Q(organisation_id__in=organisation_ids_where(user=user, roles=[Role.SOCIAL_WORKER]))
        & own_caseload
    )
    as_coordinator = Q(
        organisation_id__in=organisation_ids_where(user=user, roles=[Role.COORDINATOR])
    )
    as_interpreter = Q(
        pk__in=Assignment.objects.filter(
            interpreter__user=user, state__in=STATES_VISIBLE_TO_INTERPRETER
        ).values("appointment_id")
    )
    return Appointment.objects.filter(
        as_social_worker | as_coordinator | as_interpreter
    ).select_related("organisation", "client", "booked_by", "language", "municipality")


def appointment_for(*, user: User, appointment_id: int) -> Appointment:
    """One appointment `user` may see; NotFound whether it is absent or out of reach."""
    try:
        return (
            appointments_for(user=user).prefetch_related("alternative_slots").get(pk=appointment_id)
        )
    except Appointment.DoesNotExist:
        raise NotFound() from None


def offers_for_interpreter(*, user: User, now: dt.datetime | None = None) -> QuerySet[Assignment]:
    """The offers waiting for this interpreter's answer, soonest appointment first."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state=Assignment.State.OFFERED,
            expires_at__gt=now or timezone.now(),
        )
        .select_related(
            "appointment__language",
            "appointment__municipality",
            "appointment__client",
            "appointment__booked_by",
            "interpreter",
        )
        .order_by("appointment__start")
    )


def upcoming_assignments_for(*, user: User, now: dt.datetime | None = None) -> QuerySet[Assignment]:
    """This interpreter's accepted bookings that have not ended yet, in time order."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state=Assignment.State.ACCEPTED,
            appointment__end__gt=now or timezone.now(),
        )
        .select_related(
            "appointment__language",
            "appointment__municipality",
            "appointment__client",
            "appointment__booked_by",
            "interpreter",
        )
        .order_by("appointment__start")
    )


def assignment_for_interpreter(*, user: User, assignment_id: int) -> Assignment:
    """One of the interpreter's own offers or bookings; NotFound for anyone else's."""
    try:
        return Assignment.objects.select_related("appointment", "interpreter").get(
            pk=assignment_id, interpreter__user=user, interpreter__user__isnull=False
        )
    except Assignment.DoesNotExist:
        raise NotFound() from None


def open_requests(
    *,
    organisation: Organisation,
    until: dt.datetime,
    now: dt.datetime | None = None,
    include_matching: bool = False,
) -> QuerySet[Appointment]:
    """Appointments waiting for an interpreter that start between now and `until`.

    `include_matching` also returns those claimed by a matching run, to pick them up again
    after a worker died mid-run.
    """
    statuses = [Appointment.Status.REQUESTED]
    if include_matching:
        statuses.append(Appointment.Status.MATCHING)
    return (
        Appointment.objects.filter(
            organisation=organisation,
            status__in=statuses,
            start__gt=now or timezone.now(),
            start__lt=until,
        )
        .select_related("client", "language", "municipality")
        .prefetch_related("alternative_slots")
        .order_by("-priority", "start")
    )
