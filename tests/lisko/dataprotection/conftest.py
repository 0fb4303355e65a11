"""A client with something in every section, so an export or an erasure that forgets one shows.

Amal Haddad is Sofia's client in organisation A; Bilal Other is a second client of A with data of
his own, which must never appear in Amal's export."""

import datetime as dt
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

import workers.tasks  # noqa: F401  (registers the tasks that run_inline runs)
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client
from lisko.organisations.models import Organisation
from lisko.referrals.models import Referral
from tests.conftest import Personas
from tests.factories.core import (
    ClientFactory,
    ClientLanguageFactory,
    ConsentFactory,
    HouseholdMemberFactory,
    LanguageFactory,
)
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, in_days
from tests.factories.people import (
    GoalFactory,
    GoalReviewFactory,
    MilestoneFactory,
    PlanFactory,
    ReferralEventFactory,
    ReferralFactory,
)


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"


def make_full_client(
    *,
    organisation: Organisation,
    social_worker: User,
    first_name: str,
    last_name: str,
    reference: str,
    language_code: str = "ara",
) -> Client:
    """A closed-past client with a record in every section (nothing open that blocks erasure)."""
    client = ClientFactory(
        organisation=organisation,
        social_worker=social_worker,
        reference=reference,
        first_name=first_name,
        last_name=last_name,
        birth_date=dt.date(1988, 7, 14),
        arrival_date=dt.date(2023, 11, 20),
        phone="+352 621 000 111",
        email=f"{first_name.lower()}@example.org",
        notes=f"{first_name} prefers morning appointments.",
        preferred_language=LanguageFactory(code=language_code),
    )
    ClientLanguageFactory(client=client, language=client.preferred_language, proficiency=5)
    ClientLanguageFactory(client=client, language=LanguageFactory(code="fra"), proficiency=2)
    HouseholdMemberFactory(client=client, first_name=f"{first_name}-child", last_name=last_name)
    ConsentFactory(client=client)
    goal = GoalFactory(
        plan=PlanFactory(client=client),
        wording=f"{first_name} wants to read letters from the commune alone.",
    )
    GoalReviewFactory(goal=goal, note=f"{first_name} reads short letters now.")
    MilestoneFactory(goal=goal, title=f"{first_name} registers for A2", responsible_text=first_name)
    appointment = AppointmentFactory(
        client=client,
        start=in_days(-30, 10),
        end=in_days(-30, 11),
        status=Appointment.Status.DONE,
        address=f"{last_name} street 4",
        notes_for_interpreter=f"{first_name} is hard of hearing.",
        language=client.preferred_language,
    )
    assignment = AssignmentFactory(
        appointment=appointment,
        state=Assignment.State.DONE,
        interpreter__first_name=f"Interpreter-of-{first_name}",
        interpreter__last_name="Nasser",
        decline_note="",
    )
    AssignmentEvent.objects.create(
        assignment=assignment,
        from_state=Assignment.State.ACCEPTED,
        to_state=Assignment.State.DONE,
        note=f"{first_name} came on time.",
    )
    referral = ReferralFactory(
        client=client,
        goal=goal,
        status=Referral.Status.COMPLETED,
        note=f"{first_name} would like evening classes.",
        outcome=f"{first_name} finished the course.",
    )
    ReferralEventFactory(referral=referral, note=f"{first_name} started the course.")
    record_access(
        actor=social_worker,
        action=AuditEvent.Action.READ,
        obj=client,
        client_id=client.pk,
        reason="client page",
        organisation_id=organisation.pk,
    )
    return client


@pytest.fixture
def amal(personas: Personas) -> Client:
    return make_full_client(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amal",
        last_name="Haddad",
        reference="RC-0100",
    )


@pytest.fixture
def bilal(personas: Personas) -> Client:
    return make_full_client(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Bilal",
        last_name="Othman",
        reference="RC-0200",
        language_code="ukr",
    )
