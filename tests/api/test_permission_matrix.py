"""The permission matrix: every route under /api/ × every role × {own, unrelated, other
organisation's} object, checked against the one policy table in api/policy.py.

Routes come from the URL resolver, so a new route without a policy entry fails here. What a role
may do comes only from the table; which objects it reaches is the selectors' business, and is
what this test checks: an allowed role passes authorisation on its own objects (and, with
ORGANISATION reach, on its organisation's), gets 404 for the rest, a role not in the table gets
403, and an anonymous caller 401. Request bodies are empty on purpose: a refusal must come before
the body is read, or a 400 would betray that the object exists.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from api.policy import ORGANISATION, POLICY, PUBLIC
from lisko.accounts.models import User
from lisko.interpreters.models import Absence
from lisko.organisations.models import Membership
from tests.api.conftest import ApiFor, Casework, World

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    methods: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _methods_of(pattern: URLPattern) -> tuple[str, ...]:
    view_class = getattr(pattern.callback, "cls", None) or getattr(
        pattern.callback, "view_class", None
    )
    return tuple(method for method in METHODS if hasattr(view_class, method.lower()))


def api_routes() -> list[Route]:
    """Every named route under /api/, with the methods its view answers."""
    return [
        Route(pattern.name or "", route, _methods_of(pattern))
        for route, pattern in _walk(get_resolver().url_patterns)
        if route.startswith("api/")
    ]


ROUTES = api_routes()
CASES = [(route, method) for route in ROUTES for method in route.methods]


def test_every_api_route_has_a_name_and_a_policy_for_each_method() -> None:
    missing = [
        f"{route.name or route.pattern} {method}"
        for route, method in CASES
        if method not in POLICY.get(route.name, {})
    ]

    assert missing == [], "Add these routes to api/policy.py"


def test_the_policy_names_no_route_that_does_not_exist() -> None:
    existing = {(route.name, method) for route, method in CASES}
    stale = [
        f"{name} {method}"
        for name, methods in POLICY.items()
        for method in methods
        if (name, method) not in existing
    ]

    assert stale == []


# Which object a path parameter names, in one casework (route prefix → object id).
def _assignment_of(casework: Casework, user: User | None) -> int:
    own = casework.appointment.assignments.filter(interpreter__user=user).first()
    return own.pk if own is not None and user is not None else casework.assignment.pk


def _absence_of(casework: Casework, user: User | None) -> int:
    # The persona's own absence counts only where their profile takes part in the casework.
    involved = casework.appointment.assignments.filter(interpreter__user=user).first()
    if user is None or involved is None:
        return casework.absence.pk
    own = Absence.objects.filter(interpreter=involved.interpreter_id).first()
    return own.pk if own is not None else casework.absence.pk


def _token_of(casework: Casework, user: User | None) -> int:
    # A token is the persona's own in their own casework (their organisation, and not the
    # colleague's case, which stands for "unrelated"); otherwise it is the case's social worker's.
    from lisko.accounts.models import DeviceToken
    from lisko.accounts.services import issue_token

    if user is not None and Membership.objects.filter(user=user, role="social_worker").exists():
        # A social worker's own casework is the one of their own client.
        is_own = casework.client.social_worker_id == user.pk
    else:
        is_own = (
            user is not None
            and Membership.objects.filter(
                user=user, organisation=casework.client.organisation
            ).exists()
            and casework.client.social_worker.username != "colin"
        )
    owner = user if is_own else casework.client.social_worker
    issue_token(user=owner, device="matrix")
    return DeviceToken.objects.filter(user=owner).latest("id").pk


PRIMARY: dict[str, Callable[[Casework, User | None], int]] = {
    "api/auth/tokens/": _token_of,
    "api/clients/": lambda casework, user: casework.client.pk,
    "api/appointments/": lambda casework, user: casework.appointment.pk,
    "api/me/offers/": _assignment_of,
    "api/me/assignments/": _assignment_of,
    "api/me/absences/": _absence_of,
    "api/referrals/": lambda casework, user: casework.referral.pk,
    "api/partner/referrals/": lambda casework, user: casework.referral.pk,
    "api/matching-runs/": lambda casework, user: casework.run.pk,
    "api/interpreters/": lambda casework, user: casework.interpreter.pk,
    "api/goals/": lambda casework, user: casework.goal.pk,
    "api/milestones/": lambda casework, user: casework.milestone.pk,
    "api/associations/": lambda casework, user: casework.association.pk,
    "api/association-offers/": lambda casework, user: casework.offer.pk,
}
NESTED: dict[str, Callable[[Casework], int]] = {
    "language_pk": lambda casework: casework.language.pk,
    "member_pk": lambda casework: casework.member.pk,
    "consent_pk": lambda casework: casework.consent.pk,
    "absence_pk": lambda casework: casework.absence.pk,
}


def url_for(route: Route, casework: Casework | None, user: User | None) -> str:
    path = "/" + route.pattern
    if "<" not in path:
        return path
    assert casework is not None
    prefix = next(p for p in sorted(PRIMARY, key=len, reverse=True) if route.pattern.startswith(p))
    path = path.replace("<id:pk>", str(PRIMARY[prefix](casework, user)))
    for name, pick in NESTED.items():
        path = path.replace(f"<id:{name}>", str(pick(casework)))
    assert "<" not in path, f"No object known for {route.pattern}; extend PRIMARY or NESTED."
    return path


@dataclass(frozen=True)
class Persona:
    label: str
    role: str | None
    user: User | None
    own: Casework | None
    unrelated: Casework | None
    also: frozenset[str] = frozenset()
    """Roles held in the other organisation, where no object of this world is the persona's."""


def personas_of(world: World) -> list[Persona]:
    people = world.personas
    in_a = {"own": world.own, "unrelated": world.colleague}
    return [
        Persona("social worker A", "social_worker", people.social_worker, **in_a),
        Persona("social worker B", "social_worker", people.other_social_worker, world.other, None),
        Persona("coordinator", "coordinator", people.coordinator, **in_a),
        Persona("interpreter", "interpreter", people.interpreter, **in_a),
        Persona("key person", "key_person", people.key_person, **in_a),
        Persona("partner", "partner", people.partner, **in_a),
        Persona("admin", "admin", people.admin, **in_a),
        Persona("anonymous", None, None, None, None),
    ]


@pytest.fixture(scope="module")
def people_in_two_places(shared_world: World, django_db_blocker: Any) -> list[Persona]:
    """Dora, a social worker in A with no client of her own and an interpreter in B (with a
    profile there); and Emil, whose interpreter role in A ended a moment ago while his profile
    stays: he holds no role at all, so every route refuses him."""
    from lisko.organisations.models import Role
    from tests.factories.core import make_member
    from tests.factories.interpreting import InterpreterFactory

    people = shared_world.personas
    with django_db_blocker.unblock():
        dora = make_member(
            organisation=people.organisation, role=Role.SOCIAL_WORKER, username="dora"
        )
        Membership.objects.create(
            user=dora, organisation=people.other_organisation, role=Role.INTERPRETER
        )
        InterpreterFactory(organisation=people.other_organisation, user=dora)
        emil = make_member(organisation=people.organisation, role=Role.INTERPRETER, username="emil")
        InterpreterFactory(organisation=people.organisation, user=emil)
        Membership.objects.filter(user=emil).delete()
    return [
        Persona(
            "social worker A, interpreter B",
            Role.SOCIAL_WORKER.value,
            dora,
            None,
            shared_world.own,
            also=frozenset({Role.INTERPRETER.value}),
        ),
        Persona("interpreter whose role ended", "", emil, None, shared_world.own),
    ]


def targets_of(
    persona: Persona, world: World, *, has_object: bool
) -> list[tuple[str | None, Casework | None]]:
    """(relation, casework) pairs to try: own, unrelated (same organisation) and other
    organisation's objects; a route without an object is tried once."""
    if not has_object:
        return [(None, None)]
    if persona.user is None:
        return [(None, world.own)]
    foreign = world.other if persona.own is not world.other else world.own
    pairs: list[tuple[str | None, Casework | None]] = []
    if persona.own is not None:
        pairs.append(("own", persona.own))
    if persona.unrelated is not None:
        pairs.append(("unrelated", persona.unrelated))
    pairs.append(("other", foreign))
    return pairs


def expected(rule: Any, persona: Persona, relation: str | None) -> str:
    """'allowed', or the status code the request must be refused with."""
    if rule == PUBLIC:
        return "allowed"
    if persona.role is None:
        return "401"
    if persona.role not in rule and not persona.also & set(rule):
        return "403"
    if relation is None:
        return "allowed"
    if persona.role not in rule:
        # Allowed only through the role held elsewhere, where nothing here is the persona's.
        return "404"
    if relation == "own":
        return "allowed"
    if relation == "unrelated" and rule[persona.role] == ORGANISATION:
        return "allowed"
    return "404"


def outcome(status: int) -> str:
    assert status < 500, f"server error {status}"
    return str(status) if status in (401, 403, 404) else "allowed"


def request(api: APIClient, method: str, url: str) -> int:
    """Send one request and undo whatever it changed, so every case starts from the same world."""
    with transaction.atomic():
        response = api.generic(method, url, data="{}", content_type="application/json")
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize(
    ("route", "method"), CASES, ids=[f"{route.name}-{method}" for route, method in CASES]
)
def test_the_route_answers_each_role_as_the_policy_says(
    route: Route,
    method: str,
    shared_world: World,
    people_in_two_places: list[Persona],
    api_for: ApiFor,
) -> None:
    world = shared_world
    rule = POLICY.get(route.name, {}).get(method)
    assert rule is not None, f"{route.name} {method} is missing from api/policy.py"
    has_object = "<" in route.pattern
    mismatches = []
    for persona in [*personas_of(world), *people_in_two_places]:
        api = api_for(persona.user)
        for relation, casework in targets_of(persona, world, has_object=has_object):
            url = url_for(route, casework, persona.user)
            want = expected(rule, persona, relation)
            got = outcome(request(api, method, url))
            if got != want:
                where = f"{relation} object" if relation else "collection"
                mismatches.append(f"{persona.label}, {where}, {method} {url}: {got}, not {want}")

    assert mismatches == []
