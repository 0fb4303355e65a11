"""Every planning figure by key: what it is called, in which part it belongs, how it is drawn,
and the function that counts it. Pages, exports, the API and the social report list figures
from here, so a figure added here appears everywhere, always as a published `Table`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from lisko.core.errors import NotFound

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope
    from lisko.planning.tables import Table


class Part(StrEnum):
    STOCK_TAKE = "stock-take"
    NEEDS = "needs"


class ChartKind(StrEnum):
    BAR = "bar"  # one bar per row, of `column`
    LINE = "line"  # rows are ISO weeks or months in order; one line per column in `columns`
    MAP = "map"  # rows are municipalities (row key = municipality id); symbol size = `column`
    HEAT = "heat"  # rows × COUNT columns as a heat table (language × municipality)


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    columns: tuple[str, ...]  # the column keys drawn


@dataclass(frozen=True)
class Filters:
    """A drill-down within the scope: one municipality, one language, one field of action.

    Checked by `check_filters` (lisko/planning/selectors.py): a municipality outside the scope
    or an unknown language or field of action is NotFound."""

    municipality_id: int | None = None
    language: str | None = None  # ISO 639-3 code
    field_of_action: str | None = None  # FieldOfAction.key


@dataclass(frozen=True)
class Figure:
    key: str
    part: Part
    title: Promise
    build: Callable[[PlanningScope, Filters], Table]
    charts: tuple[ChartSpec, ...] = ()
    filters: frozenset[str] = frozenset()  # which Filters fields narrow this figure

    def table(self, scope: PlanningScope, filters: Filters | None = None) -> Table:
        """The published table, kept or built now (lisko/planning/published.py): what every
        page, export, the API and the social report read; `build` counts afresh."""
        from lisko.planning import published

        return published.table(self, scope, filters or Filters())


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in FIGURES:
        raise ValueError(f"Two planning figures are called {figure.key!r}.")
    FIGURES[figure.key] = figure
    return figure


def figure(key: str) -> Figure:
    """The figure called `key`; NotFound for any other key."""
    _load()
    try:
        return FIGURES[key]
    except KeyError:
        raise NotFound() from None


def figures_of(part: Part) -> list[Figure]:
    _load()
    return [figure for figure in FIGURES.values() if figure.part == part]


def all_figures() -> list[Figure]:
    _load()
    return list(FIGURES.values())


def _load() -> None:
    # The figures register themselves when their modules are imported.
    from lisko.planning import (  # noqa: F401
        interpreting,
        progress,
        referrals,
        residents,
        stocktake,
        welcome,
    )


@dataclass(frozen=True)
class Gap:
    """A place where demand goes unmet, ranked by `weight` (larger first), with the figures
    that show it (sentences built from published cells only) and what could be done."""

    kind: str  # "interpreters_missing", "switch_to_remote", "offer_missing", "waiting_list",
    # "key_persons_missing", ...
    weight: float
    title: str
    evidence: tuple[str, ...]
    action: str
    municipality_id: int | None = None
    language: str | None = None
    field_of_action: str | None = None
