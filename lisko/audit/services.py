"""Writing the audit trail. Callers run inside their own transaction, so the entry and the
read or change it records commit or roll back together."""

from collections.abc import Iterable

from django.db import models

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent


def record_access(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    client_id: int | None,
    reason: str,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Record one read or change of a client's personal data."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation_id=organisation_id,
        action=action,
        client_id=client_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason,
    )


def record_reads(
    *,
    actor: User | None,
    objects: Iterable[models.Model],
    client_id_of: str = "client_id",
    reason: str,
) -> None:
    """Record a list read in one query: one event per client object shown."""
    events = [
        AuditEvent(
            actor=actor if actor is not None and actor.is_authenticated else None,
            organisation_id=getattr(obj, "organisation_id", None),
            action=AuditEvent.Action.READ,
            client_id=obj.pk if client_id_of == "pk" else getattr(obj, client_id_of, None),
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            reason=reason,
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events)
