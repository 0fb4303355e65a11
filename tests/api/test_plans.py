"""Empowerment plans through the API: goals, reviews, milestones; only for the own caseload."""

from lisko.audit.models import AuditEvent
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview
from tests.api.conftest import ApiFor, World
from tests.factories.core import ClientFactory


def test_the_plan_shows_goals_with_milestones_and_the_latest_level(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).get(
        f"/api/clients/{world.own.client.pk}/plan/"
    )

    goal = response.json()["goals"][0]
    assert response.status_code == 200
    assert (goal["wording"], goal["latest_level"]) == (world.own.goal.wording, 2)
    assert goal["milestones"][0]["title"] == "Register for an A2 course"


def test_reading_a_plan_is_audited(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.social_worker).get(f"/api/clients/{world.own.client.pk}/plan/")

    assert AuditEvent.objects.filter(
        reason="api: empowerment plan", client_id=world.own.client.pk
    ).exists()


def test_a_plan_is_started_once(world: World, api_for: ApiFor) -> None:
    client = ClientFactory(
        organisation=world.personas.organisation, social_worker=world.personas.social_worker
    )
    api = api_for(world.personas.social_worker)

    first = api.post(f"/api/clients/{client.pk}/plan/")
    second = api.post(f"/api/clients/{client.pk}/plan/")

    assert (first.status_code, second.status_code) == (201, 400)
    assert second.json()["error"]["code"] == "duplicate_plan"
    assert EmpowermentPlan.objects.filter(client=client).count() == 1


def test_a_goal_is_added_with_its_intake_level(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/plan/goals/",
        {
            "field_of_action": world.own.field_of_action.pk,
            "wording": "Find a flat of my own.",
            "intake_level": 1,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Goal.objects.get(pk=response.json()["id"]).wording == "Find a flat of my own."


def test_an_intake_level_outside_one_to_five_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/plan/goals/",
        {"field_of_action": world.own.field_of_action.pk, "wording": "x", "intake_level": 9},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_level"


def test_another_organisations_field_of_action_is_not_found(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/plan/goals/",
        {"field_of_action": world.other.field_of_action.pk, "wording": "x", "intake_level": 2},
        format="json",
    )

    assert response.status_code == 400
    assert "field_of_action" in response.json()["error"]["fields"]


def test_a_review_records_the_clients_level(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/goals/{world.own.goal.pk}/reviews/", {"level": 4, "note": "Better."}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert GoalReview.objects.get(goal=world.own.goal).level == 4


def test_a_goal_is_marked_achieved(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/goals/{world.own.goal.pk}/status/", {"status": "achieved"}, format="json"
    )

    assert response.status_code == 200
    world.own.goal.refresh_from_db()
    assert world.own.goal.closed_at is not None


def test_a_milestone_is_added_and_completed(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.social_worker)
    added = api.post(
        f"/api/goals/{world.own.goal.pk}/milestones/",
        {"title": "Visit the housing office", "due_date": "2031-01-15", "responsible_text": "Amal"},
        format="json",
    )
    done = api.post(f"/api/milestones/{added.json()['id']}/complete/", {}, format="json")

    assert (added.status_code, done.status_code) == (201, 200)
    assert done.json()["done_at"] is not None


def test_a_colleagues_goal_answers_404(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).patch(
        f"/api/goals/{world.colleague.goal.pk}/", {"wording": "Changed"}, format="json"
    )

    assert response.status_code == 404
    world.colleague.goal.refresh_from_db()
    assert world.colleague.goal.wording != "Changed"
