"""Erasure empties the words searched for in the list reads that showed the client (someone may
have typed the name); the trail refuses every other change."""

import pytest
from django.db import DatabaseError, connection, transaction

from lisko.audit.models import AuditEvent
from lisko.audit.services import record_list_read
from lisko.clients.models import Client
from lisko.dataprotection.services import erase_client
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def _search(personas: Personas, *, query: str, shown: list[Client]) -> AuditEvent:
    (event,) = record_list_read(
        actor=personas.social_worker,
        shown=[(client.organisation_id, client.pk) for client in shown],
        query=query,
        reason="caseload",
    )
    return event


def test_erasure_blanks_the_search_of_events_that_list_the_client(
    personas: Personas, amal: Client, bilal: Client
) -> None:
    alone = _search(personas, query="Haddad", shown=[amal])
    together = _search(personas, query="a", shown=[bilal, amal])

    erase_client(client=amal, by=personas.admin)

    assert list(
        AuditEvent.objects.filter(pk__in=[alone.pk, together.pk]).values_list("query", flat=True)
    ) == ["", ""]


def test_erasure_keeps_the_rest_of_the_event(
    personas: Personas, amal: Client, bilal: Client
) -> None:
    event = _search(personas, query="Haddad", shown=[bilal, amal])

    erase_client(client=amal, by=personas.admin)

    kept = AuditEvent.objects.get(pk=event.pk)
    assert (kept.actor, kept.client_ids, kept.reason, kept.at) == (
        personas.social_worker,
        [bilal.pk, amal.pk],
        "caseload",
        event.at,
    )


def test_erasure_keeps_the_searches_of_other_clients(
    personas: Personas, amal: Client, bilal: Client
) -> None:
    event = _search(personas, query="Othman", shown=[bilal])

    erase_client(client=amal, by=personas.admin)

    assert AuditEvent.objects.get(pk=event.pk).query == "Othman"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_trail_still_refuses_any_other_change_of_a_search(
    personas: Personas, amal: Client
) -> None:
    event = _search(personas, query="Haddad", shown=[amal])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(query="", reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(query="someone else")

    assert AuditEvent.objects.get(pk=event.pk).query == "Haddad"
