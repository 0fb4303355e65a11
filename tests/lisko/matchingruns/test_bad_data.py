"""An appointment the matcher cannot be given (stored before today's limits, or by hand) is set
aside with a reason, once: the matching tasks never fail on it again and again."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.clients.models import Client
from lisko.matchingruns.batch import plan_matching_run
from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from lisko.matchingruns.problems import TIME_OUT_OF_RANGE
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.interpreting import MatchingRunFactory
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from workers import tasks

pytestmark = pytest.mark.django_db

LAST_DAY = dt.datetime(9999, 12, 31, 22, 0, tzinfo=dt.UTC)


@pytest.fixture
def in_year_9999(
    personas: Personas, client_of_sofia: Client, luxembourg: Municipality
) -> Appointment:
    make_interpreter(
        organisation=personas.organisation,
        language=client_of_sofia.preferred_language,
        home=luxembourg,
    )
    return make_request(
        client=client_of_sofia, start=LAST_DAY, end=LAST_DAY + dt.timedelta(hours=1)
    )


def test_the_match_task_sets_an_appointment_in_year_9999_aside_as_unfilled(
    in_year_9999: Appointment,
) -> None:
    offer_ids = tasks.match_request.apply(args=[in_year_9999.pk]).get()

    in_year_9999.refresh_from_db()
    assert offer_ids == []
    assert in_year_9999.status == Appointment.Status.UNFILLED
    assert in_year_9999.unfilled_reason == TIME_OUT_OF_RANGE


def test_the_match_task_run_again_on_a_set_aside_appointment_does_nothing(
    in_year_9999: Appointment,
) -> None:
    tasks.match_request.apply(args=[in_year_9999.pk]).get()

    again = tasks.match_request.apply(args=[in_year_9999.pk])

    assert again.successful() and again.get() == []


def test_a_matching_run_sets_an_appointment_in_year_9999_aside_and_matches_the_rest(
    personas: Personas, client_of_sofia: Client, in_year_9999: Appointment
) -> None:
    fine = make_request(client=client_of_sofia)
    run = MatchingRunFactory(
        organisation=personas.organisation,
        status=MatchingRun.Status.QUEUED,
        window_from=timezone.now(),
        window_until=LAST_DAY + dt.timedelta(hours=1),
    )

    for part_id in plan_matching_run(run_id=run.pk):
        tasks.solve_matching_part.apply(args=[part_id]).get()

    run.refresh_from_db()
    in_year_9999.refresh_from_db()
    fine.refresh_from_db()
    assert run.status == MatchingRun.Status.DONE
    assert in_year_9999.status == Appointment.Status.UNFILLED
    assert in_year_9999.unfilled_reason == TIME_OUT_OF_RANGE
    assert MatchingRunRequest.objects.get(run=run, appointment=in_year_9999).reason_code == (
        TIME_OUT_OF_RANGE
    )
    assert fine.status == Appointment.Status.OFFERED
