"""The coordinator's pages: pool, week calendar, matching runs, offers made by hand."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.core.jobs import RUN_MATCHING
from lisko.interpreters.models import Interpreter
from lisko.matchingruns.models import MatchingRun
from tests.conftest import SentTasks
from tests.factories.interpreting import (
    AppointmentFactory,
    AssignmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
    MatchingRunFactory,
    MatchingRunRequestFactory,
    in_days,
)
from tests.web.staff.conftest import Scene, offer_to
from web.staff.views.common import week_start

pytestmark = pytest.mark.django_db


def _this_monday_at_ten() -> dt.datetime:
    # In this week whatever the day and hour the tests run (the scene's appointment is
    # tomorrow after 22:00, in the next week on a Sunday evening).
    monday = week_start(timezone.localdate())
    return timezone.make_aware(dt.datetime.combine(monday, dt.time(10)))


def _booked(scene: Scene, interpreter: Interpreter, days: int = 0) -> Assignment:
    appointment = AppointmentFactory(
        client=scene.client,
        language=scene.tigrinya,
        start=in_days(days, 23, 0) if days else _this_monday_at_ten(),
        status=Appointment.Status.CONFIRMED,
    )
    return AssignmentFactory(
        appointment=appointment, interpreter=interpreter, state=Assignment.State.ACCEPTED
    )


def test_the_pool_shows_languages_load_and_expiring_certification(
    carla: HttpClient, scene: Scene
) -> None:
    _booked(scene, scene.interpreter)
    page = carla.get(reverse("staff:pool")).content.decode()
    assert "Yonas" in page and "Tigrinya" in page
    assert "60 of 1200 min" in page
    assert "expires" in page


def test_the_pool_filters_by_language(carla: HttpClient, scene: Scene) -> None:
    InterpreterFactory(organisation=scene.personas.organisation, first_name="Olga")
    page = carla.get(reverse("staff:pool"), {"language": "tir"}).content.decode()
    assert "Yonas" in page and "Olga" not in page


def test_the_pool_needs_the_same_queries_for_a_bigger_pool(
    carla: HttpClient, scene: Scene, django_assert_max_num_queries: object
) -> None:
    for _index in range(10):
        person = InterpreterFactory(organisation=scene.personas.organisation)
        InterpreterLanguageFactory(interpreter=person, language=scene.tigrinya)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        assert carla.get(reverse("staff:pool")).status_code == 200


def test_the_week_calendar_shows_bookings_by_interpreter_and_day(
    carla: HttpClient, scene: Scene
) -> None:
    assignment = _booked(scene, scene.interpreter)
    page = carla.get(reverse("staff:calendar")).content.decode()
    assert "Yonas Tesfamariam" in page
    assert reverse("staff:appointment", args=[assignment.appointment_id]) in page
    next_week = timezone.localdate() + dt.timedelta(days=7)
    later = carla.get(reverse("staff:calendar"), {"week": next_week.isoformat()}).content.decode()
    assert reverse("staff:appointment", args=[assignment.appointment_id]) not in later


def test_starting_a_matching_run_queues_it_and_asks_a_worker_to_plan_it(
    carla: HttpClient, scene: Scene, sent_tasks: SentTasks, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = carla.post(reverse("staff:matching"))

    run = MatchingRun.objects.get()
    assert response["Location"] == reverse("staff:matching_run", args=[run.pk])
    assert run.started_by == scene.personas.coordinator
    assert run.status == MatchingRun.Status.QUEUED
    assert sent_tasks.named(RUN_MATCHING) == [(run.pk,)]


def test_a_running_run_shows_progress_and_keeps_polling(carla: HttpClient, scene: Scene) -> None:
    run = MatchingRunFactory(
        organisation=scene.personas.organisation, status="running", parts_total=2, parts_done=1
    )
    MatchingRunRequestFactory(run=run, appointment=scene.appointment)

    fragment = carla.get(reverse("staff:matching_run_progress", args=[run.pk])).content.decode()

    assert 'value="48"' in fragment and "every 2s" in fragment
    assert "1 of 2 parts solved." in fragment


def test_a_finished_run_groups_what_was_left_open_by_reason(
    carla: HttpClient, scene: Scene
) -> None:
    run = MatchingRunFactory(organisation=scene.personas.organisation, status="done")
    for _index in range(2):
        MatchingRunRequestFactory(
            run=run,
            outcome="unassigned",
            reason_code="no_speaker",
            reason_data={"language": "tir"},
        )
    page = carla.get(reverse("staff:matching_run", args=[run.pk])).content.decode()
    assert "Nobody in the pool speaks the language well enough." in page
    assert "Nobody in the pool speaks Tigrinya" in page  # each request with its own sentence


def test_a_finished_run_shows_figures_and_stops_polling(carla: HttpClient, scene: Scene) -> None:
    run = MatchingRunFactory(
        organisation=scene.personas.organisation,
        status="done",
        served_priority=7,
        bound_priority=8,
        wall_s=1.5,
        gap=0.125,
    )
    page = carla.get(reverse("staff:matching_run", args=[run.pk])).content.decode()
    assert 'value="100"' in page and "hx-trigger" not in page
    assert "7 / 8" in page and "1.5 s" in page


def test_a_finished_run_speaks_a_coordinators_words_and_keeps_the_figures_one_click_away(
    carla: HttpClient, scene: Scene
) -> None:
    run = MatchingRunFactory(
        organisation=scene.personas.organisation,
        status="done",
        request_count=10,
        assigned_count=9,
        unassigned_count=1,
        served_priority=12,
        bound_priority=13,
        solver_status="FEASIBLE",
        gap=0.077,
    )

    page = carla.get(reverse("staff:matching_run", args=[run.pk])).content.decode()

    assert "9 of 10 requests went out to interpreters; 1 left open." in page
    assert "no plan could serve more than 13" in page
    head, figures = page.split('<details class="solver-figures">', 1)
    assert "optimality gap" not in head and "optimality gap" in figures


def test_an_optimal_run_says_no_better_plan_exists(carla: HttpClient, scene: Scene) -> None:
    run = MatchingRunFactory(
        organisation=scene.personas.organisation, status="done", solver_status="OPTIMAL"
    )

    page = carla.get(reverse("staff:matching_run", args=[run.pk])).content.decode()

    assert "No better plan exists" in page


def test_offering_by_hand_warns_and_needs_confirmation(carla: HttpClient, scene: Scene) -> None:
    far = InterpreterFactory(organisation=scene.personas.organisation, first_name="Selam", level=1)
    InterpreterLanguageFactory(interpreter=far, language=scene.tigrinya, proficiency=2)
    url = reverse("staff:override", args=[scene.appointment.pk])

    page = carla.get(url).content.decode()
    asked = carla.post(url, {"interpreter": far.pk}).content.decode()

    assert "Speaks the language at level 2; 3 is needed." in page  # the quick check
    assert "breaks matching rules" in asked  # the matcher's own check, before anything happens
    # The quick check and the check before the offer are one: the same rule, the same sentence.
    assert "Speaks the language at level 2; 3 is needed." in asked
    assert not Assignment.objects.filter(interpreter=far).exists()

    carla.post(url, {"interpreter": far.pk, "confirm": "on"})
    offer = Assignment.objects.get(interpreter=far)
    assert offer.state == Assignment.State.OFFERED
    assert offer.score["manual"] is True


def test_offering_by_hand_to_a_fitting_person_needs_no_confirmation(
    carla: HttpClient, scene: Scene
) -> None:
    response = carla.post(
        reverse("staff:override", args=[scene.appointment.pk]),
        {"interpreter": scene.interpreter.pk},
    )
    assert response.status_code == 302
    scene.appointment.refresh_from_db()
    assert scene.appointment.status == Appointment.Status.OFFERED


def test_the_coordinator_dashboard_lists_unfilled_requests_with_reasons(
    carla: HttpClient, scene: Scene
) -> None:
    AppointmentFactory(
        client=scene.client,
        language=scene.tigrinya,
        start=in_days(2, 9),
        status=Appointment.Status.UNFILLED,
        unfilled_reason="fully_booked",
        unfilled_data={"language": "tir", "candidates": 3},
    )
    page = carla.get(reverse("staff:dashboard")).content.decode()
    assert "All 3 suitable Tigrinya interpreters are already booked" in page
    assert "Amal" not in page  # a coordinator's lists carry no client names


def test_the_calendar_and_a_run_need_the_same_queries_however_full(
    carla: HttpClient, scene: Scene, django_assert_max_num_queries: Any
) -> None:
    run = MatchingRunFactory(organisation=scene.personas.organisation, status="done")
    for days in range(1, 6):
        person = InterpreterFactory(organisation=scene.personas.organisation)
        _booked(scene, person, days=days)
        MatchingRunRequestFactory(run=run, outcome="unassigned", reason_code="no_speaker")
    with django_assert_max_num_queries(6):
        assert carla.get(reverse("staff:calendar")).status_code == 200
    with django_assert_max_num_queries(7):
        assert carla.get(reverse("staff:matching_run", args=[run.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert carla.get(reverse("staff:dashboard")).status_code == 200


def test_a_coordinator_matches_a_request_again(
    carla: HttpClient, scene: Scene, sent_tasks: SentTasks
) -> None:
    offer = offer_to(scene, scene.interpreter)

    carla.post(reverse("staff:rematch", args=[scene.appointment.pk]))

    offer.refresh_from_db()
    scene.appointment.refresh_from_db()
    assert offer.state == Assignment.State.WITHDRAWN
    assert scene.appointment.status == Appointment.Status.REQUESTED


def test_a_coordinator_keeps_an_offer_open_until_the_appointment(
    carla: HttpClient, scene: Scene
) -> None:
    offer = offer_to(scene, scene.interpreter)
    page = carla.get(reverse("staff:appointment", args=[scene.appointment.pk])).content.decode()
    assert "Keep the offer to Yonas Tesfamariam open" in page

    carla.post(reverse("staff:keep_offer_open", args=[scene.appointment.pk, offer.pk]))

    offer.refresh_from_db()
    assert offer.expires_at == scene.appointment.start


def test_a_social_worker_cannot_use_the_coordinators_overrides(
    sofia: HttpClient, scene: Scene
) -> None:
    offer = offer_to(scene, scene.interpreter)
    assert sofia.post(reverse("staff:rematch", args=[scene.appointment.pk])).status_code == 403
    url = reverse("staff:keep_offer_open", args=[scene.appointment.pk, offer.pk])
    assert sofia.post(url).status_code == 403
    offer.refresh_from_db()
    assert offer.state == Assignment.State.OFFERED


def test_the_pool_page_tells_the_coordinator_how_each_person_signs_in(
    carla: HttpClient, scene: Scene
) -> None:
    from tests.factories.core import make_member

    account = make_member(
        organisation=scene.personas.organisation, role="interpreter", username="selam.t"
    )
    InterpreterFactory(organisation=scene.personas.organisation, user=account)

    page = carla.get(reverse("staff:pool")).content.decode()

    assert "signs in as selam.t" in page
