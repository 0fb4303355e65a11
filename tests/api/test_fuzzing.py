"""Schemathesis against the WSGI app, for each role: no server error, every answer as documented.

Each operation is fuzzed with a bounded number of examples, sent in turn as each role the policy
allows, on that role's own objects so bodies reach the services (public routes are sent
anonymously; that everyone else is refused is the permission matrix's job). Each request
runs in a savepoint that is rolled back, so every example starts from the same world.
"""

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.policy import POLICY, PUBLIC
from api.schema import generate_schema
from lisko.accounts.services import issue_token
from lisko.wsgi import application
from tests.api.conftest import World
from tests.api.test_permission_matrix import NESTED, PRIMARY, personas_of

schema = schemathesis.openapi.from_dict(generate_schema())
# The coverage phase adds a hundred boundary cases per operation; the suite's time budget keeps
# to the examples and the bounded fuzzing phase.
schema.config.phases.coverage.enabled = False
CHECKS = [not_a_server_error, response_schema_conformance]
_turns = itertools.count()


@pytest.fixture
def _requests_keep_the_test_transaction() -> Iterator[None]:
    # The WSGI handler closes the connection after each request, which would end the test's
    # transaction; Django's own test client switches this off in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(shared_world: World, django_db_blocker: Any) -> dict[str, tuple[str, Any]]:
    """Role → (token, persona) for every persona with an account."""
    with django_db_blocker.unblock():
        return _tokens(shared_world)


def _tokens(world: World) -> dict[str, tuple[str, Any]]:
    result = {}
    for persona in personas_of(world):
        if persona.user is None or persona.label == "social worker B":
            continue
        token = issue_token(user=persona.user)
        result[persona.role or ""] = (token, persona)
    return result


def _route_name(path: str, method: str) -> tuple[str, Any]:
    from django.urls import resolve

    sample = path.replace("{id}", "1").replace("{", "").replace("}", "")
    for name in NESTED:
        sample = sample.replace(name, "1")
    match = resolve(sample)
    return match.url_name or "", POLICY.get(match.url_name or "", {}).get(method.upper())


def _own_path_parameters(case: Any, persona: Any) -> dict[str, Any]:
    casework = persona.own
    path = case.operation.path.lstrip("/")
    prefix = next(p for p in sorted(PRIMARY, key=len, reverse=True) if path.startswith(p))
    parameters = {"id": PRIMARY[prefix](casework, persona.user)}
    for name, pick in NESTED.items():
        if "{" + name + "}" in case.operation.path:
            parameters[name] = pick(casework)
    return parameters


def _send(case: Any, headers: dict[str, str]) -> None:
    with transaction.atomic():
        case.call_and_validate(app=application, headers=headers, checks=CHECKS)
        transaction.set_rollback(True)


@pytest.mark.usefixtures("db", "_requests_keep_the_test_transaction")
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_input_makes_the_api_fail_or_answer_off_schema(
    case: Any, tokens: dict[str, tuple[str, Any]]
) -> None:
    _name, rule = _route_name(case.operation.path, case.method)
    if rule is None or rule == PUBLIC:
        _send(case, {})
        return
    # The roles take turns, example by example, so every allowed role gets its share of the
    # examples without multiplying them.
    turn = next(_turns)
    # (Roles without a persona here, the planner, are the permission matrix's business.)
    roles = sorted(role for role in rule if role in tokens)
    token, persona = tokens[roles[turn % len(roles)]]
    # Mostly on the role's own objects, so bodies reach the services; every fourth example keeps
    # the generated ids, which name nothing or something foreign.
    if case.path_parameters and turn % 4 != 3:
        case.path_parameters = _own_path_parameters(case, persona)
    _send(case, {"Authorization": f"Token {token}"})
