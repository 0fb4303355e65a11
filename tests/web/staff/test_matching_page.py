"""The matching page counts what a run would take, and offers a run only when there is work."""

from django.test import Client as HttpClient
from django.urls import reverse

from lisko.appointments.models import Appointment
from lisko.matchingruns.models import MatchingRun
from tests.factories.interpreting import AppointmentFactory, in_days
from tests.web.staff.conftest import Scene


def test_the_waiting_count_is_the_requests_in_the_window_a_run_would_take(
    carla: HttpClient, scene: Scene
) -> None:
    AppointmentFactory(  # requested, but beyond the two weeks a run covers
        client=scene.client,
        language=scene.tigrinya,
        start=in_days(30, 9),
        end=in_days(30, 10),
        status=Appointment.Status.REQUESTED,
    )

    page = carla.get(reverse("staff:matching")).content.decode()

    assert "1 request in the coming two weeks is waiting for matching." in page


def test_with_nothing_in_the_window_the_page_says_so_and_offers_no_run(
    carla: HttpClient, scene: Scene
) -> None:
    scene.appointment.start, scene.appointment.end = in_days(30, 9), in_days(30, 10)
    scene.appointment.save(update_fields=["start", "end"])

    page = carla.get(reverse("staff:matching")).content.decode()

    assert "waiting for matching" not in page
    assert "Start matching now" not in page
    assert "Nothing to match: no open request starts in the coming two weeks." in page


def test_the_queued_notice_lives_in_the_progress_and_goes_once_the_run_is_done(
    carla: HttpClient, scene: Scene
) -> None:
    page = carla.post(reverse("staff:matching"), follow=True).content.decode()
    run = MatchingRun.objects.get()

    assert page.count("The matching run is queued") == 1
    assert 'class="messages"' not in page  # not a flash that outlives the run
    run.status = MatchingRun.Status.DONE
    run.save(update_fields=["status"])
    fragment = carla.get(reverse("staff:matching_run_progress", args=[run.pk])).content.decode()
    assert "queued" not in fragment
