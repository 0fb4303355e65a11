"""The demo's region plan (lisko/demo/regionplans.py), built on a small world of its own: a plan
in progress in its second version, with a goal tracking the unfilled Tigrinya requests of the
town live, and every date from the demo's today."""

import datetime as dt

import pytest

from lisko.demo.clock import Clock
from lisko.demo.people import People
from lisko.demo.regionplans import region_plan
from lisko.places.models import Region
from lisko.regionplans import selectors
from lisko.regionplans.models import RegionPlan
from tests.factories.core import LanguageFactory, MunicipalityFactory, OrganisationFactory
from tests.factories.people import FieldOfActionFactory
from tests.factories.planning import make_agreement, make_planner

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def plan() -> RegionPlan:
    LanguageFactory(code="tir")
    town = MunicipalityFactory(name="Wiltz", latitude=49.97, longitude=5.93)
    country = Region.objects.get(kind=Region.Kind.COUNTRY, country="LU")
    organisation, other = OrganisationFactory(), OrganisationFactory()
    for each in (organisation, other):
        make_agreement(each, country, valid_from=TODAY - dt.timedelta(days=90))
        for position, key in enumerate(("language-education", "housing", "social-participation")):
            FieldOfActionFactory(organisation=each, key=key, position=position)
    people = People(organisation=organisation, other=other, fields={}, users={}, social_workers=[])
    return region_plan(make_planner(country), people, town, Clock.of(TODAY))


def test_the_demo_plan_is_in_its_second_version(plan: RegionPlan) -> None:
    assert [version.number for version in selectors.versions_of(plan)] == [2, 1]
    assert (plan.start_year, plan.end_year) == (2025, 2029)


def test_the_demo_plan_tracks_the_towns_tigrinya_requests_live(plan: RegionPlan) -> None:
    version = selectors.version_of(plan)

    tracked = [goal for goal in version.goals.all() if goal.indicator_kind == "unfilled_share"]

    assert [goal.indicator_params["language"] for goal in tracked] == ["tir"]


def test_the_demo_plan_has_a_milestone_soon_due(plan: RegionPlan) -> None:
    due = selectors.milestones_due(within=dt.timedelta(days=14), today=TODAY)

    assert [milestone.title for milestone in due] == ["First two Tigrinya interpreters certified"]


def test_the_demo_plan_keeps_the_needs_found(plan: RegionPlan) -> None:
    version = selectors.version_of(plan)

    assert {snapshot.field_of_action for snapshot in version.snapshots.all()} == {
        "language-education",
        "housing",
    }


def test_the_demo_conference_created_a_measure_of_the_current_version(plan: RegionPlan) -> None:
    conference = plan.meetings.get(kind="conference")

    links = [link for result in conference.results.all() for link in result.links.all()]

    assert [(link.kind, link.measure.version.is_current) for link in links] == [("created", True)]
    assert links[0].measure.title.startswith("Video interpreting")


def test_the_demo_steering_group_started_the_round_table(plan: RegionPlan) -> None:
    steering = plan.meetings.get(kind="steering")

    link = steering.results.get().links.get()

    assert (link.kind, link.status_from, link.status_to) == ("changed", "planned", "running")
    assert link.measure.title == "Round table with landlords and the housing office"
