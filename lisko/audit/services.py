"""Writing the audit trail. Callers run inside their own transaction, so the entry and the
read or change it records commit or roll back together."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import require_role, roles
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent

if TYPE_CHECKING:
    from lisko.organisations.models import Organisation


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


def record_list_read(
    *,
    actor: User | None,
    shown: Iterable[tuple[int | None, int | None]],
    object_type: str = "clients.client",
    query: str = "",
    reason: str,
) -> list[AuditEvent]:
    """Record a list or search as one event per organisation shown, carrying the words searched
    for and the ids of the clients shown, in the order shown. `shown` holds (organisation id,
    client id) per row. One event, not one per row: a search showing seventy clients is one read.
    Split by organisation so that each organisation's administrators see the reads of their
    clients and no other's ids."""
    by_organisation: dict[int | None, list[int]] = {}
    for organisation_id, client_id in shown:
        ids = by_organisation.setdefault(organisation_id, [])
        if client_id is not None and client_id not in ids:
            ids.append(client_id)
    if not by_organisation:
        return []
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    query_length = AuditEvent._meta.get_field("query").max_length or 200
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_id=actor_id,
            organisation_id=organisation_id,
            action=AuditEvent.Action.READ,
            client_id=client_ids[0] if len(client_ids) == 1 else None,
            client_ids=client_ids,
            object_type=object_type,
            object_id="",
            query=query[:query_length],
            reason=reason,
        )
        for organisation_id, client_ids in by_organisation.items()
    )


def forget_searches_about(*, client_id: int) -> int:
    """Empty the words searched for in every list read that showed the client: someone may
    have typed the client's name, and an erasure leaves no name behind. The rest of each
    event stays. The one change the trail allows (audit/0005); returns how many were emptied."""
    from lisko.audit.selectors import about_clients

    searches = AuditEvent.objects.exclude(query="")
    if connection.vendor == "postgresql":
        return searches.filter(about_clients([client_id])).update(query="")
    # SQLite cannot look inside the list of clients shown: read the few searches instead.
    ids = [
        event_id
        for event_id, client_ids, named in searches.values_list("pk", "client_ids", "client_id")
        if named == client_id or client_id in (client_ids or [])
    ]
    return AuditEvent.objects.filter(pk__in=ids).update(query="")


def record_reads(
    *,
    actor: User | None,
    objects: Iterable[models.Model],
    client_id_of: str = "client_id",
    reason: str,
) -> None:
    """Record a list read in one query: one event per client object shown."""
    rows = [
        (
            getattr(obj, "organisation_id", None),
            obj.pk if client_id_of == "pk" else getattr(obj, client_id_of, None),
            obj._meta.label_lower,
            str(obj.pk),
        )
        for obj in objects
    ]
    if not rows:
        return
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    if connection.vendor == "postgresql":
        _insert_reads(actor_id=actor_id, rows=rows, reason=reason)
        return
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_id=actor_id,
            organisation_id=organisation_id,
            action=AuditEvent.Action.READ,
            client_id=client_id,
            object_type=object_type,
            object_id=object_id,
            reason=reason,
        )
        for organisation_id, client_id, object_type, object_id in rows
    )


def _insert_reads(*, actor_id: int | None, rows: list[tuple[Any, ...]], reason: str) -> None:
    """The rows as four arrays in one INSERT. Every list page writes one event per row shown;
    building and compiling fifty model instances cost more than the read they record."""
    organisation_ids, client_ids, object_types, object_ids = (
        list(column) for column in zip(*rows, strict=True)
    )
    quote = connection.ops.quote_name
    column_of = {field.name: str(field.column) for field in AuditEvent._meta.concrete_fields}
    columns = ", ".join(
        quote(column_of[name])
        for name in (
            "at",
            "actor",
            "action",
            "reason",
            "client_ids",
            "query",
            "organisation",
            "client_id",
            "object_type",
            "object_id",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "
            "SELECT %s::timestamptz, %s::bigint, %s::varchar, %s::varchar, '[]'::jsonb, '', "
            "shown.* "
            "FROM UNNEST(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[]) AS shown",
            [
                timezone.now(),
                actor_id,
                AuditEvent.Action.READ.value,
                reason,
                organisation_ids,
                client_ids,
                object_types,
                object_ids,
            ],
        )


def record_audit_export(*, by: User, organisation: "Organisation", filters: str) -> AuditEvent:
    """Record that `by` exported the organisation's audit trail: reading the trail in bulk is
    itself a read worth knowing of. Only an admin of the organisation may."""
    require_role(
        by=by,
        roles=roles.ADMINISTERING,
        organisation_id=organisation.pk,
        refusal=_("Only an administrator of the organisation may export its audit trail."),
    )
    reason = f"audit trail exported{': ' + filters if filters else ''}"
    return record_access(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=organisation,
        client_id=None,
        reason=reason[: AuditEvent._meta.get_field("reason").max_length or 200],
        organisation_id=organisation.pk,
    )
