"""The permission matrix: every route under /api/ × every role × {own, unrelated, other
organisation's} object, checked against the one policy table in api/policy.py.

Routes come from the URL resolver, so a new route without a policy entry fails here. What a role
may do comes only from the table; which objects it reaches is the selectors' business, and is
what this test checks: an allowed role passes authorisation on its own objects (and, with
ORGANISATION reach, on its organisation's), gets 404 for the rest, a role not in the table
gets 403 (a planner who holds no other role: 404), and an anonymous caller 401. Request
bodies are empty on purpose: a refusal must come before
the body is read, or a 400 would betray that the object exists.

A planner is one more persona: planning grants no person-level route, so to a planner
who holds no other role every such route answers 404, as if it did not exist (before any
object is looked up), and the routes open to everyone show the planner only their own
account. The planning routes
themselves answer 404, not 403, to everyone who may not plan there (api/planning.py), and have
their own walk below.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from api.policy import ORGANISATION, POLICY, PUBLIC
from lisko.accounts.models import DeviceToken, User
from lisko.interpreters.models import Absence
from lisko.organisations.models import Membership, Role
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
PLANNING_PREFIX = "api/planning/"
PERSON_CASES = [case for case in CASES if not case[0].pattern.startswith(PLANNING_PREFIX)]
PLANNING_CASES = [case for case in CASES if case[0].pattern.startswith(PLANNING_PREFIX)]


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
    # For the fuzzer: the region where the casework's client lives, and an id that names no
    # report (the planning routes' own walk is at the end of this module).
    "api/planning/regions/": lambda casework, user: casework.client.municipality.region_id,
    "api/planning/reports/": lambda casework, user: casework.client.pk,
}
NESTED: dict[str, Callable[[Casework], int | str]] = {
    "language_pk": lambda casework: casework.language.pk,
    "member_pk": lambda casework: casework.member.pk,
    "consent_pk": lambda casework: casework.consent.pk,
    "absence_pk": lambda casework: casework.absence.pk,
    "key": lambda casework: "pool",  # a planning figure
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


@dataclass(frozen=True)
class PlanningPeople:
    """Petra, a planner of the canton where the world's clients live, with organisation A's
    agreement in force, and a social report she asked for; Pius, a planner of a canton
    elsewhere."""

    planner: User
    elsewhere: User
    region_id: int
    report_id: int

    def personas(self) -> list[Persona]:
        return [
            Persona("planner", "planner", self.planner, None, None),
            Persona("planner elsewhere", "planner", self.elsewhere, None, None),
        ]


@pytest.fixture(scope="module")
def planning_people(shared_world: World, django_db_blocker: Any) -> PlanningPeople:
    from lisko.planning.scope import default_period, scope_for
    from lisko.planning.services import request_social_report
    from tests.factories.planning import (
        make_agreement,
        make_planner,
        make_region_with_municipalities,
    )

    client = shared_world.own.client
    with django_db_blocker.unblock():
        region = client.municipality.region
        make_agreement(client.organisation, region)
        petra = make_planner(region, username="petra")
        elsewhere, _municipalities = make_region_with_municipalities(
            "Kanton Anderswo", country="CH", places=(("Irgendwo", 47.05, 8.30),)
        )
        pius = make_planner(elsewhere, username="pius")
        scope = scope_for(petra, region.pk, default_period())
        report = request_social_report(by=petra, scope=scope, language="en")
    return PlanningPeople(planner=petra, elsewhere=pius, region_id=region.pk, report_id=report.pk)


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
        # A planner with no other role: the route about persons does not exist for them.
        return "404" if persona.role == "planner" and not persona.also else "403"
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
    ("route", "method"),
    PERSON_CASES,
    ids=[f"{route.name}-{method}" for route, method in PERSON_CASES],
)
def test_the_route_answers_each_role_as_the_policy_says(
    route: Route,
    method: str,
    shared_world: World,
    people_in_two_places: list[Persona],
    planning_people: PlanningPeople,
    api_for: ApiFor,
) -> None:
    world = shared_world
    rule = POLICY.get(route.name, {}).get(method)
    assert rule is not None, f"{route.name} {method} is missing from api/policy.py"
    has_object = "<" in route.pattern
    mismatches = []
    everyone = [*personas_of(world), *people_in_two_places, *planning_people.personas()]
    for persona in everyone:
        api = api_for(persona.user)
        for relation, casework in targets_of(persona, world, has_object=has_object):
            url = url_for(route, casework, persona.user)
            want = expected(rule, persona, relation)
            got = outcome(request(api, method, url))
            if got != want:
                where = f"{relation} object" if relation else "collection"
                mismatches.append(f"{persona.label}, {where}, {method} {url}: {got}, not {want}")

    assert mismatches == []


# The routes open to every role show a planner their own account and reference data only.
OPEN_TO_EVERY_ROLE = {
    name
    for name, methods in POLICY.items()
    for rule in methods.values()
    if rule == PUBLIC or (isinstance(rule, dict) and set(rule) >= set(Role.values))
}


def test_a_planner_reaches_no_person_level_route(
    shared_world: World, planning_people: PlanningPeople, api_for: ApiFor
) -> None:
    planner = planning_people.planner
    api = api_for(planner)
    reached = []
    for route, method in PERSON_CASES:
        if route.name in OPEN_TO_EVERY_ROLE:
            continue
        has_object = "<" in route.pattern
        for casework in (shared_world.own, shared_world.other) if has_object else (None,):
            url = url_for(route, casework, planner)
            got = outcome(request(api, method, url))
            if got != "404":
                reached.append(f"{method} {url}: {got}")

    assert reached == []


def test_the_lists_open_to_every_role_show_a_planner_nothing_of_anyone_else(
    shared_world: World, planning_people: PlanningPeople, api_for: ApiFor
) -> None:
    planner = planning_people.planner
    api = api_for(planner)

    me = api.get("/api/me/").json()
    tokens = api.get("/api/auth/tokens/").json()
    fields = api.get("/api/fields-of-action/").json()

    assert me["username"] == "petra"
    own_tokens = set(DeviceToken.objects.filter(user=planner).values_list("pk", flat=True))
    listed = {token["id"] for token in (tokens if isinstance(tokens, list) else tokens["results"])}
    assert listed and listed <= own_tokens
    assert (fields if isinstance(fields, list) else fields["results"]) == []


# The planning routes: 404 to whoever may not plan in the region, not 403.
PLANNING_OBJECTS = {"<slug:key>": "pool"}


def planning_url(route: Route, people: PlanningPeople) -> str:
    path = "/" + route.pattern
    if path.startswith("/api/planning/regions/"):
        path = path.replace("<id:pk>", str(people.region_id))
    else:
        path = path.replace("<id:pk>", str(people.report_id))
    for placeholder, value in PLANNING_OBJECTS.items():
        path = path.replace(placeholder, value)
    assert "<" not in path, f"No object known for {route.pattern}; extend PLANNING_OBJECTS."
    return path


def expected_in_planning(persona: Persona, route: Route) -> str:
    if persona.role is None:
        return "401"
    # The planner of the region, and a coordinator of an organisation counted there.
    if persona.label in ("planner", "coordinator"):
        return "allowed"
    if persona.label == "planner elsewhere" and "<" not in route.pattern:
        return "allowed"  # their own list of regions
    return "404"


@pytest.mark.parametrize(
    ("route", "method"),
    PLANNING_CASES,
    ids=[f"{route.name}-{method}" for route, method in PLANNING_CASES],
)
def test_the_planning_route_answers_404_to_whoever_may_not_plan_there(
    route: Route,
    method: str,
    shared_world: World,
    people_in_two_places: list[Persona],
    planning_people: PlanningPeople,
    api_for: ApiFor,
) -> None:
    assert method in POLICY[route.name]
    url = planning_url(route, planning_people)
    mismatches = []
    everyone = [*personas_of(shared_world), *people_in_two_places, *planning_people.personas()]
    for persona in everyone:
        want = expected_in_planning(persona, route)
        got = outcome(request(api_for(persona.user), method, url))
        if got != want:
            mismatches.append(f"{persona.label}, {method} {url}: {got}, not {want}")

    assert mismatches == []
