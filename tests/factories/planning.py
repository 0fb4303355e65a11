"""Factories for the planning part: a region with its municipalities, a planner assigned to it,
and an organisation's agreement to share its aggregates with the region's planners."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from lisko.accounts.models import User
from lisko.clients.models import Client
from lisko.organisations.models import Membership, Organisation, Role
from lisko.places.models import Municipality, Region
from lisko.planning.models import PlannerRegion, SharingAgreement
from tests.factories.core import (
    ClientFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    make_social_worker,
)

# Three places of a made-up district in northern Germany: two close together (about 8 km
# apart), one far off (about 90 km from the others), so that travel limits make a difference.
DEFAULT_PLACES: tuple[tuple[str, float, float], ...] = (
    ("Nordstadt", 54.52, 9.55),
    ("Mittelfeld", 54.45, 9.50),
    ("Fernhafen", 53.75, 9.90),
)


def make_region_with_municipalities(
    name: str = "Testkreis",
    *,
    places: Sequence[tuple[str, float, float]] = DEFAULT_PLACES,
    country: str = "DE",
    kind: str = Region.Kind.DISTRICT,
    parent: Region | None = None,
) -> tuple[Region, list[Municipality]]:
    """A region (by default a district directly below the country) and one municipality per
    (name, latitude, longitude) in `places`, named "<region> – <place>" to stay unique."""
    if parent is None:
        parent = Region.objects.filter(kind=Region.Kind.COUNTRY, country=country).first()
    if parent is None:
        parent = RegionFactory(name=country, country=country)
    latitude = sum(place[1] for place in places) / max(len(places), 1)
    longitude = sum(place[2] for place in places) / max(len(places), 1)
    region = RegionFactory(
        name=name,
        kind=kind,
        parent=parent,
        country=country,
        latitude=latitude,
        longitude=longitude,
    )
    municipalities = [
        MunicipalityFactory(
            name=f"{name} – {place}",
            region=region,
            country=country,
            latitude=place_latitude,
            longitude=place_longitude,
        )
        for place, place_latitude, place_longitude in places
    ]
    return region, municipalities


def make_planner(region: Region, *regions: Region, **user_fields: object) -> User:
    """A planner of a planning office (an organisation of its own) assigned to these regions."""
    user = UserFactory(**user_fields)
    office = OrganisationFactory()
    membership = Membership.objects.create(user=user, organisation=office, role=Role.PLANNER)
    for assigned in (region, *regions):
        PlannerRegion.objects.create(membership=membership, region=assigned)
    return user


def make_agreement(
    organisation: Organisation,
    region: Region,
    *,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    withdrawn_at: dt.datetime | None = None,
    recorded_by: User | None = None,
) -> SharingAgreement:
    """The organisation's agreement to share aggregates with the region's planners, in force
    from a year ago (pass dates or `withdrawn_at` for other cases)."""
    today = timezone.localdate()
    return SharingAgreement.objects.create(
        organisation=organisation,
        region=region,
        signed_on=valid_from or today - dt.timedelta(days=365),
        signed_by="Erika Muster, director",
        valid_from=valid_from or today - dt.timedelta(days=365),
        valid_until=valid_until,
        withdrawn_at=withdrawn_at,
        recorded_by=recorded_by or UserFactory(),
    )


def client_of(organisation: Organisation, **fields: object) -> Client:
    """A client of the organisation, looked after by its first social worker (made on the first
    call): planning data sets need many clients, not a social worker for each."""
    worker = User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.SOCIAL_WORKER
    ).first() or make_social_worker(organisation)
    return ClientFactory(organisation=organisation, social_worker=worker, **fields)


def withdraw(agreement: SharingAgreement) -> SharingAgreement:
    """The agreement withdrawn now (it stops counting at once)."""
    agreement.withdrawn_at = timezone.now()
    agreement.save(update_fields=["withdrawn_at"])
    return agreement


@dataclass
class PlanningWorld:
    """A district with three municipalities and one municipality in a neighbouring district;
    organisations A and B share with the district's planners, C does not."""

    region: Region
    municipalities: list[Municipality]
    outside: Municipality
    a: Organisation
    b: Organisation
    c: Organisation
    agreement_a: SharingAgreement
    agreement_b: SharingAgreement
    planner: User

    @property
    def shared(self) -> set[int]:
        """The organisations whose data the planner counts."""
        return {self.a.pk, self.b.pk}


def make_planning_world() -> PlanningWorld:
    region, municipalities = make_region_with_municipalities("Testkreis")
    _neighbour, (outside,) = make_region_with_municipalities(
        "Nachbarkreis", places=(("Grenzdorf", 54.60, 9.60),)
    )
    a, b, c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    return PlanningWorld(
        region=region,
        municipalities=municipalities,
        outside=outside,
        a=a,
        b=b,
        c=c,
        agreement_a=make_agreement(a, region),
        agreement_b=make_agreement(b, region),
        planner=make_planner(region),
    )
