"""Municipal programmes in the demo: the canton of Lucerne's agreements with Emmen and Kriens
for a programme period around this year (in Swiss francs), and their applications: Emmen's
key-person network approved and partly paid, Kriens's submitted and waiting for the canton.

Lena plans for the canton and decides; Ines is Emmen's integration officer, Kurt Kriens's.
Built through the services, as the officer and the planner would build it."""

import datetime as dt
from decimal import Decimal

from lisko.accounts.models import User
from lisko.demo.clock import Clock
from lisko.demo.people import create_logins
from lisko.organisations.models import Membership, Role
from lisko.organisations.services import add_member, create_organisation
from lisko.places.models import Municipality, Region
from lisko.planning.agreements import assign_planner_region
from lisko.programmes import services
from lisko.programmes.models import FundingApplication

KEY_PERSON_NETWORK = FundingApplication.Kind.KEY_PERSON_NETWORK


def _login(username: str, first: str, last: str, password: str) -> User:
    (user,) = create_logins(
        [
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.lisko.ch",
                password=password,
                language="de",
            )
        ]
    )
    return user


def municipal_programmes(password: str, clock: Clock) -> list[FundingApplication]:
    """The canton's planner, two officers, two agreements and their applications."""
    canton = Region.objects.get(kind=Region.Kind.CANTON, country="CH", name="Luzern")
    emmen = Municipality.objects.get(country="CH", name="Emmen")
    kriens = Municipality.objects.get(country="CH", name="Kriens")

    department = create_organisation(
        name="Kanton Luzern – Dienststelle Soziales und Gesellschaft",
        slug="kanton-luzern-disg",
        region="Luzern",
    )
    lena = _login("lena", "Lena", "Bucher", password)
    add_member(organisation=department, user=lena, role=Role.PLANNER)
    assign_planner_region(
        membership=Membership.objects.get(user=lena, role=Role.PLANNER), region=canton, by=None
    )
    officers = {}
    for municipality, username, first, last in (
        (emmen, "ines", "Ines", "Meier"),
        (kriens, "kurt", "Kurt", "Amrein"),
    ):
        office = create_organisation(
            name=f"Gemeinde {municipality.name} – Integration",
            slug=f"gemeinde-{municipality.name.lower()}",
            region="Luzern",
        )
        officer = _login(username, first, last, password)
        add_member(organisation=office, user=officer, role=Role.INTEGRATION_OFFICER)
        services.assign_officer_municipality(
            membership=Membership.objects.get(user=officer, role=Role.INTEGRATION_OFFICER),
            municipality=municipality,
            by=None,
        )
        officers[municipality.pk] = officer

    year = clock.today.year
    agreements = {
        municipality.pk: services.make_agreement(
            region=canton,
            municipality=municipality,
            first_year=year - 1,
            last_year=year + 2,
            currency="CHF",
            funds={y: funds for y in range(year - 1, year + 3)},
            conditions=(
                "Kantonales Integrationsprogramm KIP: Erstinformation und Begrüssungsgespräche "
                "für alle Zugezogenen; Bericht über das Programmjahr bis Ende März."
            ),
            contact_point=contact,
            by=lena,
        )
        for municipality, funds, contact in (
            (emmen, "120000.00", "Fachstelle Integration, Gemeindehaus Emmen"),
            (kriens, "90000.00", "Sozialdienste Kriens, Anlaufstelle Integration"),
        )
    }

    made = []
    # Emmen: the key-person network, approved in spring and half paid.
    emmen_network = services.draft_application(
        agreement=agreements[emmen.pk],
        kind=KEY_PERSON_NETWORK,
        year=year,
        title="Schlüsselpersonen-Netzwerk Emmen",
        concept=(
            "Zwölf Schlüsselpersonen in sechs Sprachen begleiten Begrüssungsgespräche, "
            "informieren in ihren Gemeinschaften und treffen sich monatlich zum Austausch."
        ),
        lines=[
            ("Koordination des Netzwerks (20 %)", "22000.00"),
            ("Entschädigung Schlüsselpersonen", "14400.00"),
            ("Weiterbildung und Supervision", "5600.00"),
        ],
        submission_deadline=clock.today - dt.timedelta(days=60),
        by=officers[emmen.pk],
        today=clock.today,
    )
    emmen_network = services.submit_application(
        application=emmen_network, by=officers[emmen.pk], now=clock.now - dt.timedelta(days=75)
    )
    emmen_network = services.approve_application(
        application=emmen_network,
        amount_granted=Decimal("38000.00"),
        report_due=clock.today + dt.timedelta(days=120),
        note="Bewilligt ohne Supervision; diese übernimmt der Kanton.",
        by=lena,
        now=clock.now - dt.timedelta(days=50),
    )
    services.record_payment(
        application=emmen_network,
        paid_on=clock.today - dt.timedelta(days=40),
        amount=Decimal("19000.00"),
        by=lena,
        today=clock.today,
    )
    made.append(emmen_network)
    # Emmen: welcome conversations, still a draft.
    made.append(
        services.draft_application(
            agreement=agreements[emmen.pk],
            kind=FundingApplication.Kind.WELCOME_CONVERSATIONS,
            year=year + 1,
            title="Begrüssungsgespräche mit Dolmetschenden",
            lines=[("Interkulturelles Dolmetschen", "8000.00")],
            by=officers[emmen.pk],
            today=clock.today,
        )
    )
    # Kriens: its key-person network, submitted a week ago and waiting for Lena.
    kriens_network = services.draft_application(
        agreement=agreements[kriens.pk],
        kind=KEY_PERSON_NETWORK,
        year=year,
        title="Netzwerk Schlüsselpersonen Kriens",
        concept="Aufbau eines Netzwerks von acht Schlüsselpersonen für Tigrinya, Arabisch, "
        "Ukrainisch und Dari.",
        lines=[
            ("Koordination (15 %)", "16500.00"),
            ("Entschädigung Schlüsselpersonen", "9600.00"),
        ],
        submission_deadline=clock.today + dt.timedelta(days=7),
        by=officers[kriens.pk],
        today=clock.today,
    )
    kriens_network = services.submit_application(
        application=kriens_network, by=officers[kriens.pk], now=clock.now - dt.timedelta(days=7)
    )
    made.append(kriens_network)
    return made
