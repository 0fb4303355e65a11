"""The door in front of a group of pages, decided once: who is let in, and what a refusal is.

Every door does the same four things, in this order: sign-in first (Django's login page), the
second factor when the person's organisation asks for one (`web.two_factor.confirm_first`),
the group's own admission rule (a refusal is a 404 unless the group says otherwise), and a
`NotFound` from a selector or service as a 404. Staff members get `request.staff`, which the
staff navigation above every group of pages reads.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from lisko.access import Access, access_of, roles
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Organisation
from web.two_factor import confirm_first


@dataclass(frozen=True)
class Staff:
    """What the staff pages (and the staff navigation above other pages) need to know of the
    person asking."""

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


View = Callable[..., HttpResponseBase]
Admits = Callable[[Access], bool]
Refusal = Callable[[HttpRequest, Access], HttpResponseBase]
DomainRefusal = Callable[[HttpRequest, DomainError], HttpResponseBase | None]


def door(
    admits: Admits,
    *,
    denied: Refusal | None = None,
    refused: DomainRefusal | None = None,
    around: Callable[[], AbstractContextManager[Any]] = nullcontext,
) -> Callable[[View], View]:
    """A decorator letting in signed-in people whose access `admits`.

    `denied`: the answer for someone not admitted (default: 404, as for a page that does not
    exist, so a door tells a stranger nothing). `refused`: the answer to a DomainError the view
    let through (None: let it rise). `around`: a context the view runs in.
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (confirm := confirm_first(request)) is not None:
                return confirm
            access = access_of(request.user)
            if not admits(access):
                if denied is None:
                    raise Http404()
                return denied(request, access)
            if access.holds(roles.STAFF):
                request.staff = Staff(access=access)  # type: ignore[attr-defined]
            try:
                with around():
                    return view(request, *args, **kwargs)
            except NotFound:
                raise Http404() from None
            except DomainError as error:
                answer = refused(request, error) if refused is not None else None
                if answer is None:
                    raise
                return answer

        return wrapper

    return decorator


def holding(allowed: frozenset[str]) -> Admits:
    """Admits whoever holds one of these roles in any organisation."""
    return lambda access: access.holds(allowed)
