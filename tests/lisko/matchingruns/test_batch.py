"""Batch optimisation in parts, and the sweeps that find work nobody is doing."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.matchingruns.batch import plan_matching_run, request_matching_run, solve_part
from lisko.matchingruns.models import MatchingRun, MatchingRunPart, MatchingRunRequest
from lisko.matchingruns.sweeps import sweep_stuck
from lisko.places.models import Municipality
from tests.conftest import Personas, SentTasks
from tests.factories.core import ClientFactory, LanguageFactory
from tests.factories.interpreting import AssignmentFactory
from tests.lisko.matchingruns.conftest import make_interpreter, make_request

pytestmark = pytest.mark.django_db
Status = Appointment.Status
State = Assignment.State


@pytest.fixture
def pool(personas: Personas, arabic: Language, luxembourg: Municipality) -> list[Interpreter]:
    tigrinya = LanguageFactory(code="tir")
    return [
        make_interpreter(organisation=personas.organisation, language=arabic, home=luxembourg),
        make_interpreter(organisation=personas.organisation, language=arabic, home=luxembourg),
        make_interpreter(organisation=personas.organisation, language=tigrinya, home=luxembourg),
    ]


@pytest.fixture
def tigrinya_client(personas: Personas, luxembourg: Municipality) -> Client:
    return ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        municipality=luxembourg,
        preferred_language=LanguageFactory(code="tir"),
    )


def run_to_the_end(run: MatchingRun) -> MatchingRun:
    for part_id in plan_matching_run(run_id=run.pk):
        solve_part(part_id=part_id)
    run.refresh_from_db()
    return run


def test_a_run_offers_the_open_requests_of_the_coming_two_weeks(
    personas: Personas, client_of_sofia: Client, tigrinya_client: Client, pool: list[Interpreter]
) -> None:
    requests = [
        make_request(client=client_of_sofia, days=2, hour=9),
        make_request(client=client_of_sofia, days=2, hour=9),
        make_request(client=tigrinya_client, days=3, hour=9),
        make_request(client=client_of_sofia, days=9, hour=9),
    ]
    later = make_request(client=client_of_sofia, days=20)

    run = run_to_the_end(request_matching_run(organisation=personas.organisation, by=None))

    assert run.status == MatchingRun.Status.DONE
    assert (run.request_count, run.assigned_count, run.unassigned_count) == (4, 4, 0)
    assert run.parts_total >= 2 and run.parts_done == run.parts_total
    assert run.solver_status and run.served_priority == 4
    for appointment in requests:
        appointment.refresh_from_db()
        assert appointment.status == Status.OFFERED
    later.refresh_from_db()
    assert later.status == Status.REQUESTED


def test_progress_counts_the_parts_done(
    personas: Personas, client_of_sofia: Client, tigrinya_client: Client, pool: list[Interpreter]
) -> None:
    make_request(client=client_of_sofia)
    make_request(client=tigrinya_client)
    run = request_matching_run(organisation=personas.organisation, by=personas.coordinator)

    first, *others = plan_matching_run(run_id=run.pk)
    solve_part(part_id=first)

    run.refresh_from_db()
    assert (run.status, run.parts_done, run.parts_total) == (
        MatchingRun.Status.RUNNING,
        1,
        1 + len(others),
    )


def test_a_part_solved_twice_changes_nothing(
    personas: Personas, client_of_sofia: Client, pool: list[Interpreter]
) -> None:
    appointment = make_request(client=client_of_sofia)
    run = request_matching_run(organisation=personas.organisation, by=None)
    [part_id] = plan_matching_run(run_id=run.pk)

    solve_part(part_id=part_id)
    solve_part(part_id=part_id)
    plan_matching_run(run_id=run.pk)

    assert appointment.assignments.count() == 1
    assert MatchingRun.objects.get(pk=run.pk).status == MatchingRun.Status.DONE


def test_accepted_bookings_are_never_moved(
    personas: Personas, client_of_sofia: Client, pool: list[Interpreter]
) -> None:
    booked = make_request(client=client_of_sofia, status=Status.CONFIRMED)
    accepted = AssignmentFactory(appointment=booked, interpreter=pool[0], state=State.ACCEPTED)
    same_time = make_request(client=client_of_sofia)

    run_to_the_end(request_matching_run(organisation=personas.organisation, by=None))

    accepted.refresh_from_db()
    assert accepted.state == State.ACCEPTED
    assert same_time.assignments.get().interpreter == pool[1]


def test_requests_nobody_can_take_are_left_open_with_the_reason(
    personas: Personas, client_of_sofia: Client, pool: list[Interpreter]
) -> None:
    appointment = make_request(client=client_of_sofia, language=LanguageFactory(code="kmr"))

    run = run_to_the_end(request_matching_run(organisation=personas.organisation, by=None))

    decision = MatchingRunRequest.objects.get(run=run, appointment=appointment)
    assert (decision.outcome, decision.reason_code) == ("unassigned", "no_speaker")
    appointment.refresh_from_db()
    assert appointment.status == Status.UNFILLED


def test_a_run_without_requests_finishes_at_once(personas: Personas) -> None:
    run = run_to_the_end(request_matching_run(organisation=personas.organisation, by=None))

    assert (run.status, run.parts_total) == (MatchingRun.Status.DONE, 0)


def test_the_sweep_enqueues_again_the_parts_of_a_run_whose_worker_died(
    personas: Personas,
    client_of_sofia: Client,
    pool: list[Interpreter],
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    make_request(client=client_of_sofia)
    run = request_matching_run(organisation=personas.organisation, by=None)
    [part_id] = plan_matching_run(run_id=run.pk)

    with django_capture_on_commit_callbacks(execute=True):
        early = sweep_stuck(now=timezone.now())
        late = sweep_stuck(now=timezone.now() + dt.timedelta(minutes=10))

    assert early.parts_enqueued == 0
    assert late.parts_enqueued == 1
    assert sent_tasks.named("lisko.matching.solve_part") == [(part_id,)]


def test_the_sweep_releases_requests_left_matching_by_a_dead_run(
    personas: Personas,
    client_of_sofia: Client,
    pool: list[Interpreter],
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    run = request_matching_run(organisation=personas.organisation, by=None)
    plan_matching_run(run_id=run.pk)
    MatchingRun.objects.filter(pk=run.pk).update(status=MatchingRun.Status.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        report = sweep_stuck()

    appointment.refresh_from_db()
    assert (report.requests_released, appointment.status) == (1, Status.REQUESTED)
    assert (appointment.pk,) in sent_tasks.named("lisko.dispatch.match_request")


def test_the_sweep_enqueues_requests_waiting_without_an_offer(
    client_of_sofia: Client,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)

    with django_capture_on_commit_callbacks(execute=True):
        sweep_stuck(now=timezone.now() + dt.timedelta(minutes=5))

    assert sent_tasks.named("lisko.dispatch.match_request") == [(appointment.pk,)]


def test_a_run_that_never_ends_is_failed_and_its_requests_go_back(
    personas: Personas, client_of_sofia: Client, pool: list[Interpreter]
) -> None:
    appointment = make_request(client=client_of_sofia)
    run = request_matching_run(organisation=personas.organisation, by=None)
    plan_matching_run(run_id=run.pk)

    sweep_stuck(now=timezone.now() + dt.timedelta(hours=2))

    run.refresh_from_db()
    appointment.refresh_from_db()
    assert (run.status, appointment.status) == (MatchingRun.Status.FAILED, Status.REQUESTED)
    assert MatchingRunPart.objects.filter(run=run).count() == 1


def test_many_waiting_requests_go_to_one_batch_run_rather_than_one_by_one(
    personas: Personas,
    client_of_sofia: Client,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    for hour in range(8, 20):
        make_request(client=client_of_sofia, hour=hour)

    with django_capture_on_commit_callbacks(execute=True):
        sweep_stuck(now=timezone.now() + dt.timedelta(minutes=5))

    [run] = MatchingRun.objects.all()
    assert sent_tasks.named("lisko.matching.run") == [(run.pk,)]
    assert sent_tasks.named("lisko.dispatch.match_request") == []


def test_a_run_keeps_the_matchers_alternatives_for_the_appointment_page(
    personas: Personas, client_of_sofia: Client, pool: list[Interpreter]
) -> None:
    appointment = make_request(client=client_of_sofia, days=2, hour=9)

    run_to_the_end(request_matching_run(organisation=personas.organisation, by=None))

    offer = Assignment.objects.get(appointment=appointment, state=Assignment.State.OFFERED)
    alternatives = [row["interpreter_id"] for row in offer.score["alternatives"]]
    other_arabic_speaker = next(p.pk for p in pool[:2] if p.pk != offer.interpreter_id)
    assert alternatives == [other_arabic_speaker]
