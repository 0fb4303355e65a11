"""The partner's referrals: only their association's, only what the consent covers."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.associations.models import Association, Offer
from lisko.referrals.models import Referral, ReferralEvent
from tests.conftest import Personas
from tests.factories.people import OfferFactory
from tests.web.partners.conftest import make_referral

pytestmark = pytest.mark.django_db

REFERRALS = reverse("partners:referrals")


def test_the_list_shows_the_referrals_to_the_own_association(
    as_paula: HttpClient, referral: Referral
) -> None:
    page = as_paula.get(REFERRALS).content.decode()

    assert "Huda" in page
    assert "Women&#x27;s café" in page
    assert reverse("partners:referral", args=[referral.pk]) in page


def test_the_list_hides_referrals_to_other_associations(
    as_paula: HttpClient, personas: Personas, other_association: Association
) -> None:
    foreign = make_referral(
        OfferFactory(association=other_association), personas, first_name="Zeynep"
    )

    page = as_paula.get(REFERRALS).content.decode()

    assert "Zeynep" not in page
    assert as_paula.get(reverse("partners:referral", args=[foreign.pk])).status_code == 404
    assert (
        as_paula.post(reverse("partners:referral_action", args=[foreign.pk, "accept"])).status_code
        == 404
    )


def test_the_detail_shows_only_what_the_consent_covers(
    as_paula: HttpClient, referral: Referral
) -> None:
    page = as_paula.get(reverse("partners:referral", args=[referral.pk])).content.decode()

    assert "Huda" in page
    assert "Arabic" in page  # languages are shared
    assert "Prefers afternoons." in page
    assert "Al-Khatib" not in page  # the last name is not shared
    assert "+352 661 000 111" not in page  # nor the phone
    assert "Secret case note" not in page
    assert referral.client.reference not in page


def test_sharing_more_shows_more(as_paula: HttpClient, referral: Referral) -> None:
    referral.consent.shared_details = ["last_name", "contact"]
    referral.consent.save()

    page = as_paula.get(reverse("partners:referral", args=[referral.pk])).content.decode()

    assert "Al-Khatib" in page
    assert "+352 661 000 111" in page


def test_a_withdrawn_consent_removes_the_referral_at_once(
    as_paula: HttpClient, referral: Referral
) -> None:
    referral.consent.withdrawn_at = timezone.now()
    referral.consent.save()

    assert "Huda" not in as_paula.get(REFERRALS).content.decode()
    assert as_paula.get(reverse("partners:referral", args=[referral.pk])).status_code == 404


def test_accepting_a_referral(as_paula: HttpClient, referral: Referral) -> None:
    response = as_paula.post(
        reverse("partners:referral_action", args=[referral.pk, "accept"]),
        {"note": "Welcome on Thursday"},
        follow=True,
    )

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert "You have accepted the referral." in response.content.decode()
    assert "Welcome on Thursday" in response.content.decode()


def test_declining_needs_a_reason(as_paula: HttpClient, referral: Referral) -> None:
    refused = as_paula.post(
        reverse("partners:referral_action", args=[referral.pk, "decline"]), {"reason": "  "}
    )
    referral.refresh_from_db()
    assert refused.status_code == 400
    assert "Please say why the referral is declined." in refused.content.decode()
    assert referral.status == Referral.Status.SENT

    as_paula.post(
        reverse("partners:referral_action", args=[referral.pk, "decline"]),
        {"reason": "The group is full.", "decline_code": "no_places"},
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == "The group is full."


def test_the_decline_form_asks_for_a_reason_code_above_the_text(
    as_paula: HttpClient, referral: Referral
) -> None:
    page = as_paula.get(reverse("partners:referral", args=[referral.pk])).content.decode()

    select = page.index('<select id="decline-code" name="decline_code" required>')
    assert select < page.index('id="decline-reason"')
    for label in (
        "No free places",
        "The offer does not suit the client",
        "The client could not be reached",
        "Other reason",
    ):
        assert label in page


def test_declining_stores_the_reason_code_and_shows_it(
    as_paula: HttpClient, referral: Referral
) -> None:
    response = as_paula.post(
        reverse("partners:referral_action", args=[referral.pk, "decline"]),
        {"reason": "Full until May.", "decline_code": "no_places"},
        follow=True,
    )

    referral.refresh_from_db()
    assert (referral.status, referral.decline_code) == (Referral.Status.DECLINED, "no_places")
    page = response.content.decode()
    assert "Why declined" in page
    assert "No free places" in page


@pytest.mark.parametrize("code", ["", "too_busy"])
def test_declining_without_a_known_reason_code_is_refused(
    as_paula: HttpClient, referral: Referral, code: str
) -> None:
    refused = as_paula.post(
        reverse("partners:referral_action", args=[referral.pk, "decline"]),
        {"reason": "Full until May.", "decline_code": code},
    )

    referral.refresh_from_db()
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Choose from the list why the referral is declined." in page
    assert "Full until May." in page  # what the partner wrote stays in the form
    assert (referral.status, referral.decline_code) == (Referral.Status.SENT, "")


def test_progress_and_outcome_are_reported(as_paula: HttpClient, referral: Referral) -> None:
    url = lambda action: reverse("partners:referral_action", args=[referral.pk, action])  # noqa: E731
    as_paula.post(url("accept"))
    as_paula.post(url("start"), {"note": "First visit went well"})
    as_paula.post(url("progress"), {"note": "Comes every week"})
    missing = as_paula.post(url("complete"), {"outcome": ""})
    as_paula.post(url("complete"), {"outcome": "Joined the follow-up group"})

    referral.refresh_from_db()
    assert missing.status_code == 400
    assert "Please describe the outcome for the social worker." in missing.content.decode()
    assert referral.status == Referral.Status.COMPLETED
    assert referral.outcome == "Joined the follow-up group"
    assert list(ReferralEvent.objects.filter(referral=referral).values_list("note", flat=True))[
        -2:
    ] == [
        "Comes every week",
        "Joined the follow-up group",
    ]


def test_a_step_out_of_order_is_refused_with_a_message(
    as_paula: HttpClient, referral: Referral
) -> None:
    response = as_paula.post(
        reverse("partners:referral_action", args=[referral.pk, "complete"]), {"outcome": "Done"}
    )

    assert response.status_code == 400
    assert "cannot become" in response.content.decode()


def test_an_unknown_action_answers_404(as_paula: HttpClient, referral: Referral) -> None:
    assert (
        as_paula.post(reverse("partners:referral_action", args=[referral.pk, "delete"])).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["social_worker", "interpreter", "other_social_worker"])
def test_people_who_are_not_partners_find_no_portal(
    client: HttpClient, personas: Personas, persona: str, referral: Referral
) -> None:
    client.force_login(getattr(personas, persona))

    assert client.get(REFERRALS).status_code == 404
    assert client.get(reverse("partners:referral", args=[referral.pk])).status_code == 404
    assert client.get(reverse("partners:offers")).status_code == 404


def test_the_list_reads_a_constant_number_of_queries(
    as_paula: HttpClient, offer: Offer, personas: Personas, django_assert_max_num_queries
) -> None:
    make_referral(offer, personas)
    as_paula.get(REFERRALS)
    with django_assert_max_num_queries(12) as one:
        as_paula.get(REFERRALS)
    for _ in range(4):
        make_referral(OfferFactory(association=offer.association), personas)
    with django_assert_max_num_queries(len(one.captured_queries)):
        as_paula.get(REFERRALS)


def test_the_filters_show_open_and_closed_referrals(
    as_paula: HttpClient, offer: Offer, personas: Personas
) -> None:
    make_referral(offer, personas, first_name="Openia")
    make_referral(offer, personas, first_name="Closedia", status=Referral.Status.COMPLETED)

    open_page = as_paula.get(REFERRALS).content.decode()
    closed_page = as_paula.get(REFERRALS, {"show": "closed"}).content.decode()

    assert "Openia" in open_page and "Closedia" not in open_page
    assert "Closedia" in closed_page and "Openia" not in closed_page
    assert as_paula.get(REFERRALS, {"show": "nonsense"}).status_code == 200


def test_the_reason_a_social_worker_gives_for_dropping_stays_with_the_staff(
    as_paula: HttpClient, referral: Referral, personas: Personas
) -> None:
    from lisko.referrals.services import drop_referral

    drop_referral(referral=referral, by=personas.social_worker, reason="Moved to a shelter in Esch")

    page = as_paula.get(reverse("partners:referral", args=[referral.pk])).content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DROPPED
    assert "Moved to a shelter" not in page
    assert referral.outcome == ""
    event = referral.events.get(to_status=Referral.Status.DROPPED)
    assert (event.note, event.staff_note) == ("", "Moved to a shelter in Esch")
