"""Interpreters and key persons on their phones: offers, answers, time logs; and what they see."""

import datetime as dt

from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.audit.models import AuditEvent
from tests.api.conftest import ApiFor, World
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory

INTERPRETER_APPOINTMENT_FIELDS = {
    "id",
    "kind",
    "start",
    "end",
    "modality",
    "municipality",
    "municipality_name",
    "address",
    "remote_link",
    "language",
    "notes_for_interpreter",
    "client_first_name",
    "social_worker",
}


def test_an_interpreter_sees_the_offers_made_to_them(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).get("/api/me/offers/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.own.assignment.pk]


def test_an_interpreter_sees_only_what_the_appointment_needs(world: World, api_for: ApiFor) -> None:
    # A last name no other person of the world can share (the factories' names are random: the
    # social worker, whose name is shown, was once called Valdez like the client).
    client = world.own.client
    client.last_name = "Tesfamariam-Secret"
    client.save(update_fields=["last_name"])

    response = api_for(world.personas.interpreter).get("/api/me/offers/")

    appointment = response.json()["results"][0]["appointment"]
    assert set(appointment) == INTERPRETER_APPOINTMENT_FIELDS
    assert appointment["client_first_name"] == world.own.client.first_name
    assert appointment["social_worker"]["email"] == world.personas.social_worker.email
    body = response.content.decode()
    for secret in (world.own.client.last_name, world.own.client.notes, "SY", '"status"'):
        assert secret not in body


def test_reading_offers_records_the_clients_whose_first_name_was_shown(
    world: World, api_for: ApiFor
) -> None:
    api_for(world.personas.interpreter).get("/api/me/offers/")

    event = AuditEvent.objects.get(reason="api: interpreter offers")
    assert (event.actor, event.client_id) == (world.personas.interpreter, world.own.client.pk)


def test_a_key_person_sees_only_the_offer_made_to_them(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.key_person).get("/api/me/offers/")

    assert [row["id"] for row in response.json()["results"]] == [world.key_person_offer.pk]


def test_accepting_an_offer_books_the_interpreter(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).post(
        f"/api/me/offers/{world.own.assignment.pk}/accept/"
    )

    assert response.status_code == 200, response.json()
    world.own.assignment.refresh_from_db()
    world.own.appointment.refresh_from_db()
    assert (world.own.assignment.state, world.own.appointment.status) == ("accepted", "confirmed")
    world.key_person_offer.refresh_from_db()
    assert world.key_person_offer.state == "withdrawn"


def test_an_offer_someone_else_took_leaves_the_offer_list(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.key_person).post(f"/api/me/offers/{world.key_person_offer.pk}/accept/")

    response = api_for(world.personas.interpreter).get("/api/me/offers/")

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_accepting_someone_elses_offer_answers_404(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.key_person).post(
        f"/api/me/offers/{world.own.assignment.pk}/accept/"
    )

    assert response.status_code == 404
    world.own.assignment.refresh_from_db()
    assert world.own.assignment.state == "offered"


def test_accepting_an_overlapping_offer_is_refused_as_double_booking(
    world: World, api_for: ApiFor
) -> None:
    api = api_for(world.personas.interpreter)
    api.post(f"/api/me/offers/{world.own.assignment.pk}/accept/")
    same_time = AppointmentFactory(
        client=world.own.client,
        start=world.own.appointment.start,
        end=world.own.appointment.end,
        status=Appointment.Status.OFFERED,
    )
    second = AssignmentFactory(appointment=same_time, interpreter=world.own.interpreter)

    response = api.post(f"/api/me/offers/{second.pk}/accept/")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "double_booked"
    second.refresh_from_db()
    assert second.state == "offered"


def test_declining_an_offer_records_the_reason(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).post(
        f"/api/me/offers/{world.own.assignment.pk}/decline/",
        {"reason": "too_far", "note": "No car this week."},
        format="json",
    )

    assert response.status_code == 200
    world.own.assignment.refresh_from_db()
    assert (world.own.assignment.state, world.own.assignment.decline_reason) == (
        "declined",
        "too_far",
    )


def test_declining_without_a_known_reason_is_a_field_error(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter).post(
        f"/api/me/offers/{world.own.assignment.pk}/decline/", {"reason": "bored"}, format="json"
    )

    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_an_interpreter_logs_the_time_after_the_appointment(world: World, api_for: ApiFor) -> None:
    past = AppointmentFactory(
        client=world.own.client,
        start=timezone.now() - dt.timedelta(hours=3),
        end=timezone.now() - dt.timedelta(hours=2),
        status=Appointment.Status.CONFIRMED,
    )
    booking = AssignmentFactory(
        appointment=past, interpreter=world.own.interpreter, state=Assignment.State.ACCEPTED
    )

    response = api_for(world.personas.interpreter).post(
        f"/api/me/assignments/{booking.pk}/time-log/",
        {
            "actual_start": past.start.isoformat(),
            "actual_end": (past.end + dt.timedelta(minutes=15)).isoformat(),
            "travel_minutes": 40,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    booking.refresh_from_db()
    assert (booking.state, booking.actual_travel_minutes) == ("done", 40)


def test_the_upcoming_bookings_list_shows_accepted_assignments(
    world: World, api_for: ApiFor
) -> None:
    api = api_for(world.personas.interpreter)
    api.post(f"/api/me/offers/{world.own.assignment.pk}/accept/")

    response = api.get("/api/me/assignments/")

    assert [row["id"] for row in response.json()["results"]] == [world.own.assignment.pk]


def test_me_names_the_roles_of_the_person_asking(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get("/api/me/")

    assert response.json()["memberships"] == [
        {
            "organisation": world.personas.organisation.pk,
            "organisation_name": "Red Cross integration centre",
            "role": "coordinator",
        }
    ]


def test_accepting_an_offer_someone_else_took_says_it_is_taken(
    world: World, api_for: ApiFor
) -> None:
    api_for(world.personas.key_person).post(f"/api/me/offers/{world.key_person_offer.pk}/accept/")

    response = api_for(world.personas.interpreter, "de").post(
        f"/api/me/offers/{world.own.assignment.pk}/accept/"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "taken"


def test_without_consent_to_interpreting_the_interpreter_is_not_told_the_name(
    world: World, api_for: ApiFor
) -> None:
    from lisko.clients.models import Consent

    Consent.objects.filter(client=world.own.client, purpose=Consent.Purpose.INTERPRETING).update(
        withdrawn_at=timezone.now()
    )

    response = api_for(world.personas.interpreter).get("/api/me/offers/")

    appointment = response.json()["results"][0]["appointment"]
    assert appointment["client_first_name"] == ""
    assert world.own.client.first_name not in response.content.decode()
