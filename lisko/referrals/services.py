"""Referring clients to association offers and the partner's answers.

A referral needs the client's active consent to share with the offer's association; without it
nothing is sent. The partner accepts or declines, starts, completes; either side may drop it.
Every status change is one event in the referral's history.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from lisko.accounts.models import User
from lisko.associations.models import Offer
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client, Consent
from lisko.clients.selectors import visible_client
from lisko.clients.services import give_consent
from lisko.core.errors import DomainError, NotFound
from lisko.notifications.outbox import announce
from lisko.plans.models import Goal
from lisko.referrals.models import (
    OPEN,
    TAKING_A_PLACE,
    TRANSITIONS,
    DeclineCode,
    Referral,
    ReferralEvent,
    Status,
)
from lisko.referrals.selectors import caseload_referrals, partner_referrals


def _audit(*, by: User, action: str, referral: Referral, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=referral,
        client_id=referral.client_id,
        reason=reason,
        organisation_id=referral.client.organisation_id,
    )


def _ensure_valid_consent(*, consent: Consent, client: Client, offer: Offer) -> None:
    """The consent must be the client's, to share with the offer's association, and active."""
    if consent.client_id != client.pk:
        raise DomainError(
            _("This consent was given by another client."), code="consent_other_client"
        )
    if consent.purpose != Consent.Purpose.SHARE_WITH_ASSOCIATION:
        raise DomainError(
            _("A referral needs the client's consent to share with the association."),
            code="consent_wrong_purpose",
        )
    if consent.association_id != offer.association_id:
        raise DomainError(
            _("The consent is for another association than the one making this offer."),
            code="consent_other_association",
        )
    if consent.withdrawn_at is not None:
        raise DomainError(_("The client has withdrawn this consent."), code="consent_withdrawn")


def _taken_places(offer: Offer) -> int:
    return Referral.objects.filter(offer=offer, status__in=TAKING_A_PLACE).count()


def _lock_offer(offer: Offer) -> Offer:
    # Locking the offer serialises everything that counts its places: referring and accepting.
    return Offer.objects.select_for_update(no_key=True).get(pk=offer.pk)


@transaction.atomic
def refer_client(
    *,
    client: Client,
    offer: Offer,
    consent: Consent,
    by: User,
    goal: Goal | None = None,
    note: str = "",
) -> Referral:
    """Refer a client on `by`'s caseload to an active offer with a free place."""
    client = visible_client(user=by, client_id=client.pk)
    offer = _lock_offer(offer)
    if offer.association.organisation_id != client.organisation_id:
        raise NotFound()
    if not client.is_active:
        raise DomainError(_("This case is closed."), code="client_closed")
    consent = Consent.objects.select_for_update(no_key=True).get(pk=consent.pk)
    _ensure_valid_consent(consent=consent, client=client, offer=offer)
    if goal is not None:
        goal = Goal.objects.select_related("plan").get(pk=goal.pk)
        if goal.plan.client_id != client.pk:
            raise DomainError(
                _("The goal belongs to another client's plan."), code="goal_other_client"
            )
        if goal.status in (Goal.Status.ACHIEVED, Goal.Status.DROPPED):
            raise DomainError(_("This goal is closed."), code="goal_closed")
    if not offer.is_active:
        raise DomainError(_("This offer is not available at the moment."), code="offer_inactive")
    if _taken_places(offer) >= offer.capacity:
        raise DomainError(_("This offer has no free place."), code="offer_full")
    if Referral.objects.filter(client=client, offer=offer, status__in=OPEN).exists():
        raise DomainError(
            _("The client already has an open referral to this offer."), code="duplicate_referral"
        )
    referral = Referral.objects.create(
        client=client, offer=offer, consent=consent, goal=goal, note=note.strip(), created_by=by
    )
    ReferralEvent.objects.create(
        referral=referral, from_status="", to_status=Status.SENT, by=by, note=referral.note
    )
    _audit(by=by, action=AuditEvent.Action.CREATE, referral=referral, reason="client referred")
    announce("referral_received", referral_id=referral.pk)
    return referral


def _move(
    *,
    referral: Referral,
    to: Status,
    by: User,
    note: str = "",
    staff_note: str = "",
    answered: bool = False,
    **fields: str,
) -> Referral:
    """Move a (locked) referral to `to` if the transition is allowed, and record the event;
    `answered`: the partner moved it, and the client's social worker is told."""
    if to not in TRANSITIONS[Status(referral.status)]:
        raise DomainError(
            _("A referral that is {current} cannot become {new}.").format(
                current=referral.get_status_display().lower(), new=to.label.lower()
            ),
            code="invalid_transition",
        )
    from_status = referral.status
    referral.status = to
    for field, value in fields.items():
        setattr(referral, field, value)
    referral.save(update_fields=["status", "updated_at", *fields])
    event = ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to,
        by=by,
        note=note,
        staff_note=staff_note,
    )
    if answered:
        announce("referral_answered", event_id=event.pk)
    _audit(by=by, action=AuditEvent.Action.UPDATE, referral=referral, reason=f"referral {to}")
    return referral


def _as_partner(*, referral: Referral, by: User) -> Referral:
    """The referral, locked, if `by` is a partner who may see it; NotFound otherwise."""
    if not partner_referrals(user=by).filter(pk=referral.pk).exists():
        raise NotFound()
    return (
        Referral.objects.select_for_update(no_key=True).select_related("client").get(pk=referral.pk)
    )


@transaction.atomic
def accept_referral(*, referral: Referral, by: User, note: str = "") -> Referral:
    """The partner takes the client in, if the offer still has a free place."""
    referral = _as_partner(referral=referral, by=by)
    offer = _lock_offer(referral.offer)
    if referral.status == Status.SENT and _taken_places(offer) >= offer.capacity:
        raise DomainError(_("This offer has no free place."), code="offer_full")
    return _move(referral=referral, to=Status.ACCEPTED, by=by, note=note.strip(), answered=True)


@transaction.atomic
def decline_referral(
    *, referral: Referral, by: User, reason: str, code: str = DeclineCode.OTHER
) -> Referral:
    """The partner declines the referral, with a reason code (counted by the planners) and
    the reason in their words (read by the social worker)."""
    referral = _as_partner(referral=referral, by=by)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please say why the referral is declined."), code="reason_missing")
    if code not in DeclineCode.values:
        raise DomainError(
            _("Choose from the list why the referral is declined."), code="decline_code_unknown"
        )
    return _move(
        referral=referral,
        to=Status.DECLINED,
        by=by,
        note=reason,
        answered=True,
        decline_reason=reason,
        decline_code=str(code),
    )


@transaction.atomic
def start_referral(*, referral: Referral, by: User, note: str = "") -> Referral:
    """The partner reports that the client has started taking part."""
    referral = _as_partner(referral=referral, by=by)
    return _move(referral=referral, to=Status.IN_PROGRESS, by=by, note=note.strip(), answered=True)


@transaction.atomic
def complete_referral(*, referral: Referral, by: User, outcome: str) -> Referral:
    """The partner reports that the client has completed the offer, with the outcome."""
    referral = _as_partner(referral=referral, by=by)
    outcome = outcome.strip()
    if not outcome:
        raise DomainError(
            _("Please describe the outcome for the social worker."), code="outcome_missing"
        )
    return _move(
        referral=referral,
        to=Status.COMPLETED,
        by=by,
        note=outcome,
        answered=True,
        outcome=outcome,
    )


@transaction.atomic
def drop_referral(*, referral: Referral, by: User, reason: str = "") -> Referral:
    """End a referral before completion: the social worker withdraws it or the partner reports
    that the client dropped out."""
    may_act = (
        partner_referrals(user=by).filter(pk=referral.pk).exists()
        or caseload_referrals(user=by).filter(pk=referral.pk).exists()
    )
    if not may_act:
        raise NotFound()
    locked = (
        Referral.objects.select_for_update(no_key=True).select_related("client").get(pk=referral.pk)
    )
    reason = reason.strip()
    if partner_referrals(user=by).filter(pk=referral.pk).exists():
        # The partner reports that the client dropped out: that is the outcome they share.
        fields: dict[str, str] = {"outcome": reason} if reason else {}
        return _move(
            referral=locked, to=Status.DROPPED, by=by, note=reason, answered=True, **fields
        )
    # The social worker's reason stays with the staff: the association learns only that the
    # referral ended.
    return _move(referral=locked, to=Status.DROPPED, by=by, staff_note=reason)


@transaction.atomic
def refer_client_with_new_consent(
    *,
    client: Client,
    offer: Offer,
    by: User,
    shared_details: Iterable[str] = (),
    goal: Goal | None = None,
    note: str = "",
) -> Referral:
    """Record the client's consent to share with the offer's association, and refer under it:
    both happen, or neither."""
    consent = give_consent(
        client=client,
        purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        association=offer.association,
        shared_details=shared_details,
        by=by,
    )
    return refer_client(client=client, offer=offer, consent=consent, by=by, goal=goal, note=note)


__all__ = [
    "accept_referral",
    "complete_referral",
    "decline_referral",
    "drop_referral",
    "refer_client",
    "refer_client_with_new_consent",
    "start_referral",
]


@transaction.atomic
def report_referral_progress(*, referral: Referral, by: User, note: str) -> Referral:
    """The partner tells the social worker how an accepted or running referral is going."""
    referral = _as_partner(referral=referral, by=by)
    note = note.strip()
    if not note:
        raise DomainError(_("Please write a few words about the progress."), code="note_missing")
    if referral.status not in (Status.ACCEPTED, Status.IN_PROGRESS):
        raise DomainError(
            _("Progress can be reported once the referral is accepted."), code="not_running"
        )
    # Same status before and after: an event in the history that changes nothing else.
    event = ReferralEvent.objects.create(
        referral=referral, from_status=referral.status, to_status=referral.status, by=by, note=note
    )
    announce("referral_answered", event_id=event.pk)
    _audit(by=by, action=AuditEvent.Action.UPDATE, referral=referral, reason="referral progress")
    return referral
