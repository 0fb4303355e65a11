"""Realistic random instances for tests and the benchmark.

One working week in Luxembourg: appointments in the communes where refugees live, demand
skewed towards Arabic, Tigrinya, Dari, Farsi and Ukrainian, rare Kurmanji and Amharic;
interpreters with working-hour availability, weekly hour limits, some remote work, and clients
with a history of interpreters they know.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from matching.types import (
    ON_SITE,
    PHONE,
    VIDEO,
    Appointment,
    Interpreter,
    Location,
    Problem,
)

# (commune, latitude, longitude, weight of appointments there)
COMMUNES: tuple[tuple[str, float, float, int], ...] = (
    ("Luxembourg", 49.6116, 6.1319, 30),
    ("Esch-sur-Alzette", 49.4958, 5.9806, 14),
    ("Differdange", 49.5242, 5.8914, 8),
    ("Dudelange", 49.4806, 6.0875, 7),
    ("Ettelbruck", 49.8475, 6.1042, 5),
    ("Diekirch", 49.8672, 6.1556, 4),
    ("Wiltz", 49.9661, 5.9322, 3),
    ("Echternach", 49.8117, 6.4217, 2),
    ("Remich", 49.5447, 6.3669, 2),
    ("Grevenmacher", 49.6806, 6.4417, 2),
    ("Mersch", 49.7489, 6.1061, 3),
    ("Strassen", 49.6203, 6.0731, 3),
    ("Bertrange", 49.6111, 6.0500, 2),
    ("Hesperange", 49.5686, 6.1514, 3),
    ("Sanem", 49.5478, 5.9289, 3),
    ("Pétange", 49.5583, 5.8806, 4),
    ("Schifflange", 49.5064, 6.0122, 3),
    ("Bettembourg", 49.5186, 6.1028, 3),
    ("Mamer", 49.6275, 6.0233, 2),
    ("Clervaux", 50.0547, 6.0314, 1),
    ("Vianden", 49.9347, 6.2089, 1),
    ("Steinfort", 49.6614, 5.9192, 1),
    ("Mondorf-les-Bains", 49.5050, 6.2811, 1),
    ("Junglinster", 49.7211, 6.2525, 1),
)

# ISO 639-3 code and its share of the demand; supply follows a different mix on purpose.
DEMAND = {
    "ara": 30,
    "tir": 14,
    "prs": 9,
    "pes": 8,
    "ukr": 10,
    "som": 4,
    "tur": 4,
    "rus": 4,
    "pus": 3,
    "ckb": 3,
    "kmr": 2,
    "amh": 2,
    "sqi": 2,
    "urd": 2,
    "fra": 1,
    "eng": 1,
}
SUPPLY = {
    "ara": 30,
    "tir": 8,
    "prs": 9,
    "pes": 10,
    "ukr": 8,
    "som": 3,
    "tur": 5,
    "rus": 10,
    "pus": 3,
    "ckb": 3,
    "kmr": 2,
    "amh": 2,
    "sqi": 3,
    "urd": 2,
    "fra": 6,
    "eng": 6,
}
# Languages often spoken together by one interpreter.
RELATED = {
    "ara": ["fra", "eng", "tur", "ckb"],
    "tir": ["amh", "ara"],
    "prs": ["pes", "pus", "urd"],
    "pes": ["prs", "tur"],
    "ukr": ["rus"],
    "rus": ["ukr"],
    "som": ["ara", "eng"],
    "kmr": ["tur", "ckb", "ara"],
    "ckb": ["kmr", "ara", "pes"],
    "amh": ["tir"],
}
DURATIONS_MIN = (60, 60, 60, 90, 90, 120, 120, 180)
SHIFTS = ((8, 12), (8, 17), (9, 17), (13, 18), (12, 18), (8, 14), (10, 16))
OFFSET = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 23, tzinfo=OFFSET)


def _weighted(generator: random.Random, table: dict[str, int]) -> str:
    return generator.choices(list(table), weights=list(table.values()))[0]


def _near(generator: random.Random, lat: float, lon: float, spread_km: float) -> Location:
    # About 111 km per degree of latitude and 72 km per degree of longitude at 49.6 °N.
    return Location(
        round(lat + generator.gauss(0, spread_km / 111), 5),
        round(lon + generator.gauss(0, spread_km / 72), 5),
    )


def generate(
    appointments: int, interpreters: int, seed: int = 0, days: int = 5, remote_share: float = 0.15
) -> Problem:
    """A random week of `appointments` requests and `interpreters` interpreters."""
    generator = random.Random(seed)
    communes = [(lat, lon) for _, lat, lon, _ in COMMUNES]
    commune_weights = [weight for *_, weight in COMMUNES]
    clients_count = max(1, appointments // 3)
    clients = []
    for number in range(clients_count):
        lat, lon = generator.choices(communes, weights=commune_weights)[0]
        clients.append(
            (f"c{number}", _weighted(generator, DEMAND), _near(generator, lat, lon, 1.5))
        )

    rows: list[Appointment] = []
    for number in range(appointments):
        client, language, home = generator.choice(clients)
        day = generator.randrange(days)
        duration = generator.choice(DURATIONS_MIN)
        start_quarter = generator.randrange(8 * 4, 18 * 4 - duration // 15 + 1)
        start = MONDAY + timedelta(days=day, minutes=15 * start_quarter)
        remote = generator.random() < remote_share
        rows.append(
            Appointment(
                id=f"a{number}",
                start=start,
                end=start + timedelta(minutes=duration),
                language=language,
                modality=generator.choice((PHONE, VIDEO)) if remote else ON_SITE,
                location=None if remote else _near(generator, home.lat, home.lon, 0.8),
                client=client,
                priority=generator.choices((1, 2, 3), weights=(70, 22, 8))[0],
                min_level=generator.choices((0, 1, 2), weights=(75, 18, 7))[0],
                min_proficiency=generator.choices((3, 4), weights=(70, 30))[0],
                gender=generator.choices((None, "f", "m"), weights=(88, 9, 3))[0],
            )
        )

    people: list[Interpreter] = []
    for number in range(interpreters):
        first = _weighted(generator, SUPPLY)
        languages = {first: generator.choice((4, 5, 5))}
        for _ in range(generator.choices((0, 1, 2), weights=(40, 45, 15))[0]):
            other = generator.choice(RELATED.get(first, list(SUPPLY)))
            languages.setdefault(other, generator.choice((3, 4, 5)))
        lat, lon = generator.choices(communes, weights=commune_weights)[0]
        working_days = sorted(generator.sample(range(days), k=generator.randint(1, min(4, days))))
        availability = []
        for day in working_days:
            begin, finish = generator.choice(SHIFTS)
            availability.append(
                (
                    MONDAY + timedelta(days=day, hours=begin),
                    MONDAY + timedelta(days=day, hours=finish),
                )
            )
        modalities = (ON_SITE,) + ((PHONE, VIDEO) if generator.random() < 0.6 else ())
        if generator.random() < 0.05:
            modalities = (PHONE, VIDEO)
        people.append(
            Interpreter(
                id=f"i{number}",
                languages=languages,
                level=generator.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0],
                gender=generator.choice(("f", "m")),
                home=_near(generator, lat, lon, 3),
                modalities=modalities,
                availability=tuple(availability),
                max_minutes=generator.choice((240, 360, 480, 480, 600, 720, 900, None)),
                max_travel_min=generator.choice((30, 45, 60, 60, 90, None)),
            )
        )

    history = set()
    blocked = set()
    speakers: dict[str, list[str]] = {}
    for person in people:
        for language in person.languages:
            speakers.setdefault(language, []).append(person.id)
    for client, language, _ in clients:
        known = speakers.get(language, [])
        if known and generator.random() < 0.4:
            for interpreter in generator.sample(known, k=min(len(known), generator.randint(1, 2))):
                history.add((client, interpreter))
        if known and generator.random() < 0.02:
            blocked.add((client, generator.choice(known)))
    return Problem(
        appointments=tuple(rows),
        interpreters=tuple(people),
        history=frozenset(history),
        blocked=frozenset(blocked - history),
    )


SKILLS = ("medical", "legal", "therapy", "asylum_hearing", "child_protection")
HEAVY_SKILLS = frozenset({"therapy", "asylum_hearing", "child_protection"})


def with_format_2(problem: Problem, seed: int = 0, alternative_share: float = 1 / 3) -> Problem:
    """The same week with format 2's facts added (`lisko-matching/2`), from its own random
    stream so the format-1 part stays exactly `generate`'s.

    A share of the appointments (default a third) offers one or two alternative times (the
    same hour another weekday, or another hour the same day); some require a specialisation
    and some are emotionally heavy; interpreters have specialisations, some a cap on heavy
    assignments, and some a certification that lapses before or during the week.
    """
    generator = random.Random(f"format-2/{seed}")
    rows: list[Appointment] = []
    for row in problem.appointments:
        duration = row.end - row.start
        slots: list[tuple[datetime, datetime]] = []
        if generator.random() < alternative_share:
            for _ in range(generator.choice((1, 2))):
                if generator.random() < 0.5:
                    start = row.start + timedelta(days=generator.choice((-2, -1, 1, 2)))
                else:
                    start = row.start + timedelta(hours=generator.choice((-3, -2, 2, 3)))
                if start.weekday() < 5 and 8 <= start.hour and (start + duration).hour <= 18:
                    slots.append((start, start + duration))
        skills: frozenset[str] = frozenset()
        if generator.random() < 0.15:
            skills = frozenset({generator.choice(SKILLS)})
        heavy = bool(skills & HEAVY_SKILLS) or generator.random() < 0.05
        rows.append(replace(row, slots=tuple(slots), skills=skills, heavy=heavy))
    people: list[Interpreter] = []
    for person in problem.interpreters:
        skills = frozenset(
            generator.sample(SKILLS, k=generator.choices((0, 1, 2), (50, 35, 15))[0])
        )
        max_heavy = generator.choice((1, 2, 3)) if generator.random() < 0.5 else None
        level_until = None
        if person.level > 0 and generator.random() < 0.12:
            # Lapsed before the week, or during it.
            level_until = MONDAY + timedelta(days=generator.choice((-30, 1, 2, 3)), hours=12)
        people.append(replace(person, skills=skills, max_heavy=max_heavy, level_until=level_until))
    return replace(problem, appointments=tuple(rows), interpreters=tuple(people))


def generate_format_2(
    appointments: int, interpreters: int, seed: int = 0, alternative_share: float = 1 / 3
) -> Problem:
    """A random week in format 2: `generate` with `with_format_2`'s facts added."""
    return with_format_2(generate(appointments, interpreters, seed=seed), seed, alternative_share)
