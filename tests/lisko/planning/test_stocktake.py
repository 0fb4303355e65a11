"""The stock-take figures equal a plain computation over the offers, referrals and the pool,
for the organisations a scope counts: a planner's (A and B share, C does not), a
coordinator's (their own only)."""

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.associations.models import Offer
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language, language_name
from lisko.planning.figures import Filters, figure
from lisko.planning.scope import Period, PlanningScope, scope_for
from lisko.planning.tables import Table
from lisko.referrals.models import TAKING_A_PLACE, Referral
from matching.travel import travel_minutes
from matching.types import Location, Travel
from tests.factories.core import LanguageFactory, make_coordinator
from tests.factories.interpreting import (
    AppointmentFactory,
    InterpreterFactory,
    InterpreterLanguageFactory,
    WeeklyAvailabilityFactory,
)
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    OfferFactory,
    ReferralFactory,
)
from tests.factories.planning import PlanningWorld, client_of, make_planning_world, withdraw

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=365), end=TODAY + dt.timedelta(days=30))
FIELDS = [
    ("language-education", "Language and education", 1),
    ("work", "Work", 2),
    ("health", "Health", 3),
]
CODES = ["ara", "fas", "tir", "som", "ukr", "tur"]


def languages() -> dict[str, Language]:
    found = {code: LanguageFactory(code=code) for code in CODES}
    found["apc"] = LanguageFactory(code="apc", parent=found["ara"])
    return found


def populate(world: PlanningWorld, *, seed: int = 3, offers: int = 24, people: int = 18) -> None:
    """Offers with referrals and a pool, of A, B and C, in and around the district."""
    rng = random.Random(seed)
    spoken = languages()
    places = [*world.municipalities, world.outside]
    organisations = [world.a, world.b, world.c]
    fields = {
        (organisation.pk, key): FieldOfActionFactory(
            organisation=organisation, key=key, name=name, position=position
        )
        for organisation in organisations
        for key, name, position in FIELDS
    }
    associations = {
        o.pk: AssociationFactory(organisation=o, municipality=places[0]) for o in organisations
    }
    made: list[Offer] = []
    for _ in range(offers):
        organisation = rng.choice(organisations)
        made.append(
            OfferFactory(
                association=associations[organisation.pk],
                field_of_action=fields[organisation.pk, rng.choice(FIELDS)[0]],
                municipality=rng.choice(places),
                capacity=rng.choice([1, 2, 5, 12]),
                is_active=rng.random() > 0.15,
                languages=rng.sample(list(spoken.values()), rng.randint(0, 4)),
            )
        )
    for offer in made:
        organisation = offer.association.organisation
        for _ in range(rng.randint(0, 4)):
            client = client_of(organisation, municipality=rng.choice(places))
            ReferralFactory(client=client, offer=offer, status=rng.choice(list(Referral.Status)))
    # One client in two offers of the same organisation: one person, two places.
    first, second = [o for o in made if o.association.organisation_id == world.a.pk][:2]
    twice = client_of(world.a, municipality=places[0])
    ReferralFactory(client=twice, offer=first, status=Referral.Status.ACCEPTED)
    ReferralFactory(client=twice, offer=second, status=Referral.Status.IN_PROGRESS)
    for _ in range(people):
        kind = rng.choice(list(Interpreter.Kind))
        on_site, phone = rng.random() > 0.3, rng.random() > 0.5
        interpreter = InterpreterFactory(
            organisation=rng.choice(organisations),
            home_municipality=rng.choice(places),
            kind=kind,
            level=0 if kind == Interpreter.Kind.KEY_PERSON else rng.randint(1, 3),
            certification_expires=rng.choice(
                [None, TODAY, PERIOD.end, TODAY + dt.timedelta(days=400)]
            ),
            works_on_site=on_site,
            works_by_phone=phone,
            works_by_video=not (on_site or phone) or rng.random() > 0.5,
            weekly_minutes_limit=rng.choice([None, 240, 1200]),
            travel_limit_minutes=rng.choice([None, 30, 45, 200]),
            is_active=rng.random() > 0.1,
        )
        for code in rng.sample(sorted(spoken), rng.randint(1, 3)):
            InterpreterLanguageFactory(interpreter=interpreter, language=spoken[code])
        for weekday in rng.sample(range(7), rng.randint(0, 3)):
            WeeklyAvailabilityFactory(
                interpreter=interpreter,
                weekday=weekday,
                start_time=dt.time(8),
                end_time=dt.time(12),
            )
            if rng.random() > 0.5:  # overlapping windows count once
                WeeklyAvailabilityFactory(
                    interpreter=interpreter,
                    weekday=weekday,
                    start_time=dt.time(10),
                    end_time=dt.time(14),
                )
    for _ in range(20):
        organisation = rng.choice(organisations)
        client = client_of(
            organisation,
            municipality=rng.choice(places),
            preferred_language=spoken[rng.choice(CODES)],
        )
        AppointmentFactory(client=client, language=spoken[rng.choice([*CODES, "apc"])])


# -- the reference computations, in plain Python ------------------------------------------------


def counted_offers(world: PlanningWorld, organisations: set[int]) -> list[Offer]:
    inside = {m.pk for m in world.municipalities}
    return [
        offer
        for offer in Offer.objects.select_related(
            "association", "field_of_action"
        ).prefetch_related("languages")
        if offer.is_active
        and offer.association.organisation_id in organisations
        and offer.municipality_id in inside
    ]


def taking(offer: Offer) -> set[int]:
    return {r.client_id for r in Referral.objects.filter(offer=offer) if r.status in TAKING_A_PLACE}


def offer_cells(offers: list[Offer]) -> dict[str, Any]:
    return {
        "offers": len(offers),
        "places": sum(o.capacity for o in offers),
        "taken": len(set().union(*(taking(o) for o in offers))),
        "free": sum(max(0, o.capacity - len(taking(o))) for o in offers),
    }


def languages_label(offers: list[Offer]) -> str:
    frequency = Counter(language.code for offer in offers for language in offer.languages.all())
    ranked = sorted(
        frequency, key=lambda code: (-frequency[code], language_name(code, "en").casefold())
    )
    named = ", ".join(language_name(code, "en") for code in ranked[:5])
    return named if len(ranked) <= 5 else f"{named} and {len(ranked) - 5} more"


def field_keys(organisations: set[int]) -> list[str]:
    # Every organisation here has the same three fields.
    return [key for key, _name, _position in FIELDS] if organisations else []


def counted_pool(world: PlanningWorld, organisations: set[int]) -> list[Interpreter]:
    inside = {m.pk for m in world.municipalities}
    return [
        person
        for person in Interpreter.objects.select_related("home_municipality")
        if person.is_active
        and person.organisation_id in organisations
        and person.home_municipality_id in inside
    ]


def spoken_by(person: Interpreter) -> set[str]:
    recorded = {row.language for row in person.languages.select_related("language__parent")}
    return {language.code for language in recorded} | {
        language.parent.code for language in recorded if language.parent
    }


def hours_a_week(person: Interpreter) -> float:
    minutes = 0
    for weekday in range(7):
        busy: set[int] = set()
        for window in person.weekly_availability.filter(weekday=weekday):
            start = window.start_time.hour * 60 + window.start_time.minute
            end = window.end_time.hour * 60 + window.end_time.minute
            busy |= set(range(start, end))
        minutes += len(busy)
    if person.weekly_minutes_limit is not None:
        minutes = min(minutes, person.weekly_minutes_limit)
    return minutes


def demand(world: PlanningWorld, organisations: set[int]) -> Counter[str]:
    from lisko.clients.models import Client

    start, end = PERIOD.bounds()
    inside = {m.pk for m in world.municipalities}
    wanted: Counter[str] = Counter()
    for client in Client.objects.select_related("preferred_language"):
        open_then = client.created_at < end and (
            (client.closed_at is None and client.is_active)
            or (client.closed_at is not None and client.closed_at >= start)
        )
        if (
            client.organisation_id in organisations
            and client.municipality_id in inside
            and open_then
        ):
            wanted[client.preferred_language.code] += 1
    for appointment in Appointment.objects.select_related("client", "language"):
        if (
            appointment.organisation_id in organisations
            and appointment.client.municipality_id in inside
            and start <= appointment.start < end
            and appointment.status != Appointment.Status.DRAFT
        ):
            wanted[appointment.language.code] += 1
    return wanted


def reference(
    key: str, world: PlanningWorld, organisations: set[int]
) -> dict[tuple[str, str], Any]:
    expected: dict[tuple[str, str], Any] = {}
    if key == "offers":
        offers = counted_offers(world, organisations)
        for field in field_keys(organisations):
            here = [o for o in offers if o.field_of_action.key == field]
            for column, value in offer_cells(here).items():
                expected[field, column] = value
            expected[field, "languages"] = languages_label(here)
    elif key == "offers-by-municipality":
        offers = counted_offers(world, organisations)
        for municipality in world.municipalities:
            here = [o for o in offers if o.municipality_id == municipality.pk]
            for column, value in offer_cells(here).items():
                expected[str(municipality.pk), column] = value
            expected[str(municipality.pk), "fields"] = len({o.field_of_action.key for o in here})
    elif key == "pool":
        pool = counted_pool(world, organisations)
        for code in set().union(*(spoken_by(p) for p in pool)):
            speakers = [p for p in pool if code in spoken_by(p)]
            row = {
                "people": len(speakers),
                "interpreters": sum(p.kind == "interpreter" for p in speakers),
                "key_persons": sum(p.kind == "key_person" for p in speakers),
                "weekly_hours": round(sum(hours_a_week(p) for p in speakers) / 60, 1),
                "on_site": sum(p.works_on_site for p in speakers),
                "phone": sum(p.works_by_phone for p in speakers),
                "video": sum(p.works_by_video for p in speakers),
                "level_1": sum(p.level == 1 for p in speakers),
                "level_2": sum(p.level == 2 for p in speakers),
                "level_3": sum(p.level == 3 for p in speakers),
                "certified_valid": sum(
                    p.level >= 1
                    and (p.certification_expires is None or p.certification_expires >= PERIOD.end)
                    for p in speakers
                ),
            }
            for column, value in row.items():
                expected[code, column] = value
    else:
        wanted = demand(world, organisations)
        codes = sorted(
            wanted, key=lambda code: (-wanted[code], language_name(code, "en").casefold())
        )[:12]
        pool = counted_pool(world, organisations)
        for municipality in world.municipalities:
            centre = Location(municipality.latitude, municipality.longitude)
            for code in codes:
                speakers = [p for p in pool if code in spoken_by(p)]
                if any(
                    p.works_on_site
                    and (
                        p.travel_limit_minutes is None
                        or travel_minutes(Location(*p.home), centre, Travel())
                        <= p.travel_limit_minutes
                    )
                    for p in speakers
                ):
                    label = "on site"
                elif any(p.works_by_phone or p.works_by_video for p in speakers):
                    label = "remote only"
                else:
                    label = "none"
                expected[str(municipality.pk), code] = label
    return expected


def cells(table: Table) -> dict[tuple[str, str], Any]:
    """Every shown value by (row key, column key); hidden cells as None."""
    return {
        (row.key, column.key): (cell.value if cell.shown else None)
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    }


def build(key: str, scope: PlanningScope, filters: Filters | None = None) -> Table:
    return figure(key).build(scope, filters or Filters())


FIGURES = ["offers", "offers-by-municipality", "pool", "reach"]


@pytest.fixture
def world(settings: Any) -> PlanningWorld:
    # Nothing hidden: the comparison with the reference sees every cell.
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    populate(world)
    return world


@pytest.mark.parametrize("key", FIGURES)
def test_each_figure_equals_a_plain_computation_for_the_shared_organisations(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    assert cells(table) == reference(key, world, world.shared)
    assert table.note


@pytest.mark.parametrize("key", FIGURES)
def test_an_organisation_without_an_agreement_is_not_counted(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    assert cells(table) != reference(key, world, {world.a.pk, world.b.pk, world.c.pk})


@pytest.mark.parametrize("key", FIGURES)
def test_a_withdrawn_agreement_stops_counting(world: PlanningWorld, key: str) -> None:
    withdraw(world.agreement_b)
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    assert cells(table) == reference(key, world, {world.a.pk})


@pytest.mark.parametrize("key", FIGURES)
def test_a_coordinator_sees_their_own_organisation_only(world: PlanningWorld, key: str) -> None:
    coordinator = make_coordinator(world.c)
    table = build(key, scope_for(coordinator, world.region.pk, PERIOD))
    assert cells(table) == reference(key, world, {world.c.pk})


def test_the_municipality_filter_narrows_the_offers(world: PlanningWorld) -> None:
    chosen = world.municipalities[0]
    table = build(
        "offers",
        scope_for(world.planner, world.region.pk, PERIOD),
        Filters(municipality_id=chosen.pk),
    )
    offers = [o for o in counted_offers(world, world.shared) if o.municipality_id == chosen.pk]
    for field in field_keys(world.shared):
        here = [o for o in offers if o.field_of_action.key == field]
        assert {
            c: cells(table)[field, c] for c in ("offers", "places", "taken", "free")
        } == offer_cells(here)


def test_the_field_filter_narrows_the_offers_by_municipality(world: PlanningWorld) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    table = build("offers-by-municipality", scope, Filters(field_of_action="work"))
    offers = [o for o in counted_offers(world, world.shared) if o.field_of_action.key == "work"]
    for municipality in world.municipalities:
        here = [o for o in offers if o.municipality_id == municipality.pk]
        assert cells(table)[str(municipality.pk), "offers"] == len(here)
        assert cells(table)[str(municipality.pk), "fields"] == (1 if here else 0)


def test_reach_tells_on_site_from_remote_and_none(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    spoken = languages()
    north, middle, far = world.municipalities
    # A speaker of Levantine Arabic in Nordstadt, 60 minutes at most, also by phone.
    person = InterpreterFactory(
        organisation=world.a, home_municipality=north, travel_limit_minutes=60, works_by_phone=True
    )
    InterpreterLanguageFactory(interpreter=person, language=spoken["apc"])
    for code in ("ara", "tir"):
        client_of(world.a, municipality=north, preferred_language=spoken[code])
    table = build("reach", scope_for(world.planner, world.region.pk, PERIOD))
    found = cells(table)
    assert found[str(north.pk), "ara"] == "on site"
    assert found[str(middle.pk), "ara"] == "on site"
    assert found[str(far.pk), "ara"] == "remote only"
    assert found[str(north.pk), "tir"] == "none"
    assert table.totals is None


def test_reach_for_one_language_has_that_column_only(world: PlanningWorld) -> None:
    table = build(
        "reach", scope_for(world.planner, world.region.pk, PERIOD), Filters(language="som")
    )
    assert [column.key for column in table.columns] == ["som"]


def test_a_count_of_three_is_hidden() -> None:
    world = make_planning_world()
    field = FieldOfActionFactory(organisation=world.a, key="work", name="Work", position=2)
    offer = OfferFactory(
        association=AssociationFactory(organisation=world.a, municipality=world.municipalities[0]),
        field_of_action=field,
        municipality=world.municipalities[0],
        capacity=10,
    )
    for _ in range(3):
        ReferralFactory(
            client=client_of(world.a, municipality=world.municipalities[0]),
            offer=offer,
            status=Referral.Status.ACCEPTED,
        )
    for key, row_key in (
        ("offers", "work"),
        ("offers-by-municipality", str(world.municipalities[0].pk)),
    ):
        table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
        row = next(row for row in table.rows if row.key == row_key)
        by_column = dict(zip([c.key for c in table.columns], row.cells, strict=True))
        assert by_column["taken"].suppressed
        assert by_column["free"].suppressed  # shown only where its count is
        assert by_column["places"].value == 10  # places are not about persons


def test_three_speakers_of_a_language_are_hidden() -> None:
    world = make_planning_world()
    tigrinya = LanguageFactory(code="tir")
    for _ in range(3):
        person = InterpreterFactory(organisation=world.b, home_municipality=world.municipalities[1])
        InterpreterLanguageFactory(interpreter=person, language=tigrinya)
    table = build("pool", scope_for(world.planner, world.region.pk, PERIOD))
    (row,) = table.rows
    by_column = dict(zip([c.key for c in table.columns], row.cells, strict=True))
    assert by_column["people"].suppressed
    assert by_column["weekly_hours"].suppressed


@pytest.mark.parametrize(
    ("key", "queries"), [("offers", 4), ("offers-by-municipality", 4), ("pool", 5), ("reach", 8)]
)
def test_the_number_of_queries_does_not_grow_with_the_data(
    world: PlanningWorld, key: str, queries: int, django_assert_max_num_queries: Any
) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    populate(world, seed=8, offers=12, people=10)
    with django_assert_max_num_queries(queries):
        build(key, scope)


@pytest.mark.parametrize("key", ["offers", "offers-by-municipality"])
def test_the_totals_row_counts_every_offer_and_place_once(world: PlanningWorld, key: str) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    assert table.totals is not None
    totals = dict(zip([c.key for c in table.columns], table.totals.cells, strict=True))
    offers = counted_offers(world, world.shared)
    assert totals["offers"].value == len(offers)
    assert totals["places"].value == sum(o.capacity for o in offers)
    if key == "offers":
        assert totals["languages"].value == languages_label(offers)
    else:
        assert totals["fields"].value == len({o.field_of_action.key for o in offers})
