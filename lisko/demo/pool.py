"""The interpreter pool: interpreters and key persons with their logins, languages, weekly
availability and absences, entered as a coordinator would."""

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from lisko.accounts.models import User
from lisko.clients.models import Client
from lisko.demo.catalogue import ALSO_SPEAKS, MUNICIPALITY_WEIGHTS
from lisko.demo.clock import Clock, name, weighted
from lisko.demo.people import People, create_logins
from lisko.interpreters.models import Interpreter, Skill
from lisko.interpreters.services import (
    add_absence,
    create_interpreter,
    declare_conflict,
    set_interpreter_languages,
    set_weekly_availability,
)
from lisko.organisations.models import Role
from lisko.organisations.services import add_member
from lisko.places.models import Municipality

# The two interpreters of the demo logins.
NAMED = [
    ("yonas", "tir", "m", Interpreter.Kind.INTERPRETER, ("Yonas", "Tesfamariam")),
    ("amina", "arb", "f", Interpreter.Kind.KEY_PERSON, ("Amina", "Haddad")),
]


@dataclass
class _Profile:
    username: str
    main: str
    kind: str
    fields: dict[str, Any]


# Share of the demo's interpreters trained for each specialisation.
SKILL_SHARES = {
    Skill.MEDICAL: 0.7,
    Skill.LEGAL: 0.5,
    Skill.THERAPY: 0.35,
    Skill.ASYLUM_HEARING: 0.35,
    Skill.CHILD_PROTECTION: 0.3,
}


def _skills(username: str) -> list[str]:
    # A stream of its own, so that handing out skills leaves the rest of the demo as it was.
    rng = random.Random(f"skills-{username}")
    return [str(skill) for skill, share in SKILL_SHARES.items() if rng.random() < share]


def interpreter_pool(
    rng: random.Random,
    people: People,
    municipalities: dict[str, Municipality],
    demand: list[tuple[str, int]],
    password: str,
    clock: Clock,
    count: int = 120,
) -> list[Interpreter]:
    # Supply follows demand, but not quite: rare languages have one or two people, or none.
    homes = list(MUNICIPALITY_WEIGHTS.items())
    profiles: list[_Profile] = []
    for index in range(count):
        if index < len(NAMED):
            username, main, gender, kind, (first, last) = NAMED[index]
        else:
            main = weighted(rng, demand)
            gender = rng.choice("fm")
            kind = (
                Interpreter.Kind.INTERPRETER if rng.random() < 0.65 else Interpreter.Kind.KEY_PERSON
            )
            username = f"interpreter{index:03d}"
            first, last = name(rng, main, gender)
        on_site = rng.random() < 0.9
        interpreting = kind == Interpreter.Kind.INTERPRETER
        profiles.append(
            _Profile(
                username=username,
                main=main,
                kind=kind,
                fields={
                    "kind": kind,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.lisko.lu",
                    "phone": f"+352 691 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                    "level": rng.choice([1, 2, 2, 3]) if interpreting else 0,
                    "certification_expires": (
                        dt.date(clock.today.year + 1, rng.randint(1, 12), 1)
                        if interpreting
                        else None
                    ),
                    "gender": gender,
                    "home_municipality": municipalities[weighted(rng, homes)],
                    "works_on_site": on_site,
                    "works_by_phone": rng.random() < 0.6 or not on_site,
                    "works_by_video": rng.random() < 0.4,
                    "weekly_minutes_limit": rng.choice([600, 900, 1200, 1500]),
                    "travel_limit_minutes": rng.choice([30, 45, 60, 90]),
                    "skills": _skills(username) if interpreting else [],
                },
            )
        )
    logins = create_logins(
        [
            User(
                username=profile.username,
                first_name=str(profile.fields["first_name"]),
                last_name=str(profile.fields["last_name"]),
                email=str(profile.fields["email"]),
                password=password,
                language="en",
            )
            for profile in profiles
        ]
    )
    coordinator = people.coordinator
    interpreters: list[Interpreter] = []
    for profile, user in zip(profiles, logins, strict=True):
        role = Role.INTERPRETER if profile.kind == Interpreter.Kind.INTERPRETER else Role.KEY_PERSON
        add_member(organisation=people.organisation, user=user, role=role, by=people.admin)
        interpreter = create_interpreter(
            organisation=people.organisation, by=coordinator, user=user, **profile.fields
        )
        codes = {profile.main: rng.choice([4, 5, 5])}
        for extra in ALSO_SPEAKS.get(profile.main, []):
            if rng.random() < 0.5:
                codes[extra] = rng.choice([3, 4])
        for bridge in ("fra", "deu", "eng"):
            if rng.random() < 0.6:
                codes.setdefault(bridge, rng.choice([3, 4, 5]))
        set_interpreter_languages(interpreter=interpreter, by=coordinator, languages=codes)
        slots = []
        for weekday in sorted(rng.sample(range(5), rng.randint(2, 5))):
            start = rng.choice([8, 8, 9, 10, 13])
            slots.append(
                (weekday, dt.time(start), dt.time(min(start + rng.choice([4, 5, 8, 9]), 19)))
            )
        if rng.random() < 0.1:
            slots.append((5, dt.time(9), dt.time(13)))
        set_weekly_availability(interpreter=interpreter, by=coordinator, slots=slots)
        interpreters.append(interpreter)
    for interpreter in rng.sample(interpreters, 12):
        first_day = clock.week_start + dt.timedelta(days=rng.randint(0, 10))
        add_absence(
            interpreter=interpreter,
            by=coordinator,
            start=clock.at(first_day, 0),
            end=clock.at(first_day + dt.timedelta(days=3), 0),
            reason=rng.choice(["Holiday", "Training", "Family matters"]),
        )
    return interpreters


def conflicts_of_interest(
    rng: random.Random, people: People, interpreters: list[Interpreter], clients: list[Client]
) -> set[tuple[int, int]]:
    """A few interpreters are relatives of clients: declared, so no offer brings them together.
    Returns the (interpreter id, client id) pairs."""
    pairs = set()
    for client in rng.sample(clients, 6):
        interpreter = rng.choice(interpreters)
        declare_conflict(
            interpreter=interpreter, client=client, by=people.coordinator, reason="relative"
        )
        pairs.add((interpreter.pk, client.pk))
    return pairs
