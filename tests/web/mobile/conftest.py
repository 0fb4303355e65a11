import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from pytest_django.fixtures import Settings

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client, Consent
from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.core import ClientFactory, ConsentFactory, LanguageFactory, MunicipalityFactory
from tests.factories.interpreting import (
    AppointmentFactory,
    AssignmentFactory,
    InterpreterFactory,
    in_days,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # Argon2 takes about half a second per persona; these tests never check a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False


@pytest.fixture
def ivan(personas: Personas) -> Interpreter:
    """Ivan's interpreter profile, linked to his login."""
    return InterpreterFactory(
        organisation=personas.organisation,
        user=personas.interpreter,
        first_name="Ivan",
        last_name="Petrenko",
        home_municipality=MunicipalityFactory(
            name="Esch-sur-Alzette", latitude=49.5, longitude=5.98
        ),
    )


@pytest.fixture
def kaya_profile(personas: Personas) -> Interpreter:
    return InterpreterFactory(
        organisation=personas.organisation,
        user=personas.key_person,
        kind=Interpreter.Kind.KEY_PERSON,
        first_name="Kaya",
        last_name="Demir",
    )


@pytest.fixture
def amal(personas: Personas) -> Client:
    """A client of Sofia's with everything an interpreter must not see."""
    personas.social_worker.first_name = "Sofia"
    personas.social_worker.last_name = "Martins"
    personas.social_worker.email = "sofia@red-cross.example"
    personas.social_worker.phone = "+352 621 123 456"
    personas.social_worker.save()
    client = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amal",
        last_name="Zahranova",
        reference="RC-SECRET-0042",
        country_of_origin="SY",
        residence_status="subsidiary",
        notes="Confidential: fled with her brother",
        preferred_language=LanguageFactory(code="ara"),
    )
    # Amal agreed that interpreters may know her first name (tests without it say so).
    ConsentFactory(client=client, purpose=Consent.Purpose.INTERPRETING)
    return client


def make_appointment(client: Client, **fields: object) -> Appointment:
    defaults: dict[str, object] = {
        "client": client,
        "kind": Appointment.Kind.MEDICAL,
        "start": in_days(3, 9),
        "end": in_days(3, 10, 30),
        "address": "Rue de la Gare 12",
        "municipality": MunicipalityFactory(),
        "language": LanguageFactory(code="ara"),
        "notes_for_interpreter": "Ring at the side door <b>twice</b>; it's on the first floor.",
        "status": Appointment.Status.OFFERED,
    }
    defaults.update(fields)
    return AppointmentFactory(**defaults)


def make_offer(interpreter: Interpreter, client: Client, **fields: object) -> Assignment:
    appointment_fields = {
        key: fields.pop(key)
        for key in list(fields)
        if key in ("start", "end", "kind", "modality", "remote_link", "municipality", "address")
    }
    if fields.get("state") in (Assignment.State.ACCEPTED, Assignment.State.DONE):
        # A booking confirms its appointment (the transition table allows nothing else).
        appointment_fields.setdefault("status", Appointment.Status.CONFIRMED)
    appointment = make_appointment(client, **appointment_fields)
    return AssignmentFactory(
        appointment=appointment, interpreter=interpreter, travel_minutes=25, **fields
    )


def make_booking(interpreter: Interpreter, client: Client, **fields: object) -> Assignment:
    fields.setdefault("state", Assignment.State.ACCEPTED)
    return make_offer(interpreter, client, **fields)


@pytest.fixture
def offer(ivan: Interpreter, amal: Client) -> Assignment:
    return make_offer(ivan, amal)


@pytest.fixture
def as_ivan(client: HttpClient, personas: Personas, ivan: Interpreter) -> HttpClient:
    client.force_login(personas.interpreter)
    return client


def hours_ago(hours: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)
