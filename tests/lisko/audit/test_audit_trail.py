import pytest
from django.db import DatabaseError, connection, transaction

from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from tests.conftest import Personas
from tests.factories.core import ClientFactory


def test_it_records_who_read_which_client_and_why(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    record_access(
        actor=personas.social_worker,
        action="read",
        obj=client,
        client_id=client.pk,
        reason="client page",
        organisation_id=client.organisation_id,
    )

    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.client_id, event.object_type, event.reason) == (
        personas.social_worker,
        "read",
        client.pk,
        "clients.client",
        "client page",
    )


def test_the_app_cannot_change_an_audit_event(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation)
    event = record_access(
        actor=personas.social_worker, action="read", obj=client, client_id=client.pk, reason="x"
    )
    event.reason = "rewritten"

    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.postgres
def test_the_database_refuses_to_rewrite_the_trail(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation)
    record_access(
        actor=personas.social_worker, action="read", obj=client, client_id=client.pk, reason="x"
    )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET reason = 'rewritten'")
