"""Published tables kept ready, so that a planning page reads its figures instead of counting
them (docs/planning-benchmark.md: building every figure of a region takes seconds, the page
target is 300 ms).

What is kept is only what `publish` let through, small cells already hidden, under a digest of
everything that decides it: the region, the organisations and municipalities counted (so a
withdrawn sharing agreement, which changes them, never reads a table kept from before), the
period, the filters, the threshold, the language and the time zone. A kept table is at most
`kept_seconds()` old; the page says from when its figures are. Beat rebuilds the tables of
every region a planner plans for, in the planners' languages, before they grow old, so those
pages never wait (`refresh_planner_regions`); everything else is kept on first read.

Within one request or one job (`one_build_each`) a figure is built at most once: the overview
and the gap list read the same figures several times. Both stores are on the Django cache
(Redis in production, a folder of files in the demo): losing it costs time, not figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from lisko.core.errors import NotFound

if TYPE_CHECKING:
    from lisko.planning.figures import Figure, Filters
    from lisko.planning.scope import PlanningScope
    from lisko.planning.tables import Table

logger = logging.getLogger(__name__)

# Change with anything that changes what a figure's table holds for the same data.
STORE_VERSION: Final = 1


def kept_seconds() -> int:
    """How old a kept table may be; 0 keeps nothing between requests."""
    return int(settings.LISKO_PLANNING_KEPT_SECONDS)


@dataclass(frozen=True)
class _Kept:
    value: object
    built_at: dt.datetime


class _Request:
    def __init__(self, *, fresh: bool = False) -> None:
        self.built: dict[str, _Kept] = {}
        self.oldest: dt.datetime | None = None
        self.fresh = fresh  # build everything now, whatever is kept
        self.asked: set[_Asked] = set()  # drill-downs noted for beat in this request


_current: ContextVar[_Request | None] = ContextVar("lisko_planning_request", default=None)


@contextmanager
def one_build_each(*, fresh: bool = False) -> Iterator[None]:
    """Within the block, each figure (or gap list) of a scope is built at most once; `fresh`:
    built now, not read from what is kept (and kept anew)."""
    if _current.get() is not None and not fresh:
        yield
        return
    token = _current.set(_Request(fresh=fresh))
    try:
        yield
    finally:
        _current.reset(token)


def figures_as_of() -> dt.datetime | None:
    """When the oldest kept figure read in this request was built (None: all built now)."""
    request = _current.get()
    return request.oldest if request is not None else None


def table(figure: Figure, scope: PlanningScope, filters: Filters) -> Table:
    """The published table of `figure` for the scope and filters, kept or built now."""
    return _kept(f"figure:{figure.key}", scope, filters, lambda: figure.build(scope, filters))


def kept[T](name: str, scope: PlanningScope, filters: Filters, build: Callable[[], T]) -> T:
    """Another result made only of published tables (the gap list), kept like a table."""
    return _kept(name, scope, filters, build)


def _kept[T](name: str, scope: PlanningScope, filters: Filters, build: Callable[[], T]) -> T:
    key = _key(name, scope, filters)
    request = _current.get()
    if request is not None and not request.fresh:
        _note_asked(request, scope, filters)
    if request is not None and key in request.built:
        return request.built[key].value  # type: ignore[return-value]
    found = None if request is not None and request.fresh else _stored(key)
    if found is None:
        found = _Kept(value=build(), built_at=timezone.now())
        _store(key, found)
    elif request is not None and (request.oldest is None or found.built_at < request.oldest):
        request.oldest = found.built_at
    if request is not None:
        request.built[key] = found
    return found.value  # type: ignore[return-value]


def _stored(key: str) -> _Kept | None:
    seconds = kept_seconds()
    if seconds <= 0:
        return None
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down costs time, not the page
        logger.warning("The planning store could not be read.", exc_info=True)
        return None
    if not isinstance(found, _Kept):
        return None
    if found.built_at < timezone.now() - dt.timedelta(seconds=seconds):
        return None
    return found


def _store(key: str, found: _Kept) -> None:
    seconds = kept_seconds()
    if seconds <= 0:
        return
    try:
        cache.set(key, found, seconds)
    except Exception:  # noqa: BLE001
        logger.warning("The planning store could not be written.", exc_info=True)


def _key(name: str, scope: PlanningScope, filters: Filters) -> str:
    counted = (
        scope.region.pk,
        tuple(region.pk for region in scope.children),
        tuple(sorted(scope.municipality_ids)),
        tuple(
            (share.organisation_id, tuple(sorted(share.municipality_ids))) for share in scope.shares
        ),
        scope.period.start.isoformat(),
        scope.period.end.isoformat(),
        scope.threshold,
    )
    parts = (
        STORE_VERSION,
        name,
        counted,
        (filters.municipality_id, filters.language, filters.field_of_action),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"lisko:planning:{digest}"


# -- drill-downs planners use --------------------------------------------------------------------

# A drill-down (a municipality, a language, a field of action, another period) a planner looked
# at: region, period, filters, language. Counting one takes seconds at scale, so beat counts
# again those asked for in the last ASKED_HOURS, the most recent ASKED_LIMIT of them, and a
# planner coming back to one does not wait. Nothing of a person is in it.
type _Asked = tuple[int, str, str, int | None, str | None, str | None, str]

ASKED_KEY: Final = "lisko:planning:asked"
ASKED_HOURS: Final = 8
ASKED_LIMIT: Final = 8


def _note_asked(request: _Request, scope: PlanningScope, filters: Filters) -> None:
    from lisko.planning.figures import Filters
    from lisko.planning.scope import default_period

    if not scope.as_planner or kept_seconds() <= 0:
        return  # a coordinator's own figures: beat counts a region's planners' scope only
    if filters == Filters() and scope.period in (default_period(), default_period().previous()):
        return  # what beat counts anyway
    asked: _Asked = (
        scope.region.pk,
        scope.period.start.isoformat(),
        scope.period.end.isoformat(),
        filters.municipality_id,
        filters.language,
        filters.field_of_action,
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    if asked in request.asked:
        return
    request.asked.add(asked)
    try:
        noted: dict[_Asked, dt.datetime] = cache.get(ASKED_KEY) or {}
        noted[asked] = timezone.now()
        recent = sorted(noted.items(), key=lambda item: item[1], reverse=True)[:ASKED_LIMIT]
        cache.set(ASKED_KEY, dict(recent), ASKED_HOURS * 3600)
    except Exception:  # noqa: BLE001 - a cache that is down costs time, not the page
        logger.warning("The planning store could not note a drill-down.", exc_info=True)


def asked_drill_downs(*, now: dt.datetime | None = None) -> list[_Asked]:
    """The drill-downs planners asked for in the last ASKED_HOURS, the most recent first."""
    since = (now or timezone.now()) - dt.timedelta(hours=ASKED_HOURS)
    try:
        noted: dict[_Asked, dt.datetime] = cache.get(ASKED_KEY) or {}
    except Exception:  # noqa: BLE001
        logger.warning("The planning store could not be read.", exc_info=True)
        return []
    recent = sorted(noted.items(), key=lambda item: item[1], reverse=True)
    return [asked for asked, at in recent if at >= since][:ASKED_LIMIT]


def refresh_drill_down(asked: _Asked, *, today: dt.date | None = None) -> int:
    """Count again, and keep, every figure of a drill-down planners asked for; 0 when the
    region, municipality, language or field of action is no longer in a planner's scope."""
    from lisko.planning.figures import Filters, all_figures
    from lisko.planning.scope import Period, planner_scope
    from lisko.planning.selectors import check_filters

    region_id, start, end, municipality_id, language_code, field_of_action, language = asked
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    filters = Filters(
        municipality_id=municipality_id, language=language_code, field_of_action=field_of_action
    )
    kept_now = 0
    try:
        scope = planner_scope(region_id, period, today=today)
        filters = check_filters(scope, filters)
    except NotFound:
        return 0
    with translation.override(language), one_build_each(fresh=True):
        for shown in all_figures():
            try:
                table(shown, scope, filters)
            except NotFound:
                continue
            kept_now += 1
    return kept_now


# -- beat ----------------------------------------------------------------------------------------


def refresh(scope: PlanningScope, *, language: str) -> int:
    """Build again, and keep, what the overview and the part pages read for the scope: every
    figure of the period, the headline figures of the period before (the trends) and the gap
    list. Returns how many were kept."""
    from lisko.planning.figures import Filters, all_figures
    from lisko.planning.gaps import ranked_gaps
    from lisko.planning.headlines import headline_figure_keys

    whole = Filters()
    previous = scope.with_period(scope.period.previous())
    trends = set(headline_figure_keys())
    kept_now = 0
    with translation.override(language), one_build_each(fresh=True):
        for shown in all_figures():
            for counted in (scope, previous) if shown.key in trends else (scope,):
                try:
                    table(shown, counted, whole)
                except NotFound:
                    continue
                kept_now += 1
        ranked_gaps(scope)
        kept_now += 1
    return kept_now


def refresh_planner_regions(*, today: dt.date | None = None) -> int:
    """`refresh` for every region a planner plans for, in the default period and in each
    language its planners read, then the drill-downs planners asked for lately
    (`asked_drill_downs`); returns how many tables were kept. Run by beat."""
    from lisko.organisations.models import Role
    from lisko.planning.models import PlannerRegion
    from lisko.planning.scope import default_period, planner_scope

    languages: dict[int, set[str]] = {}
    for region_id, language in PlannerRegion.objects.filter(
        membership__role=Role.PLANNER, membership__user__is_active=True
    ).values_list("region_id", "membership__user__language"):
        languages.setdefault(region_id, set()).add(language or settings.LANGUAGE_CODE)
    period = default_period(today)
    kept_now = 0
    for region_id, spoken in sorted(languages.items()):
        try:
            scope = planner_scope(region_id, period, today=today)
        except NotFound:
            continue
        for language in sorted(spoken):
            kept_now += refresh(scope, language=language)
    for asked in asked_drill_downs():
        kept_now += refresh_drill_down(asked, today=today)
    return kept_now
