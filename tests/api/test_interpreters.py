"""The interpreter pool through the API, and interpreters keeping their own availability."""

from lisko.interpreters.models import Absence, Interpreter, WeeklyAvailability
from tests.api.conftest import ApiFor, World, in_hours


def test_the_coordinator_lists_the_pool_of_the_organisation(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get("/api/interpreters/?kind=key_person")

    assert [row["id"] for row in response.json()["results"]] == [world.key_person_profile.pk]


def test_a_coordinator_adds_a_key_person(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        "/api/interpreters/",
        {
            "kind": "key_person",
            "first_name": "Hevi",
            "last_name": "Aziz",
            "home_municipality": world.own.client.municipality_id,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Interpreter.objects.get(first_name="Hevi").level == 0


def test_a_key_person_with_a_certification_level_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        "/api/interpreters/",
        {
            "kind": "key_person",
            "first_name": "Hevi",
            "last_name": "Aziz",
            "level": 2,
            "home_municipality": world.own.client.municipality_id,
        },
        format="json",
    )

    assert response.status_code == 400
    assert not Interpreter.objects.filter(first_name="Hevi").exists()


def test_the_coordinator_sets_an_interpreters_weekly_availability(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.coordinator).put(
        f"/api/interpreters/{world.own.interpreter.pk}/availability/",
        {"slots": [{"weekday": 2, "start_time": "08:00", "end_time": "12:00"}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    slots = WeeklyAvailability.objects.filter(interpreter=world.own.interpreter)
    assert [(slot.weekday, slot.start_time.hour) for slot in slots] == [(2, 8)]


def test_overlapping_windows_are_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).put(
        f"/api/interpreters/{world.own.interpreter.pk}/availability/",
        {
            "slots": [
                {"weekday": 2, "start_time": "08:00", "end_time": "12:00"},
                {"weekday": 2, "start_time": "11:00", "end_time": "13:00"},
            ]
        },
        format="json",
    )

    assert response.status_code == 400
    assert WeeklyAvailability.objects.filter(interpreter=world.own.interpreter).count() == 1


def test_an_interpreter_records_their_own_absence(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).post(
        "/api/me/absences/",
        {"start": in_hours(48).isoformat(), "end": in_hours(72).isoformat(), "reason": "Ill"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Absence.objects.filter(interpreter=world.own.interpreter, reason="Ill").exists()


def test_an_interpreter_cannot_delete_someone_elses_absence(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).delete(
        f"/api/me/absences/{world.colleague.absence.pk}/"
    )

    assert response.status_code == 404
    assert Absence.objects.filter(pk=world.colleague.absence.pk).exists()


def test_the_own_profile_leaves_out_the_coordinators_notes(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).get("/api/me/profile/")

    assert response.status_code == 200
    assert response.json()["id"] == world.own.interpreter.pk
    assert "notes" not in response.json()


def test_a_coordinator_declares_a_conflict_of_interest(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        f"/api/interpreters/{world.own.interpreter.pk}/conflicts/",
        {"client": world.colleague.client.pk, "reason": "relative"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert world.own.interpreter.conflicts.filter(client=world.colleague.client).exists()
