"""Builders for the matching workflow: a pool of interpreters who work every day, requests,
and a record of the background jobs the services ask for."""

import datetime as dt
from typing import Any

import pytest

from lisko.appointments.models import Appointment
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality
from tests.factories.core import MunicipalityFactory
from tests.factories.interpreting import (
    AppointmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
    WeeklyAvailabilityFactory,
    in_days,
)


def make_interpreter(
    *,
    organisation: Organisation,
    language: Language,
    home: Municipality,
    proficiency: int = 5,
    **fields: Any,
) -> Interpreter:
    """An interpreter who speaks `language` and is available 7:00–20:00 every day."""
    interpreter = InterpreterFactory(organisation=organisation, home_municipality=home, **fields)
    InterpreterLanguageFactory(interpreter=interpreter, language=language, proficiency=proficiency)
    for weekday in range(7):
        WeeklyAvailabilityFactory(
            interpreter=interpreter,
            weekday=weekday,
            start_time=dt.time(7),
            end_time=dt.time(20),
        )
    return interpreter


def make_request(*, client: Client, days: int = 3, hour: int = 10, **fields: Any) -> Appointment:
    """An appointment of `client` asking for an interpreter (status requested)."""
    start = in_days(days, hour)
    defaults: dict[str, Any] = {
        "client": client,
        "start": start,
        "end": start + dt.timedelta(hours=1),
        "language": client.preferred_language,
        "municipality": client.municipality,
        "status": Appointment.Status.REQUESTED,
    }
    return AppointmentFactory(**{**defaults, **fields})


@pytest.fixture
def far_away(db: None) -> Municipality:
    return MunicipalityFactory(name="Mersch", latitude=49.7489, longitude=6.1061)
