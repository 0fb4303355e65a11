"""A consent that needs renewing counts as no consent once it has expired, exactly like a
withdrawn one: the partner loses the referral the moment it expires, and renewing gives it back."""

import datetime as dt

from django.utils import timezone

from lisko.clients.models import Consent
from tests.api.conftest import ApiFor, World


def _expire(consent: Consent, *, ago: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    now = timezone.now()
    Consent.objects.filter(pk=consent.pk).update(
        given_at=now - dt.timedelta(days=400), expires_at=now - ago
    )


def test_a_partner_stops_seeing_a_referral_the_moment_its_consent_expires(
    world: World, api_for: ApiFor
) -> None:
    _expire(world.own.sharing_consent, ago=dt.timedelta(seconds=1))

    response = api_for(world.personas.partner).get(
        f"/api/partner/referrals/{world.own.referral.pk}/"
    )

    assert response.status_code == 404


def test_an_expired_consent_drops_the_referral_from_the_partners_list(
    world: World, api_for: ApiFor
) -> None:
    _expire(world.own.sharing_consent)

    response = api_for(world.personas.partner).get("/api/partner/referrals/")

    assert response.json()["results"] == []


def test_a_consent_expiring_later_still_shares(world: World, api_for: ApiFor) -> None:
    Consent.objects.filter(pk=world.own.sharing_consent.pk).update(
        expires_at=timezone.now() + dt.timedelta(minutes=5)
    )

    response = api_for(world.personas.partner).get(
        f"/api/partner/referrals/{world.own.referral.pk}/"
    )

    assert response.status_code == 200


def test_giving_the_expired_consent_again_renews_it_and_restores_the_referral(
    world: World, api_for: ApiFor
) -> None:
    _expire(world.own.sharing_consent)
    expires = timezone.now() + dt.timedelta(days=200)

    given = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/consents/",
        {
            "purpose": "share_with_association",
            "association": world.own.association.pk,
            "expires_at": expires.isoformat(),
        },
        format="json",
    )

    assert given.status_code == 201, given.json()
    assert given.json()["id"] == world.own.sharing_consent.pk
    response = api_for(world.personas.partner).get(
        f"/api/partner/referrals/{world.own.referral.pk}/"
    )
    assert response.status_code == 200


def test_the_api_shows_when_a_consent_expired(world: World, api_for: ApiFor) -> None:
    _expire(world.own.sharing_consent)

    response = api_for(world.personas.social_worker).get(f"/api/clients/{world.own.client.pk}/")

    row = next(c for c in response.json()["consents"] if c["id"] == world.own.sharing_consent.pk)
    assert (row["is_active"], row["is_expired"]) == (False, True)


def test_an_expiry_in_year_9999_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/consents/",
        {
            "purpose": "share_with_association",
            "association": world.own.association.pk,
            "expires_at": "9999-12-31T10:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "expires_at" in response.content.decode()


def test_an_expiry_before_the_consent_was_given_is_refused(world: World, api_for: ApiFor) -> None:
    Consent.objects.filter(pk=world.own.sharing_consent.pk).update(
        withdrawn_at=timezone.now(), withdrawn_by=world.personas.social_worker
    )

    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/consents/",
        {
            "purpose": "share_with_association",
            "association": world.own.association.pk,
            "given_at": "2026-01-10T10:00:00Z",
            "expires_at": "2025-12-31T10:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "expires_before_given"
