"""Appointments through the API: booking, changing, cancelling, requesting an interpreter, and
what coordinators see and do."""

import datetime as dt

from django.db.models import QuerySet

from lisko.access import access_of
from lisko.access.rules import appointment_rule
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.audit.models import AuditEvent
from tests.api.conftest import ApiFor, World
from tests.factories.interpreting import AppointmentFactory, InterpreterFactory, in_days


def booking(world: World, **fields: object) -> dict[str, object]:
    return {
        "client": world.own.client.pk,
        "kind": "medical",
        "start": in_days(10, 9).isoformat(),
        "end": in_days(10, 10).isoformat(),
        "language": "ara",
        "municipality": world.own.client.municipality_id,
        "address": "Route d'Arlon 4",
        **fields,
    }


def test_a_social_worker_books_an_appointment_and_asks_for_an_interpreter(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/appointments/", booking(world, request=True), format="json"
    )

    assert response.status_code == 201, response.json()
    appointment = Appointment.objects.get(pk=response.json()["id"])
    assert (appointment.status, appointment.booked_by) == (
        "requested",
        world.personas.social_worker,
    )
    assert AuditEvent.objects.filter(action="create", object_id=str(appointment.pk)).exists()


def test_booking_in_the_past_is_refused_with_a_clear_message(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/appointments/",
        booking(world, start=in_days(-2, 9).isoformat(), end=in_days(-2, 10).isoformat()),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "in_the_past",
        "message": "An appointment cannot start in the past.",
    }


def test_booking_for_a_foreign_client_is_refused_as_unknown(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/appointments/", booking(world, client=world.other.client.pk), format="json"
    )

    assert response.status_code == 400
    assert "client" in response.json()["error"]["fields"]
    assert not Appointment.objects.filter(client=world.other.client, kind="medical").exists()


def test_the_social_worker_sees_only_the_caseloads_appointments(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).get("/api/appointments/")

    assert [row["id"] for row in response.json()["results"]] == [world.own.appointment.pk]


def test_the_coordinator_sees_every_appointment_of_the_organisation(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.coordinator).get("/api/appointments/")

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world.own.appointment.pk, world.colleague.appointment.pk}


def test_the_coordinator_sees_the_client_only_by_reference_and_first_name(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.coordinator).get(
        f"/api/appointments/{world.own.appointment.pk}/"
    )

    assert response.json()["client"] == {
        "id": world.own.client.pk,
        "reference": world.own.client.reference,
        "first_name": world.own.client.first_name,
    }


def test_reading_an_appointment_is_audited(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.coordinator).get(f"/api/appointments/{world.own.appointment.pk}/")

    event = AuditEvent.objects.get(reason="api: appointment detail")
    assert (event.actor, event.client_id) == (world.personas.coordinator, world.own.client.pk)


def test_an_appointment_list_filters_by_status(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get("/api/appointments/?status=done")

    assert response.json()["results"] == []


def test_an_interpreter_may_not_use_the_staff_appointment_routes(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.interpreter).get(
        f"/api/appointments/{world.own.appointment.pk}/"
    )

    assert response.status_code == 403


def test_moving_an_appointment_withdraws_the_offers_made(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).patch(
        f"/api/appointments/{world.own.appointment.pk}/",
        {"start": in_days(8, 14).isoformat(), "end": in_days(8, 15).isoformat()},
        format="json",
    )

    assert response.status_code == 200, response.json()
    world.own.assignment.refresh_from_db()
    assert world.own.assignment.state == Assignment.State.WITHDRAWN
    assert response.json()["status"] == "requested"


def test_cancelling_an_appointment_records_the_reason(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/appointments/{world.own.appointment.pk}/cancel/",
        {"reason": "The client moved away."},
        format="json",
    )

    assert response.status_code == 200
    world.own.appointment.refresh_from_db()
    assert (world.own.appointment.status, world.own.appointment.cancellation_reason) == (
        "cancelled",
        "The client moved away.",
    )


def test_cancelling_twice_is_refused(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.social_worker)
    api.post(f"/api/appointments/{world.own.appointment.pk}/cancel/", {}, format="json")

    response = api.post(f"/api/appointments/{world.own.appointment.pk}/cancel/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "This appointment is already cancelled or finished."
    )


def test_a_draft_appointment_joins_the_open_requests_when_an_interpreter_is_requested(
    world: World, api_for: ApiFor
) -> None:
    world.own.appointment.status = Appointment.Status.DRAFT
    world.own.appointment.save()

    response = api_for(world.personas.social_worker).post(
        f"/api/appointments/{world.own.appointment.pk}/request-interpreter/"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "requested"


def test_a_coordinator_offers_an_appointment_to_an_interpreter(
    world: World, api_for: ApiFor
) -> None:
    interpreter = InterpreterFactory(organisation=world.personas.organisation)

    response = api_for(world.personas.coordinator).post(
        f"/api/appointments/{world.own.appointment.pk}/offers/",
        {"interpreter": interpreter.pk},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Assignment.objects.filter(
        appointment=world.own.appointment, interpreter=interpreter, state="offered"
    ).exists()


def test_a_coordinator_cannot_offer_to_another_organisations_interpreter(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.coordinator).post(
        f"/api/appointments/{world.own.appointment.pk}/offers/",
        {"interpreter": world.other.interpreter.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "interpreter" in response.json()["error"]["fields"]


def test_a_social_worker_may_not_make_offers(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/appointments/{world.own.appointment.pk}/offers/",
        {"interpreter": world.key_person_profile.pk},
        format="json",
    )

    assert response.status_code == 403


def appointments_by_the_plain_rule(user: User) -> QuerySet[Appointment]:
    """Who sees which appointment, as lisko.access.rules says it (too slow at scale)."""
    return Appointment.objects.filter(appointment_rule(access_of(user)))


def test_the_fast_list_shows_exactly_what_appointments_for_shows(world: World) -> None:
    # appointment_list_for rephrases the plain rule for the planner; the set must not change.
    from lisko.appointments.selectors import appointment_list_for

    people = world.personas
    world.colleague.client.shared_with.add(people.social_worker)
    for user in (
        people.social_worker,
        people.other_social_worker,
        people.colleague,
        people.coordinator,
        people.interpreter,
        people.key_person,
        people.partner,
        people.admin,
    ):
        fast = set(appointment_list_for(user=user).values_list("pk", flat=True))
        plain = appointments_by_the_plain_rule(user)
        assert fast == set(plain.values_list("pk", flat=True)), user


def test_the_appointment_list_pages_by_time_without_repeating_or_skipping(
    world: World, api_for: ApiFor
) -> None:
    for hour in range(60):
        AppointmentFactory(
            client=world.own.client,
            language=world.own.appointment.language,
            start=in_days(20) + dt.timedelta(hours=hour),
        )
    api = api_for(world.personas.social_worker)

    first = api.get("/api/appointments/").json()
    second = api.get(first["next"]).json()

    shown = [row["id"] for row in first["results"] + second["results"]]
    expected = Appointment.objects.filter(client=world.own.client).order_by("start", "id")
    assert (len(first["results"]), second["next"]) == (50, None)
    assert shown == list(expected.values_list("pk", flat=True))


def test_the_appointment_list_has_no_count_to_compute(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get("/api/appointments/")

    assert set(response.json()) == {"next", "previous", "results"}


def test_an_altered_page_link_is_refused_with_a_clear_message(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.coordinator, "de").get("/api/appointments/?cursor=bm9wZQ")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["cursor"] == [
        "Dieser Link zu einer Seite ist ungültig. Beginnen Sie wieder mit der ersten Seite."
    ]


def test_a_page_of_appointments_is_audited_once_naming_the_clients_shown(
    world: World, api_for: ApiFor
) -> None:
    api_for(world.personas.coordinator).get("/api/appointments/")

    events = AuditEvent.objects.filter(reason="api: appointment list")
    assert [(sorted(event.client_ids), event.action) for event in events] == [
        (sorted(a.client_id for a in (world.own.appointment, world.colleague.appointment)), "read")
    ]
    assert {(event.actor, event.organisation_id) for event in events} == {
        (world.personas.coordinator, world.own.client.organisation_id)
    }


def test_the_appointment_list_pages_latest_first_when_asked(world: World, api_for: ApiFor) -> None:
    for hour in range(55):
        AppointmentFactory(
            client=world.own.client,
            language=world.own.appointment.language,
            start=in_days(20) + dt.timedelta(hours=hour),
        )
    api = api_for(world.personas.social_worker)

    first = api.get("/api/appointments/?ordering=-start").json()
    second = api.get(first["next"]).json()

    shown = [row["id"] for row in first["results"] + second["results"]]
    expected = Appointment.objects.filter(client=world.own.client).order_by("-start")
    assert shown == list(expected.values_list("pk", flat=True))
