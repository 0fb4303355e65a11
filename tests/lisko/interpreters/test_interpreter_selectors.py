import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lisko.core.errors import NotFound
from lisko.interpreters.models import Interpreter
from lisko.interpreters.selectors import (
    availability_windows,
    interpreter_for,
    interpreter_pool_for,
)
from tests.conftest import Personas
from tests.factories.interpreting import (
    AbsenceFactory,
    InterpreterFactory,
    WeeklyAvailabilityFactory,
)

LUX = ZoneInfo("Europe/Luxembourg")


def test_a_coordinator_sees_the_active_pool_of_their_organisation(
    personas: Personas, ivan: Interpreter
) -> None:
    InterpreterFactory(organisation=personas.organisation, is_active=False)
    InterpreterFactory(organisation=personas.other_organisation)
    assert list(interpreter_pool_for(user=personas.coordinator)) == [ivan]


def test_a_social_worker_sees_no_pool(personas: Personas, ivan: Interpreter) -> None:
    assert not interpreter_pool_for(user=personas.social_worker).exists()


def test_an_interpreter_of_another_organisation_is_not_found(personas: Personas) -> None:
    stranger = InterpreterFactory(organisation=personas.other_organisation)
    with pytest.raises(NotFound):
        interpreter_for(user=personas.coordinator, interpreter_id=stranger.pk)


def test_an_interpreter_finds_their_own_profile(personas: Personas, ivan: Interpreter) -> None:
    assert interpreter_for(user=personas.interpreter, interpreter_id=ivan.pk) == ivan


@pytest.mark.django_db
@pytest.mark.usefixtures("settings")
def test_the_weekly_pattern_becomes_concrete_local_windows() -> None:
    interpreter = InterpreterFactory()
    WeeklyAvailabilityFactory(
        interpreter=interpreter, weekday=0, start_time=dt.time(8), end_time=dt.time(12)
    )
    WeeklyAvailabilityFactory(
        interpreter=interpreter, weekday=2, start_time=dt.time(14), end_time=dt.time(18)
    )
    windows = availability_windows(
        interpreter=interpreter, date_from=dt.date(2026, 11, 23), date_until=dt.date(2026, 11, 30)
    )
    assert windows == [
        (dt.datetime(2026, 11, 23, 8, tzinfo=LUX), dt.datetime(2026, 11, 23, 12, tzinfo=LUX)),
        (dt.datetime(2026, 11, 25, 14, tzinfo=LUX), dt.datetime(2026, 11, 25, 18, tzinfo=LUX)),
        (dt.datetime(2026, 11, 30, 8, tzinfo=LUX), dt.datetime(2026, 11, 30, 12, tzinfo=LUX)),
    ]


@pytest.mark.django_db
def test_an_absence_cuts_the_windows_it_overlaps() -> None:
    interpreter = InterpreterFactory()
    WeeklyAvailabilityFactory(
        interpreter=interpreter, weekday=0, start_time=dt.time(8), end_time=dt.time(17)
    )
    AbsenceFactory(
        interpreter=interpreter,
        start=dt.datetime(2026, 11, 23, 10, tzinfo=LUX),
        end=dt.datetime(2026, 11, 23, 12, tzinfo=LUX),
    )
    AbsenceFactory(
        interpreter=interpreter,
        start=dt.datetime(2026, 11, 29, 0, tzinfo=LUX),
        end=dt.datetime(2026, 12, 6, 0, tzinfo=LUX),
    )
    windows = availability_windows(
        interpreter=interpreter, date_from=dt.date(2026, 11, 23), date_until=dt.date(2026, 11, 30)
    )
    assert windows == [
        (dt.datetime(2026, 11, 23, 8, tzinfo=LUX), dt.datetime(2026, 11, 23, 10, tzinfo=LUX)),
        (dt.datetime(2026, 11, 23, 12, tzinfo=LUX), dt.datetime(2026, 11, 23, 17, tzinfo=LUX)),
    ]


@pytest.mark.django_db
def test_windows_keep_local_wall_clock_times_across_a_daylight_saving_change() -> None:
    interpreter = InterpreterFactory()
    WeeklyAvailabilityFactory(
        interpreter=interpreter, weekday=4, start_time=dt.time(9), end_time=dt.time(10)
    )
    windows = availability_windows(
        interpreter=interpreter, date_from=dt.date(2026, 10, 23), date_until=dt.date(2026, 10, 30)
    )
    assert [start.utcoffset() for start, _end in windows] == [
        dt.timedelta(hours=2),
        dt.timedelta(hours=1),
    ]
    assert [start.hour for start, _end in windows] == [9, 9]
