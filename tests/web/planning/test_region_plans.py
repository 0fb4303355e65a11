"""The region plan pages through real HTTP: who opens them, what they refuse, the PDF, and a
query count that does not grow with the plan."""

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lisko.regionplans import services
from lisko.regionplans.models import Measure, PlanGoal, RegionPlan
from tests.factories.regionplans import current, make_plan
from tests.web.planning.conftest import FIRST_NAME, LAST_NAME, REFERENCE, Planning, logged_in
from tests.web.planning.test_browser import browser  # noqa: F401 (a fixture)

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.django_db


def plan_of(planning: Planning) -> RegionPlan:
    return make_plan(planning.world.region, by=planning.planner)


def fill(planning: Planning, plan: RegionPlan, *, goals: int) -> None:
    """Goals that all read the same live figure, a measure and a milestone per goal."""
    version = current(plan)
    for number in range(goals):
        services.add_goal(
            version=version,
            field_of_action="language-education",
            text=f"Goal {number}",
            indicator_kind="unfilled_share",
            indicator_params={"language": "tir"},
            target="10",
            by=planning.planner,
        )
        measure = services.add_measure(
            version=version,
            field_of_action="language-education",
            title=f"Measure {number}",
            responsible_organisation=planning.world.a,
            partner_organisations=[planning.world.b],
            budget="1000",
            by=planning.planner,
        )
        services.add_milestone(
            version=version,
            field_of_action="language-education",
            title=f"Milestone {number}",
            due_on=dt.date(plan.start_year, 3, 1),
            responsible=planning.planner,
            measure=measure,
            by=planning.planner,
        )


# -- who opens them ---------------------------------------------------------------------------


def test_a_planner_of_the_region_sees_its_plans(populated: Planning) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).get(
        reverse("planning:plans", args=[populated.world.region.pk])
    )

    assert response.status_code == 200
    assert plan.title in response.content.decode()


def test_a_planner_of_the_region_opens_a_plan(populated: Planning) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).get(reverse("planning:plan", args=[plan.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_planner", "social_worker", "coordinator"])
def test_anyone_else_finds_no_plan(populated: Planning, who: str) -> None:
    plan = plan_of(populated)
    client = logged_in(getattr(populated, who))

    for url in (
        reverse("planning:plans", args=[populated.world.region.pk]),
        reverse("planning:plan", args=[plan.pk]),
        reverse("planning:plan_version", args=[plan.pk, 1]),
        reverse("planning:plan_pdf", args=[plan.pk, 1]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "path",
    [
        "/planning/plans/99999999999999999999999/",
        "/planning/plans/0/versions/1/",
        "/planning/plans/1/versions/99999999999999999999/pdf/",
        "/planning/regions/99999999999999999999/plans/",
    ],
)
def test_an_absurd_id_is_not_found(planning: Planning, path: str) -> None:
    plan_of(planning)

    assert logged_in(planning.planner).get(path).status_code == 404


def test_an_older_version_that_does_not_exist_is_not_found(planning: Planning) -> None:
    plan = plan_of(planning)

    response = logged_in(planning.planner).get(reverse("planning:plan_version", args=[plan.pk, 7]))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["other_planner", "social_worker"])
def test_anyone_else_cannot_change_a_plan(populated: Planning, who: str) -> None:
    plan = plan_of(populated)

    response = logged_in(getattr(populated, who)).post(
        reverse("planning:plan_new_version", args=[plan.pk]), {"note": "Mine now"}
    )

    assert response.status_code == 404
    assert current(plan).number == 1


def test_a_coordinator_has_no_tab_for_region_plans(populated: Planning) -> None:
    response = logged_in(populated.coordinator).get(
        reverse("planning:region", args=[populated.world.region.pk])
    )

    assert reverse("planning:plans", args=[populated.world.region.pk]) not in (
        response.content.decode()
    )


# -- pages ------------------------------------------------------------------------------------


def test_a_plan_is_started_from_the_list(planning: Planning) -> None:
    response = logged_in(planning.planner).post(
        reverse("planning:plans", args=[planning.world.region.pk]),
        {"title": "Social plan", "start_year": "2025", "end_year": "2029"},
    )

    plan = RegionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan", args=[plan.pk])


def test_a_plan_ending_before_it_starts_is_refused_with_its_reason(planning: Planning) -> None:
    response = logged_in(planning.planner).post(
        reverse("planning:plans", args=[planning.world.region.pk]),
        {"title": "Social plan", "start_year": "2029", "end_year": "2025"},
    )

    assert response.status_code == 400
    assert not RegionPlan.objects.exists()
    assert "The plan ends before it starts." in response.content.decode()


def test_the_plan_page_shows_progress_against_targets(populated: Planning) -> None:
    plan = plan_of(populated)
    services.add_goal(
        version=current(plan),
        field_of_action="language-education",
        text="More people finish a course",
        indicator_kind=PlanGoal.MANUAL,
        indicator_label="Courses finished",
        baseline="10",
        target="30",
        current_value="20",
        by=populated.planner,
    )

    content = logged_in(populated.planner).get(reverse("planning:plan", args=[plan.pk])).content

    assert b'<progress max="100" value="50"' in content


def test_a_goal_is_added_through_the_form(populated: Planning) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_add_goal", args=[plan.pk]),
        {
            "field_of_action": "language-education",
            "text": "Fewer Tigrinya requests go unfilled",
            "indicator_kind": "unfilled_share",
            "language": "tir",
            "municipality": str(populated.world.municipalities[0].pk),
            "target": "10",
        },
    )

    assert response.status_code == 302
    goal = PlanGoal.objects.get()
    assert goal.indicator_params == {
        "language": "tir",
        "municipality": populated.world.municipalities[0].pk,
    }


def test_a_german_planner_writes_a_target_with_a_decimal_comma(populated: Planning) -> None:
    plan = plan_of(populated)
    populated.planner.language = "de"
    populated.planner.save(update_fields=["language"])

    response = logged_in(populated.planner).post(
        reverse("planning:plan_add_goal", args=[plan.pk]),
        {
            "field_of_action": "language-education",
            "text": "Weniger unbesetzte Anfragen auf Tigrinya",
            "indicator_kind": "unfilled_share",
            "language": "tir",
            "target": "12,5",
        },
    )

    assert response.status_code == 302
    assert str(PlanGoal.objects.get().target) == "12.50"


def test_a_negative_budget_is_refused_on_the_page(populated: Planning) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_add_measure", args=[plan.pk]),
        {
            "field_of_action": "language-education",
            "title": "Course",
            "responsible_organisation": str(populated.world.a.pk),
            "budget": "-5",
            "currency": "EUR",
            "status": "planned",
        },
    )

    assert response.status_code == 400
    assert not Measure.objects.exists()


def test_a_milestone_is_marked_done(populated: Planning) -> None:
    plan = plan_of(populated)
    fill(populated, plan, goals=1)
    milestone = current(plan).milestones.get()

    response = logged_in(populated.planner).post(
        reverse("planning:plan_milestone_done", args=[plan.pk, milestone.pk])
    )

    milestone.refresh_from_db()
    assert response.status_code == 302
    assert milestone.done_at is not None


def test_the_responsible_person_is_named_to_the_planner(populated: Planning) -> None:
    plan = plan_of(populated)
    fill(populated, plan, goals=1)

    content = logged_in(populated.planner).get(reverse("planning:plan", args=[plan.pk])).content

    assert populated.planner.get_full_name().encode() in content


def test_an_earlier_version_is_shown_read_only(populated: Planning) -> None:
    plan = plan_of(populated)
    fill(populated, plan, goals=1)
    logged_in(populated.planner).post(
        reverse("planning:plan_new_version", args=[plan.pk]), {"note": "After the conference"}
    )

    response = logged_in(populated.planner).get(reverse("planning:plan_version", args=[plan.pk, 1]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Goal 0" in content
    assert reverse("planning:plan_add_goal", args=[plan.pk]) not in content


def test_needs_are_recorded_from_the_page(populated: Planning) -> None:
    plan = plan_of(populated)

    response = logged_in(populated.planner).post(
        reverse("planning:plan_record_needs", args=[plan.pk]),
        {"field_of_action": "language-education"},
    )

    assert response.status_code == 302
    assert current(plan).snapshots.filter(field_of_action="language-education").exists()


def test_no_plan_page_names_a_client(populated: Planning) -> None:
    plan = plan_of(populated)
    fill(populated, plan, goals=2)
    services.record_needs(
        version=current(plan), field_of_action="language-education", by=populated.planner
    )

    content = logged_in(populated.planner).get(reverse("planning:plan", args=[plan.pk])).content

    for secret in (FIRST_NAME, LAST_NAME, REFERENCE):
        assert secret.encode() not in content


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_plan_downloads_as_pdf(populated: Planning, language: str) -> None:
    plan = plan_of(populated)
    fill(populated, plan, goals=2)
    services.record_needs(
        version=current(plan), field_of_action="language-education", by=populated.planner
    )

    response = logged_in(populated.planner, HTTP_ACCEPT_LANGUAGE=language).get(
        reverse("planning:plan_pdf", args=[plan.pk, 1])
    )

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


# -- queries ----------------------------------------------------------------------------------


def page_queries(planning: Planning, plan: RegionPlan) -> int:
    client = logged_in(planning.planner)
    url = reverse("planning:plan", args=[plan.pk])
    client.get(url)  # the session and caches settle on the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_makes_as_many_queries_for_a_large_plan_as_for_a_small_one(
    populated: Planning,
) -> None:
    small = plan_of(populated)
    fill(populated, small, goals=1)
    large = make_plan(populated.world.region, by=populated.planner, start_year=2030, end_year=2034)
    fill(populated, large, goals=8)

    assert page_queries(populated, large) == page_queries(populated, small)


def test_the_plan_page_stays_within_its_queries(
    populated: Planning, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    plan = plan_of(populated)
    fill(populated, plan, goals=5)
    client = logged_in(populated.planner)
    url = reverse("planning:plan", args=[plan.pk])
    client.get(url)

    with django_assert_max_num_queries(40):
        client.get(url)


# -- in a browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_planner_reads_a_plan_in_a_browser(
    browser: "Browser",  # noqa: F811 (the fixture imported above)
    live_server: "LiveServer",
    planning: Planning,
    language: str,
) -> None:
    import os

    from playwright.sync_api import expect

    from tests.web.planning.conftest import populate
    from tests.web.planning.test_browser import PASSWORD, shoot

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    populate(planning.world, clients=60)
    plan = plan_of(planning)
    fill(planning, plan, goals=2)
    services.record_needs(
        version=current(plan), field_of_action="language-education", by=planning.planner
    )
    planning.planner.username = "petra"
    planning.planner.language = language
    planning.planner.set_password(PASSWORD)
    planning.planner.save()
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language).new_page()
    page.set_default_timeout(60_000)
    base = live_server.url.replace("://localhost", "://127.0.0.1")
    page.goto(f"{base}/login/", timeout=90_000)
    page.locator("input[name=username]").fill("petra")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{base}{reverse('planning:plan', args=[plan.pk])}")

    expect(page.locator("#progress-heading")).to_be_visible()
    assert page.locator("progress").count() == 0 or page.locator("progress").first.is_visible()
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shoot(page, "plan", language)
