"""Clients through the API: the caseload, one client, changes, and the audit trail they leave."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, Consent
from tests.api.conftest import ApiFor, World
from tests.factories.core import ClientFactory, LanguageFactory


def test_the_client_list_shows_only_the_own_caseload(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/clients/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.own.client.pk]


def test_a_client_shared_with_a_colleague_appears_in_their_list(
    world: World, api_for: ApiFor
) -> None:
    world.colleague.client.shared_with.add(world.personas.social_worker)

    response = api_for(world.personas.social_worker).get("/api/clients/")

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world.own.client.pk, world.colleague.client.pk}


def test_reading_the_list_records_one_read_per_client_shown(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.social_worker).get("/api/clients/")

    event = AuditEvent.objects.get(reason="api: client list")
    assert (event.actor, event.action, event.client_id) == (
        world.personas.social_worker,
        "read",
        world.own.client.pk,
    )


def test_a_list_page_is_audited_in_one_insert(world: World, api_for: ApiFor) -> None:
    for _ in range(4):
        ClientFactory(
            organisation=world.personas.organisation, social_worker=world.personas.social_worker
        )
    api = api_for(world.personas.social_worker)

    with CaptureQueriesContext(connection) as context:
        api.get("/api/clients/")

    inserts = [q for q in context.captured_queries if 'INSERT INTO "audit_auditevent"' in q["sql"]]
    assert len(inserts) == 1
    assert AuditEvent.objects.filter(reason="api: client list").count() == 1


def test_the_client_detail_shows_household_languages_and_consents(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).get(f"/api/clients/{world.own.client.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert body["household"][0]["first_name"] == "Lina"
    assert body["languages"] == [{"id": world.own.language.pk, "language": "ara", "proficiency": 5}]
    assert {consent["purpose"] for consent in body["consents"]} == {
        "data_processing",
        "interpreting",
        "share_with_association",
    }


def test_reading_a_client_is_audited_with_who_and_why(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.social_worker).get(f"/api/clients/{world.own.client.pk}/")

    event = AuditEvent.objects.get(reason="api: client detail")
    assert (event.actor, event.client_id, event.object_type) == (
        world.personas.social_worker,
        world.own.client.pk,
        "clients.client",
    )


def test_another_organisations_client_answers_404(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get(f"/api/clients/{world.other.client.pk}/")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
    assert not AuditEvent.objects.exists()


def test_a_colleagues_client_that_is_not_shared_answers_404(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get(
        f"/api/clients/{world.colleague.client.pk}/"
    )

    assert response.status_code == 404


def test_a_partner_may_not_list_clients(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.partner).get("/api/clients/")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_requests_are_asked_to_authenticate(world: World, api_for: ApiFor) -> None:
    response = api_for(None).get("/api/clients/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_social_worker_opens_a_case(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/clients/",
        {
            "reference": "C-NEW-1",
            "first_name": "Amal",
            "last_name": "Haddad",
            "municipality": world.own.client.municipality_id,
            "preferred_language": "ara",
            "birth_date": "1988-02-01",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    client = Client.objects.get(reference="C-NEW-1")
    assert (client.social_worker, client.organisation) == (
        world.personas.social_worker,
        world.personas.organisation,
    )
    assert AuditEvent.objects.filter(action="create", client_id=client.pk).exists()


def test_a_duplicate_reference_is_refused_with_the_services_message(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/clients/",
        {
            "reference": world.own.client.reference,
            "first_name": "Amal",
            "last_name": "Haddad",
            "municipality": world.own.client.municipality_id,
            "preferred_language": "ara",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "duplicate_reference"
    assert Client.objects.filter(reference=world.own.client.reference).count() == 1


def test_missing_fields_are_listed_by_name(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post("/api/clients/", {}, format="json")

    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == "invalid"
    assert error["fields"]["first_name"] == ["This field is required."]


def test_errors_follow_the_accept_language_header(world: World, api_for: ApiFor) -> None:
    german = api_for(world.personas.social_worker, "de").post("/api/clients/", {}, format="json")
    french = api_for(world.personas.social_worker, "fr").post("/api/clients/", {}, format="json")

    assert german.json()["error"]["fields"]["first_name"] == [
        "Dieses Feld ist zwingend erforderlich."
    ]
    assert french.json()["error"]["fields"]["first_name"] == ["Ce champ est obligatoire."]


def test_a_social_worker_changes_a_client_and_the_change_is_audited(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).patch(
        f"/api/clients/{world.own.client.pk}/", {"phone": "+352 691 111 111"}, format="json"
    )

    assert response.status_code == 200
    world.own.client.refresh_from_db()
    assert world.own.client.phone == "+352691111111"
    assert AuditEvent.objects.filter(action="update", client_id=world.own.client.pk).exists()


def test_a_birth_date_in_the_future_is_refused_and_nothing_changes(
    world: World, api_for: ApiFor
) -> None:
    future = (timezone.localdate() + dt.timedelta(days=400)).isoformat()

    response = api_for(world.personas.social_worker).patch(
        f"/api/clients/{world.own.client.pk}/", {"birth_date": future}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "birth_in_future"
    world.own.client.refresh_from_db()
    assert world.own.client.birth_date == dt.date(1990, 5, 17)


def test_changing_a_foreign_client_answers_404_before_reading_the_body(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).patch(
        f"/api/clients/{world.other.client.pk}/", {"first_name": ""}, format="json"
    )

    assert response.status_code == 404


def test_a_social_worker_closes_a_case(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/close/"
    )

    assert response.status_code == 200
    world.own.client.refresh_from_db()
    assert world.own.client.is_active is False


def test_sharing_a_case_lets_the_colleague_see_it(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/share/",
        {"user": world.personas.colleague.pk},
        format="json",
    )

    assert response.status_code == 200
    assert world.own.client.shared_with.filter(pk=world.personas.colleague.pk).exists()


def test_a_case_cannot_be_shared_with_someone_of_another_organisation(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/share/",
        {"user": world.personas.other_social_worker.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "user" in response.json()["error"]["fields"]
    assert not world.own.client.shared_with.exists()


def test_a_social_worker_records_a_consent_to_share(world: World, api_for: ApiFor) -> None:
    world.own.sharing_consent.withdrawn_at = world.own.sharing_consent.given_at
    world.own.sharing_consent.save()

    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/consents/",
        {
            "purpose": "share_with_association",
            "association": world.own.association.pk,
            "shared_details": ["contact"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    consent = Consent.objects.get(pk=response.json()["id"])
    assert (consent.association, consent.shared_details) == (world.own.association, ["contact"])


def test_withdrawing_a_consent_records_when(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/consents/{world.own.consent.pk}/withdraw/"
    )

    assert response.status_code == 200
    world.own.consent.refresh_from_db()
    assert world.own.consent.withdrawn_at is not None


def test_a_language_is_added_and_its_proficiency_changed(world: World, api_for: ApiFor) -> None:
    LanguageFactory(code="fra")
    api = api_for(world.personas.social_worker)
    added = api.post(
        f"/api/clients/{world.own.client.pk}/languages/",
        {"language": "fra", "proficiency": 2},
        format="json",
    )
    changed = api.patch(
        f"/api/clients/{world.own.client.pk}/languages/{added.json()['id']}/",
        {"proficiency": 4},
        format="json",
    )

    assert (added.status_code, changed.status_code) == (201, 200)
    assert world.own.client.languages.get(language__code="fra").proficiency == 4


def test_an_unknown_language_code_is_a_field_error(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/languages/",
        {"language": "zzz", "proficiency": 2},
        format="json",
    )

    assert response.status_code == 400
    assert "language" in response.json()["error"]["fields"]


def test_a_household_member_is_added_and_removed(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.social_worker)
    added = api.post(
        f"/api/clients/{world.own.client.pk}/household/",
        {"first_name": "Omar", "relation": "partner"},
        format="json",
    )
    removed = api.delete(f"/api/clients/{world.own.client.pk}/household/{added.json()['id']}/")

    assert (added.status_code, removed.status_code) == (201, 204)
    assert list(world.own.client.household.values_list("first_name", flat=True)) == ["Lina"]


def test_the_fast_client_list_shows_exactly_the_visible_clients(world: World) -> None:
    # client_list_for rephrases clients_visible_to for the planner; the set must not change.
    from lisko.clients.selectors import client_list_for, clients_visible_to

    people = world.personas
    world.colleague.client.shared_with.add(people.social_worker)
    for user in (people.social_worker, people.colleague, people.other_social_worker, people.admin):
        fast = set(client_list_for(user=user).values_list("pk", flat=True))
        assert fast == set(clients_visible_to(user=user).values_list("pk", flat=True)), user
