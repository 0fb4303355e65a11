"""Welcome conversation coverage: of the newcomers who arrived in the period, how many had their
welcome conversation within the weeks their programme aims at (its `weeks_target`).

A newcomer counts where they live (`Client.municipality`) for the organisation that runs the
programme, in the period their arrival date falls in. Each newcomer is in exactly one of three
columns: had the conversation in time; still within the weeks (no conversation yet, the
weeks not over by today); not in time (held later, or not held and the weeks are over). The
share is in time / (in time + not in time): those still within their weeks are left out, as
nobody knows yet how they will count.

The same counting serves the planner (`welcome_coverage`, a needs-analysis figure) and the
integration officer (`welcome_coverage_for_officer`, the officer's own organisation in their
municipalities); both go through `publish`, so no cell below the threshold is ever shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part, register
from lisko.planning.selectors import municipality_rows, sort_key
from lisko.planning.tables import Column, Measure, RawTable, Table, publish, threshold

if TYPE_CHECKING:
    from lisko.planning.scope import Period, PlanningScope

NEWCOMERS = "newcomers"
IN_TIME = "in_time"
WAITING = "waiting"
LATE = "late"
SHARE = "share"
PARTS = (IN_TIME, WAITING, LATE)


def _columns() -> list[Column]:
    return [
        Column(NEWCOMERS, _("Newcomers arrived")),
        Column(IN_TIME, _("Conversation in time")),
        Column(WAITING, _("Still within the weeks")),
        Column(LATE, _("Not in time")),
        Column(
            SHARE,
            _("Share in time"),
            measure=Measure.RATE,
            count_column=IN_TIME,
            count_columns=(LATE,),
        ),
    ]


def _outcome(arrival: dt.date, held_on: dt.date | None, weeks: int, today: dt.date) -> str:
    """In which column one newcomer counts."""
    due = arrival + dt.timedelta(weeks=weeks)
    if held_on is not None and held_on <= due:
        return IN_TIME
    if held_on is None and due >= today:
        return WAITING
    return LATE


def _coverage_table(
    *,
    covers: Q,
    period: Period,
    rows: Sequence[tuple[str, str]],
    limit: int,
    language: str | None = None,
    today: dt.date | None = None,
) -> Table:
    from lisko.welcome.models import WelcomeCase

    today = today or timezone.localdate()
    cases = WelcomeCase.objects.filter(
        covers,
        client__arrival_date__gte=period.start,
        client__arrival_date__lte=period.end,
    )
    if language is not None:
        cases = cases.filter(client__preferred_language__code=language)
    counted: Counter[tuple[str, str]] = Counter()
    for municipality_id, arrival, held_on, weeks in cases.values_list(
        "client__municipality_id", "client__arrival_date", "held_on", "programme__weeks_target"
    ):
        if arrival is None:  # cannot happen: the filter asks for an arrival in the period
            continue
        row = str(municipality_id)
        counted[row, _outcome(arrival, held_on, weeks, today)] += 1
        counted[row, NEWCOMERS] += 1
    counts: dict[tuple[str, str], int] = {}
    values: dict[tuple[str, str], float | None] = {}
    bases: dict[tuple[str, str], int] = {}
    totals: Counter[str] = Counter()
    for row_key, _label in rows:
        for column in (NEWCOMERS, *PARTS):
            counts[row_key, column] = counted[row_key, column]
            totals[column] += counted[row_key, column]
    for row_key in [key for key, _label in rows] + ["total"]:
        source = totals if row_key == "total" else {c: counts[row_key, c] for c in PARTS}
        base = source[IN_TIME] + source[LATE]
        values[row_key, SHARE] = source[IN_TIME] / base if base else None
        bases[row_key, SHARE] = base
    return publish(
        RawTable(
            key="welcome-coverage",
            title=_("Welcome conversations within the target weeks"),
            row_heading=_("Municipality"),
            columns=_columns(),
            rows=rows,
            counts=counts,
            values=values,
            bases=bases,
            row_total_column=NEWCOMERS,
            row_parts=PARTS,
            note=_(
                "Newcomers registered for a welcome programme who arrived in the period, by "
                "where they live: whether they had their welcome conversation within the weeks "
                "their programme aims at. The share leaves out those whose weeks are not over."
            ),
        ),
        threshold_=limit,
    )


def welcome_coverage(scope: PlanningScope, filters: Filters) -> Table:
    """Coverage of welcome conversations per municipality of the scope (a needs figure)."""
    covers = scope.covers(
        municipality="client__municipality_id", organisation="client__organisation_id"
    )
    if filters.municipality_id is not None:
        covers &= Q(client__municipality_id=filters.municipality_id)
    return _coverage_table(
        covers=covers,
        period=scope.period,
        rows=municipality_rows(scope, filters),
        limit=scope.threshold,
        language=filters.language,
    )


def welcome_coverage_for_officer(
    *, user: Any, period: Period, today: dt.date | None = None
) -> Table | None:
    """Coverage in the officer's municipalities, of the welcome programmes their own
    organisation runs there; None for someone who is no integration officer, or whose office
    runs no welcome programme in them."""
    from lisko.access import access_of, roles
    from lisko.access.rules import officer_municipality_ids
    from lisko.places.models import Municipality

    access = access_of(user)
    municipalities = officer_municipality_ids(access)
    organisations = access.organisations(roles.MUNICIPAL_PROGRAMMES)
    if not municipalities or not organisations:
        return None
    from lisko.welcome.models import WelcomeProgramme

    if not WelcomeProgramme.objects.filter(
        organisation_id__in=organisations, municipality_id__in=municipalities
    ).exists():
        return None
    rows = sorted(
        (
            (str(pk), name)
            for pk, name in Municipality.objects.filter(pk__in=municipalities).values_list(
                "pk", "name"
            )
        ),
        key=lambda row: sort_key(row[1]),
    )
    return _coverage_table(
        covers=Q(
            client__organisation_id__in=organisations,
            client__municipality_id__in=municipalities,
        ),
        period=period,
        rows=rows,
        limit=threshold(),
        today=today,
    )


register(
    Figure(
        key="welcome-coverage",
        part=Part.NEEDS,
        title=gettext_lazy("Welcome conversations within the target weeks"),
        build=welcome_coverage,
        charts=(ChartSpec(ChartKind.BAR, (SHARE,)),),
        filters=frozenset({"municipality_id", "language"}),
    )
)
