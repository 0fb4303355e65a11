"""Deterministic demo data for one region (Luxembourg): what a social worker would recognise.

Built as people would build it, through the services (as zulip's `populate_db` calls the real
actions): each step writes the audit trail and the referral and assignment events that real
use writes. Everything is drawn from one seeded random generator and every date from the
`today` (and moment) the loader is given, so a seed and a `today` always give the same data.
Where a service stamps a record with the real clock and has no date to pass, the loader
back-dates that one field afterwards, each place marked "Back-dating for the demo". The audit
trail keeps the real moment it was written at.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings

from lisko.accounts.models import User
from lisko.demo.appointments import appointments
from lisko.demo.associations import directory, referrals
from lisko.demo.clients import caseload, plans, settle_goals
from lisko.demo.clock import Clock
from lisko.demo.dataprotection import closed_cases
from lisko.demo.debriefs import debriefs
from lisko.demo.networks import key_person_network
from lisko.demo.payroll import payroll
from lisko.demo.people import create_operator, organisations_and_people
from lisko.demo.planning import (
    growing_community,
    history_days,
    housing_waiting_list,
    planning_office,
    unreached_town,
)
from lisko.demo.pool import conflicts_of_interest, interpreter_pool
from lisko.demo.programmes import municipal_programmes
from lisko.demo.regionplans import region_plan
from lisko.demo.welcome import welcome_programme
from lisko.languages.catalogue import LANGUAGES
from lisko.languages.services import load_languages
from lisko.places.loading import load_places
from lisko.places.models import Municipality

DEMO_PASSWORD = "lisko-demo"
SEED = 2026


@dataclass
class Summary:
    organisations: int
    users: int
    languages: int
    municipalities: int
    interpreters: int
    clients: int
    associations: int
    offers: int
    appointments: int  # the two weeks around today
    referrals: int
    history_appointments: int  # the year before, for the planners
    community: int  # clients of the growing community the planner should find
    community_appointments: int  # their requests, left unfilled
    community_town: str
    welcome_appointments: int  # Emmen's welcome conversations booked, waiting for the matcher


def load_demo_data(*, today: dt.date | None = None, now: dt.datetime | None = None) -> Summary:
    """Load the demo region, organisations, people, plans, referrals and appointments.

    Without `today`, the demo is anchored on the real moment; with it, on noon of `today`
    (or `now`). No job is sent while loading: the demo starts with its requests open, as the
    data says, not with a matching run for each of them."""
    with override_settings(LISKO_JOBS_ENABLED=False), transaction.atomic():
        return _load(Clock.of(today, now))


def _load(clock: Clock) -> Summary:
    rng = random.Random(SEED)
    # One hash for every demo login: hashing 160 passwords one by one would take a minute.
    password = make_password(DEMO_PASSWORD)
    # Reference data, as the installation loads it.
    load_places()
    municipalities = {
        municipality.name: municipality
        for municipality in Municipality.objects.filter(country="LU").select_related("region")
    }
    languages = {
        language.code: language for language in load_languages(codes=[c for c, _, _ in LANGUAGES])
    }
    demand = [(code, weight) for code, _, weight in LANGUAGES if weight > 0]

    people = organisations_and_people(rng, password)
    interpreters = interpreter_pool(rng, people, municipalities, demand, password, clock)
    associations, offers = directory(people, municipalities, languages, password)
    clients = caseload(
        rng,
        people.organisation,
        municipalities,
        languages,
        demand,
        people.social_workers,
        clock,
    )
    caseload(
        rng,
        people.other,
        municipalities,
        languages,
        demand,
        [people.users["samir"]],
        clock,
        count=25,
    )
    planned = plans(rng, clients, people.fields, clock)
    sent = referrals(rng, clients, offers, planned, clock)
    settle_goals(planned, clock)
    conflicts = conflicts_of_interest(rng, people, interpreters, clients)
    booked = appointments(rng, clients, interpreters, conflicts, clock)
    # The planner's story comes last, from a generator of its own, so that everything above
    # stays as it was before planning was part of the demo.
    story = random.Random(SEED + 1)
    planner = planning_office(people, password, clock)
    history = appointments(
        story,
        clients,
        interpreters,
        conflicts,
        clock,
        count=700,
        days=history_days(clock),
    )
    town = unreached_town(planner, clock)
    community, unfilled = growing_community(story, people, town, municipalities, languages, clock)
    housing_waiting_list(story, people, clients, clock)
    region_plan(planner, people, town, clock)
    # The data-protection officer's walk, from its own generator too.
    closed_cases(random.Random(SEED + 2), people, municipalities, languages, demand, clock)
    payroll(random.Random(SEED + 3), people, clock)
    debriefs(people, clock)
    # The canton of Lucerne's municipal programmes: no random draw at all.
    applications = municipal_programmes(password, clock)
    # Emmen's key-person network, from the Red Cross's pool: no random draw either.
    key_person_network(people, applications, clock)
    # Emmen's welcome conversations, on top of its programme: no random draw either.
    welcome = welcome_programme(password, clock)
    create_operator(password)
    return Summary(
        organisations=2,
        users=User.objects.count(),
        languages=len(languages),
        municipalities=len(municipalities),
        interpreters=len(interpreters),
        clients=len(clients),
        associations=len(associations),
        offers=len(offers),
        appointments=len(booked),
        referrals=len(sent),
        history_appointments=len(history),
        community=len(community),
        community_appointments=len(unfilled),
        community_town=town.name,
        welcome_appointments=len(welcome),
    )
