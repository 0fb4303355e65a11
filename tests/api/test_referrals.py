"""Referrals through the API: social workers send them, partners see what consent shares and
answer."""

from lisko.audit.models import AuditEvent
from lisko.referrals.models import Referral
from tests.api.conftest import ApiFor, World
from tests.factories.people import OfferFactory


def test_a_social_worker_refers_a_client_with_consent(world: World, api_for: ApiFor) -> None:
    second_offer = OfferFactory(
        association=world.own.association, field_of_action=world.own.field_of_action
    )

    response = api_for(world.personas.social_worker).post(
        "/api/referrals/",
        {
            "client": world.own.client.pk,
            "offer": second_offer.pk,
            "consent": world.own.sharing_consent.pk,
            "goal": world.own.goal.pk,
            "note": "Wants to start soon.",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    referral = Referral.objects.get(pk=response.json()["id"])
    assert (referral.status, referral.offer) == ("sent", second_offer)


def test_a_referral_without_the_right_consent_is_refused(world: World, api_for: ApiFor) -> None:
    second_offer = OfferFactory(
        association=world.own.association, field_of_action=world.own.field_of_action
    )

    response = api_for(world.personas.social_worker).post(
        "/api/referrals/",
        {
            "client": world.own.client.pk,
            "offer": second_offer.pk,
            "consent": world.own.consent.pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "consent_wrong_purpose"
    assert not Referral.objects.filter(offer=second_offer).exists()


def test_the_social_worker_lists_the_caseloads_referrals(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/referrals/")

    assert [row["id"] for row in response.json()["results"]] == [world.own.referral.pk]


def test_a_partner_sees_the_referrals_to_their_association(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.partner).get("/api/partner/referrals/")

    assert [row["id"] for row in response.json()["results"]] == [world.own.referral.pk]


def test_a_partner_sees_only_what_the_consent_shares(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.partner).get(
        f"/api/partner/referrals/{world.own.referral.pk}/"
    )

    assert response.json()["client"] == {
        "first_name": world.own.client.first_name,
        "last_name": world.own.client.last_name,
        "languages": ["Arabic"],
    }
    body = response.content.decode()
    assert world.own.client.phone not in body
    assert world.own.client.notes not in body


def test_a_withdrawn_consent_hides_the_referral_from_the_partner(
    world: World, api_for: ApiFor
) -> None:
    api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/consents/{world.own.sharing_consent.pk}/withdraw/"
    )

    response = api_for(world.personas.partner).get(
        f"/api/partner/referrals/{world.own.referral.pk}/"
    )

    assert response.status_code == 404


def test_a_partner_read_is_audited(world: World, api_for: ApiFor) -> None:
    api_for(world.personas.partner).get("/api/partner/referrals/")

    event = AuditEvent.objects.get(reason="api: partner referrals")
    assert (event.actor, event.client_id, event.organisation) == (
        world.personas.partner,
        world.own.client.pk,
        world.personas.organisation,
    )


def test_a_partner_accepts_then_reports_the_outcome(world: World, api_for: ApiFor) -> None:
    api = api_for(world.personas.partner)
    url = f"/api/partner/referrals/{world.own.referral.pk}"

    accepted = api.post(f"{url}/accept/", {}, format="json")
    started = api.post(f"{url}/start/", {}, format="json")
    completed = api.post(f"{url}/complete/", {"outcome": "Finished the A1 course."}, format="json")

    assert [accepted.status_code, started.status_code, completed.status_code] == [200, 200, 200]
    world.own.referral.refresh_from_db()
    assert (world.own.referral.status, world.own.referral.outcome) == (
        "completed",
        "Finished the A1 course.",
    )


def test_a_partner_declines_with_a_reason(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.partner).post(
        f"/api/partner/referrals/{world.own.referral.pk}/decline/",
        {"reason": "The course is full until spring."},
        format="json",
    )

    assert response.status_code == 200
    world.own.referral.refresh_from_db()
    assert world.own.referral.status == "declined"
    assert world.own.referral.decline_code == "other"
    assert response.json()["decline_code"] == "other"


def test_a_partner_declines_with_a_reason_code(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.partner).post(
        f"/api/partner/referrals/{world.own.referral.pk}/decline/",
        {"reason": "The course is full until spring.", "decline_code": "no_places"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["decline_code"] == "no_places"
    world.own.referral.refresh_from_db()
    assert world.own.referral.decline_code == "no_places"
    social_worker = api_for(world.personas.social_worker).get(
        f"/api/referrals/{world.own.referral.pk}/"
    )
    assert social_worker.json()["decline_code"] == "no_places"


def test_an_unknown_reason_code_is_refused_in_the_readers_language(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.partner).post(
        f"/api/partner/referrals/{world.own.referral.pk}/decline/",
        {"reason": "Full.", "decline_code": "too_busy"},
        format="json",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == {
        "decline_code": ["Choose from the list why the referral is declined."]
    }
    world.own.referral.refresh_from_db()
    assert (world.own.referral.status, world.own.referral.decline_code) == ("sent", "")


def test_declining_without_a_reason_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.partner).post(
        f"/api/partner/referrals/{world.own.referral.pk}/decline/", {"reason": " "}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_missing"


def test_a_partner_cannot_answer_another_associations_referral(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.partner).post(
        f"/api/partner/referrals/{world.colleague.referral.pk}/accept/", {}, format="json"
    )

    assert response.status_code == 404
    world.colleague.referral.refresh_from_db()
    assert world.colleague.referral.status == "sent"


def test_a_social_worker_drops_a_referral(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/referrals/{world.own.referral.pk}/drop/", {"reason": "Moved."}, format="json"
    )

    assert response.status_code == 200
    world.own.referral.refresh_from_db()
    assert world.own.referral.status == "dropped"
