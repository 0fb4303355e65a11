"""Changing organisations: creating one with its defaults, members and their roles, fields of
action."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lisko.accounts.models import User
from lisko.core.errors import DomainError
from lisko.organisations.models import (
    DEFAULT_FIELDS_OF_ACTION,
    FieldOfAction,
    Membership,
    Organisation,
    Role,
)
from lisko.organisations.selectors import is_member

__all__ = [
    "DEFAULT_FIELDS_OF_ACTION",
    "add_field_of_action",
    "add_member",
    "create_organisation",
    "remove_member",
]


def _ensure_admin(*, user: User | None, organisation: Organisation) -> None:
    """Only the organisation's admins (or a superuser, or the system itself) change its setup."""
    if user is None or user.is_superuser:
        return
    if not is_member(user, organisation, Role.ADMIN):
        raise DomainError(
            _("Only an administrator of the organisation may change its setup."),
            code="forbidden",
        )


@transaction.atomic
def create_organisation(
    *, name: str, slug: str = "", region: str = "", by: User | None = None
) -> Organisation:
    """Create an organisation with the six default fields of action."""
    name = name.strip()
    if not name:
        raise DomainError(_("An organisation needs a name."))
    slug = slug.strip() or slugify(name)
    if not slug:
        raise DomainError(_("An organisation needs a short name made of letters or digits."))
    if Organisation.objects.filter(slug=slug).exists():
        raise DomainError(
            _("The short name {slug} is already taken.").format(slug=slug), code="duplicate"
        )
    organisation = Organisation.objects.create(name=name, slug=slug, region=region.strip())
    FieldOfAction.objects.bulk_create(
        FieldOfAction(
            organisation=organisation,
            key=key,
            # Stored as written in the source; FieldOfAction.display_name() translates it.
            name=_untranslated(default_name),
            position=position,
        )
        for position, (key, default_name) in enumerate(DEFAULT_FIELDS_OF_ACTION, start=1)
    )
    return organisation


def _untranslated(text: object) -> str:
    with translation.override(None):
        return str(text)


@transaction.atomic
def add_field_of_action(
    *, organisation: Organisation, name: str, by: User | None, key: str = ""
) -> FieldOfAction:
    """Add a field of action at the end of the organisation's list."""
    _ensure_admin(user=by, organisation=organisation)
    name = name.strip()
    if not name:
        raise DomainError(_("A field of action needs a name."))
    key = key.strip() or slugify(name)[:40]
    if not key:
        raise DomainError(_("A field of action needs a key made of letters or digits."))
    if FieldOfAction.objects.filter(organisation=organisation, key=key).exists():
        raise DomainError(
            _("The organisation already has a field of action with the key {key}.").format(key=key),
            code="duplicate",
        )
    last = (
        FieldOfAction.objects.filter(organisation=organisation)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return FieldOfAction.objects.create(
        organisation=organisation, key=key, name=name, position=(last or 0) + 1
    )


@transaction.atomic
def add_member(
    *, organisation: Organisation, user: User, role: str, by: User | None = None
) -> Membership:
    """Give `user` a role in `organisation`."""
    _ensure_admin(user=by, organisation=organisation)
    if role not in Role.values:
        raise DomainError(_("{role} is not a known role.").format(role=role), code="invalid_role")
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise DomainError(
            _("{user} already holds this role in the organisation.").format(user=user),
            code="duplicate",
        )
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, organisation=organisation, role=role)
    except IntegrityError:
        # Someone else added the same role a moment ago.
        raise DomainError(
            _("{user} already holds this role in the organisation.").format(user=user),
            code="duplicate",
        ) from None


@transaction.atomic
def remove_member(*, membership: Membership, by: User | None = None) -> None:
    """Take one role away from a member; an organisation keeps at least one administrator."""
    _ensure_admin(user=by, organisation=membership.organisation)
    if (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise DomainError(
            _("The organisation would have no administrator left."), code="last_admin"
        )
    membership.delete()
