"""Out-of-range and malformed input to the API: a 4xx in the one error shape, never a 500, and
nothing changed."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.interpreters.models import Absence
from tests.api.conftest import ApiFor, World

ABSURD_DATES = ["0001-01-01", "9999-12-31", "99999-01-01", "-1-01-01", "2026-13-45", "garbage"]
ABSURD_NUMBERS = ["-1", str(2**63), str(10**30), "1e999", "nan", "garbage"]


def _booking(world: World, **fields: object) -> dict[str, object]:
    start = timezone.now() + dt.timedelta(days=3)
    body: dict[str, object] = {
        "client": world.own.client.pk,
        "kind": Appointment.Kind.MEDICAL,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1)).isoformat(),
        "language": world.own.appointment.language.code,
        "modality": "phone",
    }
    body.update(fields)
    return body


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_is_a_clear_400(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).generic(
        "POST", "/api/clients/", _nested(100_000), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_a_body_of_three_megabytes_answers_in_the_error_shape(
    world: World, api_for: ApiFor
) -> None:
    body = '{"notes": "' + "x" * (3 * 1024 * 1024) + '"}'

    response = api_for(world.personas.social_worker).generic(
        "POST", "/api/clients/", body, content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_booking_beyond_the_horizon_is_refused_and_not_stored(
    world: World, api_for: ApiFor
) -> None:
    before = Appointment.objects.count()
    start = timezone.now() + dt.timedelta(days=3 * 365)

    response = api_for(world.personas.social_worker).post(
        "/api/appointments/",
        _booking(
            world,
            start=start.isoformat(),
            end=(start + dt.timedelta(hours=1)).isoformat(),
        ),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "beyond_booking_horizon"
    assert Appointment.objects.count() == before


def test_an_eighteen_hour_appointment_is_refused(world: World, api_for: ApiFor) -> None:
    start = timezone.now() + dt.timedelta(days=3)

    response = api_for(world.personas.social_worker).post(
        "/api/appointments/",
        _booking(world, end=(start + dt.timedelta(hours=18)).isoformat(), start=start.isoformat()),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_long"


def test_a_birth_date_more_than_120_years_ago_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).patch(
        f"/api/clients/{world.own.client.pk}/", {"birth_date": "1901-01-01"}, format="json"
    )

    assert response.status_code == 400
    assert "birth_date" in response.json()["error"]["fields"]
    world.own.client.refresh_from_db()
    assert world.own.client.birth_date != dt.date(1901, 1, 1)


def test_a_household_member_born_more_than_120_years_ago_is_refused(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/household/",
        {"first_name": "Old", "relation": "parent", "birth_date": "1901-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert not world.own.client.household.filter(first_name="Old").exists()


@pytest.mark.parametrize("value", ABSURD_DATES)
@pytest.mark.parametrize(
    ("persona", "url", "parameter"),
    [
        ("social_worker", "/api/appointments/", "start_after"),
        ("coordinator", "/api/appointments/", "start_before"),
        ("admin", "/api/audit-events/", "at_after"),
        ("admin", "/api/audit-events/", "at_before"),
    ],
)
def test_absurd_dates_in_query_parameters_never_fail_the_server(
    world: World, api_for: ApiFor, persona: str, url: str, parameter: str, value: str
) -> None:
    response = api_for(getattr(world.personas, persona)).get(url, {parameter: value})

    assert response.status_code < 500


@pytest.mark.parametrize("value", ABSURD_DATES)
@pytest.mark.parametrize("field", ["start", "end"])
def test_absurd_booking_times_are_refused_not_stored(
    world: World, api_for: ApiFor, field: str, value: str
) -> None:
    before = Appointment.objects.count()

    response = api_for(world.personas.social_worker).post(
        "/api/appointments/", _booking(world, **{field: f"{value}T10:00:00Z"}), format="json"
    )

    assert 400 <= response.status_code < 500
    assert "error" in response.json()
    assert Appointment.objects.count() == before


@pytest.mark.parametrize("value", ABSURD_NUMBERS)
@pytest.mark.parametrize("field", ["min_level", "min_proficiency", "priority"])
def test_absurd_booking_numbers_are_refused_not_stored(
    world: World, api_for: ApiFor, field: str, value: str
) -> None:
    before = Appointment.objects.count()

    response = api_for(world.personas.social_worker).post(
        "/api/appointments/", _booking(world, **{field: value}), format="json"
    )

    assert 400 <= response.status_code < 500
    assert Appointment.objects.count() == before


@pytest.mark.parametrize("value", ABSURD_DATES)
@pytest.mark.parametrize("field", ["start", "end"])
def test_absurd_absence_times_are_refused_not_stored(
    world: World, api_for: ApiFor, field: str, value: str
) -> None:
    before = Absence.objects.count()
    body = {"start": "2030-01-01T00:00:00Z", "end": "2030-01-03T00:00:00Z"}

    response = api_for(world.personas.interpreter).post(
        "/api/me/absences/", {**body, field: f"{value}T00:00:00Z"}, format="json"
    )

    assert 400 <= response.status_code < 500
    assert Absence.objects.count() == before


@pytest.mark.parametrize("value", ABSURD_DATES)
@pytest.mark.parametrize("field", ["actual_start", "actual_end"])
def test_absurd_time_log_times_change_nothing(
    world: World, api_for: ApiFor, field: str, value: str
) -> None:
    assignment = world.own.assignment
    state = assignment.state
    start = timezone.now() - dt.timedelta(hours=2)
    body = {
        "actual_start": start.isoformat(),
        "actual_end": (start + dt.timedelta(hours=1)).isoformat(),
        "travel_minutes": 10,
        field: f"{value}T00:00:00Z",
    }

    response = api_for(world.personas.interpreter).post(
        f"/api/me/assignments/{assignment.pk}/time-log/", body, format="json"
    )

    assignment.refresh_from_db()
    assert 400 <= response.status_code < 500
    assert assignment.state == state


@pytest.mark.parametrize("value", ABSURD_NUMBERS)
def test_an_absurd_weekday_in_the_availability_is_refused(
    world: World, api_for: ApiFor, value: str
) -> None:
    response = api_for(world.personas.interpreter).put(
        "/api/me/availability/",
        {"slots": [{"weekday": value, "start_time": "08:00", "end_time": "12:00"}]},
        format="json",
    )

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("value", ABSURD_NUMBERS)
def test_an_absurd_proficiency_of_ones_own_language_is_refused(
    world: World, api_for: ApiFor, value: str
) -> None:
    response = api_for(world.personas.interpreter).put(
        "/api/me/languages/",
        {"languages": [{"language": "ara", "proficiency": value}]},
        format="json",
    )

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("value", ABSURD_NUMBERS)
@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("social_worker", "/api/clients/"),
        ("coordinator", "/api/appointments/"),
        ("interpreter", "/api/me/offers/"),
        ("admin", "/api/audit-events/"),
    ],
)
def test_an_absurd_page_number_never_fails_the_server(
    world: World, api_for: ApiFor, persona: str, url: str, value: str
) -> None:
    response = api_for(getattr(world.personas, persona)).get(url, {"page": value})

    assert response.status_code < 500


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
        "2026-01-01T25:00:00Z",
        "2026-01-01T10:00:00+99:00",
    ],
)
def test_datetimes_at_the_edge_of_the_calendar_are_refused_not_stored(
    world: World, api_for: ApiFor, value: str
) -> None:
    before = Appointment.objects.count()

    response = api_for(world.personas.social_worker).post(
        "/api/appointments/", _booking(world, start=value), format="json"
    )

    assert 400 <= response.status_code < 500
    assert Appointment.objects.count() == before
