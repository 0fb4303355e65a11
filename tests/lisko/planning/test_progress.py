"""The plan progress figure equals a plain computation over the goals and their reviews, for the
organisations a scope counts: a planner's (A and B share, C does not), a coordinator's (their
own only)."""

import datetime as dt
import random
from typing import Any

import pytest
from django.utils import timezone

from lisko.planning.figures import Filters, figure
from lisko.planning.scope import Period, PlanningScope, scope_for
from lisko.planning.tables import Table
from lisko.plans.models import Goal, GoalReview
from tests.factories.core import ClientFactory, make_coordinator
from tests.factories.people import (
    FieldOfActionFactory,
    GoalFactory,
    GoalReviewFactory,
    PlanFactory,
)
from tests.factories.planning import PlanningWorld, make_planning_world, withdraw

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=365), end=TODAY - dt.timedelta(days=20))
FIELDS = [
    ("language-education", "Language and education", 1),
    ("work", "Work", 2),
    ("health", "Health", 3),
]
COUNTS = ["goals", "reviewed", "rose", "achieved"]


def populate(world: PlanningWorld, *, clients: int = 45, seed: int = 8) -> None:
    """Plans of clients of A, B and C in and around the district, with goals set before and
    after the period's end, reviewed before and after it."""
    rng = random.Random(seed)
    places = [*world.municipalities, world.outside]
    fields = {
        (organisation.pk, key): FieldOfActionFactory(
            organisation=organisation, key=key, name=name, position=position
        )
        for organisation in (world.a, world.b, world.c)
        for key, name, position in FIELDS
    }
    for _ in range(clients):
        organisation = rng.choice([world.a, world.b, world.c])
        plan = PlanFactory(
            client=ClientFactory(organisation=organisation, municipality=rng.choice(places))
        )
        for _ in range(rng.randint(1, 3)):
            status = rng.choice(list(Goal.Status))
            closed_days = rng.choice([5, 60]) if status != Goal.Status.OPEN else None
            goal = GoalFactory(
                plan=plan,
                field_of_action=fields[organisation.pk, rng.choice(FIELDS)[0]],
                intake_level=rng.randint(1, 5),
                status=status,
            )
            Goal.objects.filter(pk=goal.pk).update(
                created_at=NOW - dt.timedelta(days=rng.choice([5, 100, 300, 500])),
                closed_at=None if closed_days is None else NOW - dt.timedelta(days=closed_days),
            )
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                GoalReviewFactory(
                    goal=goal,
                    reviewed_on=TODAY - dt.timedelta(days=rng.choice([2, 10, 50, 90, 200])),
                    level=rng.randint(1, 5),
                )


def make_goal(plan: Any, field: Any, *, intake_level: int) -> Goal:
    """A goal set 100 days ago, inside the period."""
    goal = GoalFactory(plan=plan, field_of_action=field, intake_level=intake_level)
    Goal.objects.filter(pk=goal.pk).update(created_at=NOW - dt.timedelta(days=100))
    return goal


def counted(world: PlanningWorld, organisations: set[int]) -> list[Goal]:
    _start, end = PERIOD.bounds()
    inside = {m.pk for m in world.municipalities}
    return [
        goal
        for goal in Goal.objects.select_related("plan__client", "field_of_action")
        if goal.plan.client.organisation_id in organisations
        and goal.plan.client.municipality_id in inside
        and goal.created_at < end
    ]


def reference(goals: list[Goal]) -> dict[tuple[str, str], Any]:
    _start, end = PERIOD.bounds()
    reviews = list(GoalReview.objects.order_by("reviewed_on", "created_at", "pk"))
    expected: dict[tuple[str, str], Any] = {}
    for key, _name, _position in FIELDS:
        here = [goal for goal in goals if goal.field_of_action.key == key]
        latest: dict[int, int] = {}
        for review in reviews:
            if review.reviewed_on <= PERIOD.end:
                latest[review.goal_id] = review.level  # the last one wins
        reviewed = [goal for goal in here if goal.pk in latest]
        chosen = {
            "goals": here,
            "reviewed": reviewed,
            "rose": [goal for goal in reviewed if latest[goal.pk] > goal.intake_level],
            "achieved": [
                goal
                for goal in here
                if goal.status == "achieved" and (goal.closed_at is None or goal.closed_at < end)
            ],
        }
        for column, these in chosen.items():
            expected[key, column] = len(these)
        rose, base = len(chosen["rose"]), len(reviewed)
        expected[key, "rose_share"] = round(rose / base, 4) if base else None
    return expected


def cells(table: Table) -> dict[tuple[str, str], Any]:
    return {
        (row.key, column.key): (cell.value if cell.shown else None)
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    }


def build(scope: PlanningScope, filters: Filters | None = None) -> Table:
    return figure("plan-progress").build(scope, filters or Filters())


@pytest.fixture
def world(settings: Any) -> PlanningWorld:
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    populate(world)
    return world


def test_the_figure_equals_a_plain_count_of_the_shared_organisations(
    world: PlanningWorld,
) -> None:
    table = build(scope_for(world.planner, world.region.pk, PERIOD))

    assert cells(table) == reference(counted(world, world.shared))
    assert table.note


def test_an_organisation_without_an_agreement_is_not_counted(world: PlanningWorld) -> None:
    table = build(scope_for(world.planner, world.region.pk, PERIOD))

    assert cells(table) != reference(counted(world, {world.a.pk, world.b.pk, world.c.pk}))


def test_a_withdrawn_agreement_stops_counting(world: PlanningWorld) -> None:
    withdraw(world.agreement_b)

    table = build(scope_for(world.planner, world.region.pk, PERIOD))

    assert cells(table) == reference(counted(world, {world.a.pk}))


def test_a_coordinator_sees_their_own_organisation_only(world: PlanningWorld) -> None:
    table = build(scope_for(make_coordinator(world.c), world.region.pk, PERIOD))

    assert cells(table) == reference(counted(world, {world.c.pk}))


def test_a_municipality_filter_narrows_the_count(world: PlanningWorld) -> None:
    chosen = world.municipalities[2]

    table = build(
        scope_for(world.planner, world.region.pk, PERIOD), Filters(municipality_id=chosen.pk)
    )

    goals = [g for g in counted(world, world.shared) if g.plan.client.municipality_id == chosen.pk]
    assert cells(table) == reference(goals)


def test_few_clients_behind_many_goals_hide_the_cells(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 5
    world = make_planning_world()
    field = FieldOfActionFactory(organisation=world.a, key="work", name="Work", position=1)
    plans = [
        PlanFactory(client=ClientFactory(organisation=world.a, municipality=m))
        for m in world.municipalities[:2]
    ]
    for plan in plans:
        for _ in range(4):
            goal = make_goal(plan, field, intake_level=1)
            GoalReviewFactory(goal=goal, reviewed_on=PERIOD.end, level=3)

    table = build(scope_for(world.planner, world.region.pk, PERIOD))

    row = next(row for row in table.rows if row.key == "work")
    shown = {column.key: cell for column, cell in zip(table.columns, row.cells, strict=True)}
    # Eight goals, but two clients.
    for key in ("goals", "reviewed", "rose", "rose_share"):
        assert shown[key].suppressed, key
    assert shown["achieved"].value == 0  # nothing to protect in a zero


def test_the_share_is_hidden_when_the_reviewed_goals_are(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 5
    world = make_planning_world()
    field = FieldOfActionFactory(organisation=world.a, key="work", name="Work", position=1)
    for position in range(9):
        plan = PlanFactory(
            client=ClientFactory(organisation=world.a, municipality=world.municipalities[0])
        )
        goal = make_goal(plan, field, intake_level=1)
        if position < 3:
            GoalReviewFactory(goal=goal, reviewed_on=PERIOD.end, level=2)

    table = build(scope_for(world.planner, world.region.pk, PERIOD))

    row = next(row for row in table.rows if row.key == "work")
    keys = [column.key for column in table.columns]
    assert row.cells[keys.index("goals")].value == 9
    assert row.cells[keys.index("reviewed")].suppressed
    assert row.cells[keys.index("rose_share")].suppressed


def test_the_number_of_queries_does_not_grow_with_the_data(
    world: PlanningWorld, django_assert_max_num_queries: Any
) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    with django_assert_max_num_queries(3) as few:
        build(scope)
    populate(world, clients=30, seed=77)

    with django_assert_max_num_queries(len(few.captured_queries)):
        build(scope)
