"""The residents figures equal a plain count over the clients, for the organisations a scope
counts: a planner's (A and B share, C does not), a coordinator's (their own only)."""

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from lisko.clients.models import Client, ResidenceStatus
from lisko.planning.figures import Filters, figure
from lisko.planning.scope import Period, PlanningScope, scope_for
from lisko.planning.tables import Table
from tests.factories.core import LanguageFactory, make_coordinator
from tests.factories.planning import PlanningWorld, client_of, make_planning_world, withdraw

pytestmark = pytest.mark.django_db

LANGUAGES = ["ara", "fas", "prs", "tir", "som", "ukr", "rus", "tur", "kmr", "pus", "urd"]
TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=365), end=TODAY - dt.timedelta(days=10))


def make_client(world_org: Any, municipality: Any, code: str, **fields: Any) -> Client:
    """A client created `created_days_ago` days ago (default 100), closed `closed_days_ago`
    days ago (default: open)."""
    created = timezone.now() - dt.timedelta(days=fields.pop("created_days_ago", 100))
    closed_days = fields.pop("closed_days_ago", None)
    client = client_of(
        world_org,
        municipality=municipality,
        preferred_language=LanguageFactory(code=code),
        **fields,
    )
    closed = None if closed_days is None else timezone.now() - dt.timedelta(days=closed_days)
    Client.objects.filter(pk=client.pk).update(
        created_at=created, closed_at=closed, is_active=closed is None and client.is_active
    )
    return client


def populate(world: PlanningWorld, *, clients: int = 70, seed: int = 12) -> None:
    """Clients of A, B and C in and around the district, some outside the period."""
    rng = random.Random(seed)
    places = [*world.municipalities, world.outside]
    statuses = [*ResidenceStatus.values, ""]
    for _ in range(clients):
        make_client(
            rng.choice([world.a, world.b, world.c]),
            rng.choice(places),
            rng.choice(LANGUAGES),
            created_days_ago=rng.choice([5, 100, 200, 500]),
            closed_days_ago=rng.choice([None, None, None, 50, 400]),
            arrival_date=rng.choice(
                [None, dt.date(2015, 6, 1), dt.date(2019, 2, 1), dt.date(2023, 9, 9)]
            ),
            residence_status=rng.choice(statuses),
        )
    # Closed before Lisko kept the date: in no period.
    make_client(world.a, world.municipalities[0], "ara", closed_days_ago=None, is_active=False)


def counted_clients(world: PlanningWorld, organisations: set[int]) -> list[Client]:
    """The reference rule, in plain Python: the clients the scope counts in PERIOD."""
    start, end = PERIOD.bounds()
    inside = {m.pk for m in world.municipalities}
    return [
        client
        for client in Client.objects.select_related("preferred_language")
        if client.organisation_id in organisations
        and client.municipality_id in inside
        and client.created_at < end
        and (
            (client.closed_at is None and client.is_active)
            or (client.closed_at is not None and client.closed_at >= start)
        )
    ]


def reference(key: str, clients: list[Client], world: PlanningWorld) -> dict[tuple[str, str], int]:
    if key == "clients-by-municipality":
        frequency = Counter(c.preferred_language.code for c in clients)
        expected: dict[tuple[str, str], int] = {}
        for municipality in world.municipalities:
            here = [c for c in clients if c.municipality_id == municipality.pk]
            for code in frequency:
                expected[str(municipality.pk), code] = sum(
                    c.preferred_language.code == code for c in here
                )
            expected[str(municipality.pk), "total"] = len(here)
        return expected
    if key == "clients-by-arrival-year":
        years = [c.arrival_date.year for c in clients if c.arrival_date]
        expected = {
            (str(year), "total"): sum(
                1 for c in clients if c.arrival_date and c.arrival_date.year == year
            )
            for year in (range(min(years), max(years) + 1) if years else [])
        }
        expected["unknown", "total"] = sum(1 for c in clients if c.arrival_date is None)
        return expected
    expected = {
        (status, "total"): sum(c.residence_status == status for c in clients)
        for status in ResidenceStatus.values
    }
    expected["not-stated", "total"] = sum(c.residence_status == "" for c in clients)
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


FIGURES = ["clients-by-municipality", "clients-by-arrival-year", "clients-by-residence-status"]


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
    assert cells(table) == reference(key, counted_clients(world, world.shared), world)
    assert table.note


@pytest.mark.parametrize("key", FIGURES)
def test_an_organisation_without_an_agreement_is_not_counted(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    everyone = reference(key, counted_clients(world, {world.a.pk, world.b.pk, world.c.pk}), world)
    assert cells(table) != everyone


@pytest.mark.parametrize("key", FIGURES)
def test_a_withdrawn_agreement_stops_counting(world: PlanningWorld, key: str) -> None:
    withdraw(world.agreement_b)
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    assert cells(table) == reference(key, counted_clients(world, {world.a.pk}), world)


@pytest.mark.parametrize("key", FIGURES)
def test_a_coordinator_sees_their_own_organisation_only(world: PlanningWorld, key: str) -> None:
    coordinator = make_coordinator(world.c)
    table = build(key, scope_for(coordinator, world.region.pk, PERIOD))
    assert cells(table) == reference(key, counted_clients(world, {world.c.pk}), world)


def test_more_than_twelve_languages_put_the_rest_together(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    codes = [*LANGUAGES, "eng", "fra", "spa"]
    for position, code in enumerate(codes):
        for _ in range(len(codes) - position):
            make_client(world.a, world.municipalities[0], code)
    table = build("clients-by-municipality", scope_for(world.planner, world.region.pk, PERIOD))
    keys = [column.key for column in table.columns]
    assert keys == [*codes[:12], "other", "total"]
    here = str(world.municipalities[0].pk)
    assert cells(table)[here, "other"] == 2 + 1  # the 13th and 14th languages


def test_a_language_filter_leaves_that_language_and_the_total(world: PlanningWorld) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    table = build("clients-by-municipality", scope, Filters(language="tir"))
    assert [column.key for column in table.columns] == ["tir", "total"]
    tigrinya = [
        c for c in counted_clients(world, world.shared) if c.preferred_language.code == "tir"
    ]
    for municipality in world.municipalities:
        here = sum(c.municipality_id == municipality.pk for c in tigrinya)
        assert cells(table)[str(municipality.pk), "tir"] == here
        assert cells(table)[str(municipality.pk), "total"] == here


@pytest.mark.parametrize("key", ["clients-by-arrival-year", "clients-by-residence-status"])
def test_municipality_and_language_filters_narrow_the_count(world: PlanningWorld, key: str) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    chosen = world.municipalities[1]
    table = build(key, scope, Filters(municipality_id=chosen.pk, language="ara"))
    clients = [
        c
        for c in counted_clients(world, world.shared)
        if c.municipality_id == chosen.pk and c.preferred_language.code == "ara"
    ]
    assert cells(table) == reference(key, clients, world)


def test_a_count_of_three_is_hidden() -> None:
    world = make_planning_world()
    for _ in range(3):
        make_client(world.a, world.municipalities[0], "tir")
    for _ in range(8):
        make_client(world.a, world.municipalities[1], "tir")
    table = build("clients-by-municipality", scope_for(world.planner, world.region.pk, PERIOD))
    row = next(row for row in table.rows if row.key == str(world.municipalities[0].pk))
    tigrinya = row.cells[[column.key for column in table.columns].index("tir")]
    assert tigrinya.suppressed
    assert tigrinya.value is None
    assert table.suppressed_count >= 2  # the total of the row goes with it


@pytest.mark.parametrize("key", FIGURES)
def test_the_number_of_queries_does_not_grow_with_the_data(
    world: PlanningWorld, key: str, django_assert_max_num_queries: Any
) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    populate(world, clients=40, seed=99)
    with django_assert_max_num_queries(3):
        build(key, scope)
