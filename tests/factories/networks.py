"""Factories for key-person networks: the programme world (a canton, Emmen and a second
municipality, their officers and planners) with an organisation whose pool holds key persons
and an interpreter, its coordinator, and a network in Emmen made through the services."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from lisko.accounts.models import User
from lisko.interpreters.models import Interpreter
from lisko.networks import services
from lisko.networks.models import KeyPersonNetwork, NetworkMember
from lisko.organisations.models import Organisation, Role
from tests.factories.core import LanguageFactory, OrganisationFactory, make_member
from tests.factories.interpreting import InterpreterFactory, InterpreterLanguageFactory
from tests.factories.programmes import ProgrammeWorld, make_programme_world


def key_person(organisation: Organisation, *codes: str, **fields: object) -> Interpreter:
    """An active key person of the organisation's pool speaking these languages."""
    person = InterpreterFactory(
        organisation=organisation, kind=Interpreter.Kind.KEY_PERSON, **fields
    )
    for code in codes:
        InterpreterLanguageFactory(
            interpreter=person, language=LanguageFactory(code=code), proficiency=5
        )
    return person


@dataclass
class NetworkWorld:
    programmes: ProgrammeWorld
    organisation: Organisation  # runs the network; its pool holds the key persons
    coordinator: User  # keeps the organisation's pool
    other_coordinator: User  # keeps another organisation's pool
    amina: Interpreter  # key person, Arabic and Tigrinya, a member
    taras: Interpreter  # key person, Ukrainian, a member
    yonas: Interpreter  # key person, Tigrinya, not yet a member
    interpreter: Interpreter  # a certified interpreter of the same pool
    network: KeyPersonNetwork  # in Emmen (programmes.municipalities[0])
    members: list[NetworkMember]

    @property
    def officer(self) -> User:
        return self.programmes.officer

    @property
    def other_officer(self) -> User:
        return self.programmes.other_officer

    @property
    def planner(self) -> User:
        return self.programmes.planner


def make_network_world() -> NetworkWorld:
    programmes = make_programme_world()
    organisation = OrganisationFactory(name="Caritas Luzern", slug="caritas-luzern")
    coordinator = make_member(
        organisation=organisation, role=Role.COORDINATOR, username="cora", last_name="Koordina"
    )
    other_coordinator = make_member(
        organisation=OrganisationFactory(), role=Role.COORDINATOR, username="cyril"
    )
    emmen = programmes.municipalities[0]
    amina = key_person(
        organisation, "ara", "tir", first_name="Amina", last_name="Haddad", home_municipality=emmen
    )
    taras = key_person(
        organisation, "ukr", first_name="Taras", last_name="Bondar", home_municipality=emmen
    )
    yonas = key_person(
        organisation, "tir", first_name="Yonas", last_name="Tesfay", home_municipality=emmen
    )
    interpreter = InterpreterFactory(
        organisation=organisation, first_name="Ivo", last_name="Dolmetsch", home_municipality=emmen
    )
    InterpreterLanguageFactory(interpreter=interpreter, language=LanguageFactory(code="fas"))
    today = timezone.localdate()
    network = services.start_network(
        municipality=emmen,
        organisation=organisation,
        name="Schlüsselpersonen Emmen",
        started_on=today - dt.timedelta(days=400),
        coordinator=coordinator,
        by=None,
    )
    members = [
        services.add_member(
            network=network, key_person=person, joined_on=today - dt.timedelta(days=300), by=None
        )
        for person in (amina, taras)
    ]
    return NetworkWorld(
        programmes=programmes,
        organisation=organisation,
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        amina=amina,
        taras=taras,
        yonas=yonas,
        interpreter=interpreter,
        network=network,
        members=members,
    )
