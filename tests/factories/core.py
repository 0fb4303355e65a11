"""Factories for the organisation-wide basics: organisations, people, places, languages, clients."""

import datetime as dt

import factory
from django.utils import timezone

from lisko.accounts.models import User
from lisko.clients.models import Client, ClientLanguage, Consent, HouseholdMember
from lisko.languages.models import Language
from lisko.organisations.models import Membership, Organisation, Role
from lisko.places.models import Municipality, Region


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Integration centre {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    region = "Luxembourg"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def make_member(*, organisation: Organisation, role: str, **user_fields: object) -> User:
    """A user holding `role` in `organisation`."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_social_worker(organisation: Organisation, **user_fields: object) -> User:
    return make_member(organisation=organisation, role=Role.SOCIAL_WORKER, **user_fields)


def make_coordinator(organisation: Organisation, **user_fields: object) -> User:
    return make_member(organisation=organisation, role=Role.COORDINATOR, **user_fields)


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    """A region; by default the country Luxembourg (the top of the tree), centred as the loaded
    data centres it."""

    class Meta:
        model = Region
        django_get_or_create = ("parent", "name")

    name = "Luxembourg"
    kind = Region.Kind.COUNTRY
    parent = None
    country = "LU"
    latitude = 49.7254
    longitude = 6.1206


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("country", "name")

    name = "Luxembourg"
    # The canton of Luxembourg, in the country Luxembourg, as the loaded data has it.
    region = factory.SubFactory(
        RegionFactory,
        name="Luxembourg",
        kind=Region.Kind.CANTON,
        parent=factory.SubFactory(RegionFactory),
        latitude=49.6150,
        longitude=6.1665,
    )
    country = "LU"
    latitude = 49.6116
    longitude = 6.1319


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "ara"
    is_right_to_left = factory.LazyAttribute(
        lambda language: language.code in {"ara", "fas", "prs", "pes", "ckb", "pus", "urd", "heb"}
    )


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"C-{n:05d}")
    # Names no staff member, interpreter or word of a page can contain, so that a test asserting
    # a client's name is hidden cannot fail by chance (a random "Hill" in "Churchill", or the
    # client and the social worker both "Christopher").
    first_name = factory.Sequence(lambda n: f"Clientgiven{n:05d}")
    last_name = factory.Sequence(lambda n: f"Clientsurname{n:05d}")
    birth_date = dt.date(1990, 5, 17)
    gender = "f"
    municipality = factory.SubFactory(MunicipalityFactory)
    arrival_date = dt.date(2024, 3, 1)
    residence_status = "refugee"
    preferred_language = factory.SubFactory(LanguageFactory)
    social_worker = factory.LazyAttribute(lambda client: make_social_worker(client.organisation))


class ClientLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientLanguage

    client = factory.SubFactory(ClientFactory)
    language = factory.SubFactory(LanguageFactory)
    proficiency = 5


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    client = factory.SubFactory(ClientFactory)
    first_name = factory.Faker("first_name")
    relation = HouseholdMember.Relation.CHILD
    birth_date = dt.date(2015, 9, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    purpose = Consent.Purpose.DATA_PROCESSING
    given_at = factory.LazyFunction(timezone.now)
    recorded_by = factory.LazyAttribute(lambda consent: consent.client.social_worker)
