"""Benchmark of the planning pages, API, figures and social report on a realistic volume of data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lisko .venv/bin/python -m benchmarks.planning

1. Creates a separate PostgreSQL database (`lisko_bench_planning` next to DATABASE_URL's),
   migrates it, loads the real places (Luxembourg, canton Lucerne, Kreis Schleswig-Flensburg)
   and fills it with COPY: 12 organisations, 100 000 clients, 1 000 000 appointments with
   their assignments, 3 000 interpreters, 2 000 offers, 50 000 referrals with their events,
   about 150 000 goals with reviews; sharing agreements in force, one planner per region and
   a coordinator.
2. Times every planning figure's `build(scope, Filters())` directly, for each planner.
3. Times the planning pages and API calls in this process with django.test.Client (p50/p95
   over `--requests` requests after a warm-up) and counts the SQL queries of each request.
4. Answers the design question of the issue: EXPLAIN ANALYZE of the slowest figure query,
   candidate indexes tried with CREATE INDEX (and dropped again), and a summary table
   (a materialised view) with its refresh time and the same figure's query against it.
5. Times the social report (build_content + render_pdf) for one region and a year.
6. Prints the figures, writes them to docs/planning-benchmark.md and drops the database
   unless --keep.

Not a test: it prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import os
import pickle
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = "lisko_bench_planning"
# The three regions a planner plans for: (country code, kind, name of the region).
REGIONS = (("LU", "country", "Luxembourg"), ("CH", "canton", "Luzern"), ("DE", "district", None))
# Share of the clients per region, and organisations per region (the last one of each region
# signs no sharing agreement: its data must not count, and the filter costs what it costs).
REGION_SHARES = (0.4, 0.35, 0.25)
ORGANISATIONS_PER_REGION = 4
SOCIAL_WORKERS_PER_ORGANISATION = 10
LANGUAGES = (
    "ara", "apc", "prs", "pes", "pus", "ukr", "rus", "tir", "som", "kmr", "ckb", "tur",
    "sqi", "srp", "fra", "por", "spa", "amh", "urd", "ben",
)  # fmt: skip
# How often each language is asked for: a few large communities, a long tail.
LANGUAGE_WEIGHTS = (16, 8, 9, 5, 4, 14, 6, 7, 4, 6, 2, 5, 4, 3, 2, 3, 2, 2, 1, 1)
KINDS = ("welcome_conversation", "social_counselling", "medical", "school", "authority", "legal")
RESIDENCE = ("asylum_seeker", "refugee", "subsidiary", "temporary", "provisional", "resident")
# The matcher's reason codes (matching/rules.py), the common ones more often.
REASONS = (
    ("no_speaker", 18), ("not_available", 22), ("fully_booked", 20), ("travel_limit", 12),
    ("level_requirement", 8), ("modality_not_offered", 6), ("gender_requirement", 4),
    ("certification_expired", 3), ("skill_missing", 2), ("conflict_of_interest", 1),
    ("excluded", 2), ("heavy_cap", 2),
)  # fmt: skip
REFERRAL_STATUSES = (
    ("sent", 10), ("accepted", 12), ("declined", 16), ("in_progress", 25),
    ("completed", 27), ("dropped", 10),
)  # fmt: skip
FIELDS_OF_ACTION = (
    "language-education", "work-income", "housing", "health-wellbeing",
    "social-participation", "everyday-autonomy",
)  # fmt: skip
TARGET_MS = 300.0
# Statuses of a request that did its work: the index redirects a planner with one region.
ANSWERED = (200, 302)
# What each step measured, so that a run with --reuse --skip … keeps the figures of the others.
RESULTS_FILE = BASE_DIR / "var" / "planning-bench-results.pickle"
TARGET_PDF_S = 30.0


def bench_url(database_url: str, name: str) -> str:
    parts = urlparse(database_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    return urlunparse(parts._replace(path=f"/{name}"))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> str:
    return " / ".join(f"{load:.1f}" for load in os.getloadavg())


# Database ---------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "LISKO_DEBUG": "false",
        "LISKO_SECRET_KEY": secrets.token_urlsafe(40),
        "LISKO_SSL_REDIRECT": "false",
        "LISKO_SECURE_COOKIES": "false",
        "LISKO_HSTS_SECONDS": "0",
        "LISKO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "LISKO_DB_CONN_MAX_AGE": "600",
        "LISKO_LOG_LEVEL": "WARNING",
        "LISKO_JOBS_ENABLED": "false",
        "LISKO_AXES_ENABLED": "false",
        "LISKO_API_RATE_USER": "100000/minute",
    }


def migrate(url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=environment(url),
        check=True,
    )


def setup_django(url: str) -> None:
    os.environ.update(environment(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")
    import django

    django.setup()
    from django.conf import settings

    # Pages link their CSS through the static files manifest, which `collectstatic` writes for
    # a deployment; the benchmark serves no files and does not run it, so it names the files
    # without their hash (a dictionary lookup either way).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _default(model_field: Any) -> object:
    from django.db import models

    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    if isinstance(model_field, models.CharField | models.TextField) and model_field.blank:
        return ""
    raise KeyError(f"{model_field.model.__name__}.{model_field.attname} needs a value")


def copy_rows(cursor: Any, model: Any, rows: Iterable[dict[str, object]]) -> int:
    """COPY `rows` (field attname → value; the primary key when given) into the model's table;
    fields left out take their default (or NULL, or "" for a blank text)."""
    fields = list(model._meta.concrete_fields)
    defaults: dict[str, object] = {}
    for model_field in fields:
        if not model_field.primary_key:
            try:
                defaults[model_field.attname] = _db_value(_default(model_field))
            except KeyError:
                pass
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    fields = [f for f in fields if not f.primary_key or f.attname in first]
    for model_field in fields:
        if model_field.attname not in first and model_field.attname not in defaults:
            raise KeyError(f"{model.__name__}.{model_field.attname} needs a value")
    attnames = [f.attname for f in fields]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    written = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for item in itertools.chain((first,), iterator):
            copy.write_row(
                tuple(
                    _db_value(item[name]) if name in item else defaults[name] for name in attnames
                )
            )
            written += 1
    if model._meta.pk.attname in first:
        table = model._meta.db_table
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'(SELECT max(id) FROM "{table}"))'
        )
    return written


def _db_value(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


# Data -------------------------------------------------------------------------------------


@dataclass
class Planner:
    """Who is measured: a planner of one region (or the coordinator, in their region)."""

    label: str
    user_id: int
    region_id: int
    region_name: str


@dataclass
class Generated:
    planners: list[Planner]
    sizes: dict[str, int]
    seconds: float


@dataclass
class _RegionData:
    region_id: int
    name: str
    municipalities: list[int]
    weights: list[float]
    organisations: list[int] = field(default_factory=list)
    interpreters_by_language: dict[int, list[int]] = field(default_factory=dict)
    interpreters: list[int] = field(default_factory=list)
    offers: list[tuple[int, int]] = field(default_factory=list)  # (offer, association)


def _weighted(rng: random.Random, items: list[Any], cumulative: list[float]) -> Any:
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: Iterable[float]) -> list[float]:
    total = 0.0
    result = []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def generate(
    *, clients: int, appointments: int, referrals: int, goals: int, seed: int
) -> Generated:
    """Fill the benchmark database (Django is set up against it in this process)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from lisko.accounts.models import User
    from lisko.appointments.models import Appointment, Assignment
    from lisko.associations.models import Association, Offer
    from lisko.clients.models import Client, Consent
    from lisko.interpreters.models import Interpreter, InterpreterLanguage, WeeklyAvailability
    from lisko.languages.models import Language
    from lisko.organisations.models import FieldOfAction, Membership
    from lisko.organisations.services import create_organisation
    from lisko.places.loading import load_places
    from lisko.places.models import Region
    from lisko.places.selectors import municipalities_in, region_tree
    from lisko.planning.models import PlannerRegion, SharingAgreement
    from lisko.plans.models import EmpowermentPlan, Goal, GoalReview
    from lisko.referrals.models import Referral, ReferralEvent

    started = time.monotonic()
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    today = now.date()
    sizes: dict[str, int] = {}
    log(f"Loading places: {load_places()} municipalities")
    tree = region_tree()
    regions: list[_RegionData] = []
    for country, kind, name in REGIONS:
        found = Region.objects.filter(country=country, kind=kind)
        region = (found.filter(name=name) if name else found).get()
        places = list(
            municipalities_in(tree.descendants(region.pk)).values_list("pk", "population")
        )
        regions.append(
            _RegionData(
                region_id=region.pk,
                name=region.name,
                municipalities=[pk for pk, _population in places],
                # Where the population is known, clients live where people live.
                weights=_cumulative((population or 3000) ** 0.8 for _pk, population in places),
            )
        )
    languages = []
    for code in LANGUAGES:
        language, _created = Language.objects.get_or_create(code=code)
        languages.append(language.pk)
    language_weights = _cumulative(LANGUAGE_WEIGHTS)
    password = make_password("bench-password")

    # Organisations, their staff, agreements, planners and a coordinator.
    users: list[User] = []
    staff: dict[int, list[int]] = {}
    planners: list[Planner] = []
    coordinator_user = None
    for number, region in enumerate(regions):
        for n in range(ORGANISATIONS_PER_REGION):
            organisation = create_organisation(
                name=f"{region.name} integration service {n + 1}", slug=f"r{number}-o{n}"
            )
            region.organisations.append(organisation.pk)
            members = User.objects.bulk_create(
                User(username=f"sw-{number}-{n}-{k}", password=password, first_name="Bench")
                for k in range(SOCIAL_WORKERS_PER_ORGANISATION)
            )
            users += members
            staff[organisation.pk] = [user.pk for user in members]
            Membership.objects.bulk_create(
                Membership(user=user, organisation=organisation, role="social_worker")
                for user in members
            )
            if n < ORGANISATIONS_PER_REGION - 1:
                SharingAgreement.objects.create(
                    organisation=organisation,
                    region_id=region.region_id,
                    signed_on=today - dt.timedelta(days=400),
                    signed_by="Director, for the board",
                    valid_from=today - dt.timedelta(days=400),
                )
        planner = User.objects.create(
            username=f"planner-{number}", password=password, first_name="Planner"
        )
        membership = Membership.objects.create(
            user=planner, organisation_id=region.organisations[0], role="planner"
        )
        PlannerRegion.objects.create(membership=membership, region_id=region.region_id)
        planners.append(
            Planner(f"planner {region.name}", planner.pk, region.region_id, region.name)
        )
        if number == 0:
            coordinator_user = User.objects.create(
                username="coordinator-0", password=password, first_name="Coordinator"
            )
            Membership.objects.create(
                user=coordinator_user, organisation_id=region.organisations[0], role="coordinator"
            )
    assert coordinator_user is not None
    planners.append(
        Planner(
            f"coordinator ({regions[0].name}, own organisation)",
            coordinator_user.pk,
            regions[0].region_id,
            regions[0].name,
        )
    )
    fields_of_action = {
        (organisation_id, key): pk
        for pk, organisation_id, key in FieldOfAction.objects.values_list(
            "pk", "organisation_id", "key"
        )
    }

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor

        # Interpreters: a third of the pool per region, living where the clients live.
        log("Copying interpreters, languages and availability")
        interpreter_rows = []
        language_rows = []
        availability_rows = []
        interpreter_id = 0
        for region in regions:
            for _n in range(1000):
                interpreter_id += 1
                key_person = rng.random() < 0.3
                spoken = {_weighted(rng, languages, language_weights)}
                while rng.random() < 0.5 and len(spoken) < 4:
                    spoken.add(_weighted(rng, languages, language_weights))
                on_site = rng.random() < 0.85
                interpreter_rows.append(
                    {
                        "id": interpreter_id,
                        "organisation_id": rng.choice(region.organisations),
                        "kind": "key_person" if key_person else "interpreter",
                        "first_name": "Bench",
                        "last_name": f"Interpreter {interpreter_id}",
                        "level": 0 if key_person else rng.choice((1, 2, 2, 3)),
                        "certification_expires": None
                        if key_person
                        else today + dt.timedelta(days=rng.randrange(-200, 1500)),
                        "gender": rng.choice("fmx"),
                        "home_municipality_id": _weighted(
                            rng, region.municipalities, region.weights
                        ),
                        "works_on_site": on_site,
                        "works_by_phone": not on_site or rng.random() < 0.6,
                        "works_by_video": rng.random() < 0.4,
                        "weekly_minutes_limit": rng.choice((None, 600, 900, 1200, 2400)),
                        "travel_limit_minutes": rng.choice((None, 30, 45, 60, 90)),
                        "is_active": rng.random() < 0.95,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                region.interpreters.append(interpreter_id)
                for language in spoken:
                    region.interpreters_by_language.setdefault(language, []).append(interpreter_id)
                    language_rows.append(
                        {
                            "interpreter_id": interpreter_id,
                            "language_id": language,
                            "proficiency": rng.choice((3, 4, 4, 5, 5)),
                        }
                    )
                for weekday in rng.sample(range(6), rng.randrange(1, 5)):
                    hour = rng.choice((8, 9, 13, 14))
                    availability_rows.append(
                        {
                            "interpreter_id": interpreter_id,
                            "weekday": weekday,
                            "start_time": dt.time(hour),
                            "end_time": dt.time(hour + rng.choice((3, 4, 5))),
                        }
                    )
        sizes["interpreters"] = copy_rows(cursor, Interpreter, interpreter_rows)
        sizes["interpreter languages"] = copy_rows(cursor, InterpreterLanguage, language_rows)
        sizes["availability windows"] = copy_rows(cursor, WeeklyAvailability, availability_rows)

        # Associations and their offers, in every field of action.
        log("Copying associations and offers")
        association_rows = []
        offer_rows = []
        offer_language_rows = []
        offer_id = 0
        association_id = 0
        for region in regions:
            for _n in range(70):
                association_id += 1
                organisation = rng.choice(region.organisations)
                home = _weighted(rng, region.municipalities, region.weights)
                association_rows.append(
                    {
                        "id": association_id,
                        "organisation_id": organisation,
                        "name": f"Association {association_id}",
                        "municipality_id": home,
                    }
                )
                for _k in range(rng.randrange(5, 15)):
                    if offer_id >= 2000:
                        break
                    offer_id += 1
                    offer_rows.append(
                        {
                            "id": offer_id,
                            "association_id": association_id,
                            "title": f"Offer {offer_id}",
                            "field_of_action_id": fields_of_action[
                                organisation, rng.choice(FIELDS_OF_ACTION)
                            ],
                            "municipality_id": home
                            if rng.random() < 0.6
                            else _weighted(rng, region.municipalities, region.weights),
                            "capacity": rng.choice((5, 8, 10, 12, 15, 20, 30)),
                            "schedule": rng.choice(("Mondays 18:00", "Weekdays 9–12", "")),
                            "is_active": rng.random() < 0.92,
                        }
                    )
                    region.offers.append((offer_id, association_id))
                    for language in {
                        _weighted(rng, languages, language_weights)
                        for _j in range(rng.randrange(0, 4))
                    }:
                        offer_language_rows.append({"offer_id": offer_id, "language_id": language})
        while offer_id < 2000:  # top up, should the random counts fall short
            region = regions[offer_id % len(regions)]
            base = rng.choice(region.offers)
            offer_id += 1
            offer_rows.append({**offer_rows[base[0] - 1], "id": offer_id})
            region.offers.append((offer_id, base[1]))
        sizes["associations"] = copy_rows(cursor, Association, association_rows)
        sizes["offers"] = copy_rows(cursor, Offer, offer_rows)
        sizes["offer languages"] = copy_rows(cursor, Offer.languages.through, offer_language_rows)

        # Clients.
        log(f"Copying {clients:,} clients")
        client_region: list[int] = []  # client id - 1 → region index
        client_table: list[tuple[int, int, int, int, dt.datetime]] = []
        # (organisation, social worker, municipality, language, created_at) per client id - 1
        region_weights = _cumulative(REGION_SHARES)

        def client_rows() -> Iterator[dict[str, object]]:
            for n in range(clients):
                index = bisect.bisect(region_weights, rng.random() * region_weights[-1])
                region = regions[index]
                organisation = rng.choice(region.organisations)
                social_worker = rng.choice(staff[organisation])
                municipality = _weighted(rng, region.municipalities, region.weights)
                language = _weighted(rng, languages, language_weights)
                created = now - dt.timedelta(days=rng.randrange(30, 5 * 365))
                birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25_000))
                arrival = max(birth, created.date() - dt.timedelta(days=rng.randrange(0, 700)))
                closed = created + dt.timedelta(days=rng.randrange(60, 900))
                is_closed = closed < now and rng.random() < 0.35
                client_region.append(index)
                client_table.append((organisation, social_worker, municipality, language, created))
                yield {
                    "id": n + 1,
                    "organisation_id": organisation,
                    "reference": f"C-{n:07d}",
                    "first_name": "Bench",
                    "last_name": "Client",
                    "birth_date": birth,
                    "gender": rng.choice("fmx"),
                    "country_of_origin": rng.choice(("SY", "AF", "UA", "ER", "SO", "IQ", "TR")),
                    "municipality_id": municipality,
                    "arrival_date": arrival,
                    "residence_status": rng.choice(RESIDENCE),
                    "preferred_language_id": language,
                    "social_worker_id": social_worker,
                    "is_active": not is_closed,
                    "closed_at": closed if is_closed else None,
                    "created_at": created,
                    "updated_at": created,
                }

        sizes["clients"] = copy_rows(cursor, Client, client_rows())

        # Appointments over two years (21 months back, 3 ahead), one accepted or done
        # assignment for every served one.
        log(f"Copying {appointments:,} appointments and their assignments")
        first_moment = now - dt.timedelta(days=640)
        span_hours = (640 + 90) * 24
        reasons = [code for code, _weight in REASONS]
        reason_weights = _cumulative(weight for _code, weight in REASONS)
        # Future confirmed appointments hold an accepted assignment: the exclusion constraint
        # forbids overlaps per interpreter, so they are handed out in start order below.
        confirmed: list[tuple[dt.datetime, dt.datetime, int, int, dt.datetime]] = []
        assignment_rows: list[dict[str, object]] = []

        def appointment_rows() -> Iterator[dict[str, object]]:
            for n in range(appointments):
                client = rng.randrange(clients)
                organisation, social_worker, municipality, language, _created = client_table[client]
                region = regions[client_region[client]]
                if rng.random() < 0.1:
                    language = _weighted(rng, languages, language_weights)
                start = first_moment + dt.timedelta(
                    hours=rng.randrange(span_hours), minutes=rng.choice((0, 15, 30, 45))
                )
                end = start + dt.timedelta(minutes=rng.choice((30, 45, 60, 60, 90, 120)))
                created = start - dt.timedelta(hours=rng.randrange(2, 24 * 30))
                past = start < now
                draw = rng.random()
                reason = ""
                if draw < 0.8:
                    status = "done" if past else "confirmed"
                elif draw < 0.9:
                    status = "unfilled"
                    reason = _weighted(rng, reasons, reason_weights)
                elif draw < 0.95:
                    status = "cancelled"
                elif draw < 0.99:
                    status = "done" if past else rng.choice(("requested", "matching", "offered"))
                else:
                    status = "draft"
                modality_draw = rng.random()
                modality = (
                    "on_site"
                    if modality_draw < 0.72
                    else "phone"
                    if modality_draw < 0.9
                    else "video"
                )
                appointment_id = n + 1
                if status in ("done", "confirmed"):
                    pool = region.interpreters_by_language.get(language) or region.interpreters
                    interpreter = rng.choice(pool)
                    responded = created + dt.timedelta(minutes=rng.randrange(10, 72 * 60))
                    if status == "done":
                        travel = 0 if modality != "on_site" else rng.choice((10, 20, 30))
                        assignment_rows.append(
                            {
                                "appointment_id": appointment_id,
                                "interpreter_id": interpreter,
                                "state": "done",
                                "travel_minutes": travel,
                                "blocked_from": start - dt.timedelta(minutes=travel),
                                "blocked_until": end + dt.timedelta(minutes=travel),
                                "offered_at": created,
                                "responded_at": min(responded, start),
                                "actual_start": start,
                                "actual_end": end,
                                "completed_at": end,
                                "created_at": created,
                            }
                        )
                    else:
                        confirmed.append(
                            (start, end, appointment_id, client_region[client], created)
                        )
                yield {
                    "id": appointment_id,
                    "organisation_id": organisation,
                    "client_id": client + 1,
                    "booked_by_id": social_worker,
                    "kind": rng.choice(KINDS),
                    "start": start,
                    "end": end,
                    "modality": modality,
                    "municipality_id": municipality if modality == "on_site" else None,
                    "address": "Rue de la Gare 1" if modality == "on_site" else "",
                    "remote_link": "https://meet.example.org/x" if modality == "video" else "",
                    "language_id": language,
                    "status": status,
                    "unfilled_reason": reason,
                    "created_at": created,
                    "updated_at": created,
                }

        sizes["appointments"] = copy_rows(cursor, Appointment, appointment_rows())
        confirmed.sort()
        free_from: dict[int, dt.datetime] = {}
        for start, end, appointment_id, region_index, created in confirmed:
            region = regions[region_index]
            # Any interpreter of the region not yet booked then (the benchmark does not care
            # who speaks what for the future bookings; the done ones above do).
            for _attempt in range(50):
                interpreter = rng.choice(region.interpreters)
                if free_from.get(interpreter, first_moment) <= start:
                    break
            else:
                continue  # nobody free: leave it without an assignment
            free_from[interpreter] = end + dt.timedelta(minutes=1)
            assignment_rows.append(
                {
                    "appointment_id": appointment_id,
                    "interpreter_id": interpreter,
                    "state": "accepted",
                    "blocked_from": start,
                    "blocked_until": end,
                    "offered_at": created,
                    "responded_at": created + dt.timedelta(minutes=rng.randrange(10, 600)),
                    "created_at": created,
                }
            )
        sizes["assignments"] = copy_rows(cursor, Assignment, assignment_rows)
        assignment_rows.clear()
        confirmed.clear()

        # Referrals with a consent each and their history.
        log(f"Copying {referrals:,} referrals with consents and events")
        consent_rows = []
        referral_rows = []
        event_rows = []
        statuses = [status for status, _weight in REFERRAL_STATUSES]
        status_weights = _cumulative(weight for _status, weight in REFERRAL_STATUSES)
        paths = {
            "sent": ("sent",),
            "accepted": ("sent", "accepted"),
            "declined": ("sent", "declined"),
            "in_progress": ("sent", "accepted", "in_progress"),
            "completed": ("sent", "accepted", "in_progress", "completed"),
            "dropped": ("sent", "dropped"),
        }
        taken: set[tuple[int, int]] = set()
        referral_id = 0
        while referral_id < referrals:
            client = rng.randrange(clients)
            region = regions[client_region[client]]
            offer, association = rng.choice(region.offers)
            if (client, offer) in taken:
                continue
            taken.add((client, offer))
            referral_id += 1
            organisation, social_worker, *_rest = client_table[client]
            created = now - dt.timedelta(minutes=rng.randrange(60, 700 * 24 * 60))
            status = _weighted(rng, statuses, status_weights)
            consent_rows.append(
                {
                    "id": referral_id,
                    "client_id": client + 1,
                    "purpose": "share_with_association",
                    "association_id": association,
                    "shared_details": ["languages"],
                    "given_at": created,
                    "recorded_by_id": social_worker,
                }
            )
            at = created
            steps = paths[status]
            previous = ""
            for step in steps:
                event_rows.append(
                    {
                        "referral_id": referral_id,
                        "from_status": previous,
                        "to_status": step,
                        "by_id": social_worker,
                        "at": at,
                    }
                )
                previous = step
                at = at + dt.timedelta(hours=rng.randrange(4, 24 * 40))
            referral_rows.append(
                {
                    "id": referral_id,
                    "client_id": client + 1,
                    "offer_id": offer,
                    "consent_id": referral_id,
                    "status": status,
                    "decline_code": (
                        rng.choice(("no_places", "no_places", "no_places", "not_suitable", "other"))
                        if status == "declined"
                        else ""
                    ),
                    "created_by_id": social_worker,
                    "created_at": created,
                    "updated_at": min(at, now),
                }
            )
        sizes["consents"] = copy_rows(cursor, Consent, consent_rows)
        sizes["referrals"] = copy_rows(cursor, Referral, referral_rows)
        sizes["referral events"] = copy_rows(cursor, ReferralEvent, event_rows)
        del consent_rows, referral_rows, event_rows

        # Empowerment plans with goals and reviews.
        log(f"Copying about {goals:,} goals with reviews")
        planned = rng.sample(range(clients), min(clients, goals * 2 // 5))
        plan_rows = []
        goal_rows = []
        review_rows = []
        goal_id = 0
        goal_statuses = ("open",) * 5 + ("achieved",) * 3 + ("paused", "dropped")
        for plan_id, client in enumerate(planned, start=1):
            organisation, social_worker, _m, _l, client_created = client_table[client]
            plan_created = client_created + dt.timedelta(days=rng.randrange(1, 60))
            plan_rows.append(
                {
                    "id": plan_id,
                    "client_id": client + 1,
                    "created_by_id": social_worker,
                    "created_at": plan_created,
                    "updated_at": plan_created,
                }
            )
            for key in rng.sample(FIELDS_OF_ACTION, rng.choice((1, 2, 2, 3, 3, 4))):
                goal_id += 1
                set_at = plan_created + dt.timedelta(days=rng.randrange(0, 300))
                status = rng.choice(goal_statuses)
                level = rng.randrange(1, 5)
                goal_rows.append(
                    {
                        "id": goal_id,
                        "plan_id": plan_id,
                        "field_of_action_id": fields_of_action[organisation, key],
                        "wording": "Bench goal",
                        "status": status,
                        "intake_level": level,
                        "created_by_id": social_worker,
                        "created_at": set_at,
                        "closed_at": set_at + dt.timedelta(days=rng.randrange(30, 400))
                        if status in ("achieved", "dropped")
                        else None,
                    }
                )
                reviewed = set_at.date()
                for _review in range(rng.choice((0, 1, 1, 2, 2, 3))):
                    reviewed += dt.timedelta(days=rng.randrange(30, 200))
                    level = max(1, min(5, level + rng.choice((-1, 0, 1, 1))))
                    review_rows.append(
                        {
                            "goal_id": goal_id,
                            "reviewed_on": reviewed,
                            "level": level,
                            "reviewed_by_id": social_worker,
                            "created_at": now,
                        }
                    )
        sizes["empowerment plans"] = copy_rows(cursor, EmpowermentPlan, plan_rows)
        sizes["goals"] = copy_rows(cursor, Goal, goal_rows)
        sizes["goal reviews"] = copy_rows(cursor, GoalReview, review_rows)
        del plan_rows, goal_rows, review_rows
        sizes["users"] = len(users) + len(planners)
        sizes["organisations"] = sum(len(region.organisations) for region in regions)
        sizes["municipalities"] = sum(len(region.municipalities) for region in regions)

        # As autovacuum would soon after a bulk load: statistics for the planner, and the
        # visibility map and hint bits set, so that reads during the run do not write.
        log("Vacuuming and analysing")
        cursor.execute("VACUUM (ANALYZE)")
    return Generated(planners=planners, sizes=sizes, seconds=time.monotonic() - started)


# Measuring --------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    who: str
    milliseconds: list[float]
    queries: list[int]
    status: int = 200
    note: str = ""
    # Per call: the time the database took for its queries (the rest is Python).
    sql_ms: list[float] = field(default_factory=list)
    # The first call (warm-up), not in p50/p95: a drill-down beat did not keep is counted then.
    first_ms: float | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.milliseconds) if self.milliseconds else float("nan")

    @property
    def p95(self) -> float:
        ordered = sorted(self.milliseconds)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def row(self) -> list[str]:
        queries = (
            "–"
            if not self.queries
            else str(self.queries[0])
            if min(self.queries) == max(self.queries)
            else f"{min(self.queries)}–{max(self.queries)}"
        )
        verdict = "" if self.status not in ANSWERED else ("ok" if self.p95 <= TARGET_MS else "SLOW")
        return [
            self.who,
            self.name,
            str(self.status),
            str(len(self.milliseconds)),
            f"{self.p50:.0f}",
            f"{self.p95:.0f}",
            f"{statistics.median(sql):.0f}" if (sql := getattr(self, "sql_ms", [])) else "–",
            queries,
            verdict + (f" {self.note}" if self.note else ""),
        ]


def measure(
    call: Callable[[], int], *, name: str, who: str, requests: int, warmup: int, time_limit: float
) -> Timing:
    """Call `call` (which returns an HTTP status, 200 for a figure) `warmup` times, then up to
    `requests` times or until `time_limit` seconds passed (at least 3 times), timing each and
    counting its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    status = 200
    first_ms = None
    for _n in range(warmup):
        started = time.perf_counter()
        status = call()
        if first_ms is None:
            first_ms = (time.perf_counter() - started) * 1000
    timing = Timing(
        name=name, who=who, milliseconds=[], queries=[], status=status, first_ms=first_ms
    )
    if status not in ANSWERED:
        return timing
    deadline = time.monotonic() + time_limit
    for n in range(requests):
        if n >= 3 and time.monotonic() > deadline:
            timing.note = f"(stopped after {time_limit:.0f} s)"
            break
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status = call()
            elapsed = (time.perf_counter() - started) * 1000
        timing.milliseconds.append(elapsed)
        timing.queries.append(len(captured.captured_queries))
        timing.sql_ms.append(
            sum(float(query["time"]) for query in captured.captured_queries) * 1000
        )
        if status not in ANSWERED:
            timing.status = status
            break
    return timing


def scope_of(planner: Planner) -> Any:
    from lisko.accounts.models import User
    from lisko.planning.scope import default_period, scope_for

    return scope_for(User.objects.get(pk=planner.user_id), planner.region_id, default_period())


def time_figures(planners: list[Planner], *, repeats: int) -> list[Timing]:
    from lisko.planning.figures import FIGURES, Filters, _load

    _load()
    timings = []
    for planner in planners:
        scope = scope_of(planner)
        for key, shown in FIGURES.items():

            def build(shown: Any = shown, scope: Any = scope) -> int:
                shown.build(scope, Filters())
                return 200

            timing = measure(
                build, name=key, who=planner.label, requests=repeats, warmup=1, time_limit=30
            )
            timings.append(timing)
            log(" | ".join(timing.row()))
        for name, build_other in _other_builds(scope).items():
            timing = measure(
                build_other, name=name, who=planner.label, requests=repeats, warmup=1, time_limit=30
            )
            timings.append(timing)
            log(" | ".join(timing.row()))
    return timings


def _other_builds(scope: Any) -> dict[str, Callable[[], int]]:
    from lisko.planning import gaps, narrative

    def ranked() -> int:
        gaps.ranked_gaps(scope)
        return 200

    def texts() -> int:
        narrative.field_of_action_texts(scope)
        return 200

    return {"gaps.ranked_gaps": ranked, "narrative.field_of_action_texts": texts}


# A request htmx makes (the table unfolded beneath a chart), marked in the route's path.
UNFOLDED = " (unfolded)"


def routes(planner: Planner) -> list[str]:
    """The planning pages and API calls measured, for one planner's region (existing ones
    only): each page, the drill-downs to the municipality with the most clients, to Arabic
    and to a field of action, a table unfolded beneath a chart, the downloads and the API."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from lisko.clients.models import Client
    from lisko.planning.figures import FIGURES, _load

    _load()
    region_id = planner.region_id
    largest = (
        Client.objects.filter(municipality_id__in=scope_of(planner).municipality_ids)
        .values("municipality_id")
        .annotate(clients=Count("id"))
        .order_by("-clients")
        .first()
    )
    needs = reverse("planning:needs", kwargs={"region_id": region_id})
    drill_downs = [needs + "?language=ara"]
    if largest is not None:
        drill_downs.insert(0, needs + f"?municipality={largest['municipality_id']}")
    drill_downs.append(
        reverse("planning:stock_take", kwargs={"region_id": region_id})
        + "?field_of_action=language-education"
    )
    table = reverse(
        "planning:table", kwargs={"region_id": region_id, "key": "referrals-by-municipality"}
    )
    wanted: list[tuple[str, dict[str, Any]]] = [
        ("planning:index", {}),
        ("planning:region", {"region_id": region_id}),
        ("planning:stock_take", {"region_id": region_id}),
        ("planning:needs", {"region_id": region_id}),
        ("planning:gaps", {"region_id": region_id}),
        ("planning:table_csv", {"region_id": region_id, "key": "interpreting-heat"}),
        ("planning:table_xlsx", {"region_id": region_id, "key": "clients-by-municipality"}),
        ("planning:reports", {"region_id": region_id}),
        ("api:planning-region-list", {}),
        ("api:planning-region-detail", {"pk": region_id}),
        *(("api:planning-figure", {"pk": region_id, "key": key}) for key in FIGURES),
        ("api:planning-gaps", {"pk": region_id}),
        ("api:planning-report-list", {"pk": region_id}),
    ]
    found = []
    for name, kwargs in wanted:
        try:
            found.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            try:
                found.append(reverse(name.split(":", 1)[1], kwargs=kwargs))
            except NoReverseMatch:
                log(f"No route {name} yet: skipped")
    return [*found[:5], *drill_downs, table + UNFOLDED, table, *found[5:]]


def time_routes(
    planners: list[Planner],
    *,
    requests: int,
    warmup: int,
    time_limit: float,
    only: str,
    measured: Callable[[Timing], None],
) -> None:
    """Time every route for every planner; `measured` gets each timing as it is taken."""
    from django.test import Client as TestClient

    # Start as the web server starts (gunicorn imports lisko.wsgi), with what that does to
    # the process (the startup objects left out of the garbage collector's full passes).
    import lisko.wsgi  # noqa: F401
    from lisko.accounts.models import User

    for planner in planners:
        browser = TestClient()
        browser.force_login(User.objects.get(pk=planner.user_id))
        for route in routes(planner):
            if not re.search(only, route):
                continue
            path = route.removesuffix(UNFOLDED)
            headers = {"HX-Request": "true"} if route.endswith(UNFOLDED) else {}

            def get(path: str = path, browser: TestClient = browser, headers=headers) -> int:  # type: ignore[no-untyped-def]
                response = browser.get(path, HTTP_ACCEPT_LANGUAGE="en", headers=headers)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                return response.status_code

            timing = measure(
                get,
                name=route,
                who=planner.label,
                requests=requests,
                warmup=warmup,
                time_limit=time_limit,
            )
            measured(timing)
            log(" | ".join(timing.row()) + f" | load {load_average()}")


# The design question: on the fly, indexes, summary table -----------------------------------


def slowest_queries(planner: Planner, keys: list[str]) -> list[tuple[str, float, str]]:
    """(figure key, ms, SQL) of the slowest query of each of these figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lisko.planning.figures import FIGURES, Filters, _load

    _load()
    scope = scope_of(planner)
    found = []
    for key in keys:
        FIGURES[key].build(scope, Filters())
        with CaptureQueriesContext(connection) as captured:
            FIGURES[key].build(scope, Filters())
        slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
        found.append((key, float(slowest["time"]) * 1000, slowest["sql"]))
    return found


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


# Indexes tried on the benchmark database; each (name, SQL, the Django Meta.indexes entry).
CANDIDATE_INDEXES = (
    (
        "appointment_start_covering",
        'CREATE INDEX appointment_start_covering ON appointments_appointment ("start") '
        'INCLUDE (organisation_id, client_id, status, language_id, modality, "end")',
        'Appointment: models.Index(fields=["start"], include=["organisation", "client", '
        '"status", "language", "modality", "end"], name="appointment_start_covering")',
    ),
    (
        "appointment_org_start_covering",
        "CREATE INDEX appointment_org_start_covering ON appointments_appointment "
        '(organisation_id, "start") INCLUDE (client_id, status, language_id, modality, "end", '
        "unfilled_reason)",
        'Appointment: models.Index(fields=["organisation", "start"], include=["client", '
        '"status", "language", "modality", "end", "unfilled_reason"], '
        'name="appointment_org_start_covering")',
    ),
    (
        "client_org_municipality",
        "CREATE INDEX client_org_municipality ON clients_client (organisation_id, "
        "municipality_id) INCLUDE (preferred_language_id, created_at, closed_at, is_active)",
        'Client: models.Index(fields=["organisation", "municipality"], include=['
        '"preferred_language", "created_at", "closed_at", "is_active"], '
        'name="client_org_municipality")',
    ),
    (
        "assignment_appointment_accepted",
        "CREATE INDEX assignment_appointment_accepted ON appointments_assignment "
        "(appointment_id) INCLUDE (responded_at) WHERE state IN ('accepted', 'done')",
        'Assignment: models.Index(fields=["appointment"], include=["responded_at"], '
        'condition=Q(state__in=["accepted", "done"]), name="assignment_appointment_accepted")',
    ),
)

# The figures whose queries read the indexed table: a change in any other figure's time is
# the noise of the shared machine.
INDEX_READERS = {
    "appointment_start_covering": {
        "interpreting", "interpreting-by-municipality", "interpreting-weekly",
        "unfilled-reasons", "interpreting-heat",
    },
    "appointment_org_start_covering": {
        "interpreting", "interpreting-by-municipality", "interpreting-weekly",
        "unfilled-reasons", "interpreting-heat",
    },
    "client_org_municipality": {
        "interpreting", "interpreting-by-municipality", "interpreting-weekly",
        "unfilled-reasons", "interpreting-heat", "clients-by-municipality", "referrals",
        "plan-progress",
    },
    "assignment_appointment_accepted": {"interpreting", "interpreting-by-municipality"},
}  # fmt: skip

HEAVY_FIGURES = (
    "interpreting",
    "interpreting-by-municipality",
    "interpreting-weekly",
    "unfilled-reasons",
    "interpreting-heat",
    "clients-by-municipality",
    "referrals",
    "plan-progress",
)


def time_heavy(planner: Planner, keys: Iterable[str], repeats: int = 5) -> dict[str, float]:
    """Median ms of each figure's build for this planner."""
    from lisko.planning.figures import FIGURES, Filters, _load

    _load()
    scope = scope_of(planner)
    result = {}
    for key in keys:
        if key not in FIGURES:
            continue
        FIGURES[key].build(scope, Filters())
        samples = []
        for _n in range(repeats):
            started = time.perf_counter()
            FIGURES[key].build(scope, Filters())
            samples.append((time.perf_counter() - started) * 1000)
        result[key] = statistics.median(samples)
    return result


@dataclass
class IndexTrial:
    name: str
    create_s: float
    size: str
    before: dict[str, float]
    after: dict[str, float]
    django: str


def try_indexes(planner: Planner) -> list[IndexTrial]:
    """Each candidate index alone: build it, time the heavy figures, drop it."""
    from django.db import connection

    trials = []
    with connection.cursor() as cursor:
        for name, statement, django_entry in CANDIDATE_INDEXES:
            before = time_heavy(planner, HEAVY_FIGURES, repeats=3)
            started = time.monotonic()
            cursor.execute(statement)
            cursor.execute("ANALYZE")
            created = time.monotonic() - started
            cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [name])
            size = cursor.fetchone()[0]
            after = time_heavy(planner, HEAVY_FIGURES, repeats=3)
            cursor.execute(f"DROP INDEX {name}")
            trials.append(IndexTrial(name, created, size, before, after, django_entry))
            log(
                f"index {name}: built in {created:.1f} s ({size}); "
                + ", ".join(f"{k} {before[k]:.0f}→{after[k]:.0f} ms" for k in before)
            )
    return trials


def try_query_variants(
    slowest: list[tuple[str, float, str]],
) -> list[tuple[str, float, float, float]]:
    """For the three slowest queries: (figure, ms as written, ms with work_mem 64MB, ms with
    every COUNT(DISTINCT …) made a plain COUNT) — where the time of a query goes."""

    from django.db import connection

    def timed(sql: str, setup: str = "") -> float:
        with connection.cursor() as cursor:
            if setup:
                cursor.execute(setup)
            cursor.execute(sql)
            cursor.fetchall()
            samples = []
            for _n in range(3):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            cursor.execute("RESET work_mem")
        return statistics.median(samples)

    variants = []
    for key, _ms, sql in sorted(slowest, key=lambda found: -found[1])[:3]:
        variants.append(
            (
                key,
                timed(sql),
                timed(sql, "SET work_mem = '64MB'"),
                timed(re.sub(r"COUNT\(DISTINCT ", "COUNT(", sql)),
            )
        )
        log(f"variants of {key}: {variants[-1]}")
    return variants


SUMMARY_VIEW = """
CREATE MATERIALIZED VIEW planning_appointment_summary AS
SELECT a.organisation_id,
       c.municipality_id AS client_municipality_id,
       a.language_id,
       date_trunc('week', a.start AT TIME ZONE %(zone)s)::date AS week,
       a.status,
       a.unfilled_reason,
       a.modality,
       count(*) AS appointments,
       count(DISTINCT a.client_id) AS clients,
       sum(EXTRACT(EPOCH FROM a."end" - a.start) / 60)::bigint AS minutes
FROM appointments_appointment a
JOIN clients_client c ON c.id = a.client_id
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""


@dataclass
class SummaryTrial:
    build_s: float
    refresh_s: float
    rows: int
    size: str
    on_the_fly_ms: float
    summary_ms: float
    on_the_fly_sql: str
    summary_sql: str
    same_counts: bool


def _scope_condition(scope: Any, organisation: str, municipality: str) -> str:
    parts = []
    for share in scope.shares:
        ids = ",".join(str(pk) for pk in sorted(share.municipality_ids)) or "NULL"
        parts.append(f"({organisation} = {share.organisation_id} AND {municipality} IN ({ids}))")
    return "(" + (" OR ".join(parts) or "FALSE") + ")"


def try_summary_table(planner: Planner, repeats: int = 5) -> SummaryTrial:
    """The summary-table alternative for "interpreting" (requests, served, unfilled, open and
    hours by language): build and refresh the view, and time the same figure from either."""
    from django.conf import settings
    from django.db import connection

    scope = scope_of(planner)
    start, end = scope.period.bounds()
    with connection.cursor() as cursor:
        started = time.monotonic()
        cursor.execute(SUMMARY_VIEW, {"zone": settings.TIME_ZONE})
        cursor.execute(
            "CREATE INDEX ON planning_appointment_summary (organisation_id, week) "
            "INCLUDE (client_municipality_id, language_id, status, appointments, minutes)"
        )
        cursor.execute("ANALYZE planning_appointment_summary")
        build = time.monotonic() - started
        started = time.monotonic()
        cursor.execute("REFRESH MATERIALIZED VIEW planning_appointment_summary")
        refresh = time.monotonic() - started
        cursor.execute("SELECT count(*) FROM planning_appointment_summary")
        rows = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('planning_appointment_summary'))"
        )
        size = cursor.fetchone()[0]
        counted = "a.status NOT IN ('draft', 'cancelled')"
        raw_sql = (
            "SELECT l.code, count(*), count(*) FILTER (WHERE a.status IN ('confirmed','done')), "
            "count(*) FILTER (WHERE a.status = 'unfilled'), "
            "count(DISTINCT a.client_id), "
            'sum(EXTRACT(EPOCH FROM a."end" - a.start) / 60) FILTER (WHERE a.status IN '
            "('confirmed','done')) "
            "FROM appointments_appointment a JOIN clients_client c ON c.id = a.client_id "
            "JOIN languages_language l ON l.id = a.language_id "
            f"WHERE {_scope_condition(scope, 'a.organisation_id', 'c.municipality_id')} "
            f"AND a.start >= %(start)s AND a.start < %(end)s AND {counted} "
            "GROUP BY l.code ORDER BY l.code"
        )
        # Weeks cut the period at Mondays: the summary covers whole weeks only, so it is
        # compared on the whole weeks of the period.
        first_monday = scope.period.start + dt.timedelta(days=-scope.period.start.weekday() % 7)
        last_monday = scope.period.end - dt.timedelta(days=scope.period.end.weekday())
        summary_sql = (
            "SELECT l.code, sum(s.appointments), "
            "sum(s.appointments) FILTER (WHERE s.status IN ('confirmed','done')), "
            "sum(s.appointments) FILTER (WHERE s.status = 'unfilled'), "
            "sum(s.clients), "
            "sum(s.minutes) FILTER (WHERE s.status IN ('confirmed','done')) "
            "FROM planning_appointment_summary s "
            "JOIN languages_language l ON l.id = s.language_id "
            f"WHERE {_scope_condition(scope, 's.organisation_id', 's.client_municipality_id')} "
            "AND s.week >= %(first)s AND s.week < %(last)s "
            "AND s.status NOT IN ('draft', 'cancelled') "
            "GROUP BY l.code ORDER BY l.code"
        )
        zone_start = dt.datetime.combine(first_monday, dt.time.min, tzinfo=start.tzinfo)
        zone_end = dt.datetime.combine(last_monday, dt.time.min, tzinfo=start.tzinfo)

        def run(sql: str, params: dict[str, Any]) -> tuple[float, list[tuple[Any, ...]]]:
            cursor.execute(sql, params)
            result = cursor.fetchall()
            samples = []
            for _n in range(repeats):
                begun = time.perf_counter()
                cursor.execute(sql, params)
                result = cursor.fetchall()
                samples.append((time.perf_counter() - begun) * 1000)
            return statistics.median(samples), result

        raw_ms, raw = run(raw_sql, {"start": zone_start, "end": zone_end})
        summary_ms, summarised = run(summary_sql, {"first": first_monday, "last": last_monday})
        # Counts agree; distinct clients do not (a client in two weeks is counted twice).
        same = [row[:4] for row in raw] == [tuple(row[:4]) for row in summarised]
        cursor.execute("DROP MATERIALIZED VIEW planning_appointment_summary")
    del end
    return SummaryTrial(
        build_s=build,
        refresh_s=refresh,
        rows=rows,
        size=size,
        on_the_fly_ms=raw_ms,
        summary_ms=summary_ms,
        on_the_fly_sql=raw_sql,
        summary_sql=summary_sql,
        same_counts=same,
    )


def time_report(planner: Planner) -> tuple[float, float, int, int]:
    """(seconds to build the content, seconds to render, PDF bytes, SQL queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lisko.planning.report import build_content, render_pdf

    scope = scope_of(planner)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        content = build_content(scope, language="en")
        built = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_pdf(content)
    rendered = time.perf_counter() - started
    return built, rendered, len(pdf), len(captured.captured_queries)


# Report -----------------------------------------------------------------------------------

ROUTE_HEADER = [
    "who", "route", "status", "n", "p50 ms", "p95 ms", "SQL ms (p50)", "queries", "≤ 300 ms",
    "first request ms",
]  # fmt: skip


def route_row(timing: Timing) -> list[str]:
    first = getattr(timing, "first_ms", None)  # results pickled before it was measured
    return [*timing.row(), "–" if first is None else f"{first:.0f}"]


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Results:
    sizes: dict[str, int]
    generation_s: float | None
    loads: dict[str, str] = field(default_factory=dict)
    figures: list[Timing] = field(default_factory=list)
    routes: list[Timing] = field(default_factory=list)
    slowest: list[tuple[str, float, str]] = field(default_factory=list)
    plan: str = ""
    indexes: list[IndexTrial] = field(default_factory=list)
    summary: SummaryTrial | None = None
    variants: list[tuple[str, float, float, float]] = field(default_factory=list)
    pdf: tuple[float, float, int, int] | None = None
    # (planner, seconds, tables kept) of beat's refresh of the planner's region
    kept: list[tuple[str, float, int]] = field(default_factory=list)
    kept_seconds: int = 0
    failures: list[str] = field(default_factory=list)


def render(results: Results, arguments: argparse.Namespace) -> str:
    sizes = ", ".join(f"{count:,} {name}" for name, count in results.sizes.items())
    parts = [
        "# Planning benchmark\n",
        "Written by `python -m benchmarks.planning` (`make bench-planning`). Figures, not "
        "assertions; the decision at the end is argued from them.\n",
        f"- Run at {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs; "
        "PostgreSQL on the same machine; requests through django.test.Client in one process "
        "(no HTTP server, so the figures are the view's own time plus the middleware).",
        "- Load average (1 / 5 / 15 min) at each step: "
        + "; ".join(f"{step}: {load}" for step, load in results.loads.items())
        + ". The machine was shared with other engineers' test runs: every figure is slower "
        "than on a quiet machine.",
        f"- Data: {sizes}"
        + (
            f"; generated with COPY in {results.generation_s:.0f} s."
            if results.generation_s is not None
            else "; generated by an earlier run (--reuse)."
        ),
        "- Three regions with the real places: Luxembourg (the country), canton Lucerne, Kreis "
        f"Schleswig-Flensburg; {ORGANISATIONS_PER_REGION} organisations each, of which "
        f"{ORGANISATIONS_PER_REGION - 1} share with the region's planner. Period: the default "
        "(the twelve months up to today); appointments span 21 months back and 3 ahead.",
        f"- Requests: {arguments.warmup} warm-up, then up to {arguments.requests} per route "
        f"(at most {arguments.time_limit:.0f} s per route); queries counted per request with "
        "CaptureQueriesContext.\n",
    ]
    if results.failures:
        parts += ["## What failed\n", *(f"- {failure}" for failure in results.failures), ""]
    parts += [
        "## Figures built directly (`FIGURES[key].build(scope, Filters())`)\n",
        table(
            ["who", "figure", *ROUTE_HEADER[3:]],
            [t.row()[:2] + t.row()[3:] for t in results.figures],
        ),
        "",
    ]
    if getattr(results, "kept", None):
        parts += [
            "## Figures kept ready by beat (`lisko.planning.published.refresh`)\n",
            "Every figure of the region and period, the headline figures of the period before "
            "and the gap list, counted afresh and kept, as beat does every "
            "LISKO_PLANNING_REFRESH_MINUTES for each planner's region and language:\n",
            table(
                ["who", "seconds", "tables kept"],
                [[who, f"{seconds:.1f}", str(count)] for who, seconds, count in results.kept],
            ),
            "",
        ]
    parts += [
        "## Pages and API calls\n",
        (
            f"Figures kept for {results.kept_seconds} s (LISKO_PLANNING_KEPT_SECONDS), read "
            "after beat's refresh above; a drill-down or period beat does not keep is counted "
            "at its first request (the warm-up, its time in the last column, not in p50 and "
            "p95) and kept from then on.\n"
            if getattr(results, "kept_seconds", 0)
            else "Every figure counted on the fly (LISKO_PLANNING_KEPT_SECONDS=0).\n"
        ),
        table(ROUTE_HEADER, [route_row(timing) for timing in results.routes]),
        "",
    ]
    if results.slowest:
        parts += [
            "## The slowest query of each heavy figure\n",
            table(
                ["figure", "ms", "query (start)"],
                [
                    [key, f"{ms:.0f}", "`" + sql[:160].replace("|", "\\|") + " …`"]
                    for key, ms, sql in results.slowest
                ],
            ),
            "",
            "EXPLAIN (ANALYZE, BUFFERS) of the slowest of them:\n",
            "```",
            results.plan,
            "```",
            "",
        ]
    if getattr(results, "variants", None):
        parts += [
            "The three slowest queries as written, with `SET work_mem = '64MB'`, and with "
            "every COUNT(DISTINCT …) made a plain COUNT (median ms of 3):\n",
            table(
                ["figure", "as written", "work_mem 64MB", "no DISTINCT"],
                [[key, f"{a:.0f}", f"{b:.0f}", f"{c:.0f}"] for key, a, b, c in results.variants],
            ),
            "",
        ]
    if results.indexes:
        keys = list(results.indexes[0].before)
        parts += [
            "## Candidate indexes (each alone: built, figures timed, dropped)\n",
            table(
                ["index", "build s", "size", *keys],
                [
                    [
                        trial.name,
                        f"{trial.create_s:.1f}",
                        trial.size,
                        *(f"{trial.before[k]:.0f} → {trial.after[k]:.0f}" for k in keys),
                    ]
                    for trial in results.indexes
                ],
            ),
            "",
            "Median ms of the figure's build before → after, for "
            f"{results.indexes and arguments.index_planner}. As Django entries:\n",
            *(f"- `{trial.name}`: `{trial.django}`" for trial in results.indexes),
            "",
        ]
    if results.summary is not None:
        summary = results.summary
        parts += [
            "## Summary table prototype\n",
            "A materialised view of appointments per organisation × client municipality × "
            "language × ISO week × status × unfilled reason × modality, with counts, distinct "
            "clients and minutes, indexed on (organisation, week).\n",
            f"- Build {summary.build_s:.1f} s, REFRESH {summary.refresh_s:.1f} s "
            f"(the whole table; PostgreSQL has no incremental refresh), {summary.rows:,} rows, "
            f"{summary.size}.",
            f'- "interpreting" (requests, served, unfilled, hours by language) for the '
            f"largest region: on the fly {summary.on_the_fly_ms:.0f} ms, from the summary "
            f"{summary.summary_ms:.0f} ms; counts equal: {summary.same_counts}.",
            "- Distinct clients cannot be summed: a client with requests in two weeks (or two "
            "languages) counts twice, so the summary cannot give the contributors that the "
            "small-cell rule needs (`RawTable.contributors`) for any roll-up but its own grain.",
            "",
        ]
    if results.pdf is not None:
        built, rendered, size, queries = results.pdf
        verdict = "ok" if built + rendered <= TARGET_PDF_S else "SLOW"
        parts += [
            "## Social report PDF (one region, twelve months)\n",
            f"- build_content {built:.1f} s ({queries} queries), render_pdf {rendered:.1f} s, "
            f"total {built + rendered:.1f} s (target ≤ {TARGET_PDF_S:.0f} s: {verdict}); "
            f"{size / 1024:.0f} KiB.",
            "",
        ]
    parts += ["## Decision\n", arguments.decision or decision(results), ""]
    return "\n".join(parts)


def variants_text(variants: list[tuple[str, float, float, float]]) -> str:
    if not variants:
        return ""
    memory = [1 - b / a for _key, a, b, _c in variants]
    distinct = [1 - c / a for _key, a, _b, c in variants]
    return (
        f"A larger work_mem (64 MB: the sorts stop spilling to disk) saves "
        f"{min(memory):.0%} to {max(memory):.0%} of the slowest queries; plain COUNTs instead "
        f"of COUNT(DISTINCT client) save {min(distinct):.0%} to {max(distinct):.0%}: the cost "
        "is the number of rows read and joined, not the distinct counts."
    )


def decision(results: Results) -> str:
    """The choice between aggregation on the fly and summary tables, argued from the figures."""
    lines = []
    index_gains = False
    planner_figures = [t for t in results.figures if t.who.startswith("planner") and t.milliseconds]
    if planner_figures:
        worst = max(planner_figures, key=lambda t: t.p50)
        slow = sorted({t.name for t in planner_figures if t.p95 > TARGET_MS})
        lines.append(
            f"- **On the fly, as written**, {len(slow)} figures (or figure helpers) miss "
            f"{TARGET_MS:.0f} ms for some planner: {', '.join(slow)}; the slowest is "
            f"{worst.name} ({worst.p50:.0f} ms p50, {worst.who}). The interpreting and "
            "progress figures spend their time in the database: each reads a year of the "
            "scope's appointments (about 150 000 for Luxembourg), joined to the clients for the "
            "municipality rule and to the accepted assignment for the time to fill. "
            + variants_text(getattr(results, "variants", []))
            + " pool is Python (model instances with prefetched languages and "
            "availability: ~90 % of its time), reach half and half (travel times)."
        )
        by_region: dict[str, float] = defaultdict(float)
        for timing in planner_figures:
            if "." not in timing.name:  # the figures themselves, not gaps or narrative
                by_region[timing.who] += timing.p50
        lines.append(
            "- Building every registered figure once takes, per planner: "
            + ", ".join(f"{who} {ms / 1000:.1f} s" for who, ms in by_region.items())
            + ". A page that shows ten of them cannot answer in 300 ms however each is "
            "computed, unless the published tables are ready before the request."
        )
    route_timings = [t for t in results.routes if t.milliseconds]
    if route_timings:
        slow_routes = [t for t in route_timings if t.p95 > TARGET_MS]
        lines.append(
            f"- Pages and API: {len(slow_routes)} of {len(route_timings)} measured routes miss "
            f"the target; the worst is {max(route_timings, key=lambda t: t.p95).name} "
            f"({max(t.p95 for t in route_timings):.0f} ms p95)."
        )
    if results.indexes:
        best = []
        noise: list[float] = []
        for trial in results.indexes:
            readers = INDEX_READERS.get(trial.name, set(trial.before))
            gains = [
                (key, trial.before[key], trial.after[key])
                for key in trial.before
                if key in readers and trial.after[key] < 0.6 * trial.before[key]
            ]
            noise.extend(
                abs(trial.after[key] - trial.before[key]) / trial.before[key]
                for key in trial.before
                if key not in readers and trial.before[key]
            )
            if gains:
                best.append(
                    f"`{trial.name}` ("
                    + ", ".join(f"{key} {b:.0f} → {a:.0f} ms" for key, b, a in gains)
                    + ")"
                )
        index_gains = bool(best)
        lines.append(
            "- **Indexes**: on the shared machine the figures that do not read an index's "
            f"table moved by up to {max(noise, default=0):.0%} (median "
            f"{statistics.median(noise) if noise else 0:.0%}) between before and after, so "
            "only a gain of 40 % or more in a figure that reads the table counts here: "
            + ("; ".join(best) if best else "none")
            + ". A covering index lets PostgreSQL skip the heap but not the join to the "
            "clients or the aggregation, so no index brings a figure near 300 ms."
        )
    if results.summary is not None:
        summary = results.summary
        lines.append(
            f"- **Summary table** at the grain asked for: {summary.rows:,} rows for "
            f"{results.sizes.get('appointments', 0):,} appointments ({summary.size}), so the "
            "grain organisation × municipality × language × week × status × reason × modality "
            "barely summarises; a full REFRESH takes "
            f'{summary.refresh_s:.0f} s; "interpreting" {summary.on_the_fly_ms:.0f} ms on '
            f"the fly → {summary.summary_ms:.0f} ms from it (counts equal: "
            f"{summary.same_counts}). It cannot give the distinct clients per cell that the "
            "small-cell rule needs for every count of records (`RawTable.contributors`): a "
            "client is in many weeks, so summed distinct counts overstate them and a cell "
            "with 12 requests of 2 clients would be shown. Keeping the client in the grain "
            "makes the table as large as the data."
        )
    if results.pdf is not None:
        built, rendered, _size, _queries = results.pdf
        lines.append(
            f"- The social report takes {built + rendered:.0f} s (target {TARGET_PDF_S:.0f} s) "
            "in a worker: fine on the fly."
        )
    lines.append(
        "\n**Choice**: keep the aggregation on the fly as the only way a figure is computed "
        "(the one aggregation layer, exact contributors, a withdrawn agreement or new data "
        "counted at once), and do not add row-level summary tables: they lose the distinct "
        "clients the suppression needs and, at this grain, save too little. Meet the page "
        "target by having beat *store the published tables* of each region for the default "
        "periods (the last twelve months and the one before, for the trends), keyed by "
        "(figure, shares, period, filters, language): a summary of output that is already "
        "suppressed, refreshed in the time the figures above take per region, read in a "
        "few milliseconds; a changed sharing agreement changes the key, so it never serves "
        "data the scope no longer covers. Other periods and drill-downs stay on the fly "
        "(seconds). Within a request, build each figure once (the gap list and the overview "
        "re-build interpreting and others several times). "
        + (
            "Of the indexes, propose only those listed above as gaining, after a run on a "
            "quiet machine confirms it."
            if index_gains
            else "No new index is proposed: none made a figure clearly faster."
        )
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--appointments", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--goals", type=int, default=150_000)
    parser.add_argument("--requests", type=int, default=20, help="per route, after the warm-up")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60, help="seconds per route")
    parser.add_argument("--figure-repeats", type=int, default=5)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the data of a run with --keep (no generation)"
    )
    parser.add_argument(
        "--only", default="", help="only the routes whose path matches this regular expression"
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated steps to skip: figures, design, pdf, keep, routes",
    )
    parser.add_argument("--report", type=Path, default=BASE_DIR / "docs" / "planning-benchmark.md")
    parser.add_argument("--decision", default="", help="the decision paragraph for the report")
    arguments = parser.parse_args()
    skip = set(filter(None, arguments.skip.split(",")))
    arguments.index_planner = ""

    url = bench_url(os.environ.get("DATABASE_URL", ""), arguments.database)
    state_file = BASE_DIR / "var" / "planning-bench-fixtures.json"
    try:
        if arguments.reuse:
            setup_django(url)
            saved = json.loads(state_file.read_text(encoding="utf-8"))
            generated = Generated(
                planners=[Planner(**planner) for planner in saved["planners"]],
                sizes=saved["sizes"],
                seconds=0.0,
            )
            generation_s = None
        else:
            log(f"Creating {arguments.database}")
            started = time.monotonic()
            recreate_database(url)
            migrate(url)
            setup_django(url)
            generated = generate(
                clients=arguments.clients,
                appointments=arguments.appointments,
                referrals=arguments.referrals,
                goals=arguments.goals,
                seed=7,
            )
            generation_s = time.monotonic() - started
            state_file.parent.mkdir(exist_ok=True)
            state_file.write_text(
                json.dumps(
                    {
                        "planners": [planner.__dict__ for planner in generated.planners],
                        "sizes": generated.sizes,
                    }
                ),
                encoding="utf-8",
            )
            log(f"Data ready in {generation_s:.0f} s: {generated.sizes}")
        results = Results(sizes=generated.sizes, generation_s=generation_s)
        if arguments.reuse and RESULTS_FILE.exists():
            # The steps skipped now keep the figures of the earlier run.
            earlier = pickle.loads(RESULTS_FILE.read_bytes())
            earlier.failures = []
            results = earlier
        results.loads["start"] = load_average()
        planners = generated.planners
        largest = planners[0]  # Luxembourg: the most clients
        arguments.index_planner = largest.label

        def step(name: str, action: Callable[[], None]) -> None:
            if name in skip:
                return
            try:
                action()
            except Exception as error:  # a colleague's code still being written: go on
                import traceback

                traceback.print_exc()
                results.failures.append(f"{name}: {type(error).__name__}: {error}")
            results.loads[name] = load_average()

        def figures_step() -> None:
            results.figures = time_figures(planners, repeats=arguments.figure_repeats)

        def routes_step() -> None:
            # With --only, the routes measured now replace their earlier figures alone.
            results.routes = [
                timing
                for timing in results.routes
                if arguments.only and not re.search(arguments.only, timing.name)
            ]

            def measured(timing: Timing) -> None:
                results.routes.append(timing)
                arguments.report.write_text(render(results, arguments), encoding="utf-8")

            time_routes(
                planners,
                requests=arguments.requests,
                warmup=arguments.warmup,
                time_limit=arguments.time_limit,
                only=arguments.only,
                measured=measured,
            )

        def design_step() -> None:
            results.slowest = slowest_queries(largest, list(HEAVY_FIGURES))
            for key, ms, _sql in results.slowest:
                log(f"slowest query of {key}: {ms:.0f} ms")
            worst = max(results.slowest, key=lambda found: found[1])
            results.plan = explain(worst[2])
            print(results.plan)
            results.variants = try_query_variants(results.slowest)
            results.indexes = try_indexes(largest)
            results.summary = try_summary_table(largest)
            log(f"summary table: {results.summary}")

        def keep_step() -> None:
            from django.conf import settings

            from lisko.planning.published import refresh

            results.kept = []
            results.kept_seconds = settings.LISKO_PLANNING_KEPT_SECONDS
            if not results.kept_seconds:
                return
            for planner in planners:
                started = time.monotonic()
                count = refresh(scope_of(planner), language="en")
                seconds = time.monotonic() - started
                results.kept.append((planner.label, seconds, count))
                log(f"kept {count} tables for {planner.label} in {seconds:.1f} s")

        def pdf_step() -> None:
            results.pdf = time_report(largest)
            log(f"social report: {results.pdf}")

        # The slow tail (every page and API call) last; the report is written after each
        # step, so that an interrupted run still leaves its figures.
        for name, action in (
            ("figures", figures_step),
            ("design", design_step),
            ("pdf", pdf_step),
            ("keep", keep_step),
            ("routes", routes_step),
        ):
            if name in skip:
                continue
            step(name, action)
            RESULTS_FILE.write_bytes(pickle.dumps(results))
            arguments.report.write_text(render(results, arguments), encoding="utf-8")
            log(f"Written to {arguments.report} after {name}")
        text = render(results, arguments)
        arguments.report.write_text(text, encoding="utf-8")
        print(text)
    finally:
        from django.db import connections

        connections.close_all()
        if not arguments.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
