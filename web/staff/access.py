"""Who may open which staff page: the role groups of lisko/access, applied once per view.

Which objects a person then sees is decided by the selectors, so a list never shows what a
detail page would refuse.
"""

from collections.abc import Callable, Iterable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lisko.access import Access, roles
from lisko.accounts.models import User
from lisko.organisations.models import Role
from web.doors import Staff, View, door, holding

__all__ = [
    "Staff",
    "StaffRequest",
    "caseworker_or_coordinator",
    "coordinator_only",
    "pool_keeper_only",
    "social_worker_only",
    "staff_only",
]


class StaffRequest(HttpRequest):
    """A request that passed `staff_only`: a logged-in user holding a staff role."""

    user: User  # type: ignore[assignment]
    staff: Staff


def staff_only(
    allowed: Iterable[str] = roles.STAFF, purpose: str | Promise = ""
) -> Callable[[View], View]:
    """Let in signed-in people holding one of the `allowed` roles (`web.doors.door`); others
    see a 403 page that says what the page is for and who may open it (a planner who holds no
    other role: a 404, as for every page outside planning).

    Sets `request.staff`; a NotFound raised by a selector or service becomes a 404.
    """
    allowed = frozenset(allowed)
    allowed_names = [Role(role).label for role in Role if role in allowed]

    def denied(request: HttpRequest, access: Access) -> HttpResponse:
        if access.plans_only:
            raise Http404()
        return render(
            request,
            "web/no_role.html",
            {"page_purpose": purpose, "allowed_roles": allowed_names},
            status=403,
        )

    return door(holding(allowed), denied=denied)


social_worker_only = staff_only(
    roles.CASEWORK, _("This page serves social workers with their caseload.")
)
coordinator_only = staff_only(
    roles.COORDINATING, _("This page serves coordinators, who match interpreters to appointments.")
)
pool_keeper_only = staff_only(
    roles.POOL_KEEPING, _("This page serves those who keep the interpreter pool.")
)
# Appointment pages serve both the social worker who booked and the coordinator who matches.
caseworker_or_coordinator = staff_only(
    roles.CASEWORK | roles.COORDINATING,
    _("This page serves social workers and coordinators with their appointments."),
)
