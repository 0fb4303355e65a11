"""Who may open the staff pages: social workers, coordinators and organisation admins.

The role check is one query per request; which objects a person sees is decided by the
selectors, so a list never shows what a detail page would refuse.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lisko.accounts.models import User
from lisko.core.errors import NotFound
from lisko.organisations.models import Membership, Organisation, Role

STAFF_ROLES = frozenset({Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True)
class Staff:
    """The roles of the person asking, and the organisation their staff role is in."""

    roles: frozenset[str]
    organisation: Organisation | None

    @property
    def is_social_worker(self) -> bool:
        return Role.SOCIAL_WORKER in self.roles

    @property
    def is_coordinator(self) -> bool:
        return bool(self.roles & {Role.COORDINATOR, Role.ADMIN})


def staff_of(user: User) -> Staff:
    """The staff roles `user` holds, and the organisation of the first of them."""
    memberships = list(
        Membership.objects.filter(user=user, role__in=STAFF_ROLES)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    return Staff(
        roles=frozenset(membership.role for membership in memberships),
        organisation=memberships[0].organisation if memberships else None,
    )


class StaffRequest(HttpRequest):
    """A request that passed `staff_only`: a logged-in user holding a staff role."""

    user: User  # type: ignore[assignment]
    staff: Staff


View = Callable[..., HttpResponse]


def staff_only(roles: Iterable[str] = STAFF_ROLES) -> Callable[[View], View]:
    """Let in logged-in users holding one of `roles`; others see a 403 page.

    Sets `request.staff`; a NotFound raised by a selector or service becomes a 404.
    """
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            staff = staff_of(cast(User, request.user))  # login_required let only users in
            if not staff.roles & allowed:
                return render(request, "web/no_role.html", status=403)
            request.staff = staff  # type: ignore[attr-defined]
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404() from None

        return wrapper

    return decorator


social_worker_only = staff_only([Role.SOCIAL_WORKER])
coordinator_only = staff_only([Role.COORDINATOR, Role.ADMIN])
# Appointment pages serve both the social worker who booked and the coordinator who matches.
caseworker_or_coordinator = staff_only([Role.SOCIAL_WORKER, Role.COORDINATOR])
