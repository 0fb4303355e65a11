"""A key-person network in the demo: Emmen's, paid for by its approved application, run by the
Red Cross's pool (whose coordinator Carla adds five of its key persons), with one training and
outreach in most of the last eight months. Ines, Emmen's integration officer, logs the
outreach; Lena, the canton's planner, reads its counts. Built through the services, in
a fixed order (no random draw)."""

import datetime as dt

from lisko.demo.clock import Clock
from lisko.demo.people import People
from lisko.interpreters.models import Interpreter
from lisko.networks import services
from lisko.networks.models import KeyPersonNetwork, Outreach
from lisko.places.models import Municipality
from lisko.programmes.models import FundingApplication
from lisko.programmes.selectors import officers_of

MEMBERS = 5
# (days ago, kind, people reached, languages, note): no person's data, as the log asks.
OUTREACH = [
    (12, Outreach.Kind.INFORMATION_EVENT, 34, ["arb", "tir"], "Infoabend Schulsystem im Quartier"),
    (27, Outreach.Kind.ACCOMPANIMENT, 2, ["tir"], "Begleitung zur Mütter- und Väterberatung"),
    (45, Outreach.Kind.CONTACT, 15, ["ukr"], "Stand am Wochenmarkt"),
    (70, Outreach.Kind.INFORMATION_EVENT, 22, ["arb"], "Gesundheitsversorgung: Hausarzt"),
    (101, Outreach.Kind.CONTACT, 9, ["tir", "arb"], "Treffen im Gemeinschaftsraum"),
    (135, Outreach.Kind.ACCOMPANIMENT, 3, ["ukr"], "Begleitung zur Wohnungsbesichtigung"),
    (190, Outreach.Kind.INFORMATION_EVENT, 41, ["arb", "ukr", "tir"], "Neujahrsapéro Gemeinde"),
    (230, Outreach.Kind.CONTACT, 12, ["arb"], "Elterncafé Schulhaus"),
]


def key_person_network(
    people: People, applications: list[FundingApplication], clock: Clock
) -> KeyPersonNetwork:
    today = clock.today
    emmen = Municipality.objects.get(country="CH", name="Emmen")
    (ines,) = officers_of(emmen.pk)
    funded = next(
        application
        for application in applications
        if application.kind == FundingApplication.Kind.KEY_PERSON_NETWORK
        and application.agreement.municipality_id == emmen.pk
    )
    network = services.start_network(
        municipality=emmen,
        organisation=people.organisation,
        name="Schlüsselpersonen-Netzwerk Emmen",
        started_on=today - dt.timedelta(days=300),
        coordinator=people.coordinator,
        coordinating_office="Fachstelle Integration, Gemeindehaus Emmen",
        by=ines,
        today=today,
    )
    services.link_funding(network=network, application=funded, by=ines)
    key_persons = list(
        Interpreter.objects.filter(
            organisation=people.organisation, kind=Interpreter.Kind.KEY_PERSON, is_active=True
        ).order_by("pk")[:MEMBERS]
    )
    members = [
        services.add_member(
            network=network,
            key_person=person,
            joined_on=today - dt.timedelta(days=280 - 20 * n),
            by=people.coordinator,
            today=today,
        )
        for n, person in enumerate(key_persons)
    ]
    services.record_training(
        network=network,
        title="Rolle und Grenzen als Schlüsselperson",
        held_on=today - dt.timedelta(days=150),
        hours="3.5",
        attendees=[m for m in members if m.active_on(today - dt.timedelta(days=150))],
        by=ines,
        today=today,
    )
    for days_ago, kind, reached, languages, note in OUTREACH:
        services.log_outreach(
            network=network,
            kind=kind,
            held_on=today - dt.timedelta(days=days_ago),
            people_reached=reached,
            languages=languages,
            note=note,
            by=ines,
            today=today,
        )
    return network
