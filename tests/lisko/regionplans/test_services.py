"""The services that write region plans: who may, what they refuse, and how versions keep
earlier states readable."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lisko.core.errors import DomainError, NotFound
from lisko.regionplans import selectors, services
from lisko.regionplans.models import (
    Measure,
    NeedsSnapshot,
    PlanGoal,
    PlanMilestone,
    RegionPlan,
    RegionPlanVersion,
)
from tests.factories.core import OrganisationFactory
from tests.factories.planning import make_planner
from tests.factories.regionplans import current, make_plan
from tests.lisko.regionplans.conftest import Plans

pytestmark = pytest.mark.django_db


def add_measure(plans: Plans, **changes: object) -> Measure:
    values: dict[str, object] = {
        "version": current(plans.plan),
        "field_of_action": "housing",
        "title": "Housing round table",
        "responsible_organisation": plans.world.a,
        "partner_organisations": [plans.world.b],
        "partners_text": "Housing office",
        "funding_source": "State programme",
        "budget": "12000.50",
        "by": plans.planner,
    }
    values.update(changes)
    return services.add_measure(**values)  # type: ignore[arg-type]


def add_milestone(plans: Plans, **changes: object) -> PlanMilestone:
    values: dict[str, object] = {
        "version": current(plans.plan),
        "field_of_action": "housing",
        "title": "Round table held",
        "due_on": dt.date(2026, 6, 30),
        "responsible": plans.planner,
        "by": plans.planner,
    }
    values.update(changes)
    return services.add_milestone(**values)  # type: ignore[arg-type]


def add_goal(plans: Plans, **changes: object) -> PlanGoal:
    values: dict[str, object] = {
        "version": current(plans.plan),
        "field_of_action": "housing",
        "text": "More families find a flat within a year",
        "indicator_kind": PlanGoal.MANUAL,
        "indicator_label": "Families housed",
        "baseline": "10",
        "target": "40",
        "current_value": "16",
        "by": plans.planner,
    }
    values.update(changes)
    return services.add_goal(**values)  # type: ignore[arg-type]


# -- plans ------------------------------------------------------------------------------------


def test_a_new_plan_has_a_current_first_version(plans: Plans) -> None:
    version = current(plans.plan)

    assert version.number == 1
    assert (plans.plan.start_year, plans.plan.end_year) == (2025, 2029)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (2029, 2025, "period_reversed"),
        (2025, 2035, "period_too_long"),
        (1850, 1855, "year_out_of_range"),
        ("twenty", 2029, "invalid_year"),
    ],
)
def test_a_plan_with_absurd_years_is_refused_and_nothing_is_saved(
    plans: Plans, start: object, end: object, code: str
) -> None:
    with pytest.raises(DomainError) as refusal:
        services.create_plan(
            region=plans.world.region,
            title="Plan",
            start_year=start,
            end_year=end,
            by=plans.planner,
        )

    assert refusal.value.code == code
    assert RegionPlan.objects.count() == 1


def test_a_second_plan_for_the_same_years_is_refused(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        make_plan(plans.world.region, by=plans.planner)

    assert refusal.value.code == "plan_exists"


def test_a_plan_needs_a_title(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        make_plan(plans.world.region, by=plans.planner, title="  ", start_year=2030, end_year=2034)

    assert refusal.value.code == "title_missing"


def test_a_planner_of_another_region_cannot_start_a_plan_here(plans: Plans) -> None:
    with pytest.raises(NotFound):
        make_plan(plans.world.region, by=plans.other_planner, start_year=2030, end_year=2034)


def test_a_social_worker_cannot_start_a_plan(plans: Plans) -> None:
    with pytest.raises(NotFound):
        make_plan(plans.world.region, by=plans.social_worker, start_year=2030, end_year=2034)


def test_a_planner_of_the_country_plans_for_a_district_in_it(plans: Plans) -> None:
    country_planner = make_planner(plans.world.region.parent)

    plan = make_plan(plans.world.region, by=country_planner, start_year=2030, end_year=2034)

    assert plan.region == plans.world.region


# -- goals, measures, milestones --------------------------------------------------------------


def test_a_goal_by_hand_keeps_its_baseline_target_and_value(plans: Plans) -> None:
    goal = add_goal(plans)

    assert (goal.baseline, goal.target, goal.current_value) == (
        Decimal("10.00"),
        Decimal("40.00"),
        Decimal("16.00"),
    )
    assert goal.current_on == timezone.localdate()


def test_a_goal_by_hand_must_say_what_it_measures(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_goal(plans, indicator_label="")

    assert refusal.value.code == "label_missing"
    assert not PlanGoal.objects.exists()


def test_a_goal_needs_a_target(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_goal(plans, target="")

    assert refusal.value.code == "target_missing"


def test_a_goal_in_an_unknown_field_of_action_is_refused(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_goal(plans, field_of_action="astrology")

    assert refusal.value.code == "invalid_field"


def test_a_live_goal_needs_a_municipality_of_the_region(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_goal(
            plans,
            indicator_kind="unfilled_share",
            indicator_params={"language": "tir", "municipality": str(plans.world.outside.pk)},
        )

    assert refusal.value.code in ("invalid_municipality", "invalid_language")
    assert not PlanGoal.objects.exists()


def test_an_unknown_indicator_is_refused(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_goal(plans, indicator_kind="happiness")

    assert refusal.value.code == "invalid_indicator"


def test_a_value_is_recorded_for_a_goal_by_hand(plans: Plans) -> None:
    goal = add_goal(plans)

    services.record_goal_value(goal=goal, current_value="22.5", by=plans.planner)

    goal.refresh_from_db()
    assert goal.current_value == Decimal("22.50")


def test_a_measure_keeps_its_organisations_and_money(plans: Plans) -> None:
    measure = add_measure(plans)

    assert measure.budget == Decimal("12000.50")
    assert measure.currency == "EUR"
    assert list(measure.partner_organisations.all()) == [plans.world.b]


def test_a_negative_budget_is_refused_and_nothing_is_saved(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_measure(plans, budget="-1")

    assert refusal.value.code == "negative_budget"
    assert not Measure.objects.exists()


def test_a_budget_that_is_no_number_is_refused(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_measure(plans, budget="a lot")

    assert refusal.value.code == "invalid_budget"


def test_an_organisation_that_does_not_share_with_the_region_cannot_be_responsible(
    plans: Plans,
) -> None:
    with pytest.raises(DomainError) as refusal:
        add_measure(plans, responsible_organisation=OrganisationFactory())

    assert refusal.value.code == "invalid_organisation"


def test_a_measure_status_changes(plans: Plans) -> None:
    measure = add_measure(plans)

    services.change_measure_status(measure=measure, status="running", by=plans.planner)

    measure.refresh_from_db()
    assert measure.status == Measure.Status.RUNNING


def test_an_unknown_measure_status_is_refused(plans: Plans) -> None:
    measure = add_measure(plans)

    with pytest.raises(DomainError):
        services.change_measure_status(measure=measure, status="forgotten", by=plans.planner)


def test_a_milestone_due_before_the_plan_starts_is_refused(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_milestone(plans, due_on=dt.date(2024, 12, 31))

    assert refusal.value.code == "due_outside_plan"
    assert not PlanMilestone.objects.exists()


def test_a_milestone_responsible_must_be_a_planner_of_the_region(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        add_milestone(plans, responsible=plans.social_worker)

    assert refusal.value.code == "invalid_responsible"


def test_a_milestone_done_twice_is_refused(plans: Plans) -> None:
    milestone = add_milestone(plans)
    services.complete_milestone(milestone=milestone, by=plans.planner)

    with pytest.raises(DomainError) as refusal:
        services.complete_milestone(milestone=milestone, by=plans.planner)

    assert refusal.value.code == "already_done"


# -- versions ---------------------------------------------------------------------------------


def test_a_new_version_copies_everything_forward(plans: Plans) -> None:
    add_goal(plans)
    measure = add_measure(plans)
    add_milestone(plans, measure=measure)

    new = services.new_version(
        plan=plans.plan, note="After the regional conference", by=plans.planner
    )

    assert new.number == 2
    assert new.goals.count() == 1
    copied = new.measures.get()
    assert copied.pk != measure.pk
    assert list(copied.partner_organisations.all()) == [plans.world.b]
    assert new.milestones.get().measure == copied


def test_the_previous_version_stays_as_it_was(plans: Plans) -> None:
    first = current(plans.plan)
    add_goal(plans)
    services.new_version(plan=plans.plan, note="Second", by=plans.planner)
    add_goal(plans, text="A new goal")

    first.refresh_from_db()
    assert not first.is_current
    assert [goal.text for goal in first.goals.all()] == ["More families find a flat within a year"]


def test_an_earlier_version_cannot_be_changed(plans: Plans) -> None:
    first = current(plans.plan)
    services.new_version(plan=plans.plan, note="Second", by=plans.planner)
    first.refresh_from_db()

    with pytest.raises(DomainError) as refusal:
        add_goal(plans, version=first)

    assert refusal.value.code == "version_frozen"


def test_a_new_version_needs_a_note(plans: Plans) -> None:
    with pytest.raises(DomainError) as refusal:
        services.new_version(plan=plans.plan, note="", by=plans.planner)

    assert refusal.value.code == "note_missing"
    assert RegionPlanVersion.objects.filter(plan=plans.plan).count() == 1


# -- reminders --------------------------------------------------------------------------------


def test_milestones_due_are_the_open_ones_of_current_versions_within_the_window(
    plans: Plans,
) -> None:
    today = dt.date(2026, 6, 1)
    soon = add_milestone(plans, title="Soon", due_on=dt.date(2026, 6, 10))
    add_milestone(plans, title="Later", due_on=dt.date(2026, 9, 1))
    done = add_milestone(plans, title="Done", due_on=dt.date(2026, 6, 5))
    services.complete_milestone(milestone=done, by=plans.planner)

    due = selectors.milestones_due(within=dt.timedelta(days=14), today=today)

    assert [milestone.pk for milestone in due] == [soon.pk]


def test_milestones_of_frozen_versions_are_not_due(plans: Plans) -> None:
    add_milestone(plans, title="Soon", due_on=dt.date(2026, 6, 10))
    new = services.new_version(plan=plans.plan, note="Second", by=plans.planner)

    due = selectors.milestones_due(within=dt.timedelta(days=14), today=dt.date(2026, 6, 1))

    assert [milestone.version_id for milestone in due] == [new.pk]


def test_the_needs_snapshot_is_copied_into_a_new_version(plans: Plans) -> None:
    services.record_needs(version=current(plans.plan), field_of_action="housing", by=plans.planner)

    new = services.new_version(plan=plans.plan, note="Second", by=plans.planner)

    assert NeedsSnapshot.objects.filter(version=new, field_of_action="housing").exists()
