"""The referral figures equal a plain computation over the referrals and their history, for
the organisations a scope counts: a planner's (A and B share, C does not), a coordinator's
(their own only)."""

import datetime as dt
import random
import statistics
from typing import Any

import pytest
from django.utils import timezone

from lisko.clients.models import Client
from lisko.planning.figures import Filters, figure
from lisko.planning.scope import Period, PlanningScope, scope_for
from lisko.planning.tables import Table
from lisko.referrals.models import DeclineCode, Referral, ReferralEvent
from tests.factories.core import ClientFactory, make_coordinator
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    OfferFactory,
    ReferralFactory,
)
from tests.factories.planning import PlanningWorld, make_planning_world, withdraw

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=365), end=TODAY - dt.timedelta(days=5))
FIELDS = [
    ("language-education", "Language and education", 1),
    ("work", "Work", 2),
    ("health", "Health", 3),
]
COUNTS = ["sent", "accepted", "declined", "declined_no_places", "waiting", "completed", "dropped"]
# How a referral got where it is: its statuses after "sent", in order.
PATHS: list[tuple[str, ...]] = [
    (),
    ("accepted",),
    ("declined",),
    ("dropped",),
    ("accepted", "dropped"),
    ("accepted", "in_progress"),
    ("accepted", "in_progress", "completed"),
    ("accepted", "in_progress", "dropped"),
]


def make_referral(
    client: Client, offer: Any, path: tuple[str, ...], *, days_ago: float, code: str = ""
) -> Referral:
    """A referral created `days_ago` days ago that went along `path`, a few days a step."""
    status = path[-1] if path else "sent"
    referral = ReferralFactory(
        client=client,
        offer=offer,
        status=status,
        decline_code=code if status == "declined" else "",
    )
    created = NOW - dt.timedelta(days=days_ago)
    Referral.objects.filter(pk=referral.pk).update(created_at=created)
    at, previous = created, "sent"
    for position, step in enumerate(path):
        at += dt.timedelta(days=1.5 * (position + 1) + referral.pk % 3)
        event = ReferralEvent.objects.create(
            referral=referral, from_status=previous, to_status=step, by=referral.created_by
        )
        ReferralEvent.objects.filter(pk=event.pk).update(at=at)
        if step in ("accepted", "in_progress"):  # a progress report changes no status
            ReferralEvent.objects.create(
                referral=referral, from_status=step, to_status=step, by=referral.created_by
            )
        previous = step
    referral.refresh_from_db()
    return referral


def populate(world: PlanningWorld, *, referrals: int = 90, seed: int = 5) -> None:
    """Referrals of clients of A, B and C in and around the district, some before the period."""
    rng = random.Random(seed)
    places = [*world.municipalities, world.outside]
    offers = []
    for organisation in (world.a, world.b, world.c):
        association = AssociationFactory(organisation=organisation)
        for key, name, position in FIELDS:
            field = FieldOfActionFactory(
                organisation=organisation, key=key, name=name, position=position
            )
            offers.extend(
                OfferFactory(association=association, field_of_action=field) for _ in range(2)
            )
    clients: list[Client] = []
    for _ in range(referrals):
        offer = rng.choice(offers)
        organisation = offer.association.organisation
        # Some clients are referred twice (to different offers): one person, two referrals.
        known = [c for c in clients if c.organisation_id == organisation.pk and rng.random() < 0.2]
        client = (
            known[0]
            if known
            else ClientFactory(organisation=organisation, municipality=rng.choice(places))
        )
        clients.append(client)
        if Referral.objects.filter(client=client, offer=offer).exists():
            continue
        make_referral(
            client,
            offer,
            rng.choice(PATHS),
            days_ago=rng.choice([1, 30.5, 100, 200, 300, 400]),
            code=rng.choice(["", *DeclineCode.values, DeclineCode.NO_PLACES]),
        )


# -- the reference computation, in plain Python -------------------------------------------------


def counted(world: PlanningWorld, organisations: set[int]) -> list[Referral]:
    start, end = PERIOD.bounds()
    inside = {m.pk for m in world.municipalities}
    return [
        referral
        for referral in Referral.objects.select_related("client", "offer__field_of_action")
        if referral.client.organisation_id in organisations
        and referral.client.municipality_id in inside
        and start <= referral.created_at < end
    ]


def reference(referrals: list[Referral], row_of: Any, rows: list[str]) -> dict[Any, Any]:
    """Every cell by (row key, column key): counts, then the median and the rate."""
    events = list(ReferralEvent.objects.order_by("at", "pk"))
    expected: dict[Any, Any] = {}
    for row in rows:
        here = [r for r in referrals if row_of(r) == row]

        def ever_accepted(referral: Referral) -> bool:
            return referral.status in ("accepted", "in_progress", "completed") or any(
                e.referral_id == referral.pk and e.to_status == "accepted" for e in events
            )

        chosen = {
            "sent": here,
            "accepted": [r for r in here if ever_accepted(r)],
            "declined": [r for r in here if r.status == "declined"],
            "declined_no_places": [
                r for r in here if r.status == "declined" and r.decline_code == "no_places"
            ],
            "waiting": [r for r in here if r.status == "sent"],
            "completed": [r for r in here if r.status == "completed"],
            "dropped": [r for r in here if r.status == "dropped"],
        }
        for column, these in chosen.items():
            expected[row, column] = len(these)
            expected[row, column, "clients"] = len({r.client_id for r in these})
        waited = []
        for referral in here:
            left = [
                e
                for e in events
                if e.referral_id == referral.pk
                and e.from_status == "sent"
                and e.to_status != "sent"
            ]
            if left:
                waited.append((left[0].at - referral.created_at).total_seconds() / 86400)
        expected[row, "median_days_to_answer"] = (
            round(statistics.median(waited), 1) if waited else None
        )
        ended = len(chosen["completed"]) + len(chosen["dropped"])
        expected[row, "completion_rate"] = (
            round(len(chosen["completed"]) / ended, 4) if ended else None
        )
    return expected


def cells(table: Table) -> dict[Any, Any]:
    return {
        (row.key, column.key): (cell.value if cell.shown else None)
        for row in table.rows
        for column, cell in zip(table.columns, row.cells, strict=True)
    }


def by_field(referral: Referral) -> str:
    return referral.offer.field_of_action.key


def by_municipality(referral: Referral) -> str:
    return str(referral.client.municipality_id)


def expected_cells(world: PlanningWorld, key: str, referrals: list[Referral]) -> dict[Any, Any]:
    if key == "referrals":
        rows = [field for field, _name, _position in FIELDS]
        expected = reference(referrals, by_field, rows)
    else:
        rows = [str(m.pk) for m in world.municipalities]
        expected = reference(referrals, by_municipality, rows)
    return {cell: value for cell, value in expected.items() if len(cell) == 2}


def build(key: str, scope: PlanningScope, filters: Filters | None = None) -> Table:
    return figure(key).build(scope, filters or Filters())


FIGURES = ["referrals", "referrals-by-municipality"]


@pytest.fixture
def world(settings: Any) -> PlanningWorld:
    # Nothing hidden: the comparison with the reference sees every cell.
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    populate(world)
    return world


@pytest.mark.parametrize("key", FIGURES)
def test_each_figure_equals_a_plain_count_of_the_shared_organisations(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))

    assert cells(table) == expected_cells(world, key, counted(world, world.shared))
    assert table.note


@pytest.mark.parametrize("key", FIGURES)
def test_an_organisation_without_an_agreement_is_not_counted(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))

    everyone = counted(world, {world.a.pk, world.b.pk, world.c.pk})
    assert any(r.client.organisation_id == world.c.pk for r in everyone)
    assert cells(table) != expected_cells(world, key, everyone)


@pytest.mark.parametrize("key", FIGURES)
def test_a_withdrawn_agreement_stops_counting(world: PlanningWorld, key: str) -> None:
    withdraw(world.agreement_b)

    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))

    assert cells(table) == expected_cells(world, key, counted(world, {world.a.pk}))


@pytest.mark.parametrize("key", FIGURES)
def test_a_coordinator_sees_their_own_organisation_only(world: PlanningWorld, key: str) -> None:
    coordinator = make_coordinator(world.c)

    table = build(key, scope_for(coordinator, world.region.pk, PERIOD))

    assert cells(table) == expected_cells(world, key, counted(world, {world.c.pk}))


def test_the_totals_count_each_client_once_and_the_median_over_all(
    world: PlanningWorld,
) -> None:
    table = build("referrals", scope_for(world.planner, world.region.pk, PERIOD))

    referrals = counted(world, world.shared)
    everything = reference(referrals, lambda referral: "all", ["all"])
    assert table.totals is not None
    totals = {
        column.key: cell.value
        for column, cell in zip(table.columns, table.totals.cells, strict=True)
    }
    for column in COUNTS:
        assert totals[column] == everything["all", column]
    assert totals["median_days_to_answer"] == everything["all", "median_days_to_answer"]
    assert totals["completion_rate"] == everything["all", "completion_rate"]


def test_a_municipality_filter_narrows_the_fields_of_action(world: PlanningWorld) -> None:
    chosen = world.municipalities[1]
    scope = scope_for(world.planner, world.region.pk, PERIOD)

    table = build("referrals", scope, Filters(municipality_id=chosen.pk))

    here = [r for r in counted(world, world.shared) if r.client.municipality_id == chosen.pk]
    assert cells(table) == expected_cells(world, "referrals", here)


def test_a_field_of_action_filter_narrows_the_municipalities(world: PlanningWorld) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)

    table = build("referrals-by-municipality", scope, Filters(field_of_action="work"))

    work = [r for r in counted(world, world.shared) if by_field(r) == "work"]
    assert cells(table) == expected_cells(world, "referrals-by-municipality", work)


def _referrals_of_one_client(world: PlanningWorld, number: int, path: tuple[str, ...]) -> None:
    association = AssociationFactory(organisation=world.a)
    field = FieldOfActionFactory(organisation=world.a, key="work", name="Work", position=2)
    client = ClientFactory(organisation=world.a, municipality=world.municipalities[0])
    for _ in range(number):
        offer = OfferFactory(association=association, field_of_action=field)
        make_referral(client, offer, path, days_ago=30, code=DeclineCode.NO_PLACES)


def test_many_referrals_of_one_client_are_hidden(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 5
    world = make_planning_world()
    _referrals_of_one_client(world, 6, ("declined",))
    others = OfferFactory(
        association=AssociationFactory(organisation=world.a),
        field_of_action=FieldOfActionFactory(organisation=world.a, key="work"),
    )
    for _ in range(8):
        client = ClientFactory(organisation=world.a, municipality=world.municipalities[0])
        make_referral(client, others, ("accepted",), days_ago=30)

    table = build("referrals", scope_for(world.planner, world.region.pk, PERIOD))

    row = next(row for row in table.rows if row.key == "work")
    keys = [column.key for column in table.columns]
    assert row.cells[keys.index("sent")].value == 14
    # Six declines of one client: a count of six, but one person.
    assert row.cells[keys.index("declined_no_places")].suppressed


def test_the_completion_rate_is_hidden_with_either_of_its_counts(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 5
    world = make_planning_world()
    association = AssociationFactory(organisation=world.a)
    field = FieldOfActionFactory(organisation=world.a, key="work", name="Work", position=1)
    offer = OfferFactory(association=association, field_of_action=field, capacity=50)
    for position in range(12):
        client = ClientFactory(organisation=world.a, municipality=world.municipalities[0])
        path = ("accepted", "in_progress", "completed" if position < 10 else "dropped")
        make_referral(client, offer, path, days_ago=30)

    table = build("referrals", scope_for(world.planner, world.region.pk, PERIOD))

    row = next(row for row in table.rows if row.key == "work")
    keys = [column.key for column in table.columns]
    assert row.cells[keys.index("completed")].value == 10
    assert row.cells[keys.index("dropped")].suppressed
    # 10 completed of a rate of 10/12 would tell that 2 dropped.
    assert row.cells[keys.index("completion_rate")].suppressed


@pytest.mark.parametrize("key", FIGURES)
def test_the_number_of_queries_does_not_grow_with_the_data(
    world: PlanningWorld, key: str, django_assert_max_num_queries: Any
) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    with django_assert_max_num_queries(3) as few:
        build(key, scope)
    populate(world, referrals=40, seed=99)

    with django_assert_max_num_queries(len(few.captured_queries)):
        build(key, scope)
