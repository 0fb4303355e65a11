"""Reading the audit trail: only an organisation's admins, only their organisation's events."""

from django.db.models import QuerySet

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.organisations.models import Membership, Role


def audit_events_for(*, user: User) -> QuerySet[AuditEvent]:
    """The audit trail of the organisations `user` administers, newest first."""
    if not user.is_authenticated:
        return AuditEvent.objects.none()
    administered = Membership.objects.filter(user=user, role=Role.ADMIN).values("organisation_id")
    return (
        AuditEvent.objects.filter(organisation_id__in=administered)
        .select_related("actor")
        .order_by("-at", "-id")
    )
