"""Factories for interpreters, appointments, offers and matching runs."""

import datetime as dt

import factory
from django.utils import timezone

from lisko.appointments.models import AlternativeSlot, Appointment, Assignment
from lisko.interpreters.models import (
    Absence,
    ConflictOfInterest,
    Interpreter,
    InterpreterLanguage,
    WeeklyAvailability,
)
from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from tests.factories.core import (
    ClientFactory,
    LanguageFactory,
    MunicipalityFactory,
    OrganisationFactory,
)


def in_days(days: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware local time `days` from today at hour:minute."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Interpreter.Kind.INTERPRETER
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    level = factory.LazyAttribute(lambda i: 0 if i.kind == Interpreter.Kind.KEY_PERSON else 2)
    gender = "f"
    home_municipality = factory.SubFactory(MunicipalityFactory)
    works_on_site = True
    works_by_phone = True
    works_by_video = True
    weekly_minutes_limit = 1200
    travel_limit_minutes = 60


class InterpreterLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterpreterLanguage

    interpreter = factory.SubFactory(InterpreterFactory)
    language = factory.SubFactory(LanguageFactory)
    proficiency = 5


class WeeklyAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyAvailability

    interpreter = factory.SubFactory(InterpreterFactory)
    weekday = 0
    start_time = dt.time(8)
    end_time = dt.time(17)


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    interpreter = factory.SubFactory(InterpreterFactory)
    start = factory.LazyFunction(lambda: in_days(3, 0))
    end = factory.LazyFunction(lambda: in_days(4, 0))
    reason = "Holiday"


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    interpreter = factory.SubFactory(InterpreterFactory)
    client = factory.SubFactory(
        ClientFactory, organisation=factory.SelfAttribute("..interpreter.organisation")
    )
    reason = ConflictOfInterest.Reason.RELATIVE


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    client = factory.SubFactory(ClientFactory)
    organisation = factory.SelfAttribute("client.organisation")
    booked_by = factory.SelfAttribute("client.social_worker")
    kind = Appointment.Kind.SOCIAL_COUNSELLING
    start = factory.LazyFunction(lambda: in_days(7, 9))
    end = factory.LazyAttribute(lambda a: a.start + dt.timedelta(hours=1))
    modality = "on_site"
    municipality = factory.SubFactory(MunicipalityFactory)
    address = "Rue de la Gare 1"
    language = factory.SubFactory(LanguageFactory)
    status = Appointment.Status.REQUESTED


class AlternativeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlternativeSlot

    appointment = factory.SubFactory(AppointmentFactory)
    start = factory.LazyAttribute(lambda s: s.appointment.start + dt.timedelta(days=1))
    end = factory.LazyAttribute(lambda s: s.appointment.end + dt.timedelta(days=1))


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An open offer; pass state=... (and expires_at) for other stages."""

    class Meta:
        model = Assignment

    appointment = factory.SubFactory(AppointmentFactory, status=Appointment.Status.OFFERED)
    interpreter = factory.SubFactory(
        InterpreterFactory, organisation=factory.SelfAttribute("..appointment.organisation")
    )
    state = Assignment.State.OFFERED
    travel_minutes = 0
    blocked_from = factory.LazyAttribute(
        lambda a: a.appointment.start - dt.timedelta(minutes=a.travel_minutes)
    )
    blocked_until = factory.LazyAttribute(
        lambda a: a.appointment.end + dt.timedelta(minutes=a.travel_minutes)
    )
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=24))
    offered_at = factory.LazyFunction(timezone.now)


class MatchingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRun

    organisation = factory.SubFactory(OrganisationFactory)
    window_from = factory.LazyFunction(timezone.now)
    window_until = factory.LazyAttribute(lambda r: r.window_from + dt.timedelta(days=14))


class MatchingRunRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRunRequest

    run = factory.SubFactory(MatchingRunFactory)
    appointment = factory.SubFactory(
        AppointmentFactory,
        client__organisation=factory.SelfAttribute("...run.organisation"),
        status=Appointment.Status.MATCHING,
    )


def heavy_assignment(
    interpreter: Interpreter, *, days_ago: int = 1, kind: str = Appointment.Kind.THERAPY
) -> Assignment:
    """An accepted assignment of an emotionally heavy kind that began `days_ago` days ago."""
    start = in_days(-days_ago, 9)
    appointment = AppointmentFactory(
        client=ClientFactory(organisation=interpreter.organisation),
        kind=kind,
        start=start,
        end=start + dt.timedelta(hours=1),
        status=Appointment.Status.CONFIRMED,
    )
    return AssignmentFactory(
        appointment=appointment,
        interpreter=interpreter,
        state=Assignment.State.ACCEPTED,
        expires_at=None,
    )
