"""Plan progress: in each field of action, how many goals the clients set, how many were
reviewed, and in how many the client's own view of their independence rose between the intake
and the latest review.

A goal counts when it was set before the period ends, for a client the scope counts (the
client's organisation, where the client lives). Reviews count up to the period's end; the
latest one (by review day) decides whether the level rose. A goal counts as achieved when it
was closed as achieved before the period ended. Each count comes with the number of distinct
clients behind it, so that six goals of two clients stay hidden.

Two queries (the rows and the totals) besides the row labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part, register
from lisko.planning.selectors import field_of_action_rows
from lisko.planning.tables import TOTAL_ROW, Column, Measure, RawTable, Table, publish

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope
    from lisko.plans.models import Goal


def goals_set(scope: PlanningScope, filters: Filters | None = None) -> QuerySet[Goal]:
    """The goals the scope counts (set before the period's end), each with the level of its
    latest review up to then (None without one); narrowed by the municipality filter."""
    from lisko.plans.models import Goal, GoalReview

    _start, end = scope.period.bounds()
    goals = Goal.objects.filter(
        scope.covers(
            municipality="plan__client__municipality_id",
            organisation="plan__client__organisation_id",
        ),
        created_at__lt=end,
    )
    if filters is not None and filters.municipality_id is not None:
        goals = goals.filter(plan__client__municipality_id=filters.municipality_id)
    latest = (
        GoalReview.objects.filter(goal=OuterRef("pk"), reviewed_on__lte=scope.period.end)
        .order_by("-reviewed_on", "-created_at", "-pk")
        .values("level")[:1]
    )
    return goals.annotate(latest_level=Subquery(latest))


def _conditions(scope: PlanningScope) -> dict[str, Q | None]:
    """The COUNT columns: key → which goals it counts (None: all of them)."""
    from lisko.plans.models import Goal

    _start, end = scope.period.bounds()
    return {
        "goals": None,
        "reviewed": Q(latest_level__isnull=False),
        "rose": Q(latest_level__gt=F("intake_level")),
        "achieved": Q(status=Goal.Status.ACHIEVED)
        & (Q(closed_at__isnull=True) | Q(closed_at__lt=end)),
    }


def _fill(raw: dict[str, Any], key: str, row: dict[str, Any], columns: list[str]) -> None:
    for column in columns:
        raw["counts"][key, column] = row[f"n_{column}"]
        raw["contributors"][key, column] = row[f"c_{column}"]
    reviewed = row["n_reviewed"]
    raw["values"][key, "rose_share"] = round(row["n_rose"] / reviewed, 4) if reviewed else None
    raw["bases"][key, "rose_share"] = reviewed


def plan_progress(scope: PlanningScope, filters: Filters) -> Table:
    """Goals set, reviewed, risen in independence and achieved, by field of action."""
    conditions = _conditions(scope)
    aggregates: dict[str, Any] = {}
    for column, condition in conditions.items():
        aggregates[f"n_{column}"] = Count("pk", filter=condition)
        aggregates[f"c_{column}"] = Count("plan__client_id", distinct=True, filter=condition)
    rows = field_of_action_rows(scope)
    goals = goals_set(scope, filters)
    nothing = dict.fromkeys(aggregates, 0)
    by_key = {
        row["field_of_action__key"]: row
        for row in goals.values("field_of_action__key").annotate(**aggregates).order_by()
    }
    raw: dict[str, Any] = {"counts": {}, "contributors": {}, "values": {}, "bases": {}}
    columns = list(conditions)
    for key, _label in rows:
        _fill(raw, key, by_key.get(key, nothing), columns)
    keys = [key for key, _label in rows]
    # The totals' persons over all rows at once: a client with goals in two fields is one.
    totals = goals.filter(field_of_action__key__in=keys).aggregate(**aggregates)
    _fill(raw, TOTAL_ROW, totals, columns)
    return publish(
        RawTable(
            key="plan-progress",
            title=_("Plan progress by field of action"),
            row_heading=_("Field of action"),
            columns=[
                Column("goals", _("Goals set")),
                Column("reviewed", _("Goals reviewed")),
                Column("rose", _("Independence rose")),
                Column(
                    "rose_share",
                    _("Share of reviewed goals with independence risen"),
                    Measure.RATE,
                    count_column="reviewed",
                    count_columns=("rose",),
                ),
                Column("achieved", _("Goals achieved")),
            ],
            rows=rows,
            counts=raw["counts"],
            contributors=raw["contributors"],
            values=raw["values"],
            bases=raw["bases"],
            note=_(
                "Goals of the clients' empowerment plans set before the end of the period, by "
                "field of action. Reviewed: at least one review by the end of the period; "
                "independence rose: the latest review's level is above the level at intake."
            ),
        ),
        threshold_=scope.threshold,
    )


register(
    Figure(
        key="plan-progress",
        part=Part.NEEDS,
        title=gettext_lazy("Plan progress by field of action"),
        build=plan_progress,
        charts=(ChartSpec(ChartKind.BAR, ("rose_share",)),),
        filters=frozenset({"municipality_id"}),
    )
)
