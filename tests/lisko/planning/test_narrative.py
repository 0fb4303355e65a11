"""The text per field of action says what the published tables show, in the reader's locale,
and nothing they hide."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from lisko.planning import figures
from lisko.planning.narrative import field_of_action_texts
from lisko.planning.scope import Period, scope_for
from lisko.plans.models import Goal
from lisko.referrals.models import Referral
from tests.factories.core import ClientFactory
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    GoalFactory,
    GoalReviewFactory,
    OfferFactory,
    PlanFactory,
    ReferralFactory,
)
from tests.factories.planning import PlanningWorld, make_planning_world

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=365), end=TODAY)


def populate_organisation(world: PlanningWorld, organisation: Any, *, capacity: int) -> None:
    """In "work": two offers, eight referrals (six accepted, two declined for lack of places),
    ten reviewed goals of which five rose (a
    share of six of ten would give away the four that did not). In "health": nothing."""
    work = FieldOfActionFactory(organisation=organisation, key="work", name="Work", position=1)
    FieldOfActionFactory(organisation=organisation, key="health", name="Health", position=2)
    association = AssociationFactory(organisation=organisation)
    here = world.municipalities[0]
    offers = [
        OfferFactory(
            association=association, field_of_action=work, municipality=here, capacity=capacity
        )
        for _ in range(2)
    ]
    for position in range(8):
        client = ClientFactory(organisation=organisation, municipality=here)
        if position < 6:
            ReferralFactory(client=client, offer=offers[0], status=Referral.Status.ACCEPTED)
        else:
            ReferralFactory(
                client=client,
                offer=offers[1],
                status=Referral.Status.DECLINED,
                decline_code="no_places",
            )
    for position in range(10):
        plan = PlanFactory(client=ClientFactory(organisation=organisation, municipality=here))
        goal = GoalFactory(plan=plan, field_of_action=work, intake_level=2)
        Goal.objects.filter(pk=goal.pk).update(created_at=NOW - dt.timedelta(days=100))
        GoalReviewFactory(
            goal=goal, reviewed_on=TODAY - dt.timedelta(days=10), level=3 if position < 5 else 2
        )
    Referral.objects.update(created_at=NOW - dt.timedelta(days=30))


@pytest.fixture
def world(settings: Any) -> PlanningWorld:
    settings.LISKO_PLANNING_THRESHOLD = 5
    world = make_planning_world()
    populate_organisation(world, world.a, capacity=700)
    # C shares nothing: its offers and referrals must not reach the text.
    populate_organisation(world, world.c, capacity=5000)
    return world


def test_each_field_of_action_gets_a_text_from_the_published_cells(world: PlanningWorld) -> None:
    with translation.override("en"):
        texts = field_of_action_texts(scope_for(world.planner, world.region.pk, PERIOD))

    assert texts == [
        (
            "Work",
            "2 offers with 1,400 places, 1,394 of them free. "
            "8 referrals were sent in the period. "
            "Fewer than 5 were declined for lack of places. "
            "Of 10 reviewed goals, 50 % rose in independence.",
        ),
        (
            "Health",
            "There is no offer in this field of action. "
            "No referrals were sent in the period. "
            "No goals were reviewed.",
        ),
    ]


def test_numbers_are_written_in_the_readers_locale(world: PlanningWorld) -> None:
    with translation.override("de"):
        [(_title, work), _health] = field_of_action_texts(
            scope_for(world.planner, world.region.pk, PERIOD)
        )

    assert "1.400" in work
    assert "1.394" in work


def test_a_hidden_free_count_and_share_are_left_out(world: PlanningWorld, settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 7  # the six places taken and the six risen are hidden

    with translation.override("en"):
        [(_title, work), _health] = field_of_action_texts(
            scope_for(world.planner, world.region.pk, PERIOD)
        )

    assert work.startswith("2 offers with 1,400 places. ")
    assert "1,394" not in work
    assert "10 goals were reviewed." in work
    assert "%" not in work


def test_a_figure_not_registered_leaves_its_sentences_out(
    world: PlanningWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures.figure("offers")  # loads every figure module
    monkeypatch.delitem(figures.FIGURES, "offers")

    with translation.override("en"):
        [(_title, work), _health] = field_of_action_texts(
            scope_for(world.planner, world.region.pk, PERIOD)
        )

    assert work.startswith("8 referrals were sent in the period.")


def test_the_number_of_queries_is_constant(
    world: PlanningWorld, django_assert_max_num_queries: Any
) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    with django_assert_max_num_queries(20) as few:
        field_of_action_texts(scope)
    populate_organisation(world, world.b, capacity=10)

    with django_assert_max_num_queries(len(few.captured_queries)):
        field_of_action_texts(scope)
