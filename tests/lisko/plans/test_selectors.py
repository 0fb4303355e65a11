import datetime as dt

import pytest

from lisko.audit.models import AuditEvent
from lisko.core.errors import NotFound
from lisko.plans.models import EmpowermentPlan
from lisko.plans.selectors import latest_level, plan_for
from tests.factories.core import ClientFactory
from tests.factories.people import GoalFactory, GoalReviewFactory, MilestoneFactory, PlanFactory


@pytest.fixture
def plan(personas) -> EmpowermentPlan:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    return PlanFactory(client=client, created_by=personas.social_worker)


def test_the_plan_comes_with_goals_reviews_and_milestones(personas, plan) -> None:
    goal = GoalFactory(plan=plan)
    GoalReviewFactory(goal=goal, level=3)
    MilestoneFactory(goal=goal)

    found = plan_for(user=personas.social_worker, client_id=plan.client_id)

    [found_goal] = found.goals.all()
    assert len(found_goal.reviews.all()) == 1
    assert len(found_goal.milestones.all()) == 1


def test_reading_a_plan_is_written_to_the_audit_log(personas, plan) -> None:
    plan_for(user=personas.social_worker, client_id=plan.client_id)

    event = AuditEvent.objects.get()
    assert event.client_id == plan.client_id
    assert event.object_type == "plans.empowermentplan"
    assert event.reason == "empowerment plan"


def test_a_stranger_gets_not_found_for_a_plan(personas, plan) -> None:
    with pytest.raises(NotFound):
        plan_for(user=personas.other_social_worker, client_id=plan.client_id)

    assert not AuditEvent.objects.exists()


def test_a_client_without_a_plan_has_none_to_show(personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    with pytest.raises(NotFound):
        plan_for(user=personas.social_worker, client_id=client.pk)


def test_the_latest_level_is_the_last_review_or_else_the_intake(personas, plan) -> None:
    goal = GoalFactory(plan=plan, intake_level=2)
    assert latest_level(goal) == 2

    GoalReviewFactory(goal=goal, level=4, reviewed_on=dt.date(2025, 3, 1))
    GoalReviewFactory(goal=goal, level=3, reviewed_on=dt.date(2025, 1, 1))

    assert latest_level(goal) == 4
