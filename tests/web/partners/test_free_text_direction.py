"""The partner's referral page on a page of the other direction: what people typed keeps its
own direction (issue 16, the walk in German and Arabic)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_the_social_workers_note_takes_its_own_direction(
    as_paula: HttpClient, referral: Referral
) -> None:
    page = as_paula.get(reverse("partners:referral", args=[referral.pk])).content.decode()

    assert '<dd><span dir="auto">Prefers afternoons.</span></dd>' in page


def test_what_the_partner_types_takes_its_own_direction(
    as_paula: HttpClient, referral: Referral
) -> None:
    page = as_paula.get(reverse("partners:referral", args=[referral.pk])).content.decode()

    assert '<textarea dir="auto" id="accept-note"' in page
    assert '<textarea dir="auto" id="decline-reason"' in page
