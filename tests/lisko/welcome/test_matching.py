"""Done when: a newcomer's welcome conversation goes to a key person chosen by Lisko's own
matching (the request job and the dispatcher), not by anything the welcome app decides."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

import workers.tasks  # noqa: F401  (registers the tasks that run_inline runs)
from lisko.appointments.models import Appointment
from lisko.interpreters.models import Interpreter
from lisko.welcome.services import book_welcome_conversation
from tests.conftest import Personas, SentTasks
from tests.factories.core import LanguageFactory, MunicipalityFactory
from tests.factories.welcome import make_newcomer, make_programme
from tests.lisko.matchingruns.conftest import make_interpreter

pytestmark = pytest.mark.django_db


def test_the_matcher_offers_the_welcome_conversation_to_a_key_person_of_the_language(
    personas: Personas,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    emmen = MunicipalityFactory(name="Emmen", latitude=47.08, longitude=8.30)
    arabic, tigrinya = LanguageFactory(code="ara"), LanguageFactory(code="tir")
    kaya = make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=emmen,
        user=personas.key_person,
        kind=Interpreter.Kind.KEY_PERSON,
        level=0,
        first_name="Kaya",
    )
    make_interpreter(
        organisation=personas.organisation, language=tigrinya, home=emmen, first_name="Tesfa"
    )
    programme = make_programme(personas.organisation, emmen)
    case = make_newcomer(programme, personas.social_worker, language=arabic)
    start = (timezone.now() + dt.timedelta(days=3)).replace(hour=10, minute=0, microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_welcome_conversation(
            case=case, by=personas.social_worker, start=start, address="Gemeindehaus"
        )
    sent_tasks.run_inline()

    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.OFFERED
    assert [offer.interpreter for offer in appointment.assignments.all()] == [kaya]
