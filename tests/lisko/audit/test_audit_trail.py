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


@pytest.mark.postgres
def test_the_database_refuses_to_truncate_the_trail(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation)
    record_access(
        actor=personas.social_worker, action="read", obj=client, client_id=client.pk, reason="x"
    )

    # The test connections allow TRUNCATE (tests/conftest.py); a session of the application
    # does not, which is what this transaction is.
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        with connection.cursor() as cursor:
            # The row's foreign keys are checked now, not at the end of the test's transaction:
            # PostgreSQL refuses TRUNCATE while such checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL lisko.allow_truncate = 'off'")
            cursor.execute("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.count() == 1


@pytest.mark.postgres
def test_a_session_that_says_so_may_truncate_the_trail(personas: Personas) -> None:
    client = ClientFactory(organisation=personas.organisation)
    record_access(
        actor=personas.social_worker, action="read", obj=client, client_id=client.pk, reason="x"
    )

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL lisko.allow_truncate = 'on'")
        cursor.execute("TRUNCATE audit_auditevent CASCADE")

    assert not AuditEvent.objects.exists()


def test_a_search_read_is_found_under_each_client_it_showed(personas: Personas) -> None:
    from lisko.audit.selectors import audit_events_for
    from lisko.audit.services import record_list_read

    amal, omar = (
        ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
        for _ in range(2)
    )
    record_list_read(
        actor=personas.social_worker,
        shown=[(amal.organisation_id, amal.pk), (omar.organisation_id, omar.pk)],
        query="a",
        reason="s",
    )

    found = audit_events_for(user=personas.admin, client=amal.reference)

    assert [event.client_ids for event in found] == [[amal.pk, omar.pk]]


@pytest.mark.postgres
@pytest.mark.parametrize("run", [1, 2])
def test_the_test_database_is_still_emptied_between_transactional_tests(
    transactional_db: None, run: int
) -> None:
    # Django empties the tables after this test with TRUNCATE: the test connections allow it.
    assert not AuditEvent.objects.exists()
    AuditEvent.objects.create(action="read", object_type="x", object_id="1", reason=f"run {run}")
