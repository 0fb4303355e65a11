"""The audit trail through the API: admins read their organisation's, nobody changes it."""

from lisko.audit.models import AuditEvent
from tests.api.conftest import ApiFor, World


def test_an_admin_reads_who_looked_at_a_client(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.social_worker).get(f"/api/clients/{world.own.client.pk}/")

    response = api_for(world.personas.admin).get(
        f"/api/audit-events/?client_id={world.own.client.pk}"
    )

    rows = response.json()["results"]
    assert response.status_code == 200
    assert [(row["actor"], row["reason"]) for row in rows] == [
        (world.personas.social_worker.pk, "api: client detail")
    ]


def test_the_admin_does_not_see_another_organisations_trail(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.other_social_worker).get(f"/api/clients/{world.other.client.pk}/")

    response = api_for(world.personas.admin).get("/api/audit-events/")

    assert response.json()["results"] == []


def test_the_audit_trail_cannot_be_written_through_the_api(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.admin)

    responses = [api.post("/api/audit-events/", {}), api.delete("/api/audit-events/")]

    assert [response.status_code for response in responses] == [405, 405]
    assert not AuditEvent.objects.exists()


def test_a_social_worker_may_not_read_the_audit_trail(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/audit-events/")

    assert response.status_code == 403
