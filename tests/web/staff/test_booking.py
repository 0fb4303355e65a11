"""Booking an appointment and watching the interpreter request live."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer, create_offer
from tests.factories.core import make_member
from tests.factories.interpreting import InterpreterFactory, in_days
from tests.web.staff.conftest import Scene, offer_to

pytestmark = pytest.mark.django_db


def booking(scene: Scene, **changes: object) -> dict[str, object]:
    day = in_days(5).date().isoformat()
    data: dict[str, object] = {
        "kind": "medical",
        "date": day,
        "start_time": "10:00",
        "end_time": "11:00",
        "modality": "on_site",
        "municipality": scene.client.municipality_id,
        "address": "Rue Goethe 3",
        "language": "tir",
        "who": 1,
        "min_proficiency": 4,
        "gender": "f",
        "priority": 3,
        "goal": scene.goal.pk,
        "alt1_date": in_days(6).date().isoformat(),
        "alt1_start": "14:00",
        "alt1_end": "15:00",
        "request_now": "on",
    }
    data.update(changes)
    return data


def test_the_booking_form_starts_with_the_clients_language_and_place(
    sofia: HttpClient, scene: Scene
) -> None:
    page = sofia.get(reverse("staff:book", args=[scene.client.pk])).content.decode()
    assert '<option value="tir" selected>' in page
    assert "Other times that would also suit the client" in page


def test_booking_with_a_request_creates_a_requested_appointment(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(reverse("staff:book", args=[scene.client.pk]), booking(scene))

    appointment = Appointment.objects.exclude(pk=scene.appointment.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:appointment", args=[appointment.pk])
    assert appointment.status == Appointment.Status.REQUESTED
    assert (appointment.kind, appointment.min_level, appointment.min_proficiency) == (
        "medical",
        1,
        4,
    )
    assert appointment.gender == "f" and appointment.priority == 3
    assert appointment.goal == scene.goal
    assert timezone.localtime(appointment.start).hour == 10
    assert appointment.alternative_slots.count() == 1


def test_booking_without_a_request_leaves_a_draft(sofia: HttpClient, scene: Scene) -> None:
    data = booking(scene)
    del data["request_now"]
    sofia.post(reverse("staff:book", args=[scene.client.pk]), data)
    assert Appointment.objects.exclude(pk=scene.appointment.pk).get().status == "draft"


def test_booking_in_the_past_shows_the_reason_and_creates_nothing(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(
        reverse("staff:book", args=[scene.client.pk]),
        booking(scene, date=in_days(-2).date().isoformat()),
    )
    assert response.status_code == 200
    assert "cannot start in the past" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_a_video_appointment_without_link_is_refused(sofia: HttpClient, scene: Scene) -> None:
    response = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene, modality="video")
    )
    assert "needs a call link" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_the_appointment_page_polls_while_the_request_is_open(
    sofia: HttpClient, scene: Scene
) -> None:
    page = sofia.get(reverse("staff:appointment", args=[scene.appointment.pk])).content.decode()
    assert 'hx-trigger="every 2s' in page
    assert reverse("staff:appointment_status", args=[scene.appointment.pk]) in page
    assert "htmx.min.js" in page


def test_the_status_box_shows_the_confirmation_and_stops_polling(
    sofia: HttpClient, scene: Scene
) -> None:
    yonas_user = make_member(
        organisation=scene.personas.organisation, role="interpreter", username="yonas"
    )
    scene.interpreter.user = yonas_user
    scene.interpreter.save()
    offer = create_offer(
        appointment=scene.appointment,
        interpreter=scene.interpreter,
        by=None,
        travel_minutes=10,
        score={"travel_minutes": 20, "continuity_miss": False, "proficiency_gap": 0},
    )
    url = reverse("staff:appointment_status", args=[scene.appointment.pk])

    offered = sofia.get(url, HTTP_HX_REQUEST="true").content.decode()
    accept_offer(assignment=offer, by=yonas_user)
    confirmed = sofia.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "Offered to Yonas Tesfamariam" in offered and "every 2s" in offered
    assert "Yonas Tesfamariam will interpret." in confirmed
    assert "hx-trigger" not in confirmed
    assert "About 20 minutes of travel there and back." in confirmed
    # The client has no earlier appointments: no history must not read as continuity.
    assert "Knows this client from earlier appointments." not in confirmed
    assert "Speaks Tigrinya at level 5 of 5." in confirmed


def test_the_status_box_names_the_alternatives_from_the_score(
    sofia: HttpClient, scene: Scene
) -> None:
    other = InterpreterFactory(organisation=scene.personas.organisation, first_name="Selam")
    offer_to(
        scene,
        scene.interpreter,
        score={"travel_minutes": 0, "alternatives": [{"interpreter_id": str(other.pk), "cost": 9}]},
    )
    box = sofia.get(reverse("staff:appointment_status", args=[scene.appointment.pk]))
    assert "Alternatives the matcher considered" in box.content.decode()
    assert "Selam" in box.content.decode()


def test_an_unfilled_request_shows_the_reason_in_plain_words(
    sofia: HttpClient, scene: Scene
) -> None:
    scene.appointment.status = Appointment.Status.UNFILLED
    scene.appointment.unfilled_reason = "travel_limit"
    scene.appointment.unfilled_data = {"language": "tir", "nearest_travel_min": 75}
    scene.appointment.save()

    page = sofia.get(reverse("staff:appointment", args=[scene.appointment.pk])).content.decode()

    assert "the nearest is 75 minutes away" in page
    assert "Request again" in page


def test_requesting_again_reopens_an_unfilled_appointment(sofia: HttpClient, scene: Scene) -> None:
    scene.appointment.status = Appointment.Status.UNFILLED
    scene.appointment.save()
    sofia.post(reverse("staff:request_interpreter", args=[scene.appointment.pk]))
    scene.appointment.refresh_from_db()
    assert scene.appointment.status == Appointment.Status.REQUESTED


def test_cancelling_withdraws_the_offers(sofia: HttpClient, scene: Scene) -> None:
    offer = offer_to(scene, scene.interpreter)
    sofia.post(reverse("staff:cancel_appointment", args=[scene.appointment.pk]), {"reason": "Ill"})
    offer.refresh_from_db()
    scene.appointment.refresh_from_db()
    assert scene.appointment.status == Appointment.Status.CANCELLED
    assert offer.state == Assignment.State.WITHDRAWN


def test_the_status_box_is_not_audited_but_the_page_is(sofia: HttpClient, scene: Scene) -> None:
    from lisko.audit.models import AuditEvent

    sofia.get(reverse("staff:appointment_status", args=[scene.appointment.pk]))
    assert not AuditEvent.objects.filter(object_type="appointments.appointment").exists()
    sofia.get(reverse("staff:appointment", args=[scene.appointment.pk]))
    assert AuditEvent.objects.filter(
        object_type="appointments.appointment", client_id=scene.client.pk, action="read"
    ).exists()


def test_the_appointment_pages_need_few_queries(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: object
) -> None:
    for _index in range(4):
        offer_to(scene, InterpreterFactory(organisation=scene.personas.organisation))
    with django_assert_max_num_queries(12):  # type: ignore[operator]  # with the messages to the client
        sofia.get(reverse("staff:appointment", args=[scene.appointment.pk]))
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        sofia.get(reverse("staff:appointment_status", args=[scene.appointment.pk]))


def test_someone_elses_appointment_answers_404(client: HttpClient, scene: Scene) -> None:
    client.force_login(scene.personas.other_social_worker)
    for name in ("staff:appointment", "staff:appointment_status"):
        assert client.get(reverse(name, args=[scene.appointment.pk])).status_code == 404
    response = client.post(reverse("staff:cancel_appointment", args=[scene.appointment.pk]))
    assert response.status_code == 404


def test_booking_an_interpreter_without_consent_to_interpreting_warns(
    sofia: HttpClient, scene: Scene
) -> None:
    from lisko.clients.models import Consent

    Consent.objects.filter(client=scene.client, purpose=Consent.Purpose.INTERPRETING).delete()

    page = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene), follow=True
    ).content.decode()

    assert "has not agreed to interpreting yet" in page


def test_booking_with_consent_to_interpreting_gives_no_such_warning(
    sofia: HttpClient, scene: Scene
) -> None:
    page = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene), follow=True
    ).content.decode()

    assert "has not agreed to interpreting yet" not in page


def test_booking_a_school_talk_that_needs_a_child_protection_interpreter(
    sofia: HttpClient, scene: Scene
) -> None:
    sofia.post(
        reverse("staff:book", args=[scene.client.pk]),
        booking(scene, kind="school", skill="child_protection"),
    )

    appointment = Appointment.objects.filter(client=scene.client).latest("pk")
    assert appointment.required_skills == {"child_protection"}


def test_booking_a_medical_talk_without_the_specialisation(sofia: HttpClient, scene: Scene) -> None:
    sofia.post(reverse("staff:book", args=[scene.client.pk]), booking(scene, skill="none"))

    appointment = Appointment.objects.filter(client=scene.client).latest("pk")
    assert (appointment.skills, appointment.required_skills) == ([], frozenset())


def test_an_unknown_specialisation_is_a_form_error(sofia: HttpClient, scene: Scene) -> None:
    before = Appointment.objects.count()

    response = sofia.post(
        reverse("staff:book", args=[scene.client.pk]), booking(scene, skill="astrology")
    )

    assert "Select a valid choice" in response.content.decode()
    assert Appointment.objects.count() == before
