"""The partner edits their own offers: description, languages, places, schedule."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.associations.models import Association, Offer
from lisko.audit.models import AuditEvent
from lisko.referrals.models import Referral
from tests.conftest import Personas
from tests.factories.core import LanguageFactory
from tests.factories.people import OfferFactory
from tests.web.partners.conftest import make_referral

pytestmark = pytest.mark.django_db


def test_the_offers_page_lists_the_own_offers_only(
    as_paula: HttpClient, offer: Offer, other_association: Association
) -> None:
    OfferFactory(association=other_association, title="Football")

    page = as_paula.get(reverse("partners:offers")).content.decode()

    assert "Women&#x27;s café" in page
    assert "3 of 3 places free" in page
    assert "Football" not in page


def test_editing_an_offer_saves_description_languages_places_and_schedule(
    as_paula: HttpClient, offer: Offer
) -> None:
    ukrainian = LanguageFactory(code="ukr")

    response = as_paula.post(
        reverse("partners:offer_edit", args=[offer.pk]),
        {
            "description": "Coffee and talk",
            "schedule": "Fri 10:00–12:00",
            "capacity": "8",
            "languages": [str(ukrainian.pk)],
        },
    )

    offer.refresh_from_db()
    assert response.status_code == 302
    assert offer.description == "Coffee and talk"
    assert offer.schedule == "Fri 10:00–12:00"
    assert offer.capacity == 8
    assert list(offer.languages.values_list("code", flat=True)) == ["ukr"]


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        ("many", "Enter the number of places as a whole number."),
        ("0", "An offer has at least one place."),
        ("1", "2 clients already take part; the offer needs at least as many places."),
    ],
)
def test_bad_places_are_refused_with_a_message(
    as_paula: HttpClient, offer: Offer, personas: Personas, capacity: str, message: str
) -> None:
    make_referral(offer, personas, status=Referral.Status.ACCEPTED)
    make_referral(offer, personas, status=Referral.Status.IN_PROGRESS)

    response = as_paula.post(
        reverse("partners:offer_edit", args=[offer.pk]),
        {"description": "Changed", "schedule": "", "capacity": capacity},
    )

    offer.refresh_from_db()
    assert response.status_code == 400
    assert message in response.content.decode()
    assert offer.capacity == 3
    assert offer.description == ""


def test_a_foreign_offer_answers_404(as_paula: HttpClient, other_association: Association) -> None:
    foreign = OfferFactory(association=other_association)

    assert as_paula.get(reverse("partners:offer_edit", args=[foreign.pk])).status_code == 404
    assert (
        as_paula.post(
            reverse("partners:offer_edit", args=[foreign.pk]), {"capacity": "5"}
        ).status_code
        == 404
    )


def test_the_edit_page_lists_every_language_by_its_name(as_paula: HttpClient, offer: Offer) -> None:
    LanguageFactory(code="ukr")

    page = as_paula.get(reverse("partners:offer_edit", args=[offer.pk])).content.decode()

    assert "Ukrainian" in page
    assert "Arabic" in page


def test_a_partners_change_to_an_offer_is_in_the_audit_trail(
    as_paula: HttpClient, offer: Offer, personas: Personas
) -> None:
    as_paula.post(
        reverse("partners:offer_edit", args=[offer.pk]),
        {"description": "Coffee and talk", "schedule": "", "capacity": "5", "languages": []},
    )

    event = AuditEvent.objects.get(object_type="associations.offer", object_id=str(offer.pk))
    assert event.actor == personas.partner
    assert event.action == AuditEvent.Action.UPDATE
    assert event.reason == "partner offer changed: capacity, description, languages, schedule"


def test_a_schedule_too_long_is_refused_with_the_limit(as_paula: HttpClient, offer: Offer) -> None:
    response = as_paula.post(
        reverse("partners:offer_edit", args=[offer.pk]),
        {"description": "", "schedule": "x" * 201, "capacity": "3"},
    )

    assert "This text is too long: keep it to 200 characters." in response.content.decode()
    offer.refresh_from_db()
    assert offer.schedule != "x" * 201
