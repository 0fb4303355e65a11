"""The planner's region plan in the demo: Pia's integrated social plan for the country, written
from the needs analysis a year ago and renewed after a regional conference, so that a plan in
progress shows: a goal tracking live the share of unfilled Tigrinya requests in the northern
town where no interpreter comes on site, goals by hand, measures with money, milestones soon
due (one done), the needs found per field of action, and an earlier version kept readable.
The regional conference in the north is recorded with its result, which created the video
interpreting measure of the second version; a steering-group meeting since then started the
round table with the landlords.

Built through the services, as a planner would build it."""

import datetime as dt
from decimal import Decimal

from lisko.accounts.models import User
from lisko.demo.clock import Clock
from lisko.demo.people import People
from lisko.demo.planning import COMMUNITY_LANGUAGE
from lisko.places.models import Municipality, Region
from lisko.planning.scope import default_period, scope_for
from lisko.regionplans import services
from lisko.regionplans.models import (
    NeedsSnapshot,
    PlanGoal,
    PlanMeeting,
    RegionPlan,
    RegionPlanVersion,
)


def region_plan(planner: User, people: People, town: Municipality, clock: Clock) -> RegionPlan:
    """Pia's plan for last year and the four after it, in its second version."""
    country = Region.objects.get(kind=Region.Kind.COUNTRY, country="LU")
    scope = scope_for(planner, country.pk, default_period(clock.today), today=clock.today)
    start = clock.today.year - 1
    plan = services.create_plan(
        region=country,
        title="Plan social intégré",
        start_year=start,
        end_year=start + 4,
        by=planner,
    )
    first = services.current_version(plan)
    for field in ("language-education", "housing"):
        services.record_needs(
            version=first,
            field_of_action=field,
            by=planner,
            scope=scope,
            today=clock.today,
            now=clock.now,
        )
    services.add_goal(
        version=first,
        field_of_action="language-education",
        text=f"Fewer Tigrinya-speaking families in {town.name} wait in vain for an interpreter",
        indicator_kind="unfilled_share",
        indicator_params={"language": COMMUNITY_LANGUAGE, "municipality": town.pk},
        # When the plan was written, nearly every request there went unfilled.
        baseline=Decimal("100"),
        target=Decimal("20"),
        by=planner,
        scope=scope,
    )
    services.add_goal(
        version=first,
        field_of_action="housing",
        text="Families on the housing waiting list find a flat",
        indicator_kind="free_places",
        indicator_params={"field_of_action": "housing"},
        baseline=Decimal("0"),
        target=Decimal("10"),
        by=planner,
        scope=scope,
    )
    services.add_goal(
        version=first,
        field_of_action="social-participation",
        text="Every newcomer family is offered a welcome conversation",
        indicator_kind=PlanGoal.MANUAL,
        indicator_label="Welcome conversations held a year",
        baseline=Decimal("40"),
        target=Decimal("200"),
        current_value=Decimal("112"),
        by=planner,
    )
    recruit = services.add_measure(
        version=first,
        field_of_action="language-education",
        title="Recruit and train Tigrinya interpreters in the north",
        responsible_organisation=people.organisation,
        partner_organisations=[people.other],
        partners_text="Eritrean community association",
        funding_source="Ministère de la Famille, programme d'intégration",
        budget=Decimal("18500.00"),
        status="running",
        by=planner,
    )
    round_table = services.add_measure(
        version=first,
        field_of_action="housing",
        title="Round table with landlords and the housing office",
        responsible_organisation=people.other,
        partners_text="Communal housing offices",
        funding_source="Communal budgets",
        budget=Decimal("4000.00"),
        by=planner,
    )
    done = services.add_milestone(
        version=first,
        field_of_action="language-education",
        title="Call for interpreters published",
        due_on=_within(plan, clock.today - dt.timedelta(days=30)),
        responsible=planner,
        measure=recruit,
        by=planner,
    )
    services.complete_milestone(milestone=done, by=planner, now=clock.now - dt.timedelta(days=32))
    services.add_milestone(
        version=first,
        field_of_action="language-education",
        title="First two Tigrinya interpreters certified",
        due_on=_within(plan, clock.today + dt.timedelta(days=12)),
        responsible=planner,
        measure=recruit,
        by=planner,
    )
    services.add_milestone(
        version=first,
        field_of_action="housing",
        title="Round table held",
        due_on=_within(plan, clock.today + dt.timedelta(days=60)),
        responsible=planner,
        measure=round_table,
        by=planner,
    )
    conference = services.record_meeting(
        plan=plan,
        kind=PlanMeeting.Kind.CONFERENCE,
        held_on=_within(plan, clock.today - dt.timedelta(days=35)),
        starts_at=dt.time(14, 0),
        place=f"Centre culturel, {town.name}",
        organisations=[people.organisation, people.other],
        other_participants="Eritrean community association, communal social offices",
        agenda=(
            "1. The needs found: interpreting in Tigrinya in the north\n"
            "2. What the communes and associations can offer\n"
            "3. Measures until interpreters are certified"
        ),
        by=planner,
        today=clock.today,
    )
    services.new_version(plan=plan, note="After the regional conference in the north", by=planner)
    bridge = services.add_result(
        meeting=conference,
        text="Until interpreters are certified, Tigrinya appointments in the north are "
        "interpreted by video.",
        by=planner,
    )
    services.result_creates_measure(
        result=bridge,
        by=planner,
        field_of_action="language-education",
        title="Video interpreting for Tigrinya appointments until interpreters are found",
        responsible_organisation=people.organisation,
        funding_source="Ministère de la Famille",
        budget=Decimal("6000.00"),
        status="running",
    )
    steering = services.record_meeting(
        plan=plan,
        kind=PlanMeeting.Kind.STEERING_GROUP,
        held_on=_within(plan, clock.today - dt.timedelta(days=10)),
        starts_at=dt.time(9, 30),
        place="Ministère de la Famille, Luxembourg",
        organisations=[people.organisation, people.other],
        agenda="1. Progress of the measures\n2. The housing round table",
        by=planner,
        today=clock.today,
    )
    start_now = services.add_result(
        meeting=steering,
        text="The round table with landlords starts now instead of next year.",
        by=planner,
    )
    services.result_changes_measure_status(
        result=start_now,
        measure=services.current_version(plan).measures.get(lineage=round_table.lineage),
        status="running",
        by=planner,
    )
    # Back-dating for the demo: written half a year ago, renewed a month ago.
    RegionPlan.objects.filter(pk=plan.pk).update(created_at=clock.now - dt.timedelta(days=180))
    RegionPlanVersion.objects.filter(pk=first.pk).update(
        created_at=clock.now - dt.timedelta(days=180)
    )
    second = services.current_version(plan)
    RegionPlanVersion.objects.filter(pk=second.pk).update(
        created_at=clock.now - dt.timedelta(days=30)
    )
    NeedsSnapshot.objects.filter(version__plan=plan).update(
        taken_at=clock.now - dt.timedelta(days=180)
    )
    return plan


def _within(plan: RegionPlan, day: dt.date) -> dt.date:
    """The day, moved into the plan's years if the demo's today lies at a year's edge."""
    first, last = dt.date(plan.start_year, 1, 1), dt.date(plan.end_year, 12, 31)
    return min(max(day, first), last)
