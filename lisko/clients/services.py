"""Changing clients: the case itself, languages, household, sharing and consents.

Every service checks that the person acting has the client on their caseload; a foreign client
answers NotFound, the same as a missing one. Every change is written to the audit log.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.associations.models import Association
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import (
    Client,
    ClientLanguage,
    Consent,
    Gender,
    HouseholdMember,
    ResidenceStatus,
)
from lisko.clients.selectors import visible_client
from lisko.core import limits
from lisko.core.errors import DomainError, NotFound
from lisko.languages.models import Language
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality

# What update_client may change; the responsible social worker changes through transfer_client.
EDITABLE_FIELDS = frozenset(
    {
        "reference",
        "first_name",
        "last_name",
        "birth_date",
        "gender",
        "country_of_origin",
        "municipality",
        "arrival_date",
        "residence_status",
        "preferred_language",
        "phone",
        "email",
        "notes",
    }
)


def _audit(*, by: User, action: str, obj: models.Model, client: Client, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=obj,
        client_id=client.pk,
        reason=reason,
        organisation_id=client.organisation_id,
    )


def _ensure_on_caseload(*, user: User, client: Client) -> Client:
    """The client, locked for the change, if `user` may work on it; NotFound otherwise."""
    visible_client(user=user, client_id=client.pk)
    return Client.objects.select_for_update(no_key=True).get(pk=client.pk)


def _ensure_social_worker(*, user: User, organisation: Organisation) -> None:
    if not access_of(user).holds(roles.CASEWORK, organisation.pk):
        raise DomainError(
            _("{user} is not a social worker of {organisation}.").format(
                user=user, organisation=organisation
            ),
            code="not_a_social_worker",
        )


def normalised_phone(raw: str) -> str:
    """A phone number in E.164 (+352621123456), or "" for none; a number without a country
    code is read as one of LISKO_PHONE_REGION. Refuses what is not a phone number: text
    messages to the client go to this number, so a typo must show now, not as a lost SMS."""
    import phonenumbers
    from django.conf import settings

    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, settings.LISKO_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(
            _(
                "“{phone}” is not a phone number. Write it with the country code, "
                "e.g. +352 621 123 456."
            ).format(phone=raw[:40]),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalised_email(raw: str) -> str:
    """An e-mail address as written (trimmed), or "" for none; refuses what is not one, for the
    same reason as a phone number."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    raw = raw.strip()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        raise DomainError(
            _("“{email}” is not an e-mail address.").format(email=raw[:80]),
            code="invalid_email",
        ) from None
    return raw


def _validate_client(client: Client, *, today: dt.date) -> None:
    """Refuse a client whose fields break a rule; the caller then saves nothing."""
    client.reference = client.reference.strip()
    client.first_name = client.first_name.strip()
    client.last_name = client.last_name.strip()
    client.country_of_origin = client.country_of_origin.strip().upper()
    if not client.reference:
        raise DomainError(_("A client needs a reference."), code="reference_missing")
    if len(client.reference) > 32:
        raise DomainError(_("A reference has at most 32 characters."), code="reference_too_long")
    if not client.first_name or not client.last_name:
        raise DomainError(_("A client needs a first and a last name."), code="name_missing")
    if client.gender not in Gender.values:
        raise DomainError(_("This gender is not one of the choices."), code="invalid_gender")
    if client.residence_status and client.residence_status not in ResidenceStatus.values:
        raise DomainError(
            _("This residence status is not one of the choices."), code="invalid_residence_status"
        )
    if client.country_of_origin and (
        len(client.country_of_origin) != 2 or not client.country_of_origin.isalpha()
    ):
        raise DomainError(
            _("The country of origin is a two-letter code such as SY or UA."),
            code="invalid_country",
        )
    if client.birth_date is not None and client.birth_date > today:
        raise DomainError(_("The birth date cannot be in the future."), code="birth_in_future")
    if client.birth_date is not None:
        limits.check_birth_date(client.birth_date, today=today)
    if client.arrival_date is not None:
        limits.check_date(client.arrival_date)
    if client.arrival_date is not None and client.arrival_date > today:
        raise DomainError(_("The arrival date cannot be in the future."), code="arrival_in_future")
    if (
        client.birth_date is not None
        and client.arrival_date is not None
        and client.arrival_date < client.birth_date
    ):
        raise DomainError(
            _("The arrival date cannot be before the birth date."), code="arrival_before_birth"
        )
    if _reference_taken(client):
        raise _duplicate_reference(client)


def _reference_taken(client: Client) -> bool:
    return (
        Client.objects.filter(organisation_id=client.organisation_id, reference=client.reference)
        .exclude(pk=client.pk)
        .exists()
    )


def _duplicate_reference(client: Client) -> DomainError:
    return DomainError(
        _("The reference {reference} is already in use.").format(reference=client.reference),
        code="duplicate_reference",
    )


def _save(client: Client) -> None:
    """Save, refusing a reference another request took since it was checked: the unique
    constraint decides the race, and the loser gets the same message as a plain duplicate."""
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError:
        if _reference_taken(client):
            raise _duplicate_reference(client) from None
        raise


@transaction.atomic
def create_client(
    *,
    organisation: Organisation,
    by: User,
    reference: str,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    preferred_language: Language,
    social_worker: User | None = None,
    birth_date: dt.date | None = None,
    gender: str = Gender.UNKNOWN,
    country_of_origin: str = "",
    arrival_date: dt.date | None = None,
    residence_status: str = "",
    phone: str = "",
    email: str = "",
    notes: str = "",
) -> Client:
    """Open a case for a new client, on `by`'s caseload unless another social worker is named."""
    _ensure_social_worker(user=by, organisation=organisation)
    responsible = social_worker or by
    if responsible != by:
        _ensure_social_worker(user=responsible, organisation=organisation)
    client = Client(
        organisation=organisation,
        reference=reference,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        gender=gender,
        country_of_origin=country_of_origin,
        municipality=municipality,
        arrival_date=arrival_date,
        residence_status=residence_status,
        preferred_language=preferred_language,
        social_worker=responsible,
        phone=normalised_phone(phone),
        email=normalised_email(email),
        notes=notes,
    )
    _validate_client(client, today=timezone.localdate())
    _save(client)
    _keep_preferred_among_languages(client)
    _audit(by=by, action=AuditEvent.Action.CREATE, obj=client, client=client, reason="new client")
    return client


def _keep_preferred_among_languages(client: Client) -> None:
    # The preferred language is one the client speaks: a referral that shares the client's
    # languages must share at least that one. Recorded as the client's best until assessed.
    ClientLanguage.objects.get_or_create(
        client=client, language=client.preferred_language, defaults={"proficiency": 5}
    )


@transaction.atomic
def update_client(*, client: Client, by: User, **changes: Any) -> Client:
    """Change a client's details; only the fields in EDITABLE_FIELDS may be given."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: {fields}.").format(
                fields=", ".join(sorted(unknown))
            ),
            code="not_editable",
        )
    client = _ensure_on_caseload(user=by, client=client)
    # Checked only when given: a number kept from before the check does not block other edits.
    if "phone" in changes and changes["phone"] != client.phone:
        changes["phone"] = normalised_phone(changes["phone"] or "")
    if "email" in changes:
        changes["email"] = normalised_email(changes["email"] or "")
    for field, value in changes.items():
        setattr(client, field, value)
    _validate_client(client, today=timezone.localdate())
    _save(client)
    _keep_preferred_among_languages(client)
    _audit(
        by=by, action=AuditEvent.Action.UPDATE, obj=client, client=client, reason="client changed"
    )
    return client


@transaction.atomic
def transfer_client(*, client: Client, to: User, by: User) -> Client:
    """Make another social worker of the organisation responsible for the client."""
    client = _ensure_on_caseload(user=by, client=client)
    _ensure_social_worker(user=to, organisation=client.organisation)
    client.social_worker = to
    client.save(update_fields=["social_worker", "updated_at"])
    client.shared_with.remove(to)
    _audit(
        by=by, action=AuditEvent.Action.UPDATE, obj=client, client=client, reason="case transferred"
    )
    return client


@transaction.atomic
def share_client(*, client: Client, with_user: User, by: User) -> Client:
    """Let a colleague of the team work on the case too."""
    client = _ensure_on_caseload(user=by, client=client)
    _ensure_social_worker(user=with_user, organisation=client.organisation)
    if with_user == client.social_worker:
        raise DomainError(
            _("{user} is already responsible for this client.").format(user=with_user),
            code="already_responsible",
        )
    client.shared_with.add(with_user)
    _audit(by=by, action=AuditEvent.Action.UPDATE, obj=client, client=client, reason="case shared")
    return client


@transaction.atomic
def unshare_client(*, client: Client, with_user: User, by: User) -> Client:
    """Stop sharing the case with a colleague."""
    client = _ensure_on_caseload(user=by, client=client)
    client.shared_with.remove(with_user)
    _audit(
        by=by, action=AuditEvent.Action.UPDATE, obj=client, client=client, reason="case unshared"
    )
    return client


@transaction.atomic
def close_client(*, client: Client, by: User) -> Client:
    """Close the case; the client leaves the caseload list but stays in the records."""
    client = _ensure_on_caseload(user=by, client=client)
    if not client.is_active:
        raise DomainError(_("This case is already closed."), code="already_closed")
    client.is_active = False
    client.closed_at = timezone.now()
    client.save(update_fields=["is_active", "closed_at", "updated_at"])
    _audit(by=by, action=AuditEvent.Action.UPDATE, obj=client, client=client, reason="case closed")
    return client


@transaction.atomic
def reopen_client(*, client: Client, by: User) -> Client:
    """Open a closed case again."""
    client = _ensure_on_caseload(user=by, client=client)
    if client.is_active:
        raise DomainError(_("This case is already open."), code="already_open")
    client.is_active = True
    client.closed_at = None
    client.save(update_fields=["is_active", "closed_at", "updated_at"])
    _audit(
        by=by, action=AuditEvent.Action.UPDATE, obj=client, client=client, reason="case reopened"
    )
    return client


def _validate_proficiency(proficiency: int) -> None:
    if not isinstance(proficiency, int) or not 1 <= proficiency <= 5:
        raise DomainError(
            _("Proficiency is a whole number from 1 to 5."), code="invalid_proficiency"
        )


@transaction.atomic
def add_client_language(
    *, client: Client, language: Language, proficiency: int, by: User
) -> ClientLanguage:
    """Record a language the client speaks, with a self-assessed proficiency from 1 to 5."""
    client = _ensure_on_caseload(user=by, client=client)
    _validate_proficiency(proficiency)
    if ClientLanguage.objects.filter(client=client, language=language).exists():
        raise DomainError(
            _("{language} is already among the client's languages.").format(language=language),
            code="duplicate_language",
        )
    client_language = ClientLanguage.objects.create(
        client=client, language=language, proficiency=proficiency
    )
    _audit(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=client_language,
        client=client,
        reason="language added",
    )
    return client_language


@transaction.atomic
def change_client_language(
    *, client_language: ClientLanguage, proficiency: int, by: User
) -> ClientLanguage:
    """Change the proficiency recorded for one of the client's languages."""
    client = _ensure_on_caseload(user=by, client=client_language.client)
    _validate_proficiency(proficiency)
    client_language.proficiency = proficiency
    client_language.save(update_fields=["proficiency"])
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=client_language,
        client=client,
        reason="language changed",
    )
    return client_language


@transaction.atomic
def remove_client_language(*, client_language: ClientLanguage, by: User) -> None:
    """Remove one of the client's languages (not the preferred one)."""
    client = _ensure_on_caseload(user=by, client=client_language.client)
    if client_language.language_id == client.preferred_language_id:
        raise DomainError(
            _("This is the client's preferred language: choose another preferred language first."),
            code="preferred_language",
        )
    _audit(
        by=by,
        action=AuditEvent.Action.DELETE,
        obj=client_language,
        client=client,
        reason="language removed",
    )
    client_language.delete()


@transaction.atomic
def add_household_member(
    *,
    client: Client,
    first_name: str,
    relation: str,
    by: User,
    last_name: str = "",
    birth_date: dt.date | None = None,
) -> HouseholdMember:
    """Record someone who lives with the client."""
    client = _ensure_on_caseload(user=by, client=client)
    first_name = first_name.strip()
    if not first_name:
        raise DomainError(_("A household member needs a first name."), code="name_missing")
    if relation not in HouseholdMember.Relation.values:
        raise DomainError(_("This relation is not one of the choices."), code="invalid_relation")
    if birth_date is not None and birth_date > timezone.localdate():
        raise DomainError(_("The birth date cannot be in the future."), code="birth_in_future")
    if birth_date is not None:
        limits.check_birth_date(birth_date, today=timezone.localdate())
    member = HouseholdMember.objects.create(
        client=client,
        first_name=first_name,
        last_name=last_name.strip(),
        relation=relation,
        birth_date=birth_date,
    )
    _audit(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=member,
        client=client,
        reason="household member added",
    )
    return member


@transaction.atomic
def remove_household_member(*, member: HouseholdMember, by: User) -> None:
    """Remove someone from the client's household."""
    client = _ensure_on_caseload(user=by, client=member.client)
    _audit(
        by=by,
        action=AuditEvent.Action.DELETE,
        obj=member,
        client=client,
        reason="household member removed",
    )
    member.delete()


@transaction.atomic
def give_consent(
    *,
    client: Client,
    purpose: str,
    by: User,
    association: Association | None = None,
    shared_details: Iterable[str] = (),
    given_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> Consent:
    """Record the client's consent for one purpose; sharing names one association and what it
    may see.

    Where the purpose needs renewing, the consent expires after the organisation's renewal
    period unless `expires_at` says when. Giving again a consent that stands with an expiry,
    or has expired, renews it: the same consent (and the referrals made under it) stands
    again until the new expiry."""
    client = _ensure_on_caseload(user=by, client=client)
    if purpose not in Consent.Purpose.values:
        raise DomainError(_("This purpose is not one of the choices."), code="invalid_purpose")
    details = list(dict.fromkeys(shared_details))
    if purpose == Consent.Purpose.SHARE_WITH_ASSOCIATION:
        if association is None:
            raise DomainError(
                _("Consent to share names the association it is shared with."),
                code="association_missing",
            )
        if association.organisation_id != client.organisation_id:
            raise NotFound()
        unknown = [detail for detail in details if detail not in Consent.SharedDetail.values]
        if unknown:
            raise DomainError(
                _("These details cannot be shared: {details}.").format(details=", ".join(unknown)),
                code="invalid_shared_details",
            )
    else:
        if association is not None:
            raise DomainError(
                _("Only consent to share with an association names an association."),
                code="association_not_allowed",
            )
        if details:
            raise DomainError(
                _("Only consent to share with an association lists details to share."),
                code="shared_details_not_allowed",
            )
    now = timezone.now()
    if given_at is not None and given_at > now:
        raise DomainError(_("Consent cannot be given in the future."), code="given_in_future")
    given_at = given_at or now
    # Not withdrawn: it stands, or it has expired and waits to be renewed.
    standing = (
        Consent.objects.select_for_update(no_key=True)
        .filter(client=client, purpose=purpose, association=association, withdrawn_at__isnull=True)
        .first()
    )
    if standing is not None and standing.expires_at is None:
        raise DomainError(_("The client has already given this consent."), code="duplicate_consent")
    if standing is not None:
        return renew_consent(consent=standing, by=by, expires_at=expires_at)
    expires_at = _expiry(client=client, purpose=purpose, given_at=given_at, expires_at=expires_at)
    consent = Consent.objects.create(
        client=client,
        purpose=purpose,
        association=association,
        shared_details=details,
        given_at=given_at,
        recorded_by=by,
        expires_at=expires_at,
    )
    _audit(
        by=by, action=AuditEvent.Action.CREATE, obj=consent, client=client, reason="consent given"
    )
    return consent


def _expiry(
    *, client: Client, purpose: str, given_at: dt.datetime, expires_at: dt.datetime | None
) -> dt.datetime | None:
    """When a consent given at `given_at` expires: as asked, within the years Lisko deals with
    and after it was given; else by the organisation's renewal period for the purpose."""
    from lisko.dataprotection.selectors import expiry_for

    if expires_at is None:
        return expiry_for(
            organisation_id=client.organisation_id, purpose=purpose, given_at=given_at
        )
    limits.check_date(expires_at)
    if expires_at <= given_at:
        raise DomainError(
            _("A consent can only expire after it was given."), code="expires_before_given"
        )
    if expires_at <= timezone.now():
        raise DomainError(_("Choose an expiry date in the future."), code="expires_in_past")
    return expires_at


@transaction.atomic
def renew_consent(*, consent: Consent, by: User, expires_at: dt.datetime | None = None) -> Consent:
    """The client gives a consent that needs renewing again: it stands until `expires_at`, or
    for the organisation's renewal period from now. A withdrawn consent is not renewed: the
    client gives a new one."""
    client = _ensure_on_caseload(user=by, client=consent.client)
    consent = Consent.objects.select_for_update(no_key=True).get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise DomainError(
            _("A withdrawn consent cannot be renewed; record a new one."), code="already_withdrawn"
        )
    now = timezone.now()
    expires_at = _expiry(
        client=client, purpose=consent.purpose, given_at=now, expires_at=expires_at
    )
    consent.expires_at = expires_at
    consent.save(update_fields=["expires_at"])
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=consent,
        client=client,
        reason="consent renewed",
    )
    return consent


@transaction.atomic
def withdraw_consent(*, consent: Consent, by: User) -> Consent:
    """Record that the client withdrew a consent; from now on, nothing is shared under it."""
    client = _ensure_on_caseload(user=by, client=consent.client)
    consent = Consent.objects.select_for_update(no_key=True).get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise DomainError(_("This consent has already been withdrawn."), code="already_withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=consent,
        client=client,
        reason="consent withdrawn",
    )
    _tell_partners_consent_withdrawn(consent)
    return consent


def _tell_partners_consent_withdrawn(consent: Consent) -> None:
    """The partners of each open referral under the consent learn it is no longer shared."""
    from lisko.notifications.outbox import announce
    from lisko.referrals.models import OPEN, Referral

    for referral_id in Referral.objects.filter(consent=consent, status__in=OPEN).values_list(
        "pk", flat=True
    ):
        announce("referral_withdrawn", referral_id=referral_id, consent_id=consent.pk)
