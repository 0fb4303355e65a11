import pytest
from django.db import IntegrityError

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import Interpreter
from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from lisko.matchingruns.services import (
    Assigned,
    LeftOpen,
    fail_matching_run,
    finish_matching_run,
    queue_matching_run,
    start_matching_run,
)
from tests.conftest import Personas
from tests.factories.interpreting import (
    AppointmentFactory,
    ConflictOfInterestFactory,
    MatchingRunFactory,
    MatchingRunRequestFactory,
    in_days,
)

Status = Appointment.Status


@pytest.fixture
def run(personas: Personas) -> MatchingRun:
    return queue_matching_run(
        organisation=personas.organisation,
        by=personas.coordinator,
        window_from=in_days(0, 0),
        window_until=in_days(14, 0),
    )


def test_a_coordinator_queues_a_matching_run(run: MatchingRun, personas: Personas) -> None:
    assert (run.status, run.started_by) == (MatchingRun.Status.QUEUED, personas.coordinator)


def test_a_social_worker_cannot_start_a_matching_run(personas: Personas) -> None:
    with pytest.raises(DomainError) as refused:
        queue_matching_run(
            organisation=personas.organisation,
            by=personas.social_worker,
            window_from=in_days(0),
            window_until=in_days(7),
        )
    assert refused.value.code == "permission_denied"


def test_a_stranger_cannot_start_a_run_for_another_organisation(personas: Personas) -> None:
    with pytest.raises(NotFound):
        queue_matching_run(
            organisation=personas.organisation,
            by=personas.other_social_worker,
            window_from=in_days(0),
            window_until=in_days(7),
        )


def test_a_window_ending_before_it_starts_is_refused(personas: Personas) -> None:
    with pytest.raises(DomainError, match="end after it starts"):
        queue_matching_run(
            organisation=personas.organisation,
            by=None,
            window_from=in_days(7),
            window_until=in_days(1),
        )


def test_starting_claims_the_open_requests_in_the_window(
    run: MatchingRun, client_of_sofia: Client
) -> None:
    inside = AppointmentFactory(client=client_of_sofia, start=in_days(3))
    AppointmentFactory(client=client_of_sofia, start=in_days(20))
    claimed = start_matching_run(run=run, input_snapshot={"format": "lisko-matching/1"})
    inside.refresh_from_db()
    run.refresh_from_db()
    assert claimed == [inside]
    assert (inside.status, run.status, run.request_count) == (Status.MATCHING, "running", 1)


def test_starting_again_after_a_crash_returns_the_same_requests(
    run: MatchingRun, client_of_sofia: Client
) -> None:
    inside = AppointmentFactory(client=client_of_sofia, start=in_days(3))
    start_matching_run(run=run)
    assert start_matching_run(run=run) == [inside]


def test_finishing_offers_the_chosen_interpreter_and_marks_the_rest_unfilled(
    run: MatchingRun, client_of_sofia: Client, ivan: Interpreter
) -> None:
    served = AppointmentFactory(client=client_of_sofia, start=in_days(3))
    left_open = AppointmentFactory(client=client_of_sofia, start=in_days(4))
    start_matching_run(run=run)
    finish_matching_run(
        run=run,
        decisions={
            served.pk: Assigned(interpreter_id=ivan.pk, travel_minutes=25, score={"travel": 50}),
            left_open.pk: LeftOpen("no_language", {"language": "ara"}),
        },
        figures={"solver_status": "OPTIMAL", "served_priority": 1, "cost": 50, "wall_s": 0.2},
    )
    run.refresh_from_db()
    left_open.refresh_from_db()
    offer = Assignment.objects.get(appointment=served)
    assert (offer.interpreter, offer.state, offer.travel_minutes) == (ivan, "offered", 25)
    assert (left_open.status, left_open.unfilled_reason) == (Status.UNFILLED, "no_language")
    assert (run.status, run.assigned_count, run.unassigned_count, run.solver_status) == (
        "done",
        1,
        1,
        "OPTIMAL",
    )


def test_an_offer_refused_by_the_rules_is_recorded_as_left_open(
    run: MatchingRun, client_of_sofia: Client, ivan: Interpreter
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, start=in_days(3))
    ConflictOfInterestFactory(interpreter=ivan, client=client_of_sofia)
    start_matching_run(run=run)
    finish_matching_run(run=run, decisions={appointment.pk: Assigned(interpreter_id=ivan.pk)})
    request = run.requests.get()
    assert (request.outcome, request.reason_data) == (
        "unassigned",
        {"code": "conflict_of_interest"},
    )


def test_finishing_twice_makes_no_second_offer(
    run: MatchingRun, client_of_sofia: Client, ivan: Interpreter
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, start=in_days(3))
    start_matching_run(run=run)
    decisions = {appointment.pk: Assigned(interpreter_id=ivan.pk)}
    finish_matching_run(run=run, decisions=decisions)
    finish_matching_run(run=run, decisions=decisions)
    assert Assignment.objects.count() == 1


def test_a_failed_run_returns_its_requests_to_the_open_ones(
    run: MatchingRun, client_of_sofia: Client
) -> None:
    appointment = AppointmentFactory(client=client_of_sofia, start=in_days(3))
    start_matching_run(run=run)
    fail_matching_run(run=run, error="worker lost")
    appointment.refresh_from_db()
    run.refresh_from_db()
    assert (appointment.status, run.status, run.error) == (
        Status.REQUESTED,
        "failed",
        "worker lost",
    )


def test_a_run_that_has_ended_cannot_start_again(run: MatchingRun) -> None:
    fail_matching_run(run=run, error="cancelled")
    with pytest.raises(DomainError, match="already ended"):
        start_matching_run(run=run)


@pytest.mark.django_db
def test_the_database_refuses_an_assigned_request_without_an_interpreter() -> None:
    with pytest.raises(IntegrityError):
        MatchingRunRequestFactory(outcome=MatchingRunRequest.Outcome.ASSIGNED)


@pytest.mark.django_db
def test_the_database_refuses_a_window_ending_before_it_starts() -> None:
    with pytest.raises(IntegrityError):
        MatchingRunFactory(window_from=in_days(5), window_until=in_days(1))
