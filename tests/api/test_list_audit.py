"""An API list page is one read per organisation shown, not one per row."""

from lisko.audit.models import AuditEvent
from lisko.organisations.models import Membership, Role
from tests.api.conftest import ApiFor, World
from tests.factories.core import ClientFactory


def test_a_list_of_n_clients_is_one_audit_event(world: World, api_for: ApiFor) -> None:
    extra = [
        ClientFactory(
            organisation=world.personas.organisation, social_worker=world.personas.social_worker
        )
        for _ in range(4)
    ]

    response = api_for(world.personas.social_worker).get("/api/clients/")

    event = AuditEvent.objects.get(reason="api: client list")
    shown = [row["id"] for row in response.json()["results"]]
    assert len(shown) == 5
    assert event.client_ids == shown
    assert {world.own.client.pk, *(client.pk for client in extra)} == set(event.client_ids)
    assert (event.client_id, event.organisation, event.object_type) == (
        None,
        world.personas.organisation,
        "clients.client",
    )


def test_a_list_across_two_organisations_is_one_event_per_organisation(
    world: World, api_for: ApiFor
) -> None:
    sofia = world.personas.social_worker
    Membership.objects.create(
        user=sofia, organisation=world.personas.other_organisation, role=Role.SOCIAL_WORKER
    )
    elsewhere = ClientFactory(organisation=world.personas.other_organisation, social_worker=sofia)

    api_for(sofia).get("/api/clients/")

    events = AuditEvent.objects.filter(reason="api: client list")
    assert {(event.organisation_id, tuple(event.client_ids)) for event in events} == {
        (world.personas.organisation.pk, (world.own.client.pk,)),
        (world.personas.other_organisation.pk, (elsewhere.pk,)),
    }


def test_a_page_of_appointments_is_one_event_naming_their_clients(
    world: World, api_for: ApiFor
) -> None:
    api_for(world.personas.coordinator).get("/api/appointments/")

    event = AuditEvent.objects.get(reason="api: appointment list")
    assert set(event.client_ids) == {world.own.client.pk, world.colleague.client.pk}
    assert event.object_type == "appointments.appointment"


def test_an_empty_list_writes_no_event(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.partner).get("/api/partner/referrals/?status=completed")

    assert not AuditEvent.objects.filter(reason="api: partner referrals").exists()
