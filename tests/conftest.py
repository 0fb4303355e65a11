"""Shared test setup: the personas every test speaks of, and loud failures for missing services.

Personas: Sofia, a social worker of organisation A; Samir, a social worker of organisation B
(the stranger who must see nothing of A); Carla, A's coordinator; Ivan, an interpreter of A;
Kaya, a key person of A; Paula, a partner at an association of A; Ada, A's organisation admin.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db.backends.signals import connection_created
from django.utils import translation

from lisko.accounts.models import User
from lisko.core.jobs import Job
from lisko.organisations.models import Organisation, Role
from tests.factories.core import OrganisationFactory, make_member

IN_CI = bool(os.environ.get("CI"))


def pytest_configure(config: pytest.Config) -> None:
    # Argon2 costs about half a second per user, and every persona is one; tests that check
    # hashing itself override this with the `settings` fixture.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No worker listens in most tests; tests/workers/ turns background jobs back on.
    settings.LISKO_JOBS_ENABLED = False
    # The fuzzers send thousands of requests from one address; tests/api/test_throttling.py
    # checks the limits themselves.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
    }
    # The audit table refuses TRUNCATE unless the session allows it (lisko/audit/migrations/
    # 0004): Django empties the test database with TRUNCATE between transactional tests, so
    # the test connections, and only they, allow it.
    connection_created.connect(_allow_truncate_in_tests)
    # One cache per test process, emptied before each test: the settings' Redis cache is the
    # broker's database, which a clear would empty for the other processes' workers. Planning
    # figures are counted afresh in every request; tests/lisko/planning/test_published.py keeps
    # them as the deployment does.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import caches

    caches.__dict__.pop("settings", None)
    settings.LISKO_PLANNING_KEPT_SECONDS = 0
    # WhiteNoise warns at every request's middleware set-up while the folder of collected
    # static files is missing, as it is in a fresh clone: hundreds of lines that hide the rest.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def _allow_truncate_in_tests(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET lisko.allow_truncate = 'on'")


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI the real services are part of the contract: refuse to run a half suite without them."""
    if not IN_CI:
        return
    if not settings.USES_POSTGRES:
        raise pytest.UsageError("CI must run against PostgreSQL: set DATABASE_URL.")
    if not settings.REDIS_URL:
        raise pytest.UsageError("CI must run against Redis: set REDIS_URL.")


@pytest.fixture(autouse=True)
def _nothing_cached_from_another_test() -> None:
    """Each test starts with an empty cache (charts drawn by an earlier test are not kept)."""
    from django.core.cache import cache

    cache.clear()


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


@dataclass
class SentTasks:
    """The jobs the services asked for, as (task name, args), once their transaction committed."""

    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def named(self, job: Job | str) -> list[tuple[Any, ...]]:
        name = job.name if isinstance(job, Job) else job
        return [args for task, args in self.calls if task == name]

    def run_inline(self) -> list[Any]:
        """Run every recorded job in this process, in the order asked (and any they ask for in
        turn), as a worker would; returns their results."""
        from workers.celery import app

        results = []
        while self.calls:
            name, args = self.calls.pop(0)
            results.append(app.tasks[name].apply(args=list(args)).get())
        return results


@pytest.fixture
def sent_tasks(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[SentTasks]:
    """Record jobs instead of sending them (run with django_capture_on_commit_callbacks, or in a
    test whose transaction commits); `run_inline()` then runs them here."""
    from workers.celery import app

    settings.LISKO_JOBS_ENABLED = True
    sent = SentTasks()

    def send_task(name: str, args: list[Any] | None = None, **_: Any) -> None:
        sent.calls.append((name, tuple(args or ())))

    monkeypatch.setattr(app, "send_task", send_task)
    yield sent
