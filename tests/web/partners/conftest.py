import pytest
from django.test import Client as HttpClient
from pytest_django.fixtures import Settings

from lisko.associations.models import Association, Offer
from lisko.referrals.models import Referral
from tests.conftest import Personas
from tests.factories.core import ClientFactory, ClientLanguageFactory, LanguageFactory
from tests.factories.people import AssociationFactory, OfferFactory, ReferralFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False


@pytest.fixture
def association(personas: Personas) -> Association:
    """Paula's association."""
    return AssociationFactory(
        organisation=personas.organisation, name="Maison des femmes", partners=[personas.partner]
    )


@pytest.fixture
def other_association(personas: Personas) -> Association:
    """An association of the same organisation where Paula is not a partner."""
    return AssociationFactory(organisation=personas.organisation, name="Sports club")


@pytest.fixture
def offer(association: Association) -> Offer:
    return OfferFactory(
        association=association,
        title="Women's café",
        capacity=3,
        schedule="Thu 14:00",
        languages=[LanguageFactory(code="ara")],
    )


def make_referral(offer: Offer, personas: Personas, **fields: object) -> Referral:
    client = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        **{
            key: fields.pop(key)
            for key in list(fields)
            if key in ("first_name", "last_name", "phone", "notes")
        },
    )
    return ReferralFactory(client=client, offer=offer, created_by=personas.social_worker, **fields)


@pytest.fixture
def referral(offer: Offer, personas: Personas) -> Referral:
    referral = make_referral(
        offer,
        personas,
        first_name="Huda",
        last_name="Al-Khatib",
        phone="+352 661 000 111",
        notes="Secret case note",
        note="Prefers afternoons.",
        consent__shared_details=["languages"],
    )
    ClientLanguageFactory(client=referral.client, language=LanguageFactory(code="ara"))
    return referral


@pytest.fixture
def as_paula(client: HttpClient, personas: Personas, association: Association) -> HttpClient:
    client.force_login(personas.partner)
    return client
