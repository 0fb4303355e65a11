"""Reading region plans: scoped by who asks (lisko.access.rules.region_plan_rule), with every
related row fetched in a fixed number of queries; the live values of goals and their progress;
the milestones soon due, for reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from lisko.access import access_of
from lisko.access.rules import region_plan_rule
from lisko.core.errors import NotFound
from lisko.core.money import currency_of_country
from lisko.regionplans import indicators
from lisko.regionplans.models import (
    Measure,
    MeetingResult,
    PlanGoal,
    PlanMeeting,
    PlanMilestone,
    RegionPlan,
    RegionPlanVersion,
    ResultMeasure,
)

if TYPE_CHECKING:
    from lisko.accounts.models import User
    from lisko.places.models import Region
    from lisko.planning.scope import PlanningScope


def plans_of_region(*, user: Any, region_id: int) -> QuerySet[RegionPlan]:
    """The region's plans the person may see, the latest period first."""
    return RegionPlan.objects.filter(region_plan_rule(access_of(user)), region_id=region_id)


def plan_for(*, user: Any, plan_id: int) -> RegionPlan:
    """The plan, if the person plans for its region; NotFound otherwise (absent or foreign)."""
    plan = (
        RegionPlan.objects.filter(region_plan_rule(access_of(user)), pk=plan_id)
        .select_related("region")
        .first()
    )
    if plan is None:
        raise NotFound()
    return plan


def version_of(plan: RegionPlan, number: int | None = None) -> RegionPlanVersion:
    """A version of the plan (the current one without a number) with its snapshots, goals,
    measures (their organisations) and milestones (their measure and responsible person)."""
    versions = plan.versions.select_related("created_by").prefetch_related(
        "snapshots",
        "goals",
        Prefetch(
            "measures",
            queryset=Measure.objects.select_related("responsible_organisation").prefetch_related(
                "partner_organisations"
            ),
        ),
        Prefetch(
            "milestones",
            queryset=PlanMilestone.objects.select_related("responsible", "measure"),
        ),
    )
    version = (
        versions.filter(is_current=True).first()
        if number is None
        else versions.filter(number=number).first()
    )
    if version is None:
        raise NotFound()
    version.plan = plan
    return version


def versions_of(plan: RegionPlan) -> list[RegionPlanVersion]:
    """Every version of the plan, the newest first, for the list of older ones."""
    return list(plan.versions.order_by("-number"))


def milestones_due(
    *, within: dt.timedelta, today: dt.date | None = None
) -> QuerySet[PlanMilestone]:
    """Milestones of current plan versions, not done, due from today to `within` ahead: what a
    reminder should name (the caller sends it; the plan, region and responsible person come
    along)."""
    today = today or timezone.localdate()
    return (
        PlanMilestone.objects.filter(
            version__is_current=True,
            done_at__isnull=True,
            due_on__gte=today,
            due_on__lte=today + within,
        )
        .select_related("version__plan__region", "responsible")
        .order_by("due_on", "id")
    )


# -- participation: meetings and their results ------------------------------------------------


def meetings_of(plan: RegionPlan) -> list[PlanMeeting]:
    """The plan's meetings, the latest first, each with its organisations and the number of
    its results."""
    return list(
        plan.meetings.annotate(result_count=Count("results"))
        .prefetch_related("organisations")
        .order_by("-held_on", "-starts_at", "-id")
    )


def meetings_with_results(plan: RegionPlan) -> list[PlanMeeting]:
    """The plan's meetings, the earliest first, each with its organisations, its results and
    the measures they created or changed (as recorded): what the plan's PDF lists."""
    return list(
        plan.meetings.prefetch_related(
            "organisations",
            Prefetch(
                "results",
                queryset=MeetingResult.objects.prefetch_related(
                    Prefetch("links", queryset=ResultMeasure.objects.select_related("measure"))
                ),
            ),
        ).order_by("held_on", "starts_at", "id")
    )


def meeting_for(*, user: Any, plan_id: int, meeting_id: int) -> PlanMeeting:
    """The meeting of the plan, with its organisations and results, each result with the
    measures it created or changed (as recorded) and `current_measure` on every link: the same
    measure in the plan's current version (None if no longer in it). NotFound for a plan the
    person does not plan for, or a meeting of another plan."""
    plan = plan_for(user=user, plan_id=plan_id)
    meeting = (
        PlanMeeting.objects.filter(plan=plan, pk=meeting_id)
        .prefetch_related(
            "organisations",
            Prefetch(
                "results",
                queryset=MeetingResult.objects.prefetch_related(
                    Prefetch(
                        "links",
                        queryset=ResultMeasure.objects.select_related("measure__version"),
                    )
                ),
            ),
        )
        .first()
    )
    if meeting is None:
        raise NotFound()
    meeting.plan = plan
    links = [link for result in meeting.results.all() for link in result.links.all()]
    now = current_measures(plan, {link.measure.lineage for link in links})
    for link in links:
        link.current_measure = now.get(link.measure.lineage)
    return meeting


def current_measures(plan: RegionPlan, lineages: set[Any]) -> dict[Any, Measure]:
    """The rows of the current version for these measure lineages (one query)."""
    if not lineages:
        return {}
    return {
        measure.lineage: measure
        for measure in Measure.objects.filter(
            version__plan=plan, version__is_current=True, lineage__in=lineages
        )
    }


def origins_of(version: RegionPlanVersion) -> dict[Any, list[ResultMeasure]]:
    """For each measure of the version (by lineage), the results that created or changed it
    in this version or an earlier one, with their meeting; the oldest first (one query)."""
    lineages = [measure.lineage for measure in version.measures.all()]
    found: dict[Any, list[ResultMeasure]] = {}
    if not lineages:
        return found
    links = (
        ResultMeasure.objects.filter(
            measure__version__plan_id=version.plan_id,
            measure__version__number__lte=version.number,
            measure__lineage__in=lineages,
        )
        .select_related("result__meeting", "measure")
        .order_by("result__meeting__held_on", "id")
    )
    for link in links:
        found.setdefault(link.measure.lineage, []).append(link)
    return found


# -- goals: live values and progress ----------------------------------------------------------


@dataclass(frozen=True)
class GoalStatus:
    """Where a goal stands: its current value (live or by hand), and the share of the way
    from baseline to target it has gone (None when that cannot be said)."""

    goal: PlanGoal
    unit: str
    current: indicators.Reading
    progress: float | None


def progress_of(
    baseline: Decimal | None, current: Decimal | None, target: Decimal | None
) -> float | None:
    """The share 0..1 of the way from the baseline to the target, in whichever direction the
    target lies; None without a baseline or a current value."""
    if baseline is None or current is None or target is None:
        return None
    if target == baseline:
        return 1.0 if current == target else 0.0
    share = float((current - baseline) / (target - baseline))
    return max(0.0, min(1.0, share))


def goal_statuses(goals: list[PlanGoal], scope: PlanningScope | None) -> dict[int, GoalStatus]:
    """Each goal's status; live figures read from the published tables of `scope` (each table
    built once however many goals read it). Without a scope, live values read as none."""
    tables: indicators.Tables = {}
    threshold = scope.threshold if scope is not None else 5
    statuses = {}
    for goal in goals:
        if goal.is_live:
            kind = indicators.KINDS.get(goal.indicator_kind)
            unit = kind.unit if kind else indicators.NUMBER
            if kind is None or scope is None:
                reading = indicators.Reading(None, threshold=threshold)
            else:
                reading = kind.read(scope, goal.indicator_params, tables)
        else:
            unit = indicators.NUMBER
            reading = indicators.Reading(goal.current_value, threshold=threshold)
        value = None if reading.suppressed else reading.value
        statuses[goal.pk] = GoalStatus(
            goal=goal,
            unit=unit,
            current=reading,
            progress=progress_of(goal.baseline, value, goal.target),
        )
    return statuses


# -- what the forms may offer ------------------------------------------------------------------


def default_currency(region: Region) -> str:
    """The currency of the region's country: francs in Switzerland, euros elsewhere."""
    return currency_of_country(region.country)


def organisations_for(region: Region, by: User | None) -> list[int]:
    """Organisations a measure may name: those sharing their figures with the region's planners
    and the planner's own planning office."""
    from lisko.access import roles
    from lisko.places.selectors import region_tree
    from lisko.planning.models import SharingAgreement, in_force

    tree = region_tree()
    around = [r.pk for r in tree.ancestors(region.pk)]
    inside = tree.descendants(region.pk)
    sharing = SharingAgreement.objects.filter(
        in_force(timezone.localdate()), region_id__in=[*around, *inside]
    ).values_list("organisation_id", flat=True)
    own = access_of(by).organisations(roles.REGION_PLANNING) if by is not None else []
    return sorted({*sharing, *own})


def responsible_people(region: Region) -> Any:
    """The people who may be responsible for a milestone: planners of the region or of a
    region around it (planning-side staff, never a client)."""
    from lisko.accounts.models import User
    from lisko.organisations.models import Role
    from lisko.places.selectors import region_tree

    around = [r.pk for r in region_tree().ancestors(region.pk)]
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.PLANNER,
            memberships__planning_regions__region_id__in=around,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )
