"""Who shares with whom: an organisation's sharing agreements with a region's planners, and
the regions a planner plans for. Only the organisation's admins change either; every change is
written to the organisation's audit trail, and an ended agreement stops counting at once
(lisko/planning/scope.py reads only agreements in force)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import forget_access, require_role, roles
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core.errors import DomainError
from lisko.core.limits import check_date
from lisko.organisations.models import Membership, Organisation, Role
from lisko.places.models import Region
from lisko.planning.models import PlannerRegion, SharingAgreement

# An agreement may be recorded some time after it was signed, not years later; nor signed in
# the future.
LONGEST_RECORDING_DELAY = dt.timedelta(days=5 * 366)


def _ensure_admin(*, by: User | None, organisation_id: int) -> None:
    require_role(
        by=by,
        roles=roles.ADMINISTERING,
        organisation_id=organisation_id,
        refusal=_("Only an administrator of the organisation may change what it shares."),
    )


def _audit(*, by: User | None, action: str, obj: object, organisation_id: int, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=obj,  # type: ignore[arg-type]
        client_id=None,
        reason=reason,
        organisation_id=organisation_id,
    )


@transaction.atomic
def record_agreement(
    *,
    organisation: Organisation,
    region: Region,
    signed_on: dt.date,
    signed_by: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    by: User | None,
    today: dt.date | None = None,
) -> SharingAgreement:
    """Record that the organisation agreed to share aggregates with the region's planners."""
    _ensure_admin(by=by, organisation_id=organisation.pk)
    today = today or timezone.localdate()
    signed_by = " ".join(signed_by.split())
    if not signed_by:
        raise DomainError(_("Say who signed the agreement."), code="signatory_missing")
    if len(signed_by) > SharingAgreement._meta.get_field("signed_by").max_length:
        raise DomainError(_("The name of the signatory is too long."), code="too_long")
    for day in (signed_on, valid_from, valid_until):
        if day is not None:
            check_date(day)
    if signed_on > today:
        raise DomainError(_("An agreement cannot be signed in the future."), code="signed_later")
    if today - signed_on > LONGEST_RECORDING_DELAY:
        raise DomainError(
            _("An agreement signed more than five years ago must be renewed first."),
            code="signed_too_long_ago",
        )
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(_("The agreement ends before it starts."), code="period_reversed")
    agreement = SharingAgreement.objects.create(
        organisation=organisation,
        region=region,
        signed_on=signed_on,
        signed_by=signed_by,
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=by,
    )
    _audit(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=agreement,
        organisation_id=organisation.pk,
        reason=f"sharing agreement with the planners of region {region.pk}",
    )
    return agreement


@transaction.atomic
def withdraw_agreement(*, agreement: SharingAgreement, by: User | None) -> SharingAgreement:
    """End the agreement now: the region's planners stop seeing the organisation's data."""
    _ensure_admin(by=by, organisation_id=agreement.organisation_id)
    agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.withdrawn_at is not None:
        return agreement
    agreement.withdrawn_at = timezone.now()
    agreement.save(update_fields=["withdrawn_at"])
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=agreement,
        organisation_id=agreement.organisation_id,
        reason="sharing agreement withdrawn",
    )
    return agreement


@transaction.atomic
def assign_planner_region(
    *, membership: Membership, region: Region, by: User | None
) -> PlannerRegion:
    """Let a planner of the organisation plan for a region (and everything in it)."""
    _ensure_admin(by=by, organisation_id=membership.organisation_id)
    if membership.role != Role.PLANNER:
        raise DomainError(
            _("Regions are given to planners only: give the planner role first."),
            code="not_a_planner",
        )
    planner_region, _created = PlannerRegion.objects.get_or_create(
        membership=membership, region=region
    )
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=membership,
        organisation_id=membership.organisation_id,
        reason=f"planner region {region.pk} given",
    )
    forget_access(membership.user)
    return planner_region


@transaction.atomic
def remove_planner_region(*, planner_region: PlannerRegion, by: User | None) -> None:
    """Take a region away from a planner: their access to it ends with the next request."""
    membership = planner_region.membership
    _ensure_admin(by=by, organisation_id=membership.organisation_id)
    region_id = planner_region.region_id
    planner_region.delete()
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=membership,
        organisation_id=membership.organisation_id,
        reason=f"planner region {region_id} taken away",
    )
    forget_access(membership.user)
