"""Which languages a network covers, against the languages of the newcomers living in its
municipality: the needs analysis's count of clients by preferred language, published through
lisko.planning.tables (small cells hidden, "fewer than N"), never a person.

The newcomers counted are those the needs analysis counts for the municipality's planners: the
clients, with a case open in the twelve months up to today, of the organisations whose sharing
agreement for a region around the municipality is in force today. An organisation that shares
nothing is not counted, whoever reads the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import gettext as _

from lisko.planning.scope import PlanningScope, Share, default_period
from lisko.planning.selectors import language_rows, sort_key
from lisko.planning.tables import Cell, Column, RawTable, Table, publish, threshold

if TYPE_CHECKING:
    from lisko.networks.models import KeyPersonNetwork

NEWCOMERS = "newcomers"


@dataclass(frozen=True)
class LanguageNeed:
    code: str
    name: str
    newcomers: Cell  # hidden when fewer than the threshold (or hidden with such a cell)
    covered: bool


@dataclass(frozen=True)
class Coverage:
    covered: tuple[tuple[str, str], ...]  # (code, name) spoken by an active member
    needs: tuple[LanguageNeed, ...]  # the newcomers' languages, most frequent first
    total: Cell
    threshold: int

    @property
    def gaps(self) -> tuple[LanguageNeed, ...]:
        """Languages newcomers prefer that no active member speaks."""
        return tuple(need for need in self.needs if not need.covered)

    @property
    def has_suppressed(self) -> bool:
        return any(need.newcomers.suppressed for need in self.needs) or self.total.suppressed


def newcomer_scope(municipality_id: int, region_id: int, today: dt.date) -> PlanningScope:
    """The needs analysis's scope for one municipality: the organisations sharing with a
    region around it (or with its own region) today."""
    from lisko.places.selectors import region_tree
    from lisko.planning.models import SharingAgreement, in_force

    tree = region_tree()
    around = [region.pk for region in tree.ancestors(region_id)]
    organisations = sorted(
        set(
            SharingAgreement.objects.filter(in_force(today), region_id__in=around).values_list(
                "organisation_id", flat=True
            )
        )
    )
    municipalities = frozenset({municipality_id})
    region = tree.get(region_id)
    assert region is not None
    return PlanningScope(
        region=region,
        trail=(region,),
        children=(),
        municipality_ids=municipalities,
        shares=tuple(
            Share(organisation_id=pk, municipality_ids=municipalities) for pk in organisations
        ),
        period=default_period(today),
        threshold=threshold(),
        as_planner=True,
    )


def newcomers_by_language(scope: PlanningScope) -> Table:
    """The clients of the scope by preferred language, published (small cells hidden)."""
    from lisko.planning.residents import clients_in_period

    counted = {
        code: number
        for code, number in clients_in_period(scope)
        .values_list("preferred_language__code")
        .annotate(number=Count("id"))
        .order_by()
        .values_list("preferred_language__code", "number")
    }
    names = dict(language_rows(counted))
    ordered = sorted(counted, key=lambda code: (-counted[code], sort_key(names[code])))
    return publish(
        RawTable(
            key="newcomers-by-language",
            title=_("Newcomers by language"),
            row_heading=_("Language"),
            columns=[Column(NEWCOMERS, _("Newcomers"))],
            rows=[(code, names[code]) for code in ordered],
            counts={(code, NEWCOMERS): counted[code] for code in ordered},
        ),
        threshold_=scope.threshold,
    )


def coverage_of(
    network: KeyPersonNetwork, *, spoken: set[str], covering: set[str], today: dt.date
) -> Coverage:
    """The network's languages against those of the newcomers in its municipality: `spoken`
    by its active members, `covering` those and the macrolanguages of their varieties."""
    municipality = network.municipality
    table = newcomers_by_language(newcomer_scope(municipality.pk, municipality.region_id, today))
    needs = tuple(
        LanguageNeed(
            code=row.key, name=row.label, newcomers=row.cells[0], covered=row.key in covering
        )
        for row in table.rows
    )
    return Coverage(
        covered=tuple(language_rows(spoken)),
        needs=needs,
        total=table.totals.cells[0] if table.totals else Cell(0),
        threshold=table.threshold,
    )
