"""Who lives where: the clients of the counted organisations by municipality and language, by
year of arrival and by residence status (the residents part of the needs analysis).

A client counts in a period when their case was open at some time in it: created before the
period ends and not closed before it starts. A case closed before Lisko kept the closing date
(inactive, no `closed_at`) counts in no period: when it closed is unknown. Demand is placed
where the client lives (`Client.municipality`)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part, register
from lisko.planning.selectors import language_rows, municipality_rows, sort_key
from lisko.planning.tables import Column, RawTable, Table, publish

if TYPE_CHECKING:
    from lisko.clients.models import Client
    from lisko.planning.scope import PlanningScope

# Language columns of the municipality table: the most frequent, the rest together.
LANGUAGE_COLUMNS = 12
OTHER = "other"
TOTAL = "total"
UNKNOWN_YEAR = "unknown"
NOT_STATED = "not-stated"


def clients_in_period(scope: PlanningScope, filters: Filters | None = None) -> QuerySet[Client]:
    """The clients a scope counts in its period (open at any time in it), narrowed by the
    municipality and language filters."""
    from lisko.clients.models import Client

    start, end = scope.period.bounds()
    clients = Client.objects.filter(
        scope.covers(municipality="municipality_id"),
        Q(closed_at__isnull=True, is_active=True) | Q(closed_at__gte=start),
        created_at__lt=end,
    )
    if filters is not None and filters.municipality_id is not None:
        clients = clients.filter(municipality_id=filters.municipality_id)
    if filters is not None and filters.language is not None:
        clients = clients.filter(preferred_language__code=filters.language)
    return clients


def clients_by_municipality(scope: PlanningScope, filters: Filters) -> Table:
    """Clients by municipality × preferred language, with a total per municipality."""
    counted: Counter[tuple[str, str]] = Counter()
    by_language: Counter[str] = Counter()
    for municipality_id, code, number in (
        clients_in_period(scope, Filters(language=filters.language))
        .values_list("municipality_id", "preferred_language__code")
        .annotate(number=Count("id"))
        .order_by()
    ):
        counted[str(municipality_id), code] += number
        by_language[code] += number
    if filters.language is not None:
        shown = [filters.language]
    else:
        names = dict(language_rows(by_language))
        ranked = sorted(by_language, key=lambda code: (-by_language[code], sort_key(names[code])))
        shown = ranked[:LANGUAGE_COLUMNS]
    names = dict(language_rows(shown))
    has_other = len(by_language) > len(shown) and filters.language is None
    parts = [*shown, *([OTHER] if has_other else [])]
    columns = [Column(code, names[code]) for code in shown]
    if has_other:
        columns.append(Column(OTHER, _("Other languages")))
    columns.append(Column(TOTAL, _("Total")))
    rows = municipality_rows(scope)
    counts: dict[tuple[str, str], int] = {}
    for row_key, _label in rows:
        for part in parts:
            counts[row_key, part] = 0
        counts[row_key, TOTAL] = 0
    for (row_key, code), number in counted.items():
        if (row_key, TOTAL) not in counts:  # cannot happen: clients are counted in the scope
            continue
        part = code if code in shown else OTHER
        counts[row_key, part] += number
        counts[row_key, TOTAL] += number
    return publish(
        RawTable(
            key="clients-by-municipality",
            title=_("Clients by municipality and language"),
            row_heading=_("Municipality"),
            columns=columns,
            rows=rows,
            counts=counts,
            row_total_column=TOTAL,
            row_parts=tuple(parts),
            note=_(
                "Clients with an open case at any time in the period, by where they live and "
                "the language they prefer."
            ),
        ),
        threshold_=scope.threshold,
    )


def clients_by_arrival_year(scope: PlanningScope, filters: Filters) -> Table:
    """Clients by the year they arrived; every year from the first to the last, then unknown."""
    by_year: dict[int | None, int] = {
        year: number
        for year, number in clients_in_period(scope, filters)
        .annotate(year=ExtractYear("arrival_date"))
        .values_list("year")
        .annotate(number=Count("id"))
        .values_list("year", "number")
        .order_by()
    }
    known = [year for year in by_year if year is not None]
    years = list(range(min(known), max(known) + 1)) if known else []
    rows = [(str(year), str(year)) for year in years] + [(UNKNOWN_YEAR, _("Not known"))]
    counts = {(str(year), TOTAL): by_year.get(year, 0) for year in years}
    counts[UNKNOWN_YEAR, TOTAL] = by_year.get(None, 0)
    return publish(
        RawTable(
            key="clients-by-arrival-year",
            title=_("Clients by year of arrival"),
            row_heading=_("Year of arrival"),
            columns=[Column(TOTAL, _("Clients"))],
            rows=rows,
            counts=counts,
            note=_(
                "Clients with an open case at any time in the period, by the year they arrived."
            ),
        ),
        threshold_=scope.threshold,
    )


def clients_by_residence_status(scope: PlanningScope, filters: Filters) -> Table:
    """Clients by residence status, every status listed, then those without one."""
    from lisko.clients.models import ResidenceStatus

    by_status = dict(
        clients_in_period(scope, filters)
        .values_list("residence_status")
        .annotate(number=Count("id"))
        .values_list("residence_status", "number")
        .order_by()
    )
    rows = [(str(status.value), str(status.label)) for status in ResidenceStatus]
    rows.append((NOT_STATED, _("Not stated")))
    counts = {
        (str(status.value), TOTAL): by_status.get(status.value, 0) for status in ResidenceStatus
    }
    # An unknown stored value (a status since retired) counts as not stated.
    counts[NOT_STATED, TOTAL] = sum(
        number for status, number in by_status.items() if status not in ResidenceStatus.values
    )
    return publish(
        RawTable(
            key="clients-by-residence-status",
            title=_("Clients by residence status"),
            row_heading=_("Residence status"),
            columns=[Column(TOTAL, _("Clients"))],
            rows=rows,
            counts=counts,
            note=_(
                "Clients with an open case at any time in the period, by their residence status."
            ),
        ),
        threshold_=scope.threshold,
    )


register(
    Figure(
        key="clients-by-municipality",
        part=Part.NEEDS,
        title=gettext_lazy("Clients by municipality and language"),
        build=clients_by_municipality,
        charts=(
            ChartSpec(ChartKind.MAP, (TOTAL,)),
            # The language columns differ by scope: an empty tuple draws every part column.
            ChartSpec(ChartKind.HEAT, ()),
        ),
        filters=frozenset({"language"}),
    )
)
register(
    Figure(
        key="clients-by-arrival-year",
        part=Part.NEEDS,
        title=gettext_lazy("Clients by year of arrival"),
        build=clients_by_arrival_year,
        charts=(ChartSpec(ChartKind.BAR, (TOTAL,)),),
        filters=frozenset({"municipality_id", "language"}),
    )
)
register(
    Figure(
        key="clients-by-residence-status",
        part=Part.NEEDS,
        title=gettext_lazy("Clients by residence status"),
        build=clients_by_residence_status,
        charts=(ChartSpec(ChartKind.BAR, (TOTAL,)),),
        filters=frozenset({"municipality_id", "language"}),
    )
)
