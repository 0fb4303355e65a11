"""Factories for municipal programmes: a canton with two municipalities (and one elsewhere),
its planner, each municipality's integration officer, an agreement and applications made
through the services, as the pages make them."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from lisko.accounts.models import User
from lisko.organisations.models import Membership, Organisation, Role
from lisko.places.models import Municipality, Region
from lisko.programmes import services
from lisko.programmes.models import FundingApplication, OfficerMunicipality, ProgrammeAgreement
from tests.factories.core import OrganisationFactory, RegionFactory, UserFactory
from tests.factories.planning import make_planner, make_region_with_municipalities

YEAR = 2026
LINES: tuple[tuple[str, str], ...] = (
    ("Coordination of the network, 20 %", "18000.00"),
    ("Training of key persons", "6500.50"),
)


def make_officer(
    municipality: Municipality,
    *municipalities: Municipality,
    organisation: Organisation | None = None,
    **user_fields: object,
) -> User:
    """An integration officer of a municipal office (by default an organisation of its own)
    assigned to these municipalities."""
    user = UserFactory(**user_fields)
    membership = Membership.objects.create(
        user=user,
        organisation=organisation or OrganisationFactory(),
        role=Role.INTEGRATION_OFFICER,
    )
    for assigned in (municipality, *municipalities):
        OfficerMunicipality.objects.create(membership=membership, municipality=assigned)
    return user


def make_agreement(
    region: Region,
    municipality: Municipality,
    *,
    first_year: int = YEAR - 1,
    last_year: int = YEAR + 2,
    currency: str = "CHF",
    funds: dict[int, str] | None = None,
) -> ProgrammeAgreement:
    return services.make_agreement(
        region=region,
        municipality=municipality,
        first_year=first_year,
        last_year=last_year,
        currency=currency,
        funds=funds if funds is not None else {YEAR: "60000.00", YEAR + 1: "60000.00"},
        conditions="Report on the year's work by the end of March.",
        contact_point="Integration office, town hall",
        by=None,
    )


def make_application(
    agreement: ProgrammeAgreement,
    *,
    kind: str = FundingApplication.Kind.KEY_PERSON_NETWORK,
    lines: Sequence[tuple[str, str]] = LINES,
    status: str = FundingApplication.Status.DRAFT,
    granted: str = "20000.00",
) -> FundingApplication:
    """An application brought to `status` through the services, by the installation."""
    application = services.draft_application(
        agreement=agreement,
        kind=kind,
        year=YEAR,
        title="Key-person network",
        concept="Twelve key persons in six languages.",
        lines=lines,
        by=None,
    )
    Status = FundingApplication.Status
    if status == Status.DRAFT:
        return application
    application = services.submit_application(application=application, by=None)
    if status == Status.SUBMITTED:
        return application
    if status == Status.REFUSED:
        return services.refuse_application(application=application, note="Out of scope.", by=None)
    application = services.approve_application(
        application=application, amount_granted=Decimal(granted), by=None
    )
    if status == Status.APPROVED:
        return application
    application = services.ask_for_report(
        application=application, report_due=timezone.localdate() + dt.timedelta(days=60), by=None
    )
    if status == Status.REPORT_DUE:
        return application
    return services.close_application(
        application=application, report_received_on=timezone.localdate(), by=None
    )


@dataclass
class ProgrammeWorld:
    canton: Region
    constituency: Region
    municipalities: list[Municipality]  # two, in the constituency of the canton
    elsewhere: Municipality  # in another canton
    other_canton: Region
    planner: User  # plans for the canton
    country_planner: User  # plans for the country around it
    other_planner: User  # plans for the other canton
    officer: User  # of municipalities[0]
    other_officer: User  # of municipalities[1]
    agreement: ProgrammeAgreement  # the canton with municipalities[0]
    other_agreement: ProgrammeAgreement  # the canton with municipalities[1]


def make_programme_world() -> ProgrammeWorld:
    """The canton of Lucerne (made up small): a Wahlkreis with two municipalities under it,
    each with an agreement and an officer; another canton with one municipality."""
    country = RegionFactory.create(name="Switzerland", country="CH", latitude=46.8, longitude=8.2)
    canton = RegionFactory.create(
        name="Luzern",
        kind=Region.Kind.CANTON,
        parent=country,
        country="CH",
        latitude=47.05,
        longitude=8.3,
    )
    constituency, municipalities = make_region_with_municipalities(
        "Hochdorf",
        places=(("Emmen", 47.08, 8.30), ("Hochdorf", 47.17, 8.29)),
        country="CH",
        kind=Region.Kind.CONSTITUENCY,
        parent=canton,
    )
    other_canton, (elsewhere,) = make_region_with_municipalities(
        "Zug",
        places=(("Baar", 47.19, 8.53),),
        country="CH",
        kind=Region.Kind.CANTON,
        parent=country,
    )
    return ProgrammeWorld(
        canton=canton,
        constituency=constituency,
        municipalities=municipalities,
        elsewhere=elsewhere,
        other_canton=other_canton,
        planner=make_planner(canton, username="petra"),
        country_planner=make_planner(country),
        other_planner=make_planner(other_canton),
        officer=make_officer(municipalities[0], username="olga"),
        other_officer=make_officer(municipalities[1], username="otto"),
        agreement=make_agreement(canton, municipalities[0]),
        other_agreement=make_agreement(canton, municipalities[1]),
    )
