"""A directory for the desk: the Red Cross centre (organisation A) keeps the "Café Lëtzebuerg"
association with two offers (one full of referrals, one inactive) and Paula as its partner;
the Esch office (organisation B) keeps an association of its own that A must never see.

Personas are those of tests/conftest.py: Sofia (social worker of A) and Ada (admin of A) keep
the directory; Carla (coordinator of A) reads it; Samir (social worker of B) is the stranger.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from pytest_django.fixtures import Settings

from lisko.accounts.models import User
from lisko.associations.models import Association, Offer
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction, Role
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.core import LanguageFactory, MunicipalityFactory, make_member
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    OfferFactory,
    ReferralFactory,
)


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings) -> None:
    settings.AXES_ENABLED = False
    settings.LANGUAGE_CODE = "en"
    settings.LISKO_JOBS_ENABLED = False


@dataclass
class Directory:
    personas: Personas
    association: Association
    course: Offer
    """German course: 12 places, 2 taken by accepted referrals."""
    closed: Offer
    """Homework help, no longer active."""
    other_association: Association
    """Organisation B's: to A's people it does not exist."""
    other_offer: Offer
    language_field: FieldOfAction
    other_field: FieldOfAction
    """A field of action of organisation B."""
    esch: Municipality
    arabic: Language
    tigrinya: Language
    second_partner: User
    """A partner of A not yet linked to the association."""


@pytest.fixture
def directory(personas: Personas) -> Directory:
    organisation = personas.organisation
    arabic = LanguageFactory(code="ara")
    tigrinya = LanguageFactory(code="tir")
    luxembourg = MunicipalityFactory()
    esch = MunicipalityFactory(name="Esch-sur-Alzette")
    language_field = FieldOfActionFactory(organisation=organisation)
    other_field = FieldOfActionFactory(organisation=personas.other_organisation)
    association = AssociationFactory(
        organisation=organisation,
        name="Café Lëtzebuerg",
        municipality=luxembourg,
        partners=[personas.partner],
    )
    course = OfferFactory(
        association=association,
        title="German course A1",
        field_of_action=language_field,
        municipality=luxembourg,
        capacity=12,
        languages=[arabic],
    )
    for _ in range(2):
        ReferralFactory(
            client__organisation=organisation,
            client__social_worker=personas.social_worker,
            offer=course,
            status="accepted",
        )
    closed = OfferFactory(
        association=association,
        title="Homework help",
        field_of_action=language_field,
        municipality=luxembourg,
        capacity=5,
        is_active=False,
    )
    other_association = AssociationFactory(
        organisation=personas.other_organisation, name="Esch Sportverein", municipality=esch
    )
    other_offer = OfferFactory(
        association=other_association,
        title="Football for all",
        field_of_action=other_field,
        municipality=esch,
    )
    return Directory(
        personas=personas,
        association=association,
        course=course,
        closed=closed,
        other_association=other_association,
        other_offer=other_offer,
        language_field=language_field,
        other_field=other_field,
        esch=esch,
        arabic=arabic,
        tigrinya=tigrinya,
        second_partner=make_member(
            organisation=organisation, role=Role.PARTNER, username="pedro", first_name="Pedro"
        ),
    )


@pytest.fixture
def login(client: HttpClient) -> Callable[[User], HttpClient]:
    """Sign `user` in on the test client and return it."""

    def signed_in(user: User) -> HttpClient:
        client.force_login(user)
        return client

    return signed_in


def offer_data(directory: Directory, **changes: object) -> dict[str, object]:
    """A valid offer form for organisation A, with `changes` applied."""
    data: dict[str, object] = {
        "title": "Women's café",
        "field_of_action": directory.language_field.pk,
        "municipality": directory.esch.pk,
        "capacity": "8",
        "schedule": "Thursdays 14:00–16:00",
        "languages": ["ara", "tir"],
        "description": "Coffee and conversation.",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def association_data(directory: Directory, **changes: object) -> dict[str, object]:
    """A valid association form, with `changes` applied."""
    data: dict[str, object] = {
        "organisation": directory.personas.organisation.pk,
        "name": "Sportverein Esch",
        "municipality": directory.esch.pk,
        "description": "",
        "email": "info@sport.example",
        "phone": "+352 123 456",
        "website": "https://sport.example",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
