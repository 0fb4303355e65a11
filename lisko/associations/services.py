"""Changing associations, their partner users and their offers."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import gettext as _

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.associations.models import Association, Offer
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core.errors import DomainError, NotFound
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction, Organisation
from lisko.places.models import Municipality
from lisko.referrals.models import TAKING_A_PLACE

# Social workers and admins keep the directory of associations and offers.

ASSOCIATION_FIELDS = frozenset({"name", "description", "municipality", "email", "phone", "website"})
OFFER_FIELDS = frozenset(
    {
        "title",
        "description",
        "field_of_action",
        "languages",
        "municipality",
        "capacity",
        "schedule",
        "is_active",
    }
)


def _ensure_manager(*, user: User, organisation: Organisation) -> None:
    # A superuser is no exception: the operator of the installation works in Django's admin.
    access = access_of(user)
    if not access.holds(roles.DIRECTORY_KEEPING, organisation.pk):
        # Outside the organisation the association does not exist for this user.
        if not access.belongs_to(organisation.pk):
            raise NotFound()
        raise DomainError(
            _("Only social workers and administrators manage associations and offers."),
            code="forbidden",
        )


# The longest texts the directory keeps: a name or title fits a line, a description a page.
LONGEST_NAME = 200
LONGEST_DESCRIPTION = 5000
LONGEST_PHONE = 32
# More places than this cannot be meant for one offer (a typo, or 10^12 from a fuzzer): the
# largest courses and clubs take a few hundred.
MOST_PLACES = 10_000


def _check_length(value: str, *, longest: int, code: str) -> None:
    if len(value) > longest:
        raise DomainError(
            _("This text is too long: keep it to {longest} characters.").format(
                longest=formats.number_format(longest, force_grouping=True)
            ),
            code=code,
        )


def _validate_association(association: Association) -> None:
    association.name = association.name.strip()
    if not association.name:
        raise DomainError(_("An association needs a name."), code="name_missing")
    _check_length(association.name, longest=LONGEST_NAME, code="name_too_long")
    _check_length(association.description, longest=LONGEST_DESCRIPTION, code="description_too_long")
    _check_length(association.phone, longest=LONGEST_PHONE, code="phone_too_long")


@transaction.atomic
def create_association(
    *,
    organisation: Organisation,
    name: str,
    municipality: Municipality,
    by: User,
    description: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
) -> Association:
    """Add a local association or service to the organisation's directory."""
    _ensure_manager(user=by, organisation=organisation)
    association = Association(
        organisation=organisation,
        name=name,
        municipality=municipality,
        description=description,
        email=email.strip(),
        phone=phone.strip(),
        website=website.strip(),
    )
    _validate_association(association)
    association.save()
    _audit_directory(
        by=by, obj=association, action=AuditEvent.Action.CREATE, reason="association added"
    )
    return association


@transaction.atomic
def update_association(*, association: Association, by: User, **changes: Any) -> Association:
    """Change an association's details; only the fields in ASSOCIATION_FIELDS may be given."""
    _ensure_manager(user=by, organisation=association.organisation)
    _refuse_unknown_fields(changes, ASSOCIATION_FIELDS)
    association = Association.objects.select_for_update(no_key=True).get(pk=association.pk)
    for field, value in changes.items():
        setattr(association, field, value)
    _validate_association(association)
    association.save()
    _audit_directory(
        by=by,
        obj=association,
        action=AuditEvent.Action.UPDATE,
        reason=f"association changed: {', '.join(sorted(changes))}",
    )
    return association


@transaction.atomic
def add_partner(*, association: Association, user: User, by: User) -> Association:
    """Let a partner user see the referrals sent to this association."""
    _ensure_manager(user=by, organisation=association.organisation)
    if not access_of(user).holds(roles.PARTNERS, association.organisation_id):
        raise DomainError(
            _("{user} is not an association partner of the organisation.").format(user=user),
            code="not_a_partner",
        )
    if not association.partners.filter(pk=user.pk).exists():
        association.partners.add(user)
        _audit_directory(
            by=by,
            obj=association,
            action=AuditEvent.Action.CREATE,
            reason=f"partner access given: user {user.pk}",
        )
    return association


@transaction.atomic
def remove_partner(*, association: Association, user: User, by: User) -> Association:
    """Stop a partner user from seeing this association's referrals."""
    _ensure_manager(user=by, organisation=association.organisation)
    if association.partners.filter(pk=user.pk).exists():
        association.partners.remove(user)
        _audit_directory(
            by=by,
            obj=association,
            action=AuditEvent.Action.DELETE,
            reason=f"partner access taken away: user {user.pk}",
        )
    return association


def _audit_directory(*, by: User, obj: Association | Offer, action: str, reason: str) -> None:
    # The directory holds no client's data, but what the organisation offers its clients, who
    # changed it (a partner lowering the places) and who sees an association's referrals (an
    # access decision) are asked after: the organisation's administrators find it here.
    organisation_id = (
        obj.organisation_id if isinstance(obj, Association) else obj.association.organisation_id
    )
    record_access(
        actor=by,
        action=action,
        obj=obj,
        client_id=None,
        reason=reason,
        organisation_id=organisation_id,
    )


def _refuse_unknown_fields(changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: {fields}.").format(
                fields=", ".join(sorted(unknown))
            ),
            code="not_editable",
        )


def _validate_offer(offer: Offer) -> None:
    offer.title = offer.title.strip()
    if not offer.title:
        raise DomainError(_("An offer needs a title."), code="title_missing")
    _check_length(offer.title, longest=LONGEST_NAME, code="title_too_long")
    _check_length(offer.description, longest=LONGEST_DESCRIPTION, code="description_too_long")
    _check_length(offer.schedule, longest=LONGEST_NAME, code="schedule_too_long")
    if not isinstance(offer.capacity, int) or offer.capacity < 1:
        raise DomainError(_("An offer has at least one place."), code="invalid_capacity")
    if offer.capacity > MOST_PLACES:
        raise DomainError(
            _("An offer has at most {most} places.").format(
                most=formats.number_format(MOST_PLACES, force_grouping=True)
            ),
            code="too_many_places",
        )
    if offer.field_of_action.organisation_id != offer.association.organisation_id:
        raise DomainError(
            _("The field of action belongs to another organisation."),
            code="foreign_field_of_action",
        )


@transaction.atomic
def create_offer(
    *,
    association: Association,
    title: str,
    field_of_action: FieldOfAction,
    municipality: Municipality,
    capacity: int,
    by: User,
    languages: Iterable[Language] = (),
    description: str = "",
    schedule: str = "",
    is_active: bool = True,
) -> Offer:
    """Add what an association offers, with its field of action, languages and places."""
    _ensure_manager(user=by, organisation=association.organisation)
    offer = Offer(
        association=association,
        title=title,
        description=description,
        field_of_action=field_of_action,
        municipality=municipality,
        capacity=capacity,
        schedule=schedule.strip(),
        is_active=is_active,
    )
    language_list = list(languages)
    _validate_offer(offer)
    offer.save()
    offer.languages.set(language_list)
    _audit_directory(by=by, obj=offer, action=AuditEvent.Action.CREATE, reason="offer added")
    return offer


@transaction.atomic
def update_offer(*, offer: Offer, by: User, **changes: Any) -> Offer:
    """Change an offer; only the fields in OFFER_FIELDS may be given. Places cannot drop below
    the clients already taking part."""
    _ensure_manager(user=by, organisation=offer.association.organisation)
    _refuse_unknown_fields(changes, OFFER_FIELDS)
    offer = (
        Offer.objects.select_for_update(no_key=True).select_related("association").get(pk=offer.pk)
    )
    languages = changes.pop("languages", None)
    language_list = list(languages) if languages is not None else None
    for field, value in changes.items():
        setattr(offer, field, value)
    _validate_offer(offer)
    if "capacity" in changes:
        _ensure_places_for_those_taking_part(offer)
    offer.save()
    if language_list is not None:
        offer.languages.set(language_list)
    _audit_directory(
        by=by, obj=offer, action=AuditEvent.Action.UPDATE, reason=_changed(changes, languages)
    )
    return offer


def _ensure_places_for_those_taking_part(offer: Offer) -> None:
    taking_part = Count("pk", filter=Q(status__in=TAKING_A_PLACE))
    taken = offer.referrals.aggregate(taken=taking_part)["taken"]
    if offer.capacity < taken:
        raise DomainError(
            _("{taken} clients already take part; the offer needs at least as many places.").format(
                taken=formats.number_format(taken, force_grouping=True)
            ),
            code="capacity_below_taken",
        )


def _changed(changes: dict[str, Any], languages: Any) -> str:
    fields = sorted(set(changes) | ({"languages"} if languages is not None else set()))
    return f"offer changed: {', '.join(fields)}"


# What an association partner may change about their own offers.
PARTNER_OFFER_FIELDS = frozenset({"description", "languages", "capacity", "schedule"})


@transaction.atomic
def update_offer_as_partner(*, offer: Offer, by: User, **changes: Any) -> Offer:
    """A partner changes their own offer: description, languages, places and schedule."""
    from lisko.associations.selectors import associations_of_partner

    if not associations_of_partner(user=by).filter(pk=offer.association_id).exists():
        raise NotFound()
    _refuse_unknown_fields(changes, PARTNER_OFFER_FIELDS)
    offer = (
        Offer.objects.select_for_update(of=("self",), no_key=True)
        .select_related("association", "field_of_action")
        .get(pk=offer.pk)
    )
    languages = changes.pop("languages", None)
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    if "schedule" in changes:
        changes["schedule"] = changes["schedule"].strip()
    for field, value in changes.items():
        setattr(offer, field, value)
    _validate_offer(offer)
    if "capacity" in changes:
        _ensure_places_for_those_taking_part(offer)
    offer.save()
    if languages is not None:
        offer.languages.set(list(languages))
    _audit_directory(
        by=by,
        obj=offer,
        action=AuditEvent.Action.UPDATE,
        reason=f"partner {_changed(changes, languages)}",
    )
    return offer
