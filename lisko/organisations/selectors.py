"""Reading an organisation's members and configuration (who may see what: lisko/access/)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from lisko.access import access_of
from lisko.access import roles as access_roles
from lisko.accounts.models import User
from lisko.core.errors import NotFound
from lisko.organisations.models import FieldOfAction, Membership, Organisation


def members_of(*, organisation: Organisation, role: str | None = None) -> QuerySet[Membership]:
    """The memberships of `organisation`, with their users, optionally of one role."""
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    if role is not None:
        memberships = memberships.filter(role=role)
    return memberships.order_by("user__last_name", "user__first_name", "role")


def fields_of_action_for(*, organisation: Organisation) -> QuerySet[FieldOfAction]:
    """The fields of action of `organisation`, in their configured order."""
    return FieldOfAction.objects.filter(organisation=organisation).order_by("position", "id")


def fields_of_action_visible_to(*, user: User, roles: Iterable[str]) -> QuerySet[FieldOfAction]:
    """The fields of action of the organisations where `user` holds one of `roles`."""
    return FieldOfAction.objects.filter(organisation_id__in=access_of(user).organisations(roles))


def administered_organisation(*, user: User, organisation_id: int | None = None) -> Organisation:
    """The organisation `user` administers: `organisation_id`, or the first they joined as admin.

    Any other organisation, or none administered, is NotFound: the same answer whether it is
    absent or foreign."""
    access = access_of(user)
    if organisation_id is None:
        organisation_id = access.first_organisation(access_roles.ADMINISTERING)
    if organisation_id is None or not access.holds(access_roles.ADMINISTERING, organisation_id):
        raise NotFound()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    return organisation


def membership_in(*, organisation: Organisation, membership_id: int) -> Membership:
    """One membership of `organisation`, with its user; NotFound outside it."""
    membership = (
        Membership.objects.filter(organisation=organisation, pk=membership_id)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise NotFound()
    return membership


def field_of_action_in(*, organisation: Organisation, field_id: int) -> FieldOfAction:
    """One field of action of `organisation`; NotFound outside it."""
    field = (
        FieldOfAction.objects.filter(organisation=organisation, pk=field_id)
        .select_related("organisation")
        .first()
    )
    if field is None:
        raise NotFound()
    return field


def people_of(*, organisation: Organisation) -> QuerySet[User]:
    """The people holding any role in `organisation`, by name."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
    ).order_by("last_name", "first_name", "username")
