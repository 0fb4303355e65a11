"""Matching runs through the API: coordinators start one and read its result."""

from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from tests.api.conftest import ApiFor, World
from tests.factories.interpreting import in_days


def test_a_coordinator_starts_a_matching_run(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        "/api/matching-runs/",
        {"window_from": in_days(1).isoformat(), "window_until": in_days(14).isoformat()},
        format="json",
    )

    assert response.status_code == 201, response.json()
    run = MatchingRun.objects.get(pk=response.json()["id"])
    assert (run.organisation, run.started_by, run.status) == (
        world.personas.organisation,
        world.personas.coordinator,
        "queued",
    )


def test_a_window_that_ends_before_it_starts_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        "/api/matching-runs/",
        {"window_from": in_days(5).isoformat(), "window_until": in_days(1).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The time window must end after it starts."


def test_the_coordinator_lists_only_the_organisations_runs(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get("/api/matching-runs/")

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world.own.run.pk, world.colleague.run.pk}


def test_the_result_says_why_a_request_was_left_open(world: World, api_for: ApiFor) -> None:
    MatchingRunRequest.objects.filter(run=world.own.run).update(
        outcome="unassigned", reason_code="no_speaker", reason_data={"language": "ara"}
    )

    response = api_for(world.personas.coordinator).get(f"/api/matching-runs/{world.own.run.pk}/")

    request = response.json()["requests"][0]
    assert (request["outcome"], request["reason_code"]) == ("unassigned", "no_speaker")
    assert request["reason"] == (
        "Nobody in the pool speaks Arabic at the proficiency this appointment needs."
    )


def test_another_organisations_run_answers_404(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get(f"/api/matching-runs/{world.other.run.pk}/")

    assert response.status_code == 404


def test_a_social_worker_may_not_start_a_run(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/matching-runs/",
        {"window_from": in_days(1).isoformat(), "window_until": in_days(14).isoformat()},
        format="json",
    )

    assert response.status_code == 403
