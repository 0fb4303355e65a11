"""Referral demand against capacity: how many clients were referred to offers in each field of
action and municipality, how the associations answered (accepted, declined for lack of places),
how long the clients waited for an answer, and how the referrals ended.

A referral counts in the period it was created in, where its client lives
(`client__municipality`, the one rule of the needs analysis), for the client's organisation,
under the field of action of its offer. Statuses are read as they are now, except "accepted",
which counts every referral the association ever accepted (one since dropped included). Each
count comes with the number of distinct clients behind it, so that six referrals of two
clients stay hidden.

Every figure is two GROUP BY queries (the rows and the totals) besides its row labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.planning.aggregates import Median, days_between
from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part, register
from lisko.planning.selectors import field_of_action_rows, municipality_rows
from lisko.planning.tables import TOTAL_ROW, Column, Measure, RawTable, Table, publish

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope
    from lisko.referrals.models import Referral

# Statuses a referral only reaches after the association accepted it.
ACCEPTED_SINCE = ("accepted", "in_progress", "completed")


def referrals_in_period(scope: PlanningScope, filters: Filters | None = None) -> QuerySet[Referral]:
    """The referrals the scope counts in its period, narrowed by the municipality (where the
    client lives) and field of action (of the offer) filters."""
    from lisko.referrals.models import Referral

    start, end = scope.period.bounds()
    referrals = Referral.objects.filter(
        scope.covers(
            municipality="client__municipality_id", organisation="client__organisation_id"
        ),
        created_at__gte=start,
        created_at__lt=end,
    )
    if filters is not None and filters.municipality_id is not None:
        referrals = referrals.filter(client__municipality_id=filters.municipality_id)
    if filters is not None and filters.field_of_action is not None:
        referrals = referrals.filter(offer__field_of_action__key=filters.field_of_action)
    return referrals


def _conditions() -> dict[str, Q | None]:
    """The COUNT columns: key → which referrals it counts (None: all of them)."""
    from lisko.referrals.models import DeclineCode, ReferralEvent, Status

    once_accepted = ReferralEvent.objects.filter(to_status=Status.ACCEPTED).values("referral_id")
    return {
        "sent": None,
        "accepted": Q(status__in=ACCEPTED_SINCE) | Q(pk__in=once_accepted),
        "declined": Q(status=Status.DECLINED),
        "declined_no_places": Q(status=Status.DECLINED, decline_code=DeclineCode.NO_PLACES),
        "waiting": Q(status=Status.SENT),
        "completed": Q(status=Status.COMPLETED),
        "dropped": Q(status=Status.DROPPED),
    }


def _answers() -> tuple[Q, Func]:
    """Which referrals were answered (left "sent": accepted, declined or withdrawn), and the
    days from sending to that first answer (NULL, which the median skips, while waiting)."""
    from lisko.referrals.models import ReferralEvent, Status

    answers = ReferralEvent.objects.filter(from_status=Status.SENT).exclude(to_status=Status.SENT)
    first_answer = answers.filter(referral=OuterRef("pk")).order_by("at", "pk").values("at")[:1]
    return (
        Q(pk__in=answers.values("referral_id")),
        days_between(Subquery(first_answer), F("created_at")),
    )


def _aggregates() -> dict[str, Any]:
    aggregates: dict[str, Any] = {}
    for column, condition in _conditions().items():
        aggregates[f"n_{column}"] = Count("pk", filter=condition)
        aggregates[f"c_{column}"] = Count("client_id", distinct=True, filter=condition)
    answered, days_to_answer = _answers()
    aggregates["answered"] = Count("pk", filter=answered)
    aggregates["median_days"] = Median(days_to_answer)
    return aggregates


def _fill(
    raw: dict[str, Any],
    key: str,
    row: dict[str, Any],
) -> None:
    """The cells of one row (or of the totals row) from its aggregates."""
    for column in _conditions():
        raw["counts"][key, column] = row[f"n_{column}"]
        raw["contributors"][key, column] = row[f"c_{column}"]
    median = row["median_days"]
    raw["values"][key, "median_days_to_answer"] = None if median is None else round(median, 1)
    raw["bases"][key, "median_days_to_answer"] = row["answered"]
    ended = row["n_completed"] + row["n_dropped"]
    raw["values"][key, "completion_rate"] = round(row["n_completed"] / ended, 4) if ended else None
    raw["bases"][key, "completion_rate"] = ended


def _cells(
    referrals: QuerySet[Referral], group: str, rows: list[tuple[str, str]]
) -> dict[str, Any]:
    """Counts, contributors, values and bases for every row and the totals: two queries."""
    aggregates = _aggregates()
    nothing = {name: 0 for name in aggregates} | {"median_days": None}
    by_key = {
        "" if row["group_key"] is None else str(row["group_key"]): row
        for row in referrals.annotate(group_key=F(group))
        .values("group_key")
        .annotate(**aggregates)
        .order_by()
    }
    raw: dict[str, Any] = {"counts": {}, "contributors": {}, "values": {}, "bases": {}}
    for key, _label in rows:
        _fill(raw, key, by_key.get(key, nothing))
    # The totals row's persons and measures: over all rows at once, not summed (a client
    # referred in two fields of action is one person).
    keys = [key for key, _label in rows]
    _fill(raw, TOTAL_ROW, referrals.filter(**{f"{group}__in": keys}).aggregate(**aggregates))
    return raw


def _columns() -> list[Column]:
    return [
        Column("sent", _("Referrals sent")),
        Column("accepted", _("Accepted")),
        Column("declined", _("Declined")),
        Column("declined_no_places", _("Declined for lack of places")),
        Column("waiting", _("Waiting for an answer")),
        Column(
            "median_days_to_answer",
            _("Median days until answered"),
            Measure.MEDIAN,
            unit=_("days"),
            count_column="sent",
        ),
        Column("completed", _("Completed")),
        Column("dropped", _("Dropped")),
        Column(
            "completion_rate",
            _("Share completed of those ended"),
            Measure.RATE,
            count_column="completed",
            count_columns=("dropped",),
        ),
    ]


def _note() -> str:
    return _(
        "Referrals sent in the period, by the field of action of the offer, counted where the "
        "client lives. Accepted: ever accepted by the association; waiting: not yet answered; "
        "days until answered: from sending to the first answer or withdrawal; share "
        "completed: of the referrals completed or dropped."
    )


def _publish(
    scope: PlanningScope,
    *,
    key: str,
    title: str,
    heading: str,
    rows: list[tuple[str, str]],
    cells: dict[str, Any],
) -> Table:
    return publish(
        RawTable(
            key=key,
            title=title,
            row_heading=heading,
            columns=_columns(),
            rows=rows,
            counts=cells["counts"],
            contributors=cells["contributors"],
            values=cells["values"],
            bases=cells["bases"],
            note=_note(),
        ),
        threshold_=scope.threshold,
    )


def referrals_by_field_of_action(scope: PlanningScope, filters: Filters) -> Table:
    """Referrals sent, answered and ended, by the field of action of the offer."""
    rows = field_of_action_rows(scope)
    referrals = referrals_in_period(scope, Filters(municipality_id=filters.municipality_id))
    return _publish(
        scope,
        key="referrals",
        title=_("Referrals by field of action"),
        heading=_("Field of action"),
        rows=rows,
        cells=_cells(referrals, "offer__field_of_action__key", rows),
    )


def referrals_by_municipality(scope: PlanningScope, filters: Filters) -> Table:
    """The same figures by the municipality the clients live in."""
    rows = municipality_rows(scope)
    referrals = referrals_in_period(scope, Filters(field_of_action=filters.field_of_action))
    return _publish(
        scope,
        key="referrals-by-municipality",
        title=_("Referrals by municipality"),
        heading=_("Municipality"),
        rows=rows,
        cells=_cells(referrals, "client__municipality_id", rows),
    )


register(
    Figure(
        key="referrals",
        part=Part.NEEDS,
        title=gettext_lazy("Referrals by field of action"),
        build=referrals_by_field_of_action,
        charts=(
            ChartSpec(ChartKind.BAR, ("sent",)),
            ChartSpec(ChartKind.BAR, ("declined_no_places",)),
        ),
        filters=frozenset({"municipality_id"}),
    )
)
register(
    Figure(
        key="referrals-by-municipality",
        part=Part.NEEDS,
        title=gettext_lazy("Referrals by municipality"),
        build=referrals_by_municipality,
        charts=(ChartSpec(ChartKind.MAP, ("declined_no_places",)),),
        filters=frozenset({"field_of_action"}),
    )
)
