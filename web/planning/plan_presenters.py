"""How a region plan reads on its page and in its PDF: per field of action the needs found, the
goals with their baseline, current value, target and progress, the measures with their money,
the milestones. Works on rows already fetched; never queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lisko.languages.models import language_name
from lisko.planning.formatting import cell_text, column_heading
from lisko.planning.tables import Table
from lisko.regionplans import indicators
from lisko.regionplans.models import (
    Measure,
    NeedsSnapshot,
    PlanGoal,
    PlanMeeting,
    PlanMilestone,
    ResultMeasure,
)
from lisko.regionplans.selectors import GoalStatus
from lisko.regionplans.snapshots import tables_of


@dataclass(frozen=True)
class ShownTable:
    title: str
    note: str
    row_heading: str
    headings: list[str]
    rows: list[tuple[str, list[tuple[str, bool]]]]  # label, [(text, hidden)]
    totals: tuple[str, list[tuple[str, bool]]] | None
    threshold: int
    has_suppressed: bool


def show_table(table: Table) -> ShownTable:
    def cells(row: Any) -> list[tuple[str, bool]]:
        return [
            (cell_text(table, column, cell), cell.suppressed)
            for column, cell in zip(table.columns, row.cells, strict=False)
        ]

    return ShownTable(
        title=table.title,
        note=table.note,
        row_heading=table.row_heading,
        headings=[column_heading(column) for column in table.columns],
        rows=[(row.label, cells(row)) for row in table.rows],
        totals=(table.totals.label, cells(table.totals)) if table.totals else None,
        threshold=table.threshold,
        has_suppressed=table.suppressed_count > 0,
    )


@dataclass(frozen=True)
class ShownSnapshot:
    snapshot: NeedsSnapshot
    tables: list[ShownTable]


@dataclass(frozen=True)
class ShownGoal:
    goal: PlanGoal
    indicator: str
    baseline: str
    current: str
    target: str
    percent: int | None  # progress 0..100, None when it cannot be said
    progress_text: str
    live: bool
    hidden: bool  # the live figure is suppressed


@dataclass(frozen=True)
class ShownOrigin:
    """A meeting whose result created or changed a measure, as a link."""

    text: str
    url: str


@dataclass(frozen=True)
class ShownMeasure:
    measure: Measure
    partners: str
    budget: str
    origins: list[ShownOrigin] = field(default_factory=list)


@dataclass(frozen=True)
class ShownMilestone:
    milestone: PlanMilestone
    responsible: str


@dataclass
class ShownField:
    key: str
    name: str
    snapshot: ShownSnapshot | None = None
    goals: list[ShownGoal] = field(default_factory=list)
    measures: list[ShownMeasure] = field(default_factory=list)
    milestones: list[ShownMilestone] = field(default_factory=list)
    live_url: str = ""

    @property
    def empty(self) -> bool:
        return not (self.snapshot or self.goals or self.measures or self.milestones)


def value_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "–"
    return indicators.Reading(value).text(unit)


def money(amount: Decimal, currency: str) -> str:
    return _("{amount} {currency}").format(
        amount=number_format(amount, 2, force_grouping=True), currency=currency
    )


def indicator_text(goal: PlanGoal, names: Mapping[str, Mapping[str, str]], region: str) -> str:
    """The indicator in words: "Share of unfilled interpreting requests in Tigrinya, Wiltz"."""
    if not goal.is_live:
        return goal.indicator_label
    kind = indicators.KINDS.get(goal.indicator_kind)
    if kind is None:
        return goal.indicator_kind
    params = goal.indicator_params
    locale = get_language() or "en"
    chosen = {"region": region}
    if params.get("language"):
        chosen["language"] = language_name(str(params["language"]), locale)
    if params.get("municipality"):
        chosen["municipality"] = names["municipality"].get(str(params["municipality"]), "")
    if params.get("field_of_action"):
        key = str(params["field_of_action"])
        chosen["field_of_action"] = names["field_of_action"].get(key, key)
    return kind.describe(chosen)


def show_goal(status: GoalStatus, names: Mapping[str, Mapping[str, str]], region: str) -> ShownGoal:
    goal = status.goal
    percent = None if status.progress is None else round(status.progress * 100)
    return ShownGoal(
        goal=goal,
        indicator=indicator_text(goal, names, region),
        baseline=value_text(goal.baseline, status.unit),
        current=status.current.text(status.unit),
        target=value_text(goal.target, status.unit),
        percent=percent,
        progress_text=""
        if percent is None
        # xgettext:no-python-format
        else _("{percent} % of the way to the target").format(percent=percent),
        live=goal.is_live,
        hidden=status.current.suppressed,
    )


def show_fields(
    *,
    snapshots: list[NeedsSnapshot],
    goals: list[PlanGoal],
    measures: list[Measure],
    milestones: list[PlanMilestone],
    statuses: Mapping[int, GoalStatus],
    fields_of_action: list[tuple[str, str]],
    municipalities: Mapping[str, str],
    region: str,
    live_url: Callable[[str], str],
    origins: Mapping[Any, list[ResultMeasure]] | None = None,
    meeting_url: Callable[[PlanMeeting], str] = lambda meeting: "",
) -> list[ShownField]:
    """One section per field of action: the scope's fields in their order, then any field the
    plan names that the scope no longer counts. `origins` (by measure lineage) names the
    meetings whose results created or changed each measure."""
    origins = origins or {}
    names = {"field_of_action": dict(fields_of_action), "municipality": municipalities}
    sections: dict[str, ShownField] = {
        key: ShownField(key=key, name=name, live_url=live_url(key))
        for key, name in fields_of_action
    }

    def section(key: str) -> ShownField:
        if key not in sections:
            sections[key] = ShownField(key=key, name=key, live_url=live_url(key))
        return sections[key]

    language = get_language() or "en"
    for snapshot in snapshots:
        section(snapshot.field_of_action).snapshot = ShownSnapshot(
            snapshot=snapshot,
            tables=[show_table(table) for table in tables_of(snapshot.tables, language)],
        )
    for goal in goals:
        section(goal.field_of_action).goals.append(show_goal(statuses[goal.pk], names, region))
    for measure in measures:
        partners = [organisation.name for organisation in measure.partner_organisations.all()]
        if measure.partners_text:
            partners.append(measure.partners_text)
        section(measure.field_of_action).measures.append(
            ShownMeasure(
                measure=measure,
                partners=", ".join(partners),
                budget=money(measure.budget, measure.currency),
                origins=[
                    ShownOrigin(origin_text(link), meeting_url(link.result.meeting))
                    for link in origins.get(measure.lineage, [])
                ],
            )
        )
    by_field: dict[str, list[PlanMilestone]] = defaultdict(list)
    for milestone in milestones:
        by_field[milestone.field_of_action].append(milestone)
    for key, found in by_field.items():
        section(key).milestones = [
            ShownMilestone(
                milestone=milestone,
                responsible=milestone.responsible.get_full_name() if milestone.responsible else "",
            )
            for milestone in found
        ]
    return list(sections.values())


def budget_totals(measures: list[Measure]) -> list[str]:
    """The plan's budget per currency, dropped measures left out."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for measure in measures:
        if measure.status != Measure.Status.DROPPED:
            totals[measure.currency] += measure.budget
    return [money(amount, currency) for currency, amount in sorted(totals.items())]


# -- participation ----------------------------------------------------------------------------


def meeting_name(meeting: PlanMeeting) -> str:
    """The meeting in words: "Regional conference, 12 February 2026" (in the reader's way of
    writing dates)."""
    return _("{kind}, {date}").format(
        kind=meeting.get_kind_display(), date=date_format(meeting.held_on, "DATE_FORMAT")
    )


def origin_text(link: ResultMeasure) -> str:
    """What a meeting did to a measure, as the measure's page names it."""
    meeting = meeting_name(link.result.meeting)
    if link.kind == ResultMeasure.Kind.CREATED:
        return _("From: {meeting}").format(meeting=meeting)
    return _("Changed by: {meeting}").format(meeting=meeting)


def change_text(link: ResultMeasure) -> str:
    """What the result changed on the measure: "Planned → Running"; "" for a created one."""
    if link.kind != ResultMeasure.Kind.CHANGED or not link.status_to:
        return ""
    return _("{before} → {after}").format(
        before=link.get_status_from_display(), after=link.get_status_to_display()
    )


def participants_text(meeting: PlanMeeting) -> str:
    """The organisations that took part, then the others named in words."""
    names = [organisation.name for organisation in meeting.organisations.all()]
    if meeting.other_participants:
        names.append(meeting.other_participants)
    return ", ".join(names)
