"""The one permission check of the API: the route's entry in api/policy.py.

The policy says which roles may call a route at all; which objects they then reach is decided by
the selectors the view calls, so a list never shows what a detail refuses. A route missing from
the policy is refused to everyone: denial is the default.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.policy import POLICY, PUBLIC
from lisko.access import access_of


def rule_for(request: Request) -> Any:
    match = request.resolver_match
    name = match.url_name if match is not None else None
    method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
    return POLICY.get(name or "", {}).get(method or "")


class FollowsPolicy(BasePermission):
    """Allow a request when the policy lets one of the user's roles call this route."""

    message = _("Your role does not allow this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not hasattr(view, (request.method or "").lower()):
            # No such operation on this route: let DRF answer 405, for everyone alike.
            return True
        rule = rule_for(request)
        if rule is None:
            return False
        if rule == PUBLIC:
            return True
        if not request.user or not request.user.is_authenticated:
            return False
        access = access_of(request.user)
        if access.holds(rule):
            return True
        if access.plans_only:
            # A planner sees aggregates only: a route about persons does not exist for them.
            raise NotFound()
        return False
