"""Welcome conversations in the demo: Emmen's integration office runs a welcome programme
(twelve weeks), with Selma as its social worker and coordinator and two key persons in its
pool. Twelve newcomers arrived over the last months: six had their conversation in time, two
were seen late or not at all, four are still within their weeks (some invited by letter, one
booked and waiting for the matcher). The office shares its counts with the canton, so Lena
sees the coverage in her needs analysis and Ines on her programmes page.

Built through the services; no matching run is started (jobs are off while the demo loads)."""

import datetime as dt

from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.clients.models import Client
from lisko.demo.clock import Clock
from lisko.demo.people import create_logins
from lisko.interpreters.models import Interpreter
from lisko.interpreters.services import (
    create_interpreter,
    set_interpreter_languages,
    set_weekly_availability,
)
from lisko.languages.models import Language
from lisko.organisations.models import Organisation, Role
from lisko.organisations.services import add_member
from lisko.places.models import Municipality, Region
from lisko.planning.agreements import record_agreement
from lisko.welcome import services
from lisko.welcome.models import Channel, Topic, WelcomeCase

# (first name, last name, language, household, arrived days ago, conversation days after
# arrival or None, invited by letter)
NEWCOMERS: tuple[tuple[str, str, str, int, int, int | None, bool], ...] = (
    ("Amal", "Haddad", "arb", 4, 170, 40, True),
    ("Yonas", "Tesfaye", "tir", 1, 160, 55, True),
    ("Olena", "Kovalenko", "ukr", 3, 150, 30, True),
    ("Farid", "Rahimi", "prs", 5, 140, 70, True),
    ("Mariam", "Saleh", "arb", 2, 130, 25, True),
    ("Dawit", "Haile", "tir", 1, 120, 60, True),
    ("Iryna", "Bondar", "ukr", 2, 125, 100, True),
    ("Samir", "Nouri", "apc", 6, 110, None, True),
    ("Hana", "Gebre", "tir", 3, 40, None, True),
    ("Layla", "Karimi", "prs", 4, 25, None, True),
    ("Petro", "Shevchenko", "ukr", 1, 12, None, False),
    ("Nour", "Aziz", "arb", 2, 5, None, False),
)

ARABIC_SUBJECT = "مرحباً بكم في {municipality}"
ARABIC_BODY = (
    "عزيزتي/عزيزي {first_name}،\n\n"
    "أهلاً وسهلاً بكم في {municipality}! ندعوكم إلى محادثة ترحيبية نحدثكم فيها عن السكن والمدرسة "
    "والصحة ودورات اللغة والعمل والجمعيات وحقوقكم، ونجيب عن أسئلتكم. سيحضر مترجم أو شخص مرجعي "
    "يتحدث لغتكم.\n\n"
    "سنتصل بكم لتحديد موعد.\n\n"
    "مع أطيب التحيات،\n"
    "{organisation}"
)


def welcome_programme(password: str, clock: Clock) -> list[Appointment]:
    """Emmen's welcome programme, its social worker, two key persons and twelve newcomers;
    returns the welcome conversations booked (waiting for the matcher)."""
    office = Organisation.objects.get(slug="gemeinde-emmen")
    canton = Region.objects.get(kind=Region.Kind.CANTON, country="CH", name="Luzern")
    (selma,) = create_logins(
        [
            User(
                username="selma",
                first_name="Selma",
                last_name="Wyss",
                email="selma@demo.lisko.ch",
                password=password,
                language="de",
            )
        ]
    )
    add_member(organisation=office, user=selma, role=Role.SOCIAL_WORKER)
    add_member(organisation=office, user=selma, role=Role.COORDINATOR)
    programme = services.create_welcome_programme(
        organisation=office,
        municipality=Municipality.objects.get(country="CH", name="Emmen"),
        started_on=clock.today - dt.timedelta(days=200),
        by=selma,
    )
    languages = {
        language.code: language
        for language in Language.objects.filter(code__in={row[2] for row in NEWCOMERS} | {"ara"})
    }
    services.set_invitation_template(
        programme=programme,
        language=languages["ara"],
        subject=ARABIC_SUBJECT,
        body=ARABIC_BODY,
        by=selma,
    )
    _key_persons(office, programme.municipality, selma, password)

    cases = []
    for index, (first, last, code, household, ago, held_after, letter) in enumerate(NEWCOMERS):
        arrival = clock.today - dt.timedelta(days=ago)
        case = services.register_newcomer(
            programme=programme,
            by=selma,
            reference=f"EM-{index + 1:03d}",
            first_name=first,
            last_name=last,
            arrival_date=arrival,
            preferred_language=languages[code],
            household_size=household,
            channel=Channel.LETTER,
            today=clock.today,
        )
        if letter:
            services.invite_newcomer(
                case=case, by=selma, now=clock.at(arrival + dt.timedelta(days=3), 10)
            )
        if held_after is not None:
            services.record_welcome_conversation(
                case=case,
                by=selma,
                held_on=arrival + dt.timedelta(days=held_after),
                topics=_topics(index),
                today=clock.today,
            )
        cases.append(case)
    # Back-dating for the demo: each case was opened when the newcomer arrived, not when the
    # demo was loaded (create_client and register_newcomer have no date of their own to give).
    for case in cases:
        opened = clock.at(case.client.arrival_date or clock.today, 9)
        Client.objects.filter(pk=case.client_id).update(created_at=opened)
        WelcomeCase.objects.filter(pk=case.pk).update(created_at=opened)
    # Hana's conversation is booked for next week; the matcher will choose a key person.
    booked = services.book_welcome_conversation(
        case=cases[8],
        by=selma,
        start=clock.at(clock.week_start + dt.timedelta(days=9), 14),
        address="Gemeindehaus Emmen, Rüeggisingerstrasse 22",
        now=clock.now,
    )
    # Back-dating for the demo: booked yesterday, not when the demo was loaded.
    Appointment.objects.filter(pk=booked.pk).update(created_at=clock.now - dt.timedelta(days=1))
    signed = clock.today - dt.timedelta(days=180)
    record_agreement(
        organisation=office,
        region=canton,
        signed_on=signed,
        signed_by="Gemeinderat Emmen",
        valid_from=signed,
        by=None,
        today=clock.today,
    )
    return [booked]


def _topics(index: int) -> list[str]:
    # Everyone hears about housing, health and their rights; school where there are children,
    # the rest by turns.
    extra = [Topic.SCHOOL, Topic.LANGUAGE_COURSES, Topic.WORK, Topic.ASSOCIATIONS]
    return [Topic.HOUSING, Topic.HEALTH, Topic.RIGHTS, extra[index % 4], extra[(index + 1) % 4]]


def _key_persons(
    office: Organisation, municipality: Municipality, by: User, password: str
) -> list[Interpreter]:
    """Two key persons of the office's pool, with logins for their phones: Arabic, and
    Tigrinya with Ukrainian and Dari."""
    people = (
        ("rana", "Rana", "Khalil", {"ara": 5, "arb": 5, "apc": 5, "deu": 4}),
        ("senait", "Senait", "Berhe", {"tir": 5, "ukr": 3, "prs": 3, "deu": 4}),
    )
    logins = create_logins(
        [
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.lisko.ch",
                password=password,
                language="de",
            )
            for username, first, last, _languages in people
        ]
    )
    made = []
    for (_username, first, last, languages), login in zip(people, logins, strict=True):
        add_member(organisation=office, user=login, role=Role.KEY_PERSON)
        person = create_interpreter(
            organisation=office,
            by=by,
            kind=Interpreter.Kind.KEY_PERSON,
            first_name=first,
            last_name=last,
            home_municipality=municipality,
            user=login,
        )
        set_interpreter_languages(interpreter=person, by=by, languages=languages)
        set_weekly_availability(
            interpreter=person,
            by=by,
            slots=[(weekday, dt.time(9), dt.time(17)) for weekday in range(5)],
        )
        made.append(person)
    return made
