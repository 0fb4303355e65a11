import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.selectors import (
    appointment_for,
    appointments_for,
    assignment_for_interpreter,
    offers_for_interpreter,
    open_requests,
    upcoming_assignments_for,
)
from lisko.clients.models import Client
from lisko.core.errors import NotFound
from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.core import ClientFactory
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, in_days

State = Assignment.State


def test_a_social_worker_sees_the_appointments_of_their_own_caseload(
    personas: Personas, client_of_sofia: Client
) -> None:
    own = AppointmentFactory(client=client_of_sofia)
    AppointmentFactory(
        client=ClientFactory(organisation=personas.organisation, social_worker=personas.colleague)
    )
    assert list(appointments_for(user=personas.social_worker)) == [own]


def test_a_social_worker_sees_appointments_of_cases_shared_with_them(
    personas: Personas, client_of_sofia: Client
) -> None:
    shared = AppointmentFactory(client=client_of_sofia)
    client_of_sofia.shared_with.add(personas.colleague)
    assert list(appointments_for(user=personas.colleague)) == [shared]


def test_a_coordinator_sees_every_appointment_of_the_organisation(
    personas: Personas, client_of_sofia: Client
) -> None:
    ours = [
        AppointmentFactory(client=client_of_sofia, start=in_days(3)),
        AppointmentFactory(
            client=ClientFactory(organisation=personas.organisation), start=in_days(4)
        ),
    ]
    AppointmentFactory(client=ClientFactory(organisation=personas.other_organisation))
    assert list(appointments_for(user=personas.coordinator)) == ours


def test_an_interpreter_never_gets_the_staff_view_of_an_appointment_offered_to_them(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan)
    assert not appointments_for(user=personas.interpreter).exists()


def test_an_interpreter_sees_only_the_offers_made_to_them(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    offer = AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan)
    AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan, state=State.WITHDRAWN)
    AssignmentFactory(appointment__client=client_of_sofia)
    assert list(offers_for_interpreter(user=personas.interpreter)) == [offer]


def test_an_appointment_of_another_organisation_is_not_found(
    personas: Personas,
) -> None:
    foreign = AppointmentFactory(client=ClientFactory(organisation=personas.other_organisation))
    with pytest.raises(NotFound):
        appointment_for(user=personas.social_worker, appointment_id=foreign.pk)


def test_a_partner_sees_no_appointments(personas: Personas, client_of_sofia: Client) -> None:
    AppointmentFactory(client=client_of_sofia)
    assert not appointments_for(user=personas.partner).exists()


def test_offers_for_an_interpreter_are_the_open_unexpired_ones(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    now = timezone.now()
    open_offer = AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan)
    AssignmentFactory(
        appointment__client=client_of_sofia,
        interpreter=ivan,
        expires_at=now - dt.timedelta(minutes=1),
    )
    AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan, state=State.DECLINED)
    AssignmentFactory(appointment__client=client_of_sofia)
    assert list(offers_for_interpreter(user=personas.interpreter, now=now)) == [open_offer]


def test_upcoming_assignments_are_accepted_ones_not_yet_over(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    upcoming = AssignmentFactory(
        appointment__client=client_of_sofia, interpreter=ivan, state=State.ACCEPTED
    )
    yesterday = in_days(-1, 9)
    AssignmentFactory(
        appointment__client=client_of_sofia,
        appointment__start=yesterday,
        interpreter=ivan,
        state=State.ACCEPTED,
    )
    AssignmentFactory(appointment__client=client_of_sofia, interpreter=ivan)
    assert list(upcoming_assignments_for(user=personas.interpreter)) == [upcoming]


def test_an_interpreter_cannot_open_someone_elses_offer(
    personas: Personas, client_of_sofia: Client
) -> None:
    others = AssignmentFactory(appointment__client=client_of_sofia)
    with pytest.raises(NotFound):
        assignment_for_interpreter(user=personas.interpreter, assignment_id=others.pk)


def test_open_requests_are_requested_appointments_in_the_window_most_urgent_first(
    personas: Personas, client_of_sofia: Client
) -> None:
    low = AppointmentFactory(client=client_of_sofia, start=in_days(2), priority=1)
    high = AppointmentFactory(client=client_of_sofia, start=in_days(5), priority=3)
    AppointmentFactory(client=client_of_sofia, start=in_days(30))
    AppointmentFactory(client=client_of_sofia, status=Appointment.Status.DRAFT)
    AppointmentFactory(client=ClientFactory(organisation=personas.other_organisation))
    requests = open_requests(organisation=personas.organisation, until=in_days(10))
    assert list(requests) == [high, low]
