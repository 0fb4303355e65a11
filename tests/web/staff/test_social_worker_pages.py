"""The social worker's pages: dashboard, caseload, the client page and its plan."""

import datetime as dt
import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.audit.models import AuditEvent
from lisko.clients.models import Consent
from lisko.plans.models import Goal, GoalReview, Milestone
from tests.factories.core import ClientFactory
from tests.factories.interpreting import AppointmentFactory, in_days
from tests.factories.people import GoalFactory, GoalReviewFactory, MilestoneFactory
from tests.web.staff.conftest import Scene, login

pytestmark = pytest.mark.django_db


def test_the_home_page_sends_a_social_worker_to_the_dashboard(sofia: HttpClient) -> None:
    response = sofia.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")


def test_the_dashboard_shows_today_and_what_is_waiting(sofia: HttpClient, scene: Scene) -> None:
    unfilled = AppointmentFactory(
        client=scene.client,
        language=scene.tigrinya,
        start=in_days(3, 10),
        status=Appointment.Status.UNFILLED,
        unfilled_reason="no_speaker",
        unfilled_data={"language": "tir"},
    )
    old_goal = GoalFactory(plan=scene.goal.plan, field_of_action=scene.work_field)
    GoalReviewFactory(goal=old_goal, reviewed_on=timezone.localdate() - dt.timedelta(days=200))

    page = sofia.get(reverse("staff:dashboard")).content.decode()

    assert "Amal Tesfay" in page
    assert reverse("staff:appointment", args=[scene.appointment.pk]) in page
    assert reverse("staff:appointment", args=[unfilled.pk]) in page
    assert "Nobody in the pool speaks Tigrinya" in page
    assert "Conversation café" in page  # the referral still waiting for the partner
    assert f"#goal-{old_goal.pk}" in page  # its review is due


def test_the_dashboard_needs_the_same_queries_for_a_bigger_caseload(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: object
) -> None:
    for index in range(8):
        other = ClientFactory(
            organisation=scene.personas.organisation, social_worker=scene.personas.social_worker
        )
        AppointmentFactory(client=other, start=in_days(index % 5, 9), status="unfilled")
        AppointmentFactory(client=other, start=in_days(index % 5, 14), status="offered")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert sofia.get(reverse("staff:dashboard")).status_code == 200


def test_the_caseload_lists_own_and_shared_clients_only(sofia: HttpClient, scene: Scene) -> None:
    shared = ClientFactory(organisation=scene.personas.organisation, first_name="Shared")
    shared.shared_with.add(scene.personas.social_worker)
    ClientFactory(organisation=scene.personas.organisation, first_name="Elsewhere")

    page = sofia.get(reverse("staff:clients")).content.decode()

    assert "Amal" in page and "Shared" in page
    assert "Elsewhere" not in page


def test_the_caseload_can_be_searched(sofia: HttpClient, scene: Scene) -> None:
    ClientFactory(
        organisation=scene.personas.organisation,
        social_worker=scene.personas.social_worker,
        first_name="Olena",
    )
    page = sofia.get(reverse("staff:clients"), {"q": "rc-0001"}).content.decode()
    assert "Amal" in page and "Olena" not in page


def test_the_client_page_shows_profile_plan_chart_and_links(
    sofia: HttpClient, scene: Scene
) -> None:
    page = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()

    assert "Amal Tesfay" in page and "RC-0001" in page
    assert "Tigrinya" in page
    assert "Talk to my son&#x27;s teacher in French" in page
    assert "Enrol in the A2 course" in page
    assert "<svg" in page and "Language and education" in page
    # The appointment and the referral are shown under the goal they serve.
    goal_start = page.index(f'id="goal-{scene.goal.pk}"')
    goal_end = page.index("</article>", goal_start)
    goal_html = page[goal_start:goal_end]
    assert reverse("staff:appointment", args=[scene.appointment.pk]) in goal_html
    assert reverse("staff:referral", args=[scene.referral.pk]) in goal_html


def test_the_client_page_records_the_read_in_the_audit_log(sofia: HttpClient, scene: Scene) -> None:
    sofia.get(reverse("staff:client", args=[scene.client.pk]))
    reads = AuditEvent.objects.filter(
        client_id=scene.client.pk, actor=scene.personas.social_worker, action="read"
    )
    assert reads.filter(object_type="clients.client").exists()
    assert reads.filter(object_type="plans.empowermentplan").exists()


def test_the_client_page_needs_the_same_queries_for_a_longer_plan(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: object
) -> None:
    for index in range(6):
        goal = GoalFactory(plan=scene.goal.plan, field_of_action=scene.work_field)
        GoalReviewFactory(goal=goal)
        MilestoneFactory(goal=goal)
        AppointmentFactory(client=scene.client, goal=goal, start=in_days(index + 1, 9))
    with django_assert_max_num_queries(34):  # type: ignore[operator]
        assert sofia.get(reverse("staff:client", args=[scene.client.pk])).status_code == 200


def test_another_organisations_social_worker_gets_404_for_the_client(
    client: HttpClient, scene: Scene
) -> None:
    samir = login(client, scene.personas.other_social_worker)
    assert samir.get(reverse("staff:client", args=[scene.client.pk])).status_code == 404
    assert not AuditEvent.objects.filter(actor=scene.personas.other_social_worker).exists()


def test_a_colleague_the_case_is_not_shared_with_gets_404(client: HttpClient, scene: Scene) -> None:
    colin = login(client, scene.personas.colleague)
    assert colin.get(reverse("staff:client", args=[scene.client.pk])).status_code == 404
    url = reverse("staff:add_goal", args=[scene.client.pk])
    response = colin.post(url, {"field_of_action": scene.work_field.pk, "wording": "x"})
    assert response.status_code == 404


def test_a_goal_is_added_to_the_plan(sofia: HttpClient, scene: Scene) -> None:
    response = sofia.post(
        reverse("staff:add_goal", args=[scene.client.pk]),
        {
            "field_of_action": scene.work_field.pk,
            "wording": "Open a bank account",
            "intake_level": 1,
        },
    )
    goal = Goal.objects.get(wording="Open a bank account")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#goal-{goal.pk}")
    assert goal.intake_level == 1 and goal.created_by == scene.personas.social_worker


def test_a_goal_without_wording_is_refused_and_nothing_is_saved(
    sofia: HttpClient, scene: Scene
) -> None:
    before = Goal.objects.count()
    response = sofia.post(
        reverse("staff:add_goal", args=[scene.client.pk]),
        {"field_of_action": scene.work_field.pk, "wording": "  ", "intake_level": 2},
    )
    assert Goal.objects.count() == before
    # Said beside the wording, in the form that was sent (tests/web/staff/test_desk_polish.py).
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_review_and_a_step_are_recorded_and_a_step_is_marked_done(
    sofia: HttpClient, scene: Scene
) -> None:
    sofia.post(reverse("staff:review_goal", args=[scene.goal.pk]), {"level": 4, "note": "Good"})
    sofia.post(
        reverse("staff:add_milestone", args=[scene.goal.pk]),
        {"title": "Meet the teacher", "due_date": "2030-01-15"},
    )
    milestone = Milestone.objects.get(title="Meet the teacher")
    sofia.post(reverse("staff:complete_milestone", args=[milestone.pk]))

    assert GoalReview.objects.filter(goal=scene.goal, level=4, note="Good").exists()
    milestone.refresh_from_db()
    assert milestone.responsible_user == scene.personas.social_worker
    assert milestone.done_at is not None


def test_a_consent_is_given_and_withdrawn(sofia: HttpClient, scene: Scene) -> None:
    sofia.post(
        reverse("staff:give_consent", args=[scene.client.pk]),
        {"purpose": "data_processing"},
    )
    consent = Consent.objects.get(client=scene.client, purpose="data_processing")
    response = sofia.post(
        reverse("staff:withdraw_consent", args=[scene.client.pk, consent.pk]), follow=True
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "The consent is withdrawn" in response.content.decode()


def test_a_duplicate_consent_shows_the_domain_message(sofia: HttpClient, scene: Scene) -> None:
    response = sofia.post(
        reverse("staff:give_consent", args=[scene.client.pk]),
        {"purpose": "interpreting"},
        follow=True,
    )
    assert "already given this consent" in response.content.decode()
    assert Consent.objects.filter(client=scene.client, purpose="interpreting").count() == 1


def test_a_client_without_plan_can_start_one(sofia: HttpClient, scene: Scene) -> None:
    newcomer = ClientFactory(
        organisation=scene.personas.organisation, social_worker=scene.personas.social_worker
    )
    page = sofia.get(reverse("staff:client", args=[newcomer.pk])).content.decode()
    assert "Start the plan" in page
    sofia.post(reverse("staff:start_plan", args=[newcomer.pk]))
    assert hasattr(type(newcomer).objects.get(pk=newcomer.pk), "plan")


def test_the_chart_keeps_svg_numbers_unlocalised_in_german(sofia: HttpClient, scene: Scene) -> None:
    sofia.cookies["django_language"] = "de"
    page = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'lang="de"' in page
    assert "," not in "".join(re.findall(r'(?:x|y|cx|cy|x1|x2|y1|y2)="([^"]*)"', chart))
