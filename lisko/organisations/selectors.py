"""Who belongs where, and in which role: the helpers every scoped read starts from."""

from collections.abc import Iterable

from django.db.models import QuerySet

from lisko.accounts.models import User
from lisko.organisations.models import FieldOfAction, Membership, Organisation

# These helpers take their arguments by position or keyword: they read like questions,
# `is_member(user, organisation, Role.ADMIN)`.


def roles_of(user: User, organisation: Organisation) -> set[str]:
    """The roles `user` holds in `organisation` (empty for a stranger or an anonymous user)."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )


def is_member(
    user: User, organisation: Organisation, role: str | Iterable[str] | None = None
) -> bool:
    """True when `user` belongs to `organisation`, in `role` (or any of several) if one is given."""
    if not user.is_authenticated:
        return False
    memberships = Membership.objects.filter(user=user, organisation=organisation)
    if role is not None:
        memberships = memberships.filter(role__in=[role] if isinstance(role, str) else list(role))
    return memberships.exists()


def organisations_of(user: User, role: str | Iterable[str] | None = None) -> QuerySet[Organisation]:
    """The organisations `user` belongs to (in `role`, if given)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    memberships = Membership.objects.filter(user=user)
    if role is not None:
        memberships = memberships.filter(role__in=[role] if isinstance(role, str) else list(role))
    return Organisation.objects.filter(id__in=memberships.values("organisation_id")).distinct()


def organisation_of(user: User) -> Organisation | None:
    """The organisation `user` works in; with several memberships, the one joined first."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("created_at", "id")
        .first()
    )
    return membership.organisation if membership is not None else None


def members_of(*, organisation: Organisation, role: str | None = None) -> QuerySet[Membership]:
    """The memberships of `organisation`, with their users, optionally of one role."""
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    if role is not None:
        memberships = memberships.filter(role=role)
    return memberships.order_by("user__last_name", "user__first_name", "role")


def fields_of_action_for(*, organisation: Organisation) -> QuerySet[FieldOfAction]:
    """The fields of action of `organisation`, in their configured order."""
    return FieldOfAction.objects.filter(organisation=organisation).order_by("position", "id")
