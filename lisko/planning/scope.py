"""Whose data a planning figure counts, about which places and which days: a `PlanningScope`.

Decided here once for pages, exports, the social report and the API. A planner sees the
regions assigned to them and everything inside them, and counts only the data of organisations
whose sharing agreement for (a part of) the region is in force today; an agreement withdrawn
or expired stops counting at once. A coordinator sees the same figures for their own
organisation, in any region. Anyone else, or a region outside that, gets NotFound.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import Access, access_of, roles
from lisko.core.errors import DomainError, NotFound
from lisko.planning.tables import threshold

if TYPE_CHECKING:
    from lisko.places.models import Region
    from lisko.places.selectors import RegionTree

# The earliest day a period may start: Lisko holds nothing older. The longest period: a social
# plan is renewed every five years; two plans side by side still fit.
FIRST_DAY = dt.date(2000, 1, 1)
LONGEST_PERIOD_DAYS = 10 * 366


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one, for trends."""
        end = self.start - dt.timedelta(days=1)
        return Period(start=end - dt.timedelta(days=self.days - 1), end=end)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[first moment, first moment after) in the current time zone, for datetime fields."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end


def default_period(today: dt.date | None = None) -> Period:
    """The twelve months up to today."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + dt.timedelta(days=1)
    return Period(start=start, end=today)


def parse_period(start: str | None, end: str | None, *, today: dt.date | None = None) -> Period:
    """The period asked for as ISO dates (either may be missing: the default fills it in).

    Refuses, with a translated DomainError, a malformed date, an end before the start, a start
    before 2000 or more than a year ahead, and a period longer than ten years."""
    today = today or timezone.localdate()
    default = default_period(today)
    first = _parse_day(start) if start else None
    last = _parse_day(end) if end else None
    if first and not last:
        last = min(today, first + dt.timedelta(days=default.days - 1))
        last = max(last, first)
    if last and not first:
        first = last - dt.timedelta(days=default.days - 1)
    period = Period(start=first or default.start, end=last or default.end)
    latest = today + dt.timedelta(days=366)
    if period.start < FIRST_DAY or period.end > latest:
        raise DomainError(
            _("Choose a period between {first} and {last}.").format(
                first=FIRST_DAY.isoformat(), last=latest.isoformat()
            ),
            code="period_out_of_range",
        )
    if period.end < period.start:
        raise DomainError(_("The period ends before it starts."), code="period_reversed")
    if period.days > LONGEST_PERIOD_DAYS:
        raise DomainError(_("A period can be at most ten years long."), code="period_too_long")
    return period


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise DomainError(
            _("Enter dates as year-month-day, for example 2026-01-31."), code="invalid_date"
        ) from None


@dataclass(frozen=True)
class Share:
    """One organisation's data that a scope counts: about these municipalities only."""

    organisation_id: int
    municipality_ids: frozenset[int]


@dataclass(frozen=True)
class PlanningScope:
    region: Region
    trail: tuple[Region, ...]  # from the highest region the person may open down to `region`
    children: tuple[Region, ...]
    municipality_ids: frozenset[int]
    shares: tuple[Share, ...]
    period: Period
    threshold: int
    as_planner: bool  # False: a coordinator looking at their own organisation

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(share.organisation_id for share in self.shares)

    def covers(self, *, municipality: str, organisation: str = "organisation_id") -> Q:
        """The rows this scope counts, for a model whose organisation and municipality are
        reached through the given field paths (e.g. municipality="client__municipality_id")."""
        covered = Q(pk__in=[])
        for share in self.shares:
            covered |= Q(
                **{
                    organisation: share.organisation_id,
                    f"{municipality}__in": share.municipality_ids,
                }
            )
        return covered

    def with_period(self, period: Period) -> PlanningScope:
        return PlanningScope(
            region=self.region,
            trail=self.trail,
            children=self.children,
            municipality_ids=self.municipality_ids,
            shares=self.shares,
            period=period,
            threshold=self.threshold,
            as_planner=self.as_planner,
        )


def may_plan(user: Any) -> bool:
    """Whether the person opens the planning pages at all."""
    return plans(access_of(user))


def plans(access: Access) -> bool:
    """Whether this access opens the planning pages at all (`may_plan`)."""
    return bool(access.planning_regions) or access.holds(roles.PLANNING_OWN_ORGANISATION)


def entry_regions(user: Any) -> list[Region]:
    """The regions a person starts from: a planner's assigned regions; for a coordinator, the
    regions (one level below the country) where their organisations' clients live."""
    from lisko.clients.models import Client
    from lisko.places.models import Region
    from lisko.places.selectors import region_tree

    access = access_of(user)
    ids = set(access.planning_regions)
    own = access.organisations(roles.PLANNING_OWN_ORGANISATION)
    if own:
        tree = region_tree()
        lived_in = (
            Client.objects.filter(organisation_id__in=own)
            .values_list("municipality__region_id", flat=True)
            .distinct()
        )
        for region_id in lived_in:
            trail = tree.ancestors(region_id)
            ids.add(trail[1].pk if len(trail) > 1 else trail[0].pk)
    return list(Region.objects.filter(pk__in=ids).order_by("country", "name"))


def scope_for(
    user: Any, region_id: int, period: Period, *, today: dt.date | None = None
) -> PlanningScope:
    """The scope of `user` in a region; NotFound when the region is not theirs to see."""
    from lisko.places.selectors import region_tree

    access = access_of(user)
    tree = region_tree()
    if tree.get(region_id) is None:
        raise NotFound()
    ancestor_ids = [r.pk for r in tree.ancestors(region_id)]
    assigned = [pk for pk in ancestor_ids if pk in access.planning_regions]
    own = access.organisations(roles.PLANNING_OWN_ORGANISATION)
    if not assigned and not own:
        raise NotFound()
    return _scope(tree, region_id, period, assigned=assigned, own=own, today=today)


def planner_scope(region_id: int, period: Period, *, today: dt.date | None = None) -> PlanningScope:
    """The scope every planner of the region (or of a region around it) sees there, for work
    done for them in the background; NotFound for an unknown region."""
    from lisko.places.selectors import region_tree

    tree = region_tree()
    if tree.get(region_id) is None:
        raise NotFound()
    return _scope(tree, region_id, period, assigned=[region_id], own=frozenset(), today=today)


def _scope(
    tree: RegionTree,
    region_id: int,
    period: Period,
    *,
    assigned: list[int],
    own: frozenset[int] | set[int],
    today: dt.date | None,
) -> PlanningScope:
    """The scope in a region of someone who plans for the `assigned` regions around it (the
    highest first) and looks at the `own` organisations' data."""
    from lisko.places.selectors import municipalities_in

    region = tree.get(region_id)
    assert region is not None  # checked by the callers
    ancestors = tree.ancestors(region_id)
    ancestor_ids = [r.pk for r in ancestors]
    inside = tree.descendants(region_id)
    municipality_ids = frozenset(municipalities_in(inside).values_list("pk", flat=True))
    shares: dict[int, set[int]] = {}
    if assigned:
        for organisation_id, agreed_region in _agreements_in_force(today):
            # An agreement for a larger region covers all of this one; one for a part of it
            # covers that part.
            if agreed_region in ancestor_ids:
                covered = municipality_ids
            elif agreed_region in inside:
                covered = municipality_ids & frozenset(
                    municipalities_in(tree.descendants(agreed_region)).values_list("pk", flat=True)
                )
            else:
                continue
            shares.setdefault(organisation_id, set()).update(covered)
    for organisation_id in own:
        shares.setdefault(organisation_id, set()).update(municipality_ids)
    top = ancestor_ids.index(assigned[0]) if assigned else 0
    return PlanningScope(
        region=region,
        trail=tuple(ancestors[top:]) if assigned else tuple(ancestors),
        children=tuple(tree.children(region_id)),
        municipality_ids=municipality_ids,
        shares=tuple(
            Share(organisation_id=pk, municipality_ids=frozenset(ids))
            for pk, ids in sorted(shares.items())
            if ids
        ),
        period=period,
        threshold=threshold(),
        as_planner=bool(assigned),
    )


def _agreements_in_force(today: dt.date | None) -> list[tuple[int, int]]:
    from lisko.planning.models import SharingAgreement, in_force

    today = today or timezone.localdate()
    return list(
        SharingAgreement.objects.filter(in_force(today)).values_list("organisation_id", "region_id")
    )
