"""Factories for pay: rates, and assignments with logged or late-cancelled time."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.organisations.models import Organisation
from lisko.payroll.models import Rate
from tests.factories.core import OrganisationFactory
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, InterpreterFactory


class RateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rate

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "interpreter"
    currency = "EUR"
    hourly = Decimal("60.00")
    evening_from_hour = 20
    evening_percent = Decimal("25")
    weekend_percent = Decimal("50")
    travel_per_minute = Decimal("0.50")
    minimum_minutes = 60
    late_cancellation_hours = 24
    late_cancellation_percent = Decimal("50")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def logged_assignment(
    *,
    organisation: Organisation,
    start: dt.datetime,
    minutes: int = 90,
    travel_minutes: int = 30,
    **interpreter_fields: object,
) -> Assignment:
    """A done assignment whose interpreter logged `minutes` from `start` and their travel."""
    interpreter = interpreter_fields.pop("interpreter", None) or InterpreterFactory(
        organisation=organisation, **interpreter_fields
    )
    appointment = AppointmentFactory(
        client__organisation=organisation,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        status=Appointment.Status.DONE,
    )
    return AssignmentFactory(
        appointment=appointment,
        interpreter=interpreter,
        state=Assignment.State.DONE,
        actual_start=start,
        actual_end=start + dt.timedelta(minutes=minutes),
        actual_travel_minutes=travel_minutes,
        completed_at=start + dt.timedelta(minutes=minutes),
    )


def cancelled_booking(
    *, organisation: Organisation, start: dt.datetime, hours_before: float, minutes: int = 60
) -> Assignment:
    """An accepted booking withdrawn when its appointment was cancelled `hours_before` start."""
    appointment = AppointmentFactory(
        client__organisation=organisation,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        status=Appointment.Status.CANCELLED,
    )
    assignment = AssignmentFactory(
        appointment=appointment,
        interpreter__organisation=organisation,
        state=Assignment.State.WITHDRAWN,
    )
    event = AssignmentEvent.objects.create(
        assignment=assignment,
        from_state=Assignment.State.ACCEPTED,
        to_state=Assignment.State.WITHDRAWN,
        note="appointment cancelled",
    )
    # `at` is set on insert; move it to when the cancellation happened.
    AssignmentEvent.objects.filter(pk=event.pk).update(at=start - dt.timedelta(hours=hours_before))
    return assignment
