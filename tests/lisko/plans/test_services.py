import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview, Milestone
from lisko.plans.services import (
    add_goal,
    add_milestone,
    change_goal_status,
    complete_milestone,
    create_plan,
    review_goal,
    reword_goal,
)
from tests.factories.core import ClientFactory
from tests.factories.people import (
    FieldOfActionFactory,
    GoalFactory,
    GoalReviewFactory,
    MilestoneFactory,
    PlanFactory,
)


@pytest.fixture
def plan(personas) -> EmpowermentPlan:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    return PlanFactory(client=client, created_by=personas.social_worker)


@pytest.fixture
def goal(plan) -> Goal:
    return GoalFactory(plan=plan)


def test_a_plan_is_started_for_a_client_on_the_caseload(personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    plan = create_plan(client=client, by=personas.social_worker)

    assert plan.client == client
    assert AuditEvent.objects.filter(client_id=client.pk, action="create").exists()


def test_a_client_has_only_one_plan(personas, plan) -> None:
    with pytest.raises(DomainError) as error:
        create_plan(client=plan.client, by=personas.social_worker)

    assert error.value.code == "duplicate_plan"


def test_a_stranger_cannot_start_a_plan(personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    with pytest.raises(NotFound):
        create_plan(client=client, by=personas.other_social_worker)

    assert not EmpowermentPlan.objects.exists()


def test_a_goal_is_added_with_its_intake_level(personas, plan) -> None:
    field = FieldOfActionFactory(organisation=personas.organisation, key="housing", name="Housing")

    goal = add_goal(
        plan=plan,
        field_of_action=field,
        wording="  Find a flat for my family.  ",
        intake_level=1,
        by=personas.social_worker,
    )

    assert goal.wording == "Find a flat for my family."
    assert goal.intake_level == 1
    assert goal.status == Goal.Status.OPEN


@pytest.mark.parametrize("level", [0, 6, -1, True])
def test_an_intake_level_outside_one_to_five_is_refused(personas, plan, level) -> None:
    field = FieldOfActionFactory(organisation=personas.organisation)

    with pytest.raises(DomainError) as error:
        add_goal(
            plan=plan,
            field_of_action=field,
            wording="Work",
            intake_level=level,
            by=personas.social_worker,
        )

    assert error.value.code == "invalid_level"
    assert not Goal.objects.exists()


def test_a_goal_without_wording_is_refused(personas, plan) -> None:
    field = FieldOfActionFactory(organisation=personas.organisation)

    with pytest.raises(DomainError) as error:
        add_goal(
            plan=plan, field_of_action=field, wording=" ", intake_level=3, by=personas.social_worker
        )

    assert error.value.code == "wording_missing"


def test_a_field_of_action_of_another_organisation_is_refused(personas, plan) -> None:
    foreign = FieldOfActionFactory(organisation=personas.other_organisation)

    with pytest.raises(DomainError) as error:
        add_goal(
            plan=plan,
            field_of_action=foreign,
            wording="Work",
            intake_level=3,
            by=personas.social_worker,
        )

    assert error.value.code == "foreign_field_of_action"


def test_a_stranger_cannot_add_a_goal(personas, plan) -> None:
    field = FieldOfActionFactory(organisation=personas.organisation)

    with pytest.raises(NotFound):
        add_goal(
            plan=plan,
            field_of_action=field,
            wording="Work",
            intake_level=3,
            by=personas.other_social_worker,
        )


def test_a_goal_is_reworded(personas, goal) -> None:
    reword_goal(goal=goal, wording="Read my letters alone.", by=personas.social_worker)

    goal.refresh_from_db()
    assert goal.wording == "Read my letters alone."


def test_a_review_records_the_level_of_the_day(personas, goal) -> None:
    review = review_goal(goal=goal, level=4, note="Reads most letters.", by=personas.social_worker)

    assert review.level == 4
    assert review.reviewed_on == timezone.localdate()
    assert review.reviewed_by == personas.social_worker


@pytest.mark.parametrize("level", [0, 6])
def test_a_review_level_outside_one_to_five_is_refused(personas, goal, level) -> None:
    with pytest.raises(DomainError) as error:
        review_goal(goal=goal, level=level, by=personas.social_worker)

    assert error.value.code == "invalid_level"
    assert not GoalReview.objects.exists()


def test_a_review_in_the_future_is_refused(personas, goal) -> None:
    with pytest.raises(DomainError) as error:
        review_goal(
            goal=goal,
            level=3,
            reviewed_on=timezone.localdate() + dt.timedelta(days=1),
            by=personas.social_worker,
        )

    assert error.value.code == "review_in_future"


def test_a_review_before_the_goal_was_set_is_refused(personas, goal) -> None:
    with pytest.raises(DomainError) as error:
        review_goal(
            goal=goal,
            level=3,
            reviewed_on=timezone.localdate() - dt.timedelta(days=1),
            by=personas.social_worker,
        )

    assert error.value.code == "review_before_goal"


def test_a_closed_goal_is_not_reviewed(personas, goal) -> None:
    change_goal_status(goal=goal, status=Goal.Status.ACHIEVED, by=personas.social_worker)

    with pytest.raises(DomainError) as error:
        review_goal(goal=goal, level=5, by=personas.social_worker)

    assert error.value.code == "goal_closed"


def test_the_database_refuses_a_review_level_above_five(goal) -> None:
    with pytest.raises(IntegrityError):
        GoalReviewFactory(goal=goal, level=6)


def test_an_achieved_goal_is_closed_and_can_be_opened_again(personas, goal) -> None:
    change_goal_status(goal=goal, status=Goal.Status.ACHIEVED, by=personas.social_worker)
    goal.refresh_from_db()
    assert goal.closed_at is not None

    change_goal_status(goal=goal, status=Goal.Status.OPEN, by=personas.social_worker)
    goal.refresh_from_db()
    assert goal.closed_at is None


def test_an_unknown_goal_status_is_refused(personas, goal) -> None:
    with pytest.raises(DomainError) as error:
        change_goal_status(goal=goal, status="forgotten", by=personas.social_worker)

    assert error.value.code == "invalid_status"


def test_a_milestone_names_a_user_responsible(personas, goal) -> None:
    due = timezone.localdate() + dt.timedelta(days=14)

    milestone = add_milestone(
        goal=goal,
        title="Visit the housing office",
        due_date=due,
        responsible_user=personas.social_worker,
        by=personas.social_worker,
    )

    assert milestone.responsible == str(personas.social_worker)
    assert milestone.due_date == due


def test_a_milestone_may_name_a_person_without_an_account(personas, goal) -> None:
    milestone = add_milestone(
        goal=goal,
        title="Ask the landlord",
        due_date=timezone.localdate(),
        responsible_text="The client's brother",
        by=personas.social_worker,
    )

    assert milestone.responsible == "The client's brother"


def test_a_milestone_without_anyone_responsible_is_refused(personas, goal) -> None:
    with pytest.raises(DomainError) as error:
        add_milestone(
            goal=goal, title="Call", due_date=timezone.localdate(), by=personas.social_worker
        )

    assert error.value.code == "responsible_missing"
    assert not Milestone.objects.exists()


def test_a_user_of_another_organisation_cannot_be_responsible(personas, goal) -> None:
    with pytest.raises(DomainError) as error:
        add_milestone(
            goal=goal,
            title="Call",
            due_date=timezone.localdate(),
            responsible_user=personas.other_social_worker,
            by=personas.social_worker,
        )

    assert error.value.code == "responsible_foreign"


def test_a_milestone_is_completed(personas, goal) -> None:
    milestone = MilestoneFactory(goal=goal)

    complete_milestone(milestone=milestone, by=personas.social_worker)

    milestone.refresh_from_db()
    assert milestone.is_done


def test_completing_a_milestone_twice_is_refused(personas, goal) -> None:
    milestone = MilestoneFactory(goal=goal)
    complete_milestone(milestone=milestone, by=personas.social_worker)

    with pytest.raises(DomainError) as error:
        complete_milestone(milestone=milestone, by=personas.social_worker)

    assert error.value.code == "already_done"


def test_a_milestone_done_in_the_future_is_refused(personas, goal) -> None:
    milestone = MilestoneFactory(goal=goal)

    with pytest.raises(DomainError):
        complete_milestone(
            milestone=milestone,
            done_at=timezone.now() + dt.timedelta(hours=1),
            by=personas.social_worker,
        )

    milestone.refresh_from_db()
    assert not milestone.is_done


def test_a_stranger_cannot_complete_a_milestone(personas, goal) -> None:
    milestone = MilestoneFactory(goal=goal)

    with pytest.raises(NotFound):
        complete_milestone(milestone=milestone, by=personas.other_social_worker)
