"""A small world for API tests: the personas, each with objects of their own, objects of the same
organisation that are not theirs, and objects of the other organisation.

Sofia (social worker, A) has a client with a plan, consents, an appointment offered to Ivan and a
referral to Paula's association. Colin (her colleague) has a client of his own that Sofia must not
see. Samir (social worker, B) has the same things in organisation B.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from lisko.accounts.models import User
from lisko.accounts.services import issue_token
from lisko.appointments.models import Appointment, Assignment
from lisko.associations.models import Association, Offer
from lisko.clients.models import Client, ClientLanguage, Consent, HouseholdMember
from lisko.interpreters.models import Absence, Interpreter
from lisko.matchingruns.models import MatchingRun
from lisko.organisations.models import FieldOfAction, Organisation, Role
from lisko.plans.models import Goal, Milestone
from lisko.referrals.models import Referral
from tests.conftest import Personas
from tests.factories.core import (
    ClientFactory,
    ClientLanguageFactory,
    ConsentFactory,
    LanguageFactory,
    MunicipalityFactory,
    OrganisationFactory,
    make_member,
)
from tests.factories.interpreting import (
    AbsenceFactory,
    AppointmentFactory,
    AssignmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
    MatchingRunFactory,
    MatchingRunRequestFactory,
    WeeklyAvailabilityFactory,
)
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    GoalFactory,
    MilestoneFactory,
    OfferFactory,
    PlanFactory,
    ReferralFactory,
)

ApiFor = Callable[..., APIClient]
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow by design; these tests are about the API, not the hash."""
    settings.PASSWORD_HASHERS = [FAST_HASHER]


@pytest.fixture
def api_for(db: None) -> ApiFor:
    """An API client speaking as `user` through a real token (anonymous for None)."""

    def make(user: User | None, language: str = "en") -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user)}")
        return client

    return make


@dataclass
class Casework:
    """Everything one social worker's client brings along."""

    client: Client
    language: ClientLanguage
    member: HouseholdMember
    consent: Consent
    sharing_consent: Consent
    goal: Goal
    milestone: Milestone
    association: Association
    offer: Offer
    referral: Referral
    appointment: Appointment
    assignment: Assignment
    interpreter: Interpreter
    absence: Absence
    run: MatchingRun
    field_of_action: FieldOfAction


def make_casework(
    *,
    organisation: Organisation,
    social_worker: User,
    partner: User | None = None,
    interpreter_user: User | None = None,
) -> Casework:
    municipality = MunicipalityFactory()
    arabic = LanguageFactory(code="ara")
    client = ClientFactory(
        organisation=organisation,
        social_worker=social_worker,
        municipality=municipality,
        preferred_language=arabic,
        phone="+352 621 000 000",
        notes="Worried about the rent.",
        country_of_origin="SY",
    )
    language = ClientLanguageFactory(client=client, language=arabic, proficiency=5)
    member = HouseholdMember.objects.create(client=client, first_name="Lina", relation="child")
    consent = ConsentFactory(client=client)
    # Interpreters may know the client's first name (see test_me for a client without it).
    ConsentFactory(client=client, purpose=Consent.Purpose.INTERPRETING)
    field_of_action = FieldOfActionFactory(organisation=organisation)
    association = AssociationFactory(
        organisation=organisation, municipality=municipality, partners=[partner] if partner else []
    )
    offer = OfferFactory(
        association=association, field_of_action=field_of_action, municipality=municipality
    )
    sharing_consent = ConsentFactory(
        client=client,
        purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        association=association,
        shared_details=["last_name", "languages"],
    )
    plan = PlanFactory(client=client, created_by=social_worker)
    goal = GoalFactory(plan=plan, field_of_action=field_of_action, created_by=social_worker)
    milestone = MilestoneFactory(goal=goal)
    referral = ReferralFactory(
        client=client, offer=offer, consent=sharing_consent, goal=goal, created_by=social_worker
    )
    interpreter = InterpreterFactory(
        organisation=organisation, user=interpreter_user, home_municipality=municipality
    )
    InterpreterLanguageFactory(interpreter=interpreter, language=arabic)
    WeeklyAvailabilityFactory(interpreter=interpreter)
    absence = AbsenceFactory(interpreter=interpreter)
    appointment = AppointmentFactory(
        client=client,
        booked_by=social_worker,
        language=arabic,
        municipality=municipality,
        status=Appointment.Status.OFFERED,
    )
    assignment = AssignmentFactory(appointment=appointment, interpreter=interpreter)
    run = MatchingRunFactory(organisation=organisation, started_by=None)
    MatchingRunRequestFactory(run=run, appointment=appointment)
    return Casework(
        client=client,
        language=language,
        member=member,
        consent=consent,
        sharing_consent=sharing_consent,
        goal=goal,
        milestone=milestone,
        association=association,
        offer=offer,
        referral=referral,
        appointment=appointment,
        assignment=assignment,
        interpreter=interpreter,
        absence=absence,
        run=run,
        field_of_action=field_of_action,
    )


@dataclass
class World:
    personas: Personas
    own: Casework
    colleague: Casework
    other: Casework
    key_person_profile: Interpreter
    key_person_offer: Assignment


def build_world(personas: Personas) -> World:
    own = make_casework(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        partner=personas.partner,
        interpreter_user=personas.interpreter,
    )
    colleague = make_casework(organisation=personas.organisation, social_worker=personas.colleague)
    other = make_casework(
        organisation=personas.other_organisation, social_worker=personas.other_social_worker
    )
    key_person_profile = InterpreterFactory(
        organisation=personas.organisation,
        kind=Interpreter.Kind.KEY_PERSON,
        user=personas.key_person,
    )
    AbsenceFactory(interpreter=key_person_profile)
    # Kaya is offered Sofia's appointment too: two offers out, the first to accept wins.
    key_person_offer = AssignmentFactory(
        appointment=own.appointment, interpreter=key_person_profile
    )
    return World(
        personas=personas,
        own=own,
        colleague=colleague,
        other=other,
        key_person_profile=key_person_profile,
        key_person_offer=key_person_offer,
    )


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def build_personas() -> Personas:
    """The personas of tests/conftest.py, for fixtures wider than one test."""
    organisation = OrganisationFactory(name="Red Cross integration centre", slug="red-cross")
    other_organisation = OrganisationFactory(name="Integration office Esch", slug="esch")
    member = make_member
    return Personas(
        organisation=organisation,
        other_organisation=other_organisation,
        social_worker=member(organisation=organisation, role=Role.SOCIAL_WORKER, username="sofia"),
        other_social_worker=member(
            organisation=other_organisation, role=Role.SOCIAL_WORKER, username="samir"
        ),
        colleague=member(organisation=organisation, role=Role.SOCIAL_WORKER, username="colin"),
        coordinator=member(organisation=organisation, role=Role.COORDINATOR, username="carla"),
        interpreter=member(organisation=organisation, role=Role.INTERPRETER, username="ivan"),
        key_person=member(organisation=organisation, role=Role.KEY_PERSON, username="kaya"),
        partner=member(organisation=organisation, role=Role.PARTNER, username="paula"),
        admin=member(organisation=organisation, role=Role.ADMIN, username="ada"),
    )


@pytest.fixture(scope="module")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for a whole module of generated tests, rolled back when the module ends.

    Each test still runs in its own savepoint (the `db` fixture) and undoes what it changed;
    building the world once instead of once per test saves most of those modules' time.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=[FAST_HASHER]),
        transaction.atomic(),
    ):
        yield build_world(build_personas())
        transaction.set_rollback(True)


def in_hours(hours: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)
