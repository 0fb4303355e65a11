"""Changing organisations: creating one with its defaults, members and their roles, settings,
fields of action.

Only the organisation's admins change its setup; a superuser is no exception (the operator of the
installation works in Django's admin, not through these services). Changes of roles and settings
are written to the organisation's audit trail.
"""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lisko.access import access_of, forget_access, roles
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import (
    DEFAULT_FIELDS_OF_ACTION,
    FieldOfAction,
    Membership,
    Organisation,
    Role,
)

__all__ = [
    "DEFAULT_FIELDS_OF_ACTION",
    "SETTING_RANGES",
    "add_field_of_action",
    "add_member",
    "create_member_account",
    "create_organisation",
    "give_role",
    "move_field_of_action",
    "remove_member",
    "rename_field_of_action",
    "update_settings",
]

# The values an admin may choose for each number setting, (lowest, highest). Beyond them a value
# cannot be meant: a broadcast to 500 interpreters at once, an offer open for a year, cases kept
# for a century or erased the month they close.
SETTING_RANGES: dict[str, tuple[int, int]] = {
    # Candidates offered the same appointment at once when the strategy is a broadcast.
    "broadcast_size": (1, 20),
    # Hours an interpreter has to answer an offer: at least one, at most two weeks.
    "offer_expiry_hours": (1, 14 * 24),
    # Months a closed case is kept: at least half a year, at most thirty years.
    "retention_months": (6, 30 * 12),
}


def _ensure_admin(*, user: User | None, organisation: Organisation) -> None:
    """Only the organisation's admins (or the system itself, `user` None) change its setup.

    A stranger to the organisation gets NotFound, as a read would; a member in another role is
    told who may."""
    if user is None:
        return
    access = access_of(user)
    if not access.belongs_to(organisation.pk):
        raise NotFound()
    if not access.holds(roles.ADMINISTERING, organisation.pk):
        raise DomainError(
            _("Only an administrator of the organisation may change its setup."),
            code="forbidden",
        )


def _audit_setup(
    *, by: User | None, action: str, obj: models.Model, organisation: Organisation, reason: str
) -> None:
    """Write a change of the organisation's setup to its audit trail (no client involved)."""
    record_access(
        actor=by,
        action=action,
        obj=obj,
        client_id=None,
        reason=reason,
        organisation_id=organisation.pk,
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


def _field_name(name: str) -> str:
    """The name of a field of action as typed, trimmed; refused when empty or too long."""
    name = name.strip()
    if not name:
        raise DomainError(_("A field of action needs a name."))
    max_length = FieldOfAction._meta.get_field("name").max_length or 100
    if len(name) > max_length:
        raise DomainError(
            _("The name of a field of action has at most {count} characters.").format(
                count=max_length
            ),
            code="name_too_long",
        )
    return name


@transaction.atomic
def add_field_of_action(
    *, organisation: Organisation, name: str, by: User | None, key: str = ""
) -> FieldOfAction:
    """Add a field of action at the end of the organisation's list."""
    _ensure_admin(user=by, organisation=organisation)
    name = _field_name(name)
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
    field = FieldOfAction.objects.create(
        organisation=organisation, key=key, name=name, position=(last or 0) + 1
    )
    _audit_setup(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=field,
        organisation=organisation,
        reason="field of action added",
    )
    return field


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
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    except IntegrityError:
        # Someone else added the same role a moment ago.
        raise DomainError(
            _("{user} already holds this role in the organisation.").format(user=user),
            code="duplicate",
        ) from None
    _audit_setup(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=membership,
        organisation=organisation,
        reason=f"role given: {role}",
    )
    forget_access(user)
    return membership


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
    _audit_setup(
        by=by,
        action=AuditEvent.Action.DELETE,
        obj=membership,
        organisation=membership.organisation,
        reason=f"role taken away: {membership.role}",
    )
    membership.delete()
    forget_access(membership.user)


@transaction.atomic
def give_role(*, organisation: Organisation, login: str, role: str, by: User | None) -> Membership:
    """Give a role to an existing account, found by its user name or e-mail address."""
    _ensure_admin(user=by, organisation=organisation)
    login = login.strip()
    if not login:
        raise DomainError(_("Enter a user name or an e-mail address."), code="login_missing")
    user = User.objects.filter(username__iexact=login).first()
    if user is None:
        by_email = list(User.objects.filter(email__iexact=login)[:2])
        if len(by_email) > 1:
            raise DomainError(
                _("Several accounts share this e-mail address: enter the user name instead."),
                code="ambiguous_login",
            )
        user = by_email[0] if by_email else None
    if user is None or not user.is_active:
        raise DomainError(
            _("No active account has this user name or e-mail address."), code="unknown_login"
        )
    return add_member(organisation=organisation, user=user, role=role, by=by)


@transaction.atomic
def create_member_account(
    *,
    organisation: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    password: str,
    language: str,
    by: User | None,
) -> Membership:
    """Open an account for a new person and give them a role in the organisation.

    The admin sets a first password and hands it over; the person should change it."""
    _ensure_admin(user=by, organisation=organisation)
    username = username.strip()
    if not username:
        raise DomainError(_("An account needs a user name."), code="username_missing")
    try:
        User.username_validator(username)
    except ValidationError:
        raise DomainError(
            _("A user name may contain only letters, digits and the characters @ . + - _."),
            code="username_invalid",
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("The user name {username} is already taken.").format(username=username),
            code="username_taken",
        )
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), code="email_invalid") from None
    if role not in Role.values:
        raise DomainError(_("{role} is not a known role.").format(role=role), code="invalid_role")
    language_codes = {code for code, _name in User._meta.get_field("language").choices or ()}
    if language not in language_codes:
        raise DomainError(
            _("{language} is not a language of Lisko.").format(language=language),
            code="invalid_language",
        )
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        language=language,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        # Each of Django's refusals is one whole sentence.
        raise DomainError(" ".join(error.messages), code="password_invalid") from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Someone took the same user name a moment ago.
        raise DomainError(
            _("The user name {username} is already taken.").format(username=username),
            code="username_taken",
        ) from None
    _audit_setup(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=user,
        organisation=organisation,
        reason="account opened",
    )
    return add_member(organisation=organisation, user=user, role=role, by=by)


def _check_setting(name: str, value: int) -> None:
    lowest, highest = SETTING_RANGES[name]
    if not lowest <= value <= highest:
        label = getattr(Organisation._meta.get_field(name), "verbose_name", name)
        raise DomainError(
            _("{setting} must lie between {lowest} and {highest}.").format(
                setting=str(label).capitalize(), lowest=lowest, highest=highest
            ),
            code="setting_out_of_range",
        )


@transaction.atomic
def update_settings(
    *,
    organisation: Organisation,
    offer_strategy: str,
    broadcast_size: int,
    offer_expiry_hours: int,
    retention_months: int,
    by: User | None,
    require_two_factor: bool | None = None,
    heavy_kinds: Iterable[str] | None = None,
) -> Organisation:
    """Change how offers go out, how long closed cases are kept, whether staff sign in with a
    second factor and which kinds of appointment count as emotionally heavy (None: unchanged);
    a bad value changes nothing."""
    _ensure_admin(user=by, organisation=organisation)
    if offer_strategy not in Organisation.OfferStrategy.values:
        raise DomainError(
            _("{strategy} is not a known offer strategy.").format(strategy=offer_strategy),
            code="invalid_strategy",
        )
    values = {
        "broadcast_size": broadcast_size,
        "offer_expiry_hours": offer_expiry_hours,
        "retention_months": retention_months,
    }
    for name, value in values.items():
        _check_setting(name, value)
    # Lock the row: two admins saving at once must not interleave their changes.
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    wanted: dict[str, object] = {"offer_strategy": offer_strategy, **values}
    if require_two_factor is not None:
        wanted["require_two_factor"] = bool(require_two_factor)
    if heavy_kinds is not None:
        wanted["heavy_kinds"] = _heavy_kinds(heavy_kinds)
    changed = [name for name, value in wanted.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, wanted[name])
    locked.save(update_fields=changed)
    _audit_setup(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        organisation=locked,
        reason="settings changed: " + ", ".join(changed),
    )
    return locked


def _heavy_kinds(kinds: Iterable[str]) -> list[str]:
    """The kinds of appointment, each known and once, in the order of Appointment.Kind."""
    from lisko.appointments.models import Appointment

    chosen = set(kinds)
    unknown = sorted(chosen - set(Appointment.Kind.values))
    if unknown:
        raise DomainError(
            _("These are not kinds of appointment: {kinds}.").format(kinds=", ".join(unknown)),
            code="invalid_heavy_kinds",
        )
    return [kind for kind in Appointment.Kind.values if kind in chosen]


@transaction.atomic
def rename_field_of_action(*, field: FieldOfAction, name: str, by: User | None) -> FieldOfAction:
    """Give a field of action the organisation's own name; its key and goals stay."""
    _ensure_admin(user=by, organisation=field.organisation)
    name = _field_name(name)
    if name != field.name:
        field.name = name
        field.save(update_fields=["name"])
        _audit_setup(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=field,
            organisation=field.organisation,
            reason="field of action renamed",
        )
    return field


@transaction.atomic
def move_field_of_action(*, field: FieldOfAction, up: bool, by: User | None) -> None:
    """Swap a field of action with its neighbour above (`up`) or below; at an end, nothing moves."""
    _ensure_admin(user=by, organisation=field.organisation)
    # Lock the whole list: two moves at once must not leave two fields at one position.
    fields = list(
        FieldOfAction.objects.select_for_update()
        .filter(organisation_id=field.organisation_id)
        .order_by("position", "id")
    )
    index = next((i for i, candidate in enumerate(fields) if candidate.pk == field.pk), None)
    if index is None:
        raise NotFound()
    neighbour = index - 1 if up else index + 1
    if not 0 <= neighbour < len(fields):
        return
    fields[index], fields[neighbour] = fields[neighbour], fields[index]
    # Renumber 1…n: positions may have gaps or ties from earlier edits in Django's admin.
    for position, candidate in enumerate(fields, start=1):
        candidate.position = position
    FieldOfAction.objects.bulk_update(fields, ["position"])
