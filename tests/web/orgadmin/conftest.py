"""The organisation admin's pages: Ada administers organisation A (the personas' red cross);
Bea administers organisation B; Dora is admin in A and social worker in B. A has a client with
audit events, B has its own, so a leak shows as B's reason on A's pages or the reverse."""

from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from pytest_django.fixtures import Settings

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client
from lisko.organisations.models import Membership, Role
from tests.conftest import Personas
from tests.factories.core import ClientFactory, make_member
from tests.factories.people import FieldOfActionFactory


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings) -> None:
    settings.AXES_ENABLED = False
    settings.LANGUAGE_CODE = "en"
    settings.LISKO_JOBS_ENABLED = False


@dataclass
class Scene:
    personas: Personas
    other_admin: User
    dual: User
    client_a: Client
    client_b: Client


def audit(actor: User, client: Client, reason: str) -> AuditEvent:
    return record_access(
        actor=actor,
        action=AuditEvent.Action.READ,
        obj=client,
        client_id=client.pk,
        reason=reason,
        organisation_id=client.organisation_id,
    )


@pytest.fixture
def scene(personas: Personas) -> Scene:
    other_admin = make_member(
        organisation=personas.other_organisation, role=Role.ADMIN, username="bea"
    )
    dual = make_member(organisation=personas.organisation, role=Role.ADMIN, username="dora")
    Membership.objects.create(
        user=dual, organisation=personas.other_organisation, role=Role.SOCIAL_WORKER
    )
    client_a = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        reference="RC-0001",
        first_name="Amal",
    )
    client_b = ClientFactory(
        organisation=personas.other_organisation,
        social_worker=personas.other_social_worker,
        reference="ES-0001",
        first_name="Bilal",
    )
    audit(personas.social_worker, client_a, "client page of organisation A")
    audit(personas.other_social_worker, client_b, "client page of organisation B")
    FieldOfActionFactory(organisation=personas.organisation, key="housing", name="Housing")
    FieldOfActionFactory(
        organisation=personas.organisation, key="work", name="Work and income", position=2
    )
    FieldOfActionFactory(
        organisation=personas.other_organisation, key="esch-only", name="Esch field"
    )
    return Scene(
        personas=personas, other_admin=other_admin, dual=dual, client_a=client_a, client_b=client_b
    )


@pytest.fixture
def ada(client: HttpClient, scene: Scene) -> HttpClient:
    """The HTTP client, logged in as Ada, the admin of organisation A."""
    client.force_login(scene.personas.admin)
    return client
