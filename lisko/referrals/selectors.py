"""Reading referrals: a partner sees only referrals to their own associations, and only while the
client's consent stands; a social worker sees the referrals of their caseload. Reads are audited."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from lisko.access import access_of
from lisko.access.rules import partner_referral_rule
from lisko.accounts.models import User
from lisko.audit.services import record_reads
from lisko.clients.models import Client, ClientLanguage, Consent
from lisko.clients.selectors import clients_visible_to
from lisko.core.errors import NotFound
from lisko.referrals.models import Referral


def _with_details(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related(
        "client",
        "client__preferred_language",
        "offer",
        "offer__association",
        "offer__field_of_action",
        "goal",
        "consent",
        "created_by",
    ).prefetch_related("events__by")


def partner_referrals(*, user: User) -> QuerySet[Referral]:
    """Referrals `user` may see and act on as a partner; no audit (for services).

    The consent must be the one for the offer's association and still active: withdrawing it
    hides the referral at once.
    """
    return Referral.objects.filter(partner_referral_rule(access_of(user)))


def caseload_referrals(*, user: User) -> QuerySet[Referral]:
    """Referrals of the clients on `user`'s caseload; no audit (for services)."""
    return Referral.objects.filter(client__in=clients_visible_to(user=user))


def _audit_clients(*, user: User, referrals: Iterable[Referral], reason: str) -> None:
    # The personal data read is the client's; one event per client shown.
    clients: dict[int, Client] = {referral.client_id: referral.client for referral in referrals}
    record_reads(actor=user, objects=clients.values(), client_id_of="pk", reason=reason)


def referrals_for_partner(*, user: User, status: str | None = None) -> list[Referral]:
    """The referrals to `user`'s associations with active consent, newest first; audited."""
    referrals = _with_details(partner_referrals(user=user))
    if status is not None:
        referrals = referrals.filter(status=status)
    result = list(referrals.order_by("-created_at", "-id"))
    _audit_clients(user=user, referrals=result, reason="partner referrals")
    return result


def referral_for_partner(*, user: User, referral_id: int) -> Referral:
    """One referral as its partner sees it, or NotFound; audited."""
    referral = _with_details(partner_referrals(user=user)).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound()
    _audit_clients(user=user, referrals=[referral], reason="partner referral")
    return referral


def referrals_for_social_worker(
    *, user: User, client_id: int | None = None, status: str | None = None
) -> list[Referral]:
    """The referrals of `user`'s caseload (or of one client on it), newest first; audited."""
    referrals = caseload_referrals(user=user)
    if client_id is not None:
        if not clients_visible_to(user=user).filter(pk=client_id).exists():
            raise NotFound()
        referrals = referrals.filter(client_id=client_id)
    if status is not None:
        referrals = referrals.filter(status=status)
    result = list(_with_details(referrals).order_by("-created_at", "-id"))
    _audit_clients(user=user, referrals=result, reason="referral list")
    return result


def referral_for(*, user: User, referral_id: int) -> Referral:
    """One referral of `user`'s caseload with its history, or NotFound; audited."""
    referral = _with_details(caseload_referrals(user=user)).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound()
    _audit_clients(user=user, referrals=[referral], reason="referral page")
    return referral


def details_for_partner(*, referral: Referral) -> dict[str, Any]:
    """What the partner may see of the client: the first name, and what the consent shares."""
    client = referral.client
    shared = set(referral.consent.shared_details if referral.consent.is_active else [])
    details: dict[str, Any] = {"first_name": client.first_name}
    if Consent.SharedDetail.LAST_NAME in shared:
        details["last_name"] = client.last_name
    if Consent.SharedDetail.CONTACT in shared:
        details["phone"] = client.phone
    if Consent.SharedDetail.BIRTH_YEAR in shared and client.birth_date is not None:
        details["birth_year"] = client.birth_date.year
    if Consent.SharedDetail.LANGUAGES in shared:
        details["languages"] = [
            str(client_language.language)
            for client_language in client.languages.select_related("language")
        ]
    if Consent.SharedDetail.GOAL in shared and referral.goal is not None:
        details["goal"] = referral.goal.wording
    return details


def partner_referral_list(*, user: User) -> QuerySet[Referral]:
    """The referrals `user` sees as a partner, with everything shared_client_details reads
    fetched up front: a constant number of queries for any page. No audit: the caller records
    the page it shows."""
    return _with_details(partner_referrals(user=user)).prefetch_related(
        Prefetch("client__languages", queryset=ClientLanguage.objects.select_related("language"))
    )


def shared_client_details(*, referral: Referral) -> dict[str, Any]:
    """What the partner may see of the client, as details_for_partner, but reading the client's
    languages from partner_referral_list's prefetch instead of one query per referral."""
    client = referral.client
    shared = set(referral.consent.shared_details if referral.consent.is_active else [])
    details: dict[str, Any] = {"first_name": client.first_name}
    if Consent.SharedDetail.LAST_NAME in shared:
        details["last_name"] = client.last_name
    if Consent.SharedDetail.CONTACT in shared:
        details["phone"] = client.phone
    if Consent.SharedDetail.BIRTH_YEAR in shared and client.birth_date is not None:
        details["birth_year"] = client.birth_date.year
    if Consent.SharedDetail.LANGUAGES in shared:
        details["languages"] = [str(language.language) for language in client.languages.all()]
    if Consent.SharedDetail.GOAL in shared and referral.goal is not None:
        details["goal"] = referral.goal.wording
    return details
