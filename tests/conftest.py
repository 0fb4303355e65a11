"""Shared test setup: the personas every test speaks of, and loud failures for missing services.

Personas: Sofia, a social worker of organisation A; Samir, a social worker of organisation B
(the stranger who must see nothing of A); Carla, A's coordinator; Ivan, an interpreter of A;
Kaya, a key person of A; Paula, a partner at an association of A; Ada, A's organisation admin.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import translation

from lisko.accounts.models import User
from lisko.organisations.models import Organisation, Role
from tests.factories.core import OrganisationFactory, make_member

IN_CI = bool(os.environ.get("CI"))


def pytest_configure(config: pytest.Config) -> None:
    # Argon2 costs about half a second per user, and every persona is one; tests that check
    # hashing itself override this with the `settings` fixture.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No worker listens in most tests; tests/workers/ turns background jobs back on.
    settings.LISKO_JOBS_ENABLED = False


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI the real services are part of the contract: refuse to run a half suite without them."""
    if not IN_CI:
        return
    if not settings.USES_POSTGRES:
        raise pytest.UsageError("CI must run against PostgreSQL: set DATABASE_URL.")
    if not settings.REDIS_URL:
        raise pytest.UsageError("CI must run against Redis: set REDIS_URL.")


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks() -> Iterator[None]:
    """Each test starts in English: a request in another language leaves that language active
    in the thread (LocaleMiddleware activates it and nothing deactivates it)."""
    translation.activate("en")
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs PostgreSQL fails in CI when it is missing; elsewhere it is skipped."""
    if settings.USES_POSTGRES:
        return
    for item in items:
        if item.get_closest_marker("postgres"):
            if IN_CI:
                item.add_marker(pytest.mark.usefixtures("_fail_without_postgres"))
            else:
                item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))


@pytest.fixture
def _fail_without_postgres() -> None:
    pytest.fail("This test needs PostgreSQL, and CI must provide it (set DATABASE_URL).")


@dataclass
class Personas:
    organisation: Organisation
    other_organisation: Organisation
    social_worker: User
    other_social_worker: User
    colleague: User
    coordinator: User
    interpreter: User
    key_person: User
    partner: User
    admin: User


@pytest.fixture
def personas(db: None) -> Personas:
    organisation = OrganisationFactory(name="Red Cross integration centre", slug="red-cross")
    other_organisation = OrganisationFactory(name="Integration office Esch", slug="esch")
    return Personas(
        organisation=organisation,
        other_organisation=other_organisation,
        social_worker=make_member(
            organisation=organisation, role=Role.SOCIAL_WORKER, username="sofia"
        ),
        other_social_worker=make_member(
            organisation=other_organisation, role=Role.SOCIAL_WORKER, username="samir"
        ),
        colleague=make_member(organisation=organisation, role=Role.SOCIAL_WORKER, username="colin"),
        coordinator=make_member(organisation=organisation, role=Role.COORDINATOR, username="carla"),
        interpreter=make_member(organisation=organisation, role=Role.INTERPRETER, username="ivan"),
        key_person=make_member(organisation=organisation, role=Role.KEY_PERSON, username="kaya"),
        partner=make_member(organisation=organisation, role=Role.PARTNER, username="paula"),
        admin=make_member(organisation=organisation, role=Role.ADMIN, username="ada"),
    )
