import datetime as dt

import pytest
from django.db import IntegrityError

from lisko.interpreters.models import Interpreter
from tests.factories.interpreting import (
    InterpreterFactory,
    InterpreterLanguageFactory,
    WeeklyAvailabilityFactory,
)


@pytest.mark.django_db
def test_the_database_refuses_a_key_person_with_a_certification_level() -> None:
    with pytest.raises(IntegrityError):
        InterpreterFactory(kind=Interpreter.Kind.KEY_PERSON, level=2)


@pytest.mark.django_db
def test_the_database_refuses_an_interpreter_without_a_certification_level() -> None:
    with pytest.raises(IntegrityError):
        InterpreterFactory(kind=Interpreter.Kind.INTERPRETER, level=0)


@pytest.mark.django_db
def test_the_database_refuses_a_weekly_window_ending_before_it_starts() -> None:
    with pytest.raises(IntegrityError):
        WeeklyAvailabilityFactory(start_time=dt.time(12), end_time=dt.time(9))


@pytest.mark.django_db
def test_the_database_refuses_a_proficiency_of_six() -> None:
    with pytest.raises(IntegrityError):
        InterpreterLanguageFactory(proficiency=6)


@pytest.mark.django_db
def test_home_falls_back_to_the_municipality_centre() -> None:
    interpreter = InterpreterFactory()
    assert interpreter.home == (
        interpreter.home_municipality.latitude,
        interpreter.home_municipality.longitude,
    )
