"""The indicators a plan's goal can track live: Lisko's own figures, read from the published
planning tables (lisko/planning/tables.py), so that a goal never shows what the planning pages
would hide. A figure that is hidden there is hidden here too and reads "fewer than N".

Each kind names the choices it needs (a language, a municipality, a field of action) and reads
its value from one published table; pages memoise the tables, so goals that share a figure cost
its queries once. Live values are taken over the twelve months up to today, as the planning
pages' default period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.core.errors import DomainError
from lisko.planning.figures import Filters
from lisko.planning.formatting import suppressed_text

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope
    from lisko.planning.tables import Table

PERCENT = "percent"
NUMBER = "number"


@dataclass(frozen=True)
class Reading:
    """A live value: `value` None when there is nothing to show (no requests, no offers) or when
    the figure is hidden (`suppressed`)."""

    value: Decimal | None
    suppressed: bool = False
    threshold: int = 5

    def text(self, unit: str) -> str:
        from django.utils.formats import number_format

        if self.suppressed:
            return suppressed_text(self.threshold)
        if self.value is None:
            return "–"
        if unit == PERCENT:
            return _("{percent} %").format(
                percent=number_format(self.value, 0, force_grouping=True)
            )
        places = 0 if self.value == self.value.to_integral_value() else 2
        return number_format(self.value, places, force_grouping=True)


# (figure key, filters) → its published table, built once per page.
Tables = dict[tuple[str, Filters], "Table"]


@dataclass(frozen=True)
class IndicatorKind:
    key: str
    label: Promise
    unit: str  # PERCENT or NUMBER
    needs: tuple[str, ...]  # of "language", "municipality", "field_of_action"
    optional: tuple[str, ...]
    read: Callable[[PlanningScope, Mapping[str, Any], Tables], Reading]
    describe: Callable[[Mapping[str, str]], str]  # names of the choices → a sentence


def _table(scope: PlanningScope, key: str, filters: Filters, tables: Tables) -> Table:
    from lisko.planning.figures import figure

    if (key, filters) not in tables:
        tables[key, filters] = figure(key).table(scope, filters)
    return tables[key, filters]


def _cell(table: Table, row_key: str, column_key: str) -> tuple[Any, bool] | None:
    """(value, suppressed) of a published cell; None when the table has no such row."""
    index = next(i for i, column in enumerate(table.columns) if column.key == column_key)
    if row_key == "total":
        row = table.totals
    else:
        row = next((row for row in table.rows if row.key == row_key), None)
    if row is None:
        return None
    cell = row.cells[index]
    return cell.value, cell.suppressed


def _municipality(params: Mapping[str, Any]) -> int | None:
    value = params.get("municipality")
    return int(value) if value not in (None, "") else None


def read_unfilled_share(scope: PlanningScope, params: Mapping[str, Any], tables: Tables) -> Reading:
    """Unfilled requests in a language as a share of the requests in it (in one municipality,
    or the whole region): both counts must be shown for the share to be."""
    table = _table(scope, "interpreting", Filters(municipality_id=_municipality(params)), tables)
    requested = _cell(table, params["language"], "requested")
    unfilled = _cell(table, params["language"], "unfilled")
    if requested is None or unfilled is None:
        return Reading(None, threshold=scope.threshold)
    if requested[1] or unfilled[1]:
        return Reading(None, suppressed=True, threshold=scope.threshold)
    if not requested[0]:
        return Reading(None, threshold=scope.threshold)
    share = Decimal(unfilled[0]) * 100 / Decimal(requested[0])
    return Reading(share.quantize(Decimal("0.1"), ROUND_HALF_UP), threshold=scope.threshold)


def read_free_places(scope: PlanningScope, params: Mapping[str, Any], tables: Tables) -> Reading:
    """Free places of the active offers in a field of action (in one municipality, or the
    whole region), shown where the places taken are shown."""
    table = _table(scope, "offers", Filters(municipality_id=_municipality(params)), tables)
    free = _cell(table, params["field_of_action"], "free")
    if free is None:
        return Reading(None, threshold=scope.threshold)
    if free[1]:
        return Reading(None, suppressed=True, threshold=scope.threshold)
    return Reading(None if free[0] is None else Decimal(free[0]), threshold=scope.threshold)


def _where(names: Mapping[str, str]) -> str:
    return names.get("municipality") or names.get("region", "")


KINDS: dict[str, IndicatorKind] = {
    kind.key: kind
    for kind in (
        IndicatorKind(
            key="unfilled_share",
            label=gettext_lazy("Share of unfilled interpreting requests in a language"),
            unit=PERCENT,
            needs=("language",),
            optional=("municipality",),
            read=read_unfilled_share,
            describe=lambda names: _(
                "Share of unfilled interpreting requests in {language}, {place}"
            ).format(language=names.get("language", ""), place=_where(names)),
        ),
        IndicatorKind(
            key="free_places",
            label=gettext_lazy("Free places of the offers in a field of action"),
            unit=NUMBER,
            needs=("field_of_action",),
            optional=("municipality",),
            read=read_free_places,
            describe=lambda names: _("Free places of the offers in {field}, {place}").format(
                field=names.get("field_of_action", ""), place=_where(names)
            ),
        ),
    )
}


def kind_of(key: str) -> IndicatorKind:
    """The live indicator called `key`; a translated DomainError for any other."""
    try:
        return KINDS[key]
    except KeyError:
        raise DomainError(
            _("Choose an indicator from the list."), code="invalid_indicator"
        ) from None


def live_period(today: dt.date | None = None) -> Any:
    """The period live values are taken over: the twelve months up to today."""
    from lisko.planning.scope import default_period

    return default_period(today)
