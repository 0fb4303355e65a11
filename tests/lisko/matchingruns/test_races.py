"""Two people at once: exactly one wins, the other is told why, in their language."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import translation
from pytest_django.fixtures import Settings

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer, create_offer
from lisko.clients.models import Client
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.lisko.matchingruns.conftest import make_interpreter, make_request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
State = Assignment.State


@pytest.fixture(autouse=True)
def no_background_jobs(settings: Settings) -> None:
    """No worker listens here: the services' jobs are not sent (commits do happen)."""
    settings.LISKO_JOBS_ENABLED = False


def at_once(*actions: Callable[[], Assignment]) -> list[Assignment | DomainError]:
    """Run the actions in parallel threads (own database connections), released together."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[Assignment | DomainError] = [DomainError("not run")] * len(actions)

    def run(position: int, action: Callable[[], Assignment]) -> None:
        try:
            barrier.wait()
            with translation.override("de"):
                outcomes[position] = action()
        except DomainError as error:
            with translation.override("de"):
                error.message = str(error.message)
            outcomes[position] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_accepts_of_one_broadcast_at_once_make_one_booking(
    personas: Personas, client_of_sofia: Client, arabic: Language, luxembourg: Municipality
) -> None:
    people = [
        make_interpreter(
            organisation=personas.organisation,
            language=arabic,
            home=luxembourg,
            user=make_member(organisation=personas.organisation, role="interpreter"),
        )
        for _ in range(2)
    ]
    appointment = make_request(client=client_of_sofia)
    offers = [
        create_offer(appointment=appointment, interpreter=person, by=None) for person in people
    ]

    outcomes = at_once(
        *(
            (lambda offer=offer: accept_offer(assignment=offer, by=offer.interpreter.user))
            for offer in offers
        )
    )

    won = [outcome for outcome in outcomes if isinstance(outcome, Assignment)]
    lost = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(won) == 1 and len(lost) == 1
    assert lost[0].code in {"taken", "offer_closed"}
    assert str(lost[0].message)
    assert Assignment.objects.filter(appointment=appointment, state=State.ACCEPTED).count() == 1


def test_one_interpreter_accepting_two_overlapping_appointments_at_once_gets_one(
    personas: Personas, client_of_sofia: Client, arabic: Language, luxembourg: Municipality
) -> None:
    ivan: Interpreter = make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        user=personas.interpreter,
    )
    first = make_request(client=client_of_sofia, hour=10)
    second = make_request(client=client_of_sofia, hour=10)
    offers = [
        create_offer(appointment=appointment, interpreter=ivan, by=None, travel_minutes=15)
        for appointment in (first, second)
    ]

    outcomes = at_once(
        *(
            (lambda offer=offer: accept_offer(assignment=offer, by=personas.interpreter))
            for offer in offers
        )
    )

    lost = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
    assert len(lost) == 1 and lost[0].code == "double_booked"
    assert Assignment.objects.filter(interpreter=ivan, state=State.ACCEPTED).count() == 1
    assert Appointment.objects.filter(status=Appointment.Status.CONFIRMED).count() == 1
