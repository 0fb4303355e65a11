"""The request → offer workflow, run by a real worker process from Redis."""

import threading

import pytest
from django.db import connection

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import book_appointment, decline_offer
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.matchingruns.dispatch import match_request
from lisko.notifications.models import Notification
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import MunicipalityFactory, make_member
from tests.factories.interpreting import in_days
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from tests.workers.conftest import WorkerProcess, wait_until
from workers.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]
Status = Appointment.Status
State = Assignment.State


@pytest.fixture
def two_interpreters(
    personas: Personas, arabic: Language, luxembourg: Municipality
) -> tuple[Interpreter, Interpreter]:
    mersch = MunicipalityFactory(name="Mersch", latitude=49.7489, longitude=6.1061)
    near = make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        user=personas.interpreter,
    )
    far = make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=mersch,
        user=make_member(organisation=personas.organisation, role="interpreter"),
    )
    return near, far


def open_offer(appointment: Appointment) -> Assignment | None:
    return appointment.assignments.filter(state=State.OFFERED).first()


@pytest.mark.django_db(transaction=True)
def test_a_request_goes_from_offer_to_decline_to_the_next_candidate_to_unfilled(
    celery_worker_process: WorkerProcess,
    personas: Personas,
    client_of_sofia: Client,
    two_interpreters: tuple[Interpreter, Interpreter],
) -> None:
    near, far = two_interpreters
    appointment = book_appointment(
        client=client_of_sofia,
        by=personas.social_worker,
        kind=Appointment.Kind.SOCIAL_COUNSELLING,
        start=in_days(4, 10),
        end=in_days(4, 11),
        language="ara",
        municipality=client_of_sofia.municipality,
        request=True,
    )

    wait_until(
        lambda: open_offer(appointment) is not None, message=celery_worker_process.log_tail()
    )
    first = open_offer(appointment)
    assert first is not None and first.interpreter == near
    wait_until(lambda: Notification.objects.filter(recipient=near.user, kind="new_offer").exists())

    decline_offer(assignment=first, by=personas.interpreter, reason="not_available")
    wait_until(
        lambda: open_offer(appointment) is not None, message=celery_worker_process.log_tail()
    )
    second = open_offer(appointment)
    assert second is not None and second.interpreter == far

    assert far.user is not None
    decline_offer(assignment=second, by=far.user, reason="too_far")
    wait_until(
        lambda: Appointment.objects.get(pk=appointment.pk).status == Status.UNFILLED,
        message=celery_worker_process.log_tail(),
    )
    wait_until(
        lambda: Notification.objects.filter(
            recipient=personas.coordinator, kind="unfilled"
        ).exists()
    )
    assert Appointment.objects.get(pk=appointment.pk).unfilled_reason == "excluded"


@pytest.mark.django_db(transaction=True)
def test_a_hundred_concurrent_enqueues_of_one_request_make_one_offer(
    celery_worker_process: WorkerProcess,
    client_of_sofia: Client,
    two_interpreters: tuple[Interpreter, Interpreter],
) -> None:
    appointment = make_request(client=client_of_sofia)
    barrier = threading.Barrier(8)

    def match_in_this_process() -> None:
        try:
            barrier.wait()
            match_request(appointment_id=appointment.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=match_in_this_process) for _ in range(8)]
    for thread in threads:
        thread.start()
    for _ in range(92):
        app.send_task("lisko.dispatch.match_request", args=[appointment.pk])
    for thread in threads:
        thread.join()

    wait_until(
        lambda: (
            celery_worker_process.log_path.read_bytes().count(b"lisko.dispatch.match_request")
            >= 2 * 92
        ),  # "Received" and "succeeded" for every message
        timeout_s=120,
        message=celery_worker_process.log_tail(),
    )
    assert appointment.assignments.count() == 1
    assert Appointment.objects.get(pk=appointment.pk).status == Status.OFFERED
