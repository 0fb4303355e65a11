"""A small scene for the staff pages: Sofia's client Amal with a plan, appointments, a referral;
an interpreter pool for Carla the coordinator."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from pytest_django.fixtures import Settings

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client, Consent
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction
from lisko.plans.models import Goal
from lisko.referrals.models import Referral
from tests.conftest import Personas
from tests.factories.core import (
    ClientFactory,
    ClientLanguageFactory,
    ConsentFactory,
    LanguageFactory,
    MunicipalityFactory,
)
from tests.factories.interpreting import (
    AppointmentFactory,
    AssignmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
    WeeklyAvailabilityFactory,
    in_days,
)
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    GoalFactory,
    GoalReviewFactory,
    MilestoneFactory,
    OfferFactory,
    PlanFactory,
    ReferralEventFactory,
    ReferralFactory,
)


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings) -> None:
    # Argon2 takes about half a second per persona; these tests never check a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.LANGUAGE_CODE = "en"
    # The pages are tested here, not the workflow: nothing is sent to a broker.
    settings.LISKO_JOBS_ENABLED = False


@dataclass
class Scene:
    personas: Personas
    client: Client
    tigrinya: Language
    language_field: FieldOfAction
    work_field: FieldOfAction
    goal: Goal
    appointment: Appointment
    referral: Referral
    interpreter: Interpreter


def login(http: HttpClient, user: object) -> HttpClient:
    http.force_login(user)  # type: ignore[arg-type]
    return http


@pytest.fixture
def scene(personas: Personas) -> Scene:
    organisation = personas.organisation
    tigrinya = LanguageFactory(code="tir")
    luxembourg = MunicipalityFactory()
    language_field = FieldOfActionFactory(
        organisation=organisation, key="language-education", name="Language and education"
    )
    work_field = FieldOfActionFactory(
        organisation=organisation, key="work-income", name="Work and income", position=2
    )
    amal = ClientFactory(
        organisation=organisation,
        social_worker=personas.social_worker,
        first_name="Amal",
        last_name="Tesfay",
        reference="RC-0001",
        municipality=luxembourg,
        preferred_language=tigrinya,
    )
    ClientLanguageFactory(client=amal, language=tigrinya, proficiency=5)
    ConsentFactory(client=amal, purpose=Consent.Purpose.INTERPRETING)
    plan = PlanFactory(client=amal)
    goal = GoalFactory(
        plan=plan, field_of_action=language_field, wording="Talk to my son's teacher in French"
    )
    GoalReviewFactory(goal=goal, level=3, reviewed_on=timezone.localdate())
    MilestoneFactory(goal=goal, title="Enrol in the A2 course")
    GoalFactory(plan=plan, field_of_action=work_field, wording="Find a part-time job")
    appointment = AppointmentFactory(
        client=amal,
        language=tigrinya,
        municipality=luxembourg,
        goal=goal,
        start=in_days(0, 23, 0) if timezone.localtime().hour < 22 else in_days(1, 9),
        end=(in_days(0, 23, 30) if timezone.localtime().hour < 22 else in_days(1, 10)),
        status=Appointment.Status.REQUESTED,
    )
    association = AssociationFactory(organisation=organisation, name="Maison des femmes")
    offer = OfferFactory(
        association=association,
        title="Conversation café",
        field_of_action=language_field,
        municipality=luxembourg,
        languages=[tigrinya],
    )
    referral = ReferralFactory(client=amal, offer=offer, goal=goal)
    ReferralEventFactory(referral=referral)
    yonas = InterpreterFactory(
        organisation=organisation,
        first_name="Yonas",
        last_name="Tesfamariam",
        home_municipality=luxembourg,
        certification_expires=timezone.localdate() + dt.timedelta(days=20),
    )
    InterpreterLanguageFactory(interpreter=yonas, language=tigrinya, proficiency=5)
    for weekday in range(7):
        WeeklyAvailabilityFactory(
            interpreter=yonas, weekday=weekday, start_time=dt.time(0), end_time=dt.time(23, 59)
        )
    return Scene(
        personas=personas,
        client=amal,
        tigrinya=tigrinya,
        language_field=language_field,
        work_field=work_field,
        goal=goal,
        appointment=appointment,
        referral=referral,
        interpreter=yonas,
    )


@pytest.fixture
def sofia(client: HttpClient, scene: Scene) -> HttpClient:
    """The HTTP client, logged in as Sofia, the social worker of the scene's client."""
    return login(client, scene.personas.social_worker)


@pytest.fixture
def carla(client: HttpClient, scene: Scene) -> HttpClient:
    """The HTTP client, logged in as Carla, the coordinator."""
    return login(client, scene.personas.coordinator)


def offer_to(scene: Scene, interpreter: Interpreter, **fields: object) -> Assignment:
    """An open offer of the scene's appointment to `interpreter`."""
    scene.appointment.status = Appointment.Status.OFFERED
    scene.appointment.save(update_fields=["status"])
    return AssignmentFactory(appointment=scene.appointment, interpreter=interpreter, **fields)
