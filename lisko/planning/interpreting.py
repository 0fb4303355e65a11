"""Interpreting demand against supply: what was asked for, what was served, what went unfilled
and why, how long filling took and how much was done by phone or video.

An appointment counts when it asked for an interpreter: every status but draft and cancelled.
It counts in the period its start falls in, and where its client lives
(`client__municipality`, the one rule of the needs analysis), for the organisation that
booked it. Served means confirmed or done; unfilled means the matcher found nobody; open means
still requested, being matched or offered. Each count of appointments comes with the number
of distinct clients behind it, so that twelve requests of two clients stay hidden.

Every figure is a constant handful of GROUP BY queries, whatever the number of appointments."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.planning.aggregates import Median, hours_between
from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part, register
from lisko.planning.selectors import language_rows, municipality_rows, sort_key
from lisko.planning.tables import TOTAL_ROW, Column, Measure, RawTable, Table, publish

if TYPE_CHECKING:
    from lisko.appointments.models import Appointment
    from lisko.planning.scope import PlanningScope

# The language columns of the heat table: the most requested in the scope, the rest together.
HEAT_LANGUAGES = 12
OTHER = "other"
TOTAL = "total"
# The row of unfilled requests the matcher gave no reason for (older data, a manual close).
NO_REASON = "none"
# The row of reason codes this version of Lisko no longer words.
UNKNOWN_REASON = "unknown"

SERVED = ("confirmed", "done")
UNFILLED = ("unfilled",)
OPEN = ("requested", "matching", "offered")
REMOTE = ("phone", "video")
NOT_COUNTED = ("draft", "cancelled")
# The assignment of the interpreter who took the appointment.
ACCEPTED_STATES = ("accepted", "done")
# The COUNT columns: key → the statuses it counts (None: every counted status).
COUNTED_STATUSES: dict[str, tuple[str, ...] | None] = {
    "requested": None,
    "served": SERVED,
    "unfilled": UNFILLED,
    "open": OPEN,
}


# -- the queries ------------------------------------------------------------------------------


def interpreting_requests(
    scope: PlanningScope, filters: Filters | None = None
) -> QuerySet[Appointment]:
    """The appointments the scope counts in its period, narrowed by the municipality (where the
    client lives) and language filters."""
    from lisko.appointments.models import Appointment

    start, end = scope.period.bounds()
    appointments = Appointment.objects.filter(
        scope.covers(municipality="client__municipality_id"), start__gte=start, start__lt=end
    ).exclude(status__in=NOT_COUNTED)
    if filters is not None and filters.municipality_id is not None:
        appointments = appointments.filter(client__municipality_id=filters.municipality_id)
    if filters is not None and filters.language is not None:
        appointments = appointments.filter(language__code=filters.language)
    return appointments


def _status_q(statuses: tuple[str, ...] | None) -> Q | None:
    return None if statuses is None else Q(status__in=statuses)


@dataclass
class _Tally:
    """What one row counted: appointments and distinct clients per COUNT column, the served
    ones done remotely and the hours served."""

    counts: dict[str, int]
    clients: dict[str, int]
    remote: int = 0
    hours: float = 0.0
    fill: tuple[float | None, int] | None = None  # (median hours to fill, its base)


def _tallies(
    appointments: QuerySet[Appointment],
    group: Any,
    key: Callable[[Any], str] | None = None,
    *,
    with_fill_times: bool = False,
) -> dict[str, _Tally]:
    """One GROUP BY query: per value of `group` (an expression over Appointment), the counts
    and distinct clients of every COUNT column, the remote and the hours of the served.
    `key` turns a group's value into its row key (by default, the value as text). A second
    query counts the same over all rows, under TOTAL_ROW: the totals row's distinct clients
    are not the sum of the rows' (a client may be in two rows). `with_fill_times` adds
    the median hours to fill (see `_fill_times`) to the same two queries."""
    key = key or _key
    served = Q(status__in=SERVED)
    aggregates: dict[str, Any] = {}
    for column, statuses in COUNTED_STATUSES.items():
        condition = _status_q(statuses)
        aggregates[f"n_{column}"] = Count("pk", filter=condition)
        aggregates[f"c_{column}"] = Count("client_id", distinct=True, filter=condition)
    aggregates["n_remote"] = Count("pk", filter=served & Q(modality__in=REMOTE))
    aggregates["duration"] = Sum(
        ExpressionWrapper(F("end") - F("start"), output_field=DurationField()), filter=served
    )
    if with_fill_times:
        # At most one accepted (or done) assignment per appointment (a database constraint):
        # the join adds no rows.
        appointments = appointments.annotate(
            accepted=FilteredRelation(
                "assignments", condition=Q(assignments__state__in=ACCEPTED_STATES)
            )
        )
        answered = served & Q(accepted__responded_at__isnull=False)
        # The median skips NULLs: the unanswered and unserved ones.
        aggregates["median"] = Median(
            Case(
                When(answered, then=hours_between(F("accepted__responded_at"), F("created_at"))),
                default=None,
                output_field=FloatField(),
            )
        )
        aggregates["fill_base"] = Count("pk", filter=answered)
    grouped: Any = appointments.annotate(group_key=group).values("group_key")
    tallies = {
        key(row["group_key"]): _tally(row) for row in grouped.annotate(**aggregates).order_by()
    }
    tallies[TOTAL_ROW] = _tally(appointments.order_by().aggregate(**aggregates))
    return tallies


def _tally(row: Mapping[str, Any]) -> _Tally:
    duration: dt.timedelta | None = row["duration"]
    return _Tally(
        counts={column: row[f"n_{column}"] or 0 for column in COUNTED_STATUSES},
        clients={column: row[f"c_{column}"] or 0 for column in COUNTED_STATUSES},
        remote=row["n_remote"] or 0,
        hours=duration.total_seconds() / 3600 if duration else 0.0,
        fill=(row["median"], row["fill_base"]) if "fill_base" in row else None,
    )


def _key(value: object) -> str:
    return "" if value is None else str(value)


def _fill_times(tallies: dict[str, _Tally]) -> dict[str, tuple[float | None, int]]:
    """Per row (and under TOTAL_ROW): the median hours from a served request's creation to the
    answer of the interpreter who accepted it, and how many served requests had both times."""
    return {row: tally.fill for row, tally in tallies.items() if tally.fill is not None}


# -- the tables -------------------------------------------------------------------------------


def _count_columns() -> list[Column]:
    return [
        Column("requested", _("Requested")),
        Column("served", _("Served")),
        Column("unfilled", _("Unfilled")),
    ]


def _columns() -> list[Column]:
    return [
        *_count_columns(),
        Column("open", _("Still open")),
        Column("hours", _("Hours interpreted"), Measure.SUM, unit="h", count_column="served"),
        Column("remote_share", _("Share by phone or video"), Measure.RATE, count_column="served"),
        Column(
            "median_hours_to_fill",
            _("Median hours to fill"),
            Measure.MEDIAN,
            unit="h",
            count_column="served",
        ),
    ]


@dataclass
class _Cells:
    counts: dict[tuple[str, str], int]
    contributors: dict[tuple[str, str], int]
    values: dict[tuple[str, str], int | float | str | None]
    bases: dict[tuple[str, str], int]


def _cells(
    rows: list[tuple[str, str]],
    tallies: dict[str, _Tally],
    fill_times: dict[str, tuple[float | None, int]] | None,
    columns: tuple[str, ...] = tuple(COUNTED_STATUSES),
) -> _Cells:
    """The cells of every row: zero where nothing was counted."""
    cells = _Cells({}, {}, {}, {})
    empty = _Tally(
        counts=dict.fromkeys(COUNTED_STATUSES, 0), clients=dict.fromkeys(COUNTED_STATUSES, 0)
    )
    for key, _label in rows:
        tally = tallies.get(key, empty)
        for column in columns:
            cells.counts[key, column] = tally.counts[column]
            cells.contributors[key, column] = tally.clients[column]
        if fill_times is None:
            continue
        served = tally.counts["served"]
        if key != TOTAL_ROW:  # the totals row's hours are the sum of the rows'
            cells.values[key, "hours"] = round(tally.hours, 1)
        cells.values[key, "remote_share"] = round(tally.remote / served, 4) if served else None
        cells.bases[key, "remote_share"] = served
        median, base = fill_times.get(key, (None, 0))
        cells.values[key, "median_hours_to_fill"] = None if median is None else round(median, 1)
        cells.bases[key, "median_hours_to_fill"] = base
    return cells


def _note() -> str:
    return _(
        "Appointments that asked for an interpreter and start in the period (cancelled ones "
        "left out), counted where the client lives. Served: confirmed or done; still open: "
        "requested, being matched or offered. Hours to fill: from the request to the answer "
        "of the interpreter who accepted it."
    )


def _requests_table(
    *, key: str, title: str, heading: str, rows: list[tuple[str, str]], tallies: dict[str, _Tally]
) -> Table:
    cells = _cells(rows, tallies, _fill_times(tallies))
    return publish(
        RawTable(
            key=key,
            title=title,
            row_heading=heading,
            columns=_columns(),
            rows=rows,
            counts=cells.counts,
            contributors=cells.contributors,
            values=cells.values,
            bases=cells.bases,
            note=_note(),
        )
    )


def interpreting_by_language(scope: PlanningScope, filters: Filters) -> Table:
    """Requests, served, unfilled and open by the language asked for, with hours, the share
    done remotely and the median time to fill."""
    appointments = interpreting_requests(scope, Filters(municipality_id=filters.municipality_id))
    tallies = _tallies(appointments, F("language__code"), with_fill_times=True)
    return _requests_table(
        key="interpreting",
        title=_("Interpreting by language"),
        heading=_("Language"),
        rows=language_rows(code for code in tallies if code != TOTAL_ROW),
        tallies=tallies,
    )


def interpreting_by_municipality(scope: PlanningScope, filters: Filters) -> Table:
    """The same figures by the municipality the clients live in."""
    appointments = interpreting_requests(scope, Filters(language=filters.language))
    return _requests_table(
        key="interpreting-by-municipality",
        title=_("Interpreting by municipality"),
        heading=_("Municipality"),
        rows=municipality_rows(scope),
        tallies=_tallies(appointments, F("client__municipality_id"), with_fill_times=True),
    )


def iso_weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of every ISO week that has a day between `start` and `end`, in order."""
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def week_key(monday: dt.date) -> str:
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def interpreting_by_week(scope: PlanningScope, filters: Filters) -> Table:
    """Requests, served and unfilled by ISO week of the start, every week of the period."""
    zone = timezone.get_current_timezone()
    appointments = interpreting_requests(scope, filters)
    tallies = _tallies(
        appointments,
        TruncWeek("start", tzinfo=zone),
        key=lambda moment: week_key(timezone.localtime(moment, zone).date()),
    )
    rows = []
    for monday in iso_weeks(scope.period.start, scope.period.end):
        year, week, _weekday = monday.isocalendar()
        rows.append((week_key(monday), _("Week {week}, {year}").format(week=week, year=year)))
    cells = _cells(rows, tallies, None, columns=("requested", "served", "unfilled"))
    return publish(
        RawTable(
            key="interpreting-weekly",
            title=_("Interpreting by week"),
            row_heading=_("Week"),
            columns=_count_columns(),
            rows=rows,
            counts=cells.counts,
            contributors=cells.contributors,
            note=_note(),
        )
    )


def unfilled_reasons(scope: PlanningScope, filters: Filters) -> Table:
    """Unfilled requests by the matcher's reason, in the order the reasons are listed."""
    from lisko.matchingruns.reasons import SUMMARIES, reason_summary

    # Codes this version no longer words share one row: grouped in SQL, so that its
    # distinct clients are counted once.
    row = Case(
        When(unfilled_reason__in=list(SUMMARIES), then=F("unfilled_reason")),
        When(unfilled_reason="", then=Value(NO_REASON)),
        default=Value(UNKNOWN_REASON),
        output_field=CharField(),
    )
    counted: dict[str, int] = {}
    clients: dict[str, int] = {}
    unfilled = interpreting_requests(scope, filters).filter(status__in=UNFILLED)
    total_clients = unfilled.order_by().aggregate(n=Count("client_id", distinct=True))["n"]
    for code, number, distinct in (
        unfilled.annotate(row=row)
        .values_list("row")
        .annotate(number=Count("pk"), distinct=Count("client_id", distinct=True))
        .values_list("row", "number", "distinct")
        .order_by()
    ):
        counted[code] = number
        clients[code] = distinct
    rows = [(code, reason_summary(code)) for code in SUMMARIES if code in counted]
    if UNKNOWN_REASON in counted:
        rows.append((UNKNOWN_REASON, reason_summary(UNKNOWN_REASON)))
    if NO_REASON in counted:
        rows.append((NO_REASON, _("No reason recorded.")))
    return publish(
        RawTable(
            key="unfilled-reasons",
            title=_("Unfilled requests by reason"),
            row_heading=_("Reason"),
            columns=[Column("unfilled", _("Unfilled"))],
            rows=rows,
            counts={(row, "unfilled"): counted[row] for row, _label in rows},
            contributors={
                **{(row, "unfilled"): clients[row] for row, _label in rows},
                (TOTAL_ROW, "unfilled"): total_clients,
            },
            note=_(
                "Requests that went unfilled in the period, by the reason the matcher gave, "
                "counted where the client lives."
            ),
        )
    )


def interpreting_heat(scope: PlanningScope, filters: Filters) -> Table:
    """Unfilled requests by municipality × language (the most requested), with a total."""
    appointments = interpreting_requests(scope, Filters(language=filters.language))
    if filters.language is not None:
        shown = [filters.language]
        has_other = False
    else:
        requested = dict(
            appointments.values_list("language__code")
            .annotate(number=Count("pk"))
            .values_list("language__code", "number")
            .order_by()
        )
        names = dict(language_rows(requested))
        ranked = sorted(requested, key=lambda code: (-requested[code], sort_key(names[code])))
        shown = ranked[:HEAT_LANGUAGES]
        has_other = len(ranked) > len(shown)
    names = dict(language_rows(shown))
    parts = [*shown, *([OTHER] if has_other else [])]
    unfilled = appointments.filter(status__in=UNFILLED)
    counts: Counter[tuple[str, str]] = Counter()
    for municipality_id, code, number in (
        unfilled.values_list("client__municipality_id", "language__code")
        .annotate(number=Count("pk"))
        .values_list("client__municipality_id", "language__code", "number")
        .order_by()
    ):
        counts[str(municipality_id), code if code in shown else OTHER] += number
        counts[str(municipality_id), TOTAL] += number
    # Distinct clients per cell: for "other" languages and the total, clients across languages.
    contributors: Counter[tuple[str, str]] = Counter()
    for municipality_id, code, number in (
        unfilled.filter(language__code__in=shown)
        .values_list("client__municipality_id", "language__code")
        .annotate(number=Count("client_id", distinct=True))
        .values_list("client__municipality_id", "language__code", "number")
        .order_by()
    ):
        contributors[str(municipality_id), code] = number
    for municipality_id, other, total in (
        unfilled.values_list("client__municipality_id")
        .annotate(
            other=Count("client_id", distinct=True, filter=~Q(language__code__in=shown)),
            total=Count("client_id", distinct=True),
        )
        .values_list("client__municipality_id", "other", "total")
        .order_by()
    ):
        contributors[str(municipality_id), OTHER] = other
        contributors[str(municipality_id), TOTAL] = total
    # The same over all municipalities, for the totals row.
    overall = unfilled.order_by().aggregate(
        **{
            f"language_{index}": Count("client_id", distinct=True, filter=Q(language__code=code))
            for index, code in enumerate(shown)
        },
        other=Count("client_id", distinct=True, filter=~Q(language__code__in=shown)),
        total=Count("client_id", distinct=True),
    )
    for index, code in enumerate(shown):
        contributors[TOTAL_ROW, code] = overall[f"language_{index}"]
    contributors[TOTAL_ROW, OTHER] = overall["other"]
    contributors[TOTAL_ROW, TOTAL] = overall["total"]
    columns = [Column(code, names[code]) for code in shown]
    if has_other:
        columns.append(Column(OTHER, _("Other languages")))
    columns.append(Column(TOTAL, _("Total")))
    rows = municipality_rows(scope)
    keys = [*parts, TOTAL]
    return publish(
        RawTable(
            key="interpreting-heat",
            title=_("Unfilled requests by municipality and language"),
            row_heading=_("Municipality"),
            columns=columns,
            rows=rows,
            counts={(row, key): counts[row, key] for row, _label in rows for key in keys},
            contributors={
                (row, key): contributors[row, key]
                for row in [*(row for row, _label in rows), TOTAL_ROW]
                for key in keys
            },
            row_total_column=TOTAL,
            row_parts=tuple(parts),
            note=_(
                "Requests that went unfilled in the period, by where the client lives and the "
                "language asked for (the most requested languages)."
            ),
        )
    )


register(
    Figure(
        key="interpreting",
        part=Part.NEEDS,
        title=gettext_lazy("Interpreting by language"),
        build=interpreting_by_language,
        charts=(ChartSpec(ChartKind.BAR, ("unfilled",)), ChartSpec(ChartKind.BAR, ("requested",))),
        filters=frozenset({"municipality_id"}),
    )
)
register(
    Figure(
        key="interpreting-by-municipality",
        part=Part.NEEDS,
        title=gettext_lazy("Interpreting by municipality"),
        build=interpreting_by_municipality,
        charts=(ChartSpec(ChartKind.MAP, ("unfilled",)),),
        filters=frozenset({"language"}),
    )
)
register(
    Figure(
        key="interpreting-weekly",
        part=Part.NEEDS,
        title=gettext_lazy("Interpreting by week"),
        build=interpreting_by_week,
        charts=(ChartSpec(ChartKind.LINE, ("requested", "served", "unfilled")),),
        filters=frozenset({"municipality_id", "language"}),
    )
)
register(
    Figure(
        key="unfilled-reasons",
        part=Part.NEEDS,
        title=gettext_lazy("Unfilled requests by reason"),
        build=unfilled_reasons,
        charts=(ChartSpec(ChartKind.BAR, ("unfilled",)),),
        filters=frozenset({"municipality_id", "language"}),
    )
)
register(
    Figure(
        key="interpreting-heat",
        part=Part.NEEDS,
        title=gettext_lazy("Unfilled requests by municipality and language"),
        build=interpreting_heat,
        # The language columns differ by scope: an empty tuple draws every part column.
        charts=(ChartSpec(ChartKind.HEAT, ()),),
        filters=frozenset({"language"}),
    )
)
