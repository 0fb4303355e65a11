"""Where the planning pages link to: the tabs, trail, child regions and period presets of a
region's page, and the links that narrow a page to a municipality, language or field of action.

Works on the `PlanningScope` the view built; never queries (the figure registry is code)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from lisko.core.errors import NotFound
from lisko.planning.figures import Filters, Part, figure
from lisko.planning.scope import Period, PlanningScope, default_period
from web.planning.presenters import TOTAL_COLUMN, page_query, region_url
from web.programmes.links import programme_tabs

# The page of each part of the figures.
PART_PAGES = {Part.STOCK_TAKE: "stock_take", Part.NEEDS: "needs"}
TABS = (
    ("region", _("Overview")),
    ("stock_take", _("Stock-take")),
    ("needs", _("Needs")),
    ("gaps", _("Gaps")),
    ("reports", _("Social reports")),
    ("plans", _("Region plans")),
)
# Row and column keys that stand for no single municipality, language or field of action (a
# total, the rest, what nobody stated): nothing to narrow to.
NOT_NARROWING = frozenset({TOTAL_COLUMN, "other", "unknown", "not-stated"})


def region_page(scope: PlanningScope, filters: Filters, page: str) -> dict[str, Any]:
    """What every page of a region shows: the trail, the children, the period, the tabs."""
    period = scope.period
    query = page_query(period, filters)
    period_only = page_query(period, Filters())
    region_id = scope.region.pk
    return {
        "scope": scope,
        "region": scope.region,
        "period": period,
        "filters": filters,
        "query": query,
        "page": page,
        "rtl": get_language_bidi(),
        "trail": [
            (region, region_url(page, region.pk, period_only)) for region in scope.trail[:-1]
        ],
        "children": [
            (region, region_url("region", region.pk, period_only)) for region in scope.children
        ],
        "tabs": [
            (name, str(label), region_url(name, region_id, query))
            for name, label in TABS
            # Region plans are a planner's: a coordinator looking at their own figures has none.
            if name != "plans" or scope.as_planner
        ]
        + programme_tabs(scope),
        "presets": presets(page, region_id, filters),
        "threshold": scope.threshold,
    }


def presets(
    page: str, region_id: int, filters: Filters, *, today: dt.date | None = None
) -> list[tuple[str, str]]:
    """Periods one click away: the twelve months to today, last calendar year, this year, the
    five calendar years before this one."""
    today = today or timezone.localdate()
    periods = (
        (_("Last 12 months"), default_period(today)),
        (_("Last year"), Period(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))),
        (_("This year"), Period(dt.date(today.year, 1, 1), today)),
        (
            _("Last five years"),
            Period(dt.date(today.year - 5, 1, 1), dt.date(today.year - 1, 12, 31)),
        ),
    )
    return [
        (str(label), region_url(page, region_id, page_query(period, filters)))
        for label, period in periods
    ]


def narrowing_url(scope: PlanningScope, filters: Filters, page: str) -> Callable[[str, str], str]:
    """`url(kind, key)`: the page narrowed to that municipality, language or field of action;
    "" for a key that stands for none, or a municipality outside the scope."""
    municipality_ids = {str(pk) for pk in scope.municipality_ids}
    # Once, not per row: a region's tables link thousands of rows and columns.
    page_url = region_url(page, scope.region.pk)

    def url(kind: str, key: str) -> str:
        if not key or key in NOT_NARROWING:
            return ""
        if kind == "municipality" and key not in municipality_ids:
            return ""
        return page_url + page_query(scope.period, filters, **{kind: key})

    return url


def map_link(scope: PlanningScope) -> Callable[[str], str]:
    """A municipality of a map opens the needs analysis narrowed to it."""
    narrow = narrowing_url(scope, Filters(), "needs")
    return lambda key: narrow("municipality", key)


def remove_filter_url(scope: PlanningScope, filters: Filters, page: str) -> Callable[[str], str]:
    """`url(kind)`: the same page without that filter."""

    def url(kind: str) -> str:
        return region_url(page, scope.region.pk, page_query(scope.period, filters, **{kind: None}))

    return url


def figure_url(scope: PlanningScope, key: str, query: str) -> str:
    """The figure on its page (stock-take or needs), at its section."""
    try:
        part = figure(key).part
    except NotFound:
        return ""
    return region_url(PART_PAGES[part], scope.region.pk, query) + f"#{key}"


def gap_url(scope: PlanningScope) -> Callable[[Filters], str]:
    """A gap opens the needs analysis narrowed to its place, language or field of action."""

    def url(filters: Filters) -> str:
        return region_url("needs", scope.region.pk, page_query(scope.period, filters))

    return url


def export_url(scope: PlanningScope, key: str, file_format: str, query: str) -> str:
    return (
        reverse(f"planning:table_{file_format}", kwargs={"region_id": scope.region.pk, "key": key})
        + query
    )


def table_url(scope: PlanningScope, key: str, query: str) -> str:
    """The figure's table alone, for the period and filters of the page it unfolds on."""
    return reverse("planning:table", kwargs={"region_id": scope.region.pk, "key": key}) + query


def reports_url(scope: PlanningScope) -> str:
    return region_url("reports", scope.region.pk, page_query(scope.period, Filters()))
