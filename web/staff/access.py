"""Who may open which staff page: the role groups of lisko/access, applied once per view.

Which objects a person then sees is decided by the selectors, so a list never shows what a
detail page would refuse.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lisko.access import Access, access_of, roles
from lisko.accounts.models import User
from lisko.core.errors import NotFound
from lisko.organisations.models import Organisation, Role
from web.two_factor import confirm_first


@dataclass(frozen=True)
class Staff:
    """What the staff pages need to know of the person asking."""

    access: Access

    @property
    def roles(self) -> frozenset[str]:
        return self.access.roles

    @property
    def is_social_worker(self) -> bool:
        return self.access.holds(roles.CASEWORK)

    @property
    def is_coordinator(self) -> bool:
        return self.access.holds(roles.COORDINATING)

    @property
    def keeps_pool(self) -> bool:
        return self.access.holds(roles.POOL_KEEPING)

    @property
    def reads_directory(self) -> bool:
        """Opens the directory of associations (and keeps it, if roles.DIRECTORY_KEEPING)."""
        return self.access.holds(roles.DIRECTORY)

    @property
    def organisation(self) -> Organisation | None:
        """The organisation the person coordinates (the first joined, with several)."""
        organisation_id = self.access.first_organisation(roles.COORDINATING)
        if organisation_id is None:
            return None
        return Organisation.objects.filter(pk=organisation_id).first()


class StaffRequest(HttpRequest):
    """A request that passed `staff_only`: a logged-in user holding a staff role."""

    user: User  # type: ignore[assignment]
    staff: Staff


View = Callable[..., HttpResponse]


def staff_only(
    allowed: Iterable[str] = roles.STAFF, purpose: str | Promise = ""
) -> Callable[[View], View]:
    """Let in logged-in users holding one of the `allowed` roles; others see a 403 page that
    says what the page is for and who may open it.

    Sets `request.staff`; a NotFound raised by a selector or service becomes a 404.
    """
    allowed = frozenset(allowed)
    allowed_names = [Role(role).label for role in Role if role in allowed]

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access = access_of(request.user)
            if (confirm := confirm_first(request)) is not None:
                return confirm
            if not access.holds(allowed):
                if access.plans_only:
                    raise Http404()
                return render(
                    request,
                    "web/no_role.html",
                    {"page_purpose": purpose, "allowed_roles": allowed_names},
                    status=403,
                )
            request.staff = Staff(access=access)  # type: ignore[attr-defined]
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404() from None

        return wrapper

    return decorator


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
