"""Finding an offer, referring with a consent, and following the referral."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.clients.models import Consent
from lisko.referrals.models import Referral
from lisko.referrals.services import accept_referral, complete_referral, start_referral
from tests.factories.core import LanguageFactory
from tests.factories.people import OfferFactory
from tests.web.staff.conftest import Scene

pytestmark = pytest.mark.django_db


def test_offers_are_found_by_field_and_language(sofia: HttpClient, scene: Scene) -> None:
    OfferFactory(
        association__organisation=scene.personas.organisation,
        title="Job coaching",
        field_of_action=scene.work_field,
        languages=[LanguageFactory(code="fra")],
    )
    url = reverse("staff:find_offer", args=[scene.client.pk])

    # Opened without a search, the page starts from the client's language and municipality.
    everything = sofia.get(url, {"language": "", "municipality": ""}).content.decode()
    language = sofia.get(
        url, {"field_of_action": scene.language_field.pk, "language": "tir", "free_places": "on"}
    ).content.decode()

    assert "Job coaching" in everything and "Conversation café" in everything
    assert "Conversation café" in language and "Job coaching" not in language


def test_referring_with_a_new_consent_records_both(sofia: HttpClient, scene: Scene) -> None:
    offer = OfferFactory(
        association__organisation=scene.personas.organisation,
        title="Job coaching",
        field_of_action=scene.work_field,
    )
    page = sofia.get(reverse("staff:refer", args=[scene.client.pk, offer.pk])).content.decode()
    assert "The client gives consent now" in page

    response = sofia.post(
        reverse("staff:refer", args=[scene.client.pk, offer.pk]),
        {"consent": "new", "shared_details": ["languages"], "note": "Mornings are best"},
    )

    referral = Referral.objects.get(offer=offer)
    assert response["Location"] == reverse("staff:referral", args=[referral.pk])
    assert referral.consent.association == offer.association
    assert referral.consent.shared_details == ["languages"]
    assert referral.note == "Mornings are best"


def test_a_referral_to_a_full_offer_is_refused_and_no_consent_is_left_behind(
    sofia: HttpClient, scene: Scene
) -> None:
    offer = OfferFactory(
        association__organisation=scene.personas.organisation, capacity=1, is_active=False
    )
    response = sofia.post(
        reverse("staff:refer", args=[scene.client.pk, offer.pk]), {"consent": "new"}
    )
    assert "not available at the moment" in response.content.decode()
    assert not Consent.objects.filter(association=offer.association).exists()


def test_the_referral_page_shows_status_history_and_feedback(
    sofia: HttpClient, scene: Scene
) -> None:
    partner = scene.personas.partner
    scene.referral.offer.association.partners.add(partner)
    accept_referral(referral=scene.referral, by=partner)
    start_referral(referral=scene.referral, by=partner)
    complete_referral(referral=scene.referral, by=partner, outcome="Joined the advanced group.")

    page = sofia.get(reverse("staff:referral", args=[scene.referral.pk])).content.decode()

    assert "Completed" in page and "Joined the advanced group." in page
    assert page.count("<li><strong>") >= 3  # the history of status changes


def test_the_referral_list_filters_by_status(sofia: HttpClient, scene: Scene) -> None:
    sent = sofia.get(reverse("staff:referrals"), {"status": "sent"}).content.decode()
    done = sofia.get(reverse("staff:referrals"), {"status": "completed"}).content.decode()
    assert "Conversation café" in sent and "Conversation café" not in done


def test_a_social_worker_withdraws_a_referral(sofia: HttpClient, scene: Scene) -> None:
    sofia.post(reverse("staff:drop_referral", args=[scene.referral.pk]), {"reason": "Moved"})
    scene.referral.refresh_from_db()
    assert scene.referral.status == Referral.Status.DROPPED


def test_another_organisation_cannot_see_or_refer(client: HttpClient, scene: Scene) -> None:
    client.force_login(scene.personas.other_social_worker)
    assert client.get(reverse("staff:referral", args=[scene.referral.pk])).status_code == 404
    url = reverse("staff:refer", args=[scene.client.pk, scene.referral.offer_id])
    assert client.get(url).status_code == 404


def test_a_referral_whose_consent_was_withdrawn_asks_to_be_closed(
    sofia: HttpClient, scene: Scene
) -> None:
    from django.utils import timezone

    Consent.objects.filter(pk=scene.referral.consent_id).update(withdrawn_at=timezone.now())

    page = sofia.get(reverse("staff:referral", args=[scene.referral.pk])).content.decode()
    listed = sofia.get(reverse("staff:referrals")).content.decode()

    assert "the association no longer sees this referral" in page
    assert "consent withdrawn: close it" in listed


def test_a_referral_with_its_consent_standing_asks_nothing(sofia: HttpClient, scene: Scene) -> None:
    page = sofia.get(reverse("staff:referral", args=[scene.referral.pk])).content.decode()

    assert "the association no longer sees this referral" not in page


def test_a_declined_referral_shows_the_partners_reason_code_and_words(
    sofia: HttpClient, scene: Scene
) -> None:
    Referral.objects.filter(pk=scene.referral.pk).update(
        status=Referral.Status.DECLINED,
        decline_code="no_places",
        decline_reason="Full until spring.",
    )

    page = sofia.get(reverse("staff:referral", args=[scene.referral.pk])).content.decode()

    assert "No free places" in page
    assert "Full until spring." in page
