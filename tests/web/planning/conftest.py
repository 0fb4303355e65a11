"""The planning pages' world: a district (Testkreis) with three municipalities, organisations A
and B sharing with its planners, C not; a planner of the district, a planner of another
district, A's coordinator, and a social worker who may not plan.

Clients carry distinctive names and references, so that a test can show no page prints them."""

import datetime as dt
import random
from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.clients.models import Client
from lisko.places.models import Region
from tests.factories.core import (
    ClientFactory,
    LanguageFactory,
    make_coordinator,
    make_social_worker,
)
from tests.factories.interpreting import (
    AppointmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
    WeeklyAvailabilityFactory,
)
from tests.factories.people import FieldOfActionFactory, OfferFactory
from tests.factories.planning import (
    PlanningWorld,
    make_planner,
    make_planning_world,
    make_region_with_municipalities,
)

# Every client is called so; no planning page may print it.
FIRST_NAME = "Zorabel"
LAST_NAME = "Quentavia"
REFERENCE = "SECRET-REF"
LANGUAGES = ("ara", "tir", "ukr", "fas")
STATUSES = ("requested", "confirmed", "done", "unfilled", "unfilled", "done")
REASONS = ("no_speaker", "travel_limit", "fully_booked")


@dataclass
class Planning:
    world: PlanningWorld
    planner: User
    other_planner: User  # plans another district
    other_region: Region
    coordinator: User  # A's coordinator: A's figures only
    social_worker: User  # neither planner nor coordinator


def populate(world: PlanningWorld, *, clients: int, seed: int = 7) -> list[Client]:
    """Clients of A, B and C in the district (and one outside), each with an appointment or
    two, and offers of A and B in two fields of action."""
    rng = random.Random(seed)
    for organisation in (world.a, world.b, world.c):
        FieldOfActionFactory(organisation=organisation, key="language-education", position=1)
        FieldOfActionFactory(
            organisation=organisation, key="work", name="Work and income", position=2
        )
    made = []
    for number in range(clients):
        organisation = rng.choice([world.a, world.a, world.b, world.c])
        municipality = rng.choice([*world.municipalities, world.municipalities[0], world.outside])
        client = ClientFactory(
            organisation=organisation,
            municipality=municipality,
            preferred_language=LanguageFactory(code=rng.choice(LANGUAGES)),
            first_name=FIRST_NAME,
            last_name=f"{LAST_NAME}{number}",
            reference=f"{REFERENCE}-{seed}-{number:04d}",
        )
        Client.objects.filter(pk=client.pk).update(
            created_at=timezone.now() - dt.timedelta(days=rng.choice([20, 100, 300]))
        )
        made.append(client)
        for _ in range(rng.choice([1, 2])):
            start = timezone.now() - dt.timedelta(days=rng.randint(2, 300), hours=rng.randint(0, 5))
            AppointmentFactory(
                client=client,
                start=start,
                end=start + dt.timedelta(hours=1),
                municipality=municipality,
                language=client.preferred_language,
                status=(status := rng.choice(STATUSES)),
                unfilled_reason=rng.choice(REASONS) if status == "unfilled" else "",
            )
    for organisation in (world.a, world.b):
        for municipality in world.municipalities[:2]:
            OfferFactory(
                association__organisation=organisation,
                municipality=municipality,
                field_of_action=FieldOfActionFactory(
                    organisation=organisation, key="language-education"
                ),
                capacity=rng.choice([8, 12, 20]),
            )
    # Interpreters of A and B: Arabic and Ukrainian near the first municipality, Tigrinya far.
    for organisation, municipality, code in (
        (world.a, world.municipalities[0], "ara"),
        (world.a, world.municipalities[1], "ukr"),
        (world.b, world.municipalities[0], "ara"),
        (world.b, world.municipalities[2], "tir"),
    ):
        interpreter = InterpreterFactory(organisation=organisation, home_municipality=municipality)
        InterpreterLanguageFactory(interpreter=interpreter, language=LanguageFactory(code=code))
        WeeklyAvailabilityFactory(interpreter=interpreter)
    return made


@pytest.fixture
def planning(db: None) -> Planning:
    world = make_planning_world()
    other_region, _places = make_region_with_municipalities(
        "Fernkreis", places=(("Weitweg", 53.10, 8.80),)
    )
    return Planning(
        world=world,
        planner=world.planner,
        other_planner=make_planner(other_region),
        other_region=other_region,
        coordinator=make_coordinator(world.a),
        social_worker=make_social_worker(world.a),
    )


@pytest.fixture
def populated(planning: Planning) -> Planning:
    populate(planning.world, clients=40)
    assert Appointment.objects.exists()
    return planning


def logged_in(user: User, **headers: str) -> HttpClient:
    client = HttpClient(**headers)
    client.force_login(user)
    return client
