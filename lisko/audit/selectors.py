"""Reading the audit trail: only an organisation's admins, only their organisation's events."""

import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet

from lisko.access import access_of, roles
from lisko.access.rules import audit_event_rule
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.core.limits import parse_id

# The largest id PostgreSQL's bigint holds: a longer number in a filter is no id.


def about_clients(client_ids: Iterable[int]) -> Q:
    """Events about any of these clients: a read or change of one of them, or a list or search
    that showed one of them. (SQLite cannot look inside the list of clients shown; there only
    the events naming one client match.)"""
    wanted = sorted(set(client_ids))
    condition = Q(client_id__in=wanted)
    if connection.vendor == "postgresql":
        for client_id in wanted:
            condition |= Q(client_ids__contains=[client_id])
    return condition


def audit_events_for(
    *,
    user: User,
    organisation_id: int | None = None,
    actor_id: int | None = None,
    client: str = "",
    action: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    text: str = "",
) -> QuerySet[AuditEvent]:
    """The audit trail of the organisations `user` administers, newest first, optionally narrowed:
    to one organisation, one actor, one client (by number or reference), one action, a period
    (`since` inclusive, `until` exclusive) and a free text found in the reason, the kind of
    object or the actor's name."""
    access = access_of(user)
    events = AuditEvent.objects.filter(audit_event_rule(access))
    if organisation_id is not None:
        events = events.filter(organisation_id=organisation_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    client = client.strip()
    if client:
        events = events.filter(_client_filter(access.organisations(roles.ADMINISTERING), client))
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    text = text.strip()
    if text:
        events = events.filter(
            Q(reason__icontains=text)
            | Q(object_type__icontains=text)
            | Q(object_id=text)
            | Q(actor__username__icontains=text)
            | Q(actor__first_name__icontains=text)
            | Q(actor__last_name__icontains=text)
        )
    return events.select_related("actor").order_by("-at", "-id")


def _client_filter(organisation_ids: list[int], client: str) -> Q:
    """Events about the client with this reference (in the organisations given) or number."""
    from lisko.clients.models import Client

    wanted = list(
        Client.objects.filter(
            organisation_id__in=organisation_ids, reference__iexact=client
        ).values_list("pk", flat=True)
    )
    if (client_id := parse_id(client)) is not None:
        wanted.append(client_id)
    return about_clients(wanted)


def client_references_for(*, user: User, client_ids: Iterable[int | None]) -> dict[int, str]:
    """The (pseudonymous) references of the clients named by audit events, by client id: only
    clients of the organisations `user` administers; an erased client has none."""
    from lisko.clients.models import Client

    wanted = {client_id for client_id in client_ids if client_id is not None}
    if not wanted:
        return {}
    return dict(
        Client.objects.filter(
            pk__in=wanted,
            organisation_id__in=access_of(user).organisations(roles.ADMINISTERING),
        ).values_list("pk", "reference")
    )
