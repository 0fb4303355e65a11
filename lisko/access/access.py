"""Who is asking: one `Access` per request, read from the memberships once.

Every scoped read and every permission check starts from an `Access`. It is computed from the
database on first use and kept on the user object of the request, as Django keeps its permission
cache, so a role that ends is gone from the next request on. Jobs use `SYSTEM`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from lisko.access.roles import NO_PERSONS
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Membership, Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from lisko.organisations.models import Organisation

_CACHE_ATTRIBUTE = "_lisko_access"


@dataclass(frozen=True)
class Access:
    """The roles a person holds, per organisation id; `system` for background jobs."""

    user_id: int | None
    roles_by_organisation: Mapping[int, frozenset[str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    system: bool = False
    asks_second_factor: frozenset[int] = frozenset()
    """Organisations (of any role) that ask their staff for a second factor at sign-in."""
    planning_regions: frozenset[int] = frozenset()
    """Regions assigned to the person's planner roles (their own regions, not those inside)."""
    officer_municipalities: frozenset[int] = frozenset()
    """Municipalities assigned to the person's integration officer roles."""

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.system

    @property
    def plans_only(self) -> bool:
        """True for a planner or integration officer who holds no other role: to them every
        route about persons does not exist (404), rather than being refused for their role
        (403)."""
        return bool(self.roles) and self.roles <= NO_PERSONS

    @property
    def roles(self) -> frozenset[str]:
        """Every role held, in any organisation."""
        return frozenset().union(*self.roles_by_organisation.values())

    def organisations(self, roles: Iterable[str]) -> list[int]:
        """Ids of the organisations in which one of `roles` is held, in ascending order."""
        wanted = frozenset(roles)
        return sorted(
            organisation_id
            for organisation_id, held in self.roles_by_organisation.items()
            if held & wanted
        )

    def holds(self, roles: Iterable[str], organisation_id: int | None = None) -> bool:
        """True when one of `roles` is held in `organisation_id` (in any organisation if None)."""
        if self.system:
            return True
        wanted = frozenset(roles)
        if organisation_id is None:
            return bool(self.roles & wanted)
        return bool(self.roles_by_organisation.get(organisation_id, frozenset()) & wanted)

    def belongs_to(self, organisation_id: int) -> bool:
        """True when any role is held in the organisation."""
        return self.system or bool(self.roles_by_organisation.get(organisation_id))

    def first_organisation(self, roles: Iterable[str]) -> int | None:
        """The organisation joined first among those where one of `roles` is held."""
        ids = set(self.organisations(roles))
        return next((pk for pk in self._joined_in_order if pk in ids), None)

    @property
    def _joined_in_order(self) -> tuple[int, ...]:
        # Dicts keep insertion order, and access_of inserts in the order of joining.
        return tuple(self.roles_by_organisation)


ANONYMOUS = Access(user_id=None)
SYSTEM = Access(user_id=None, system=True)


def access_of(user: Any) -> Access:
    """The access of `user` (a User, AnonymousUser or None), read once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    asks_second_factor: set[int] = set()
    planning_regions: set[int] = set()
    officer_municipalities: set[int] = set()
    # One query: a planner's regions and an officer's municipalities come along as extra rows
    # of their membership (a membership holds one role, so the two never multiply).
    for organisation_id, role, second_factor, region_id, municipality_id in (
        Membership.objects.filter(user_id=user.pk)
        .order_by("created_at", "id")
        .values_list(
            "organisation_id",
            "role",
            "organisation__require_two_factor",
            "planning_regions__region_id",
            "officer_municipalities__municipality_id",
        )
    ):
        roles.setdefault(organisation_id, set()).add(role)
        if second_factor:
            asks_second_factor.add(organisation_id)
        if region_id is not None and role == Role.PLANNER:
            planning_regions.add(region_id)
        if municipality_id is not None and role == Role.INTEGRATION_OFFICER:
            officer_municipalities.add(municipality_id)
    access = Access(
        user_id=user.pk,
        roles_by_organisation=MappingProxyType(
            {organisation_id: frozenset(held) for organisation_id, held in roles.items()}
        ),
        asks_second_factor=frozenset(asks_second_factor),
        planning_regions=frozenset(planning_regions),
        officer_municipalities=frozenset(officer_municipalities),
    )
    setattr(user, _CACHE_ATTRIBUTE, access)
    return access


def forget_access(user: Any) -> None:
    """Drop the access kept on this user object, after its memberships changed."""
    if user is not None and hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def require_role(
    *, by: Any, roles: Iterable[str], organisation_id: int, refusal: str | Promise
) -> None:
    """Refuse unless `by` holds one of `roles` in the organisation (`by` None: a job may).

    A stranger to the organisation gets NotFound, as a read would; a member without the role
    gets `refusal`."""
    if by is None:
        return
    access = access_of(by)
    if access.system:
        return
    if not access.belongs_to(organisation_id):
        raise NotFound()
    if not access.holds(roles, organisation_id):
        raise DomainError(refusal, code="permission_denied")


def organisations_where(user: Any, roles: Iterable[str] | None = None) -> "QuerySet[Organisation]":
    """The organisations in which `user` holds one of `roles` (any role if None), by name."""
    from lisko.organisations.models import Organisation, Role

    access = access_of(user)
    ids = access.organisations(roles if roles is not None else Role.values)
    return Organisation.objects.filter(pk__in=ids).order_by("name", "id")


def two_factor_required(user: Any) -> bool:
    """True when `user` holds a staff role in an organisation that asks its staff to confirm
    each sign-in with a second factor (Organisation.require_two_factor)."""
    from lisko.access.roles import STAFF

    access = access_of(user)
    return bool(set(access.organisations(STAFF)) & access.asks_second_factor)
