"""The planner's side of the demo: a planning office with one planner for the whole country,
the two services' agreements to share their aggregates with it, a year of history, and three
things a planner should find:

1. a Tigrinya community that grew in one northern town over the last months, where no
   Tigrinya interpreter comes on site, so its on-site requests go unfilled;
2. housing, whose one offer turns people away for lack of places (a waiting list);
3. Pétange and other towns where clients live with goals in fields of action no offer serves.
"""

import datetime as dt
import random

from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.appointments.services import book_appointment, mark_unfilled
from lisko.clients.models import Client
from lisko.core.errors import DomainError
from lisko.demo.associations import sharing_consent
from lisko.demo.clients import caseload, plans
from lisko.demo.clock import Clock
from lisko.demo.people import People, create_logins
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.organisations.models import Membership, Role
from lisko.organisations.services import add_member, create_organisation
from lisko.places.models import Municipality, Region
from lisko.planning.agreements import assign_planner_region, record_agreement
from lisko.referrals.models import DeclineCode, Referral
from lisko.referrals.services import decline_referral, refer_client

# Northern towns, largest first: the community settles in the first one no Tigrinya
# interpreter reaches on site.
NORTHERN_TOWNS = ["Wiltz", "Clervaux", "Troisvierges", "Vianden", "Esch-sur-Sûre", "Weiswampach"]
COMMUNITY_LANGUAGE = "tir"
COMMUNITY_SIZE = 26


def planning_office(people: People, password: str, clock: Clock) -> User:
    """The planning office, its planner Pia for the whole country, and the services'
    agreements to share with the country's planners."""
    office = create_organisation(
        name="Ministère de la Famille – Planification sociale",
        slug="planification",
        region="Luxembourg",
    )
    (pia,) = create_logins(
        [
            User(
                username="pia",
                first_name="Pia",
                last_name="Schroeder",
                email="pia@demo.lisko.lu",
                password=password,
                language="de",
            )
        ]
    )
    add_member(organisation=office, user=pia, role=Role.PLANNER)
    country = Region.objects.get(kind=Region.Kind.COUNTRY, country="LU")
    assign_planner_region(
        membership=Membership.objects.get(user=pia, organisation=office, role=Role.PLANNER),
        region=country,
        by=None,
    )
    signed = clock.today - dt.timedelta(days=90)
    record_agreement(
        organisation=people.organisation,
        region=country,
        signed_on=signed,
        signed_by="Ada Wagner, head of the service",
        valid_from=signed,
        by=people.admin,
        today=clock.today,
    )
    record_agreement(
        organisation=people.other,
        region=country,
        signed_on=signed + dt.timedelta(days=14),
        signed_by="Nadine Hoffmann, director",
        valid_from=signed + dt.timedelta(days=14),
        by=None,
        today=clock.today,
    )
    return pia


def history_days(clock: Clock, *, weeks: int = 52) -> list[dt.date]:
    """The working days of the last `weeks` weeks, up to the week before the demo's window."""
    first = clock.today - dt.timedelta(weeks=weeks)
    last = clock.today - dt.timedelta(days=5)
    return [
        first + dt.timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if (first + dt.timedelta(days=offset)).weekday() < 5
    ]


def unreached_town(planner: User, clock: Clock) -> Municipality:
    """The first northern town where no Tigrinya speaker of the pool comes on site, as the
    planner's own reach figure says (the pool is drawn at random, so the town is found)."""
    from lisko.planning.figures import Filters
    from lisko.planning.scope import default_period, scope_for
    from lisko.planning.stocktake import reach, reach_of

    country = Region.objects.get(kind=Region.Kind.COUNTRY, country="LU")
    scope = scope_for(planner, country.pk, default_period(clock.today), today=clock.today)
    table = reach(scope, Filters(language=COMMUNITY_LANGUAGE))
    by_id = {row.key: row for row in table.rows}
    towns = Municipality.objects.filter(country="LU", name__in=NORTHERN_TOWNS)
    by_name = {town.name: town for town in towns}
    for name in NORTHERN_TOWNS:
        town = by_name.get(name)
        row = by_id.get(str(town.pk)) if town else None
        if row is not None and row.cells and reach_of(row.cells[0].value) != "on_site":
            return town
    return by_name[NORTHERN_TOWNS[-1]]


def growing_community(
    rng: random.Random,
    people: People,
    town: Municipality,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    clock: Clock,
) -> tuple[list[Client], list[Appointment]]:
    """Tigrinya-speaking families who arrived in `town` over the last eight months, with plans,
    and their on-site appointments the matcher could not fill: nobody within reach."""
    clients = caseload(
        rng,
        people.organisation,
        municipalities,
        languages,
        [(COMMUNITY_LANGUAGE, 1)],
        people.social_workers[:2],
        clock,
        count=COMMUNITY_SIZE,
        places={town.name: 1},
        arrived_within_days=240,
        first_index=2000,
    )
    plans(rng, clients, people.fields, clock)
    booked: list[Appointment] = []
    speakers = Interpreter.objects.filter(
        is_active=True, languages__language__code=COMMUNITY_LANGUAGE
    ).count()
    for client in clients:
        arrived = client.arrival_date or clock.week_start
        for _visit in range(rng.randint(1, 3)):
            day = arrived + dt.timedelta(
                days=rng.randint(7, max(8, (clock.today - arrived).days - 5))
            )
            if day.weekday() > 4 or day >= clock.today - dt.timedelta(days=4):
                continue
            start = clock.at(day, rng.randint(8, 15))
            booked_at = min(clock.now - dt.timedelta(hours=2), start - dt.timedelta(days=7))
            appointment = book_appointment(
                client=client,
                by=client.social_worker,
                kind=rng.choice(["medical", "social_counselling", "school", "authority"]),
                start=start,
                end=start + dt.timedelta(minutes=rng.choice([60, 60, 90])),
                modality="on_site",
                municipality=town,
                address="Grand-Rue 12",
                language=client.preferred_language,
                request=True,
                now=booked_at,
            )
            mark_unfilled(
                appointment=appointment,
                reason_code="travel_limit",
                data={"speakers": speakers, "available": speakers, "nearest_travel_min": 70},
            )
            # Back-dating for the demo: booked a week ahead, not when the demo was loaded.
            Appointment.objects.filter(pk=appointment.pk).update(created_at=booked_at)
            booked.append(appointment)
    return clients, booked


def housing_waiting_list(
    rng: random.Random, people: People, clients: list[Client], clock: Clock, count: int = 18
) -> list[Referral]:
    """Clients referred to the one housing offer in the months gone by, turned away for lack
    of places."""
    from lisko.associations.models import Offer

    offer = Offer.objects.get(
        field_of_action__key="housing", association__organisation=people.organisation
    )
    partner = offer.association.partners.get()
    declined: list[Referral] = []
    for client in rng.sample(clients, min(len(clients), count * 2)):
        if len(declined) == count:
            break
        sent = clock.at(clock.today - dt.timedelta(days=rng.randint(20, 300)), 10)
        consent = sharing_consent(client, offer.association, ["languages"], given_at=sent)
        try:
            referral = refer_client(
                client=client, offer=offer, consent=consent, note="", by=client.social_worker
            )
        except DomainError:
            continue  # already referred there, or the list is closed
        decline_referral(
            referral=referral,
            by=partner,
            reason="No flat free; we keep the family on our waiting list.",
            code=DeclineCode.NO_PLACES,
        )
        # Back-dating for the demo: sent on the day drawn, answered three days later.
        Referral.objects.filter(pk=referral.pk).update(created_at=sent, updated_at=sent)
        referral.events.filter(to_status="sent").update(at=sent)
        referral.events.exclude(to_status="sent").update(at=sent + dt.timedelta(days=3))
        declined.append(referral)
    return declined
