"""The interpreting figures equal a plain computation over the appointments, for the
organisations a scope counts: a planner's (A and B share, C does not), a coordinator's (their
own only). Appointments count where their client lives, by their start in the period."""

import datetime as dt
import random
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.clients.models import Client
from lisko.matchingruns.reasons import SUMMARIES
from lisko.planning.figures import Filters, figure
from lisko.planning.interpreting import HEAT_LANGUAGES, iso_weeks, week_key
from lisko.planning.scope import Period, PlanningScope, scope_for
from lisko.planning.tables import Table
from tests.factories.core import ClientFactory, LanguageFactory, make_coordinator
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory
from tests.factories.planning import PlanningWorld, make_planning_world, withdraw

pytestmark = pytest.mark.django_db

LANGUAGES = ["ara", "fas", "tir", "ukr", "som"]
STATUSES = [status.value for status in Appointment.Status]
REASONS = ["no_speaker", "travel_limit", "fully_booked", "not_available", "", "retired_code"]
TODAY = timezone.localdate()
# Thirteen whole weeks and a bit, ending ten days ago: the period begins and ends mid-week.
PERIOD = Period(start=TODAY - dt.timedelta(days=100), end=TODAY - dt.timedelta(days=10))
FIGURES = [
    "interpreting",
    "interpreting-by-municipality",
    "interpreting-weekly",
    "unfilled-reasons",
    "interpreting-heat",
]


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_client(organisation: Any, municipality: Any, code: str = "ara") -> Client:
    return ClientFactory(
        organisation=organisation,
        municipality=municipality,
        preferred_language=LanguageFactory(code=code),
    )


def make_request(
    client: Client,
    *,
    code: str,
    start: dt.datetime,
    minutes: int = 60,
    status: str = Appointment.Status.UNFILLED,
    modality: str = "on_site",
    reason: str = "",
    hours_to_fill: float | None = None,
) -> Appointment:
    """An appointment of the client's organisation; a served one with `hours_to_fill` gets
    the accepted assignment, answered that many hours after the request."""
    appointment = AppointmentFactory(
        client=client,
        language=LanguageFactory(code=code),
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        status=status,
        modality=modality,
        municipality=client.municipality if modality == "on_site" else None,
        remote_link="https://call.example.org/x" if modality == "video" else "",
        unfilled_reason=reason if status == Appointment.Status.UNFILLED else "",
    )
    created = start - dt.timedelta(days=3)
    Appointment.objects.filter(pk=appointment.pk).update(created_at=created)
    if hours_to_fill is not None:
        AssignmentFactory(
            appointment=appointment,
            state=Assignment.State.DONE if status == "done" else Assignment.State.ACCEPTED,
            expires_at=None,
            responded_at=created + dt.timedelta(hours=hours_to_fill),
        )
    return appointment


def populate(
    world: PlanningWorld, *, clients: int = 30, requests: int = 140, seed: int = 7
) -> None:
    """Clients of A, B and C in and around the district, each with requests of every status,
    some before or after the period."""
    rng = random.Random(seed)
    places = [*world.municipalities, world.outside]
    people = [
        make_client(rng.choice([world.a, world.b, world.c]), rng.choice(places))
        for _ in range(clients)
    ]
    first = PERIOD.start - dt.timedelta(days=10)
    for _ in range(requests):
        status = rng.choice(STATUSES)
        served = status in ("confirmed", "done")
        make_request(
            rng.choice(people),
            code=rng.choice(LANGUAGES),
            start=at(
                first + dt.timedelta(days=rng.randrange(PERIOD.days + 20)), rng.choice([0, 9, 23])
            ),
            minutes=rng.choice([30, 45, 60, 90]),
            status=status,
            modality=rng.choice(["on_site", "on_site", "phone", "video"]),
            reason=rng.choice(REASONS),
            hours_to_fill=rng.choice([None, 2.5, 10, 30]) if served else None,
        )


# -- the reference: plain Python over every appointment ---------------------------------------


@dataclass
class Seen:
    key: str
    client: int
    status: str
    modality: str
    hours: float
    reason: str
    language: str
    municipality: str
    week: str
    to_fill: float | None


def counted(world: PlanningWorld, organisations: set[int]) -> list[Seen]:
    start, end = PERIOD.bounds()
    inside = {m.pk for m in world.municipalities}
    accepted = {
        a.appointment_id: a.responded_at
        for a in Assignment.objects.filter(state__in=["accepted", "done"])
    }
    seen = []
    for a in Appointment.objects.select_related("client", "language"):
        if a.organisation_id not in organisations or a.client.municipality_id not in inside:
            continue
        if not (start <= a.start < end) or a.status in ("draft", "cancelled"):
            continue
        local = timezone.localtime(a.start).date()
        responded = accepted.get(a.pk)
        seen.append(
            Seen(
                key=str(a.pk),
                client=a.client_id,
                status=a.status,
                modality=a.modality,
                hours=(a.end - a.start).total_seconds() / 3600,
                reason=a.unfilled_reason,
                language=a.language.code,
                municipality=str(a.client.municipality_id),
                week=week_key(local - dt.timedelta(days=local.weekday())),
                to_fill=(responded - a.created_at).total_seconds() / 3600
                if responded and a.status in ("confirmed", "done")
                else None,
            )
        )
    return seen


GROUPS = {
    "requested": lambda s: True,
    "served": lambda s: s.status in ("confirmed", "done"),
    "unfilled": lambda s: s.status == "unfilled",
    "open": lambda s: s.status in ("requested", "matching", "offered"),
}


def row_cells(key: str, here: list[Seen], *, full: bool = True) -> dict[tuple[str, str], Any]:
    cells: dict[tuple[str, str], Any] = {}
    for column, belongs in GROUPS.items():
        if column == "open" and not full:
            continue
        cells[key, column] = sum(belongs(s) for s in here)
    if full:
        served = [s for s in here if GROUPS["served"](s)]
        cells[key, "hours"] = round(sum(s.hours for s in served), 1)
        remote = sum(s.modality in ("phone", "video") for s in served)
        cells[key, "remote_share"] = round(remote / len(served), 4) if served else None
        times = [s.to_fill for s in served if s.to_fill is not None]
        cells[key, "median_hours_to_fill"] = round(statistics.median(times), 1) if times else None
    return cells


def reference(key: str, seen: list[Seen], world: PlanningWorld) -> dict[tuple[str, str], Any]:
    expected: dict[tuple[str, str], Any] = {}
    if key == "interpreting":
        for code in {s.language for s in seen}:
            expected |= row_cells(code, [s for s in seen if s.language == code])
    elif key == "interpreting-by-municipality":
        for m in world.municipalities:
            expected |= row_cells(str(m.pk), [s for s in seen if s.municipality == str(m.pk)])
    elif key == "interpreting-weekly":
        for monday in iso_weeks(PERIOD.start, PERIOD.end):
            week = week_key(monday)
            expected |= row_cells(week, [s for s in seen if s.week == week], full=False)
    elif key == "unfilled-reasons":
        unfilled = [s for s in seen if s.status == "unfilled"]
        for s in unfilled:
            row = s.reason if s.reason in SUMMARIES else ("none" if not s.reason else "unknown")
            expected[row, "unfilled"] = expected.get((row, "unfilled"), 0) + 1
    else:
        requested = Counter(s.language for s in seen)
        languages = sorted(requested, key=lambda code: -requested[code])[:HEAT_LANGUAGES]
        for m in world.municipalities:
            here = [s for s in seen if s.municipality == str(m.pk) and s.status == "unfilled"]
            for code in languages:
                expected[str(m.pk), code] = sum(s.language == code for s in here)
            expected[str(m.pk), "total"] = len(here)
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


@pytest.fixture
def world(settings: Any) -> PlanningWorld:
    # Nothing hidden: the comparison with the reference sees every cell.
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    populate(world)
    return world


# -- the figures equal the reference ----------------------------------------------------------


@pytest.mark.parametrize("key", FIGURES)
def test_each_figure_equals_a_plain_computation_over_the_shared_organisations(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    expected = reference(key, counted(world, world.shared), world)
    assert expected  # the generated data reaches every figure
    assert cells(table) == expected
    assert table.note


@pytest.mark.parametrize("key", FIGURES)
def test_an_organisation_without_an_agreement_is_not_counted(
    world: PlanningWorld, key: str
) -> None:
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    everyone = reference(key, counted(world, {world.a.pk, world.b.pk, world.c.pk}), world)
    assert cells(table) != everyone


@pytest.mark.parametrize("key", ["interpreting", "unfilled-reasons"])
def test_a_withdrawn_agreement_stops_counting(world: PlanningWorld, key: str) -> None:
    withdraw(world.agreement_b)
    table = build(key, scope_for(world.planner, world.region.pk, PERIOD))
    assert cells(table) == reference(key, counted(world, {world.a.pk}), world)


@pytest.mark.parametrize("key", FIGURES)
def test_a_coordinator_sees_their_own_organisation_only(world: PlanningWorld, key: str) -> None:
    coordinator = make_coordinator(world.c)
    table = build(key, scope_for(coordinator, world.region.pk, PERIOD))
    assert cells(table) == reference(key, counted(world, {world.c.pk}), world)


def test_the_totals_of_the_weekly_figure_equal_those_by_language(world: PlanningWorld) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    weekly, by_language = build("interpreting-weekly", scope), build("interpreting", scope)
    assert weekly.totals is not None and by_language.totals is not None
    for column in ("requested", "served", "unfilled"):
        at_week = [c.key for c in weekly.columns].index(column)
        at_language = [c.key for c in by_language.columns].index(column)
        assert weekly.totals.cells[at_week].value == by_language.totals.cells[at_language].value


def test_every_week_of_the_period_is_a_row_even_an_empty_one(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    client = make_client(world.a, world.municipalities[0])
    make_request(client, code="ara", start=at(PERIOD.start + dt.timedelta(days=8), 10))
    table = build("interpreting-weekly", scope_for(world.planner, world.region.pk, PERIOD))
    mondays = iso_weeks(PERIOD.start, PERIOD.end)
    assert [row.key for row in table.rows] == [week_key(monday) for monday in mondays]
    assert len(table.rows) >= PERIOD.days // 7
    requested = [row.cells[0].value for row in table.rows]
    assert sum(requested) == 1 and requested.count(0) == len(mondays) - 1
    year, week, _ = mondays[0].isocalendar()
    assert table.rows[0].label == f"Week {week}, {year}"


def test_a_week_is_the_local_week_of_the_start(settings: Any) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    client = make_client(world.a, world.municipalities[0])
    monday = iso_weeks(PERIOD.start, PERIOD.end)[3]
    # Half past midnight on Monday, local time: still Sunday in UTC, but the new week here.
    make_request(client, code="ara", start=at(monday, 0) + dt.timedelta(minutes=30))
    table = build("interpreting-weekly", scope_for(world.planner, world.region.pk, PERIOD))
    assert cells(table)[week_key(monday), "requested"] == 1


@pytest.mark.parametrize(
    ("key", "filters"),
    [
        ("interpreting-weekly", {"language": "tir"}),
        ("unfilled-reasons", {"language": "fas"}),
        ("interpreting-by-municipality", {"language": "ara"}),
        ("interpreting", {"municipality": 1}),
        ("interpreting-weekly", {"municipality": 2}),
        ("unfilled-reasons", {"municipality": 0}),
    ],
)
def test_filters_narrow_the_count(world: PlanningWorld, key: str, filters: dict[str, Any]) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    seen = counted(world, world.shared)
    if "language" in filters:
        chosen = Filters(language=filters["language"])
        seen = [s for s in seen if s.language == filters["language"]]
    else:
        municipality = world.municipalities[filters["municipality"]]
        chosen = Filters(municipality_id=municipality.pk)
        seen = [s for s in seen if s.municipality == str(municipality.pk)]
    assert cells(build(key, scope, chosen)) == reference(key, seen, world)


def test_the_heat_table_keeps_twelve_languages_and_puts_the_rest_together(
    settings: Any,
) -> None:
    settings.LISKO_PLANNING_THRESHOLD = 1
    world = make_planning_world()
    codes = ["ara", "fas", "prs", "tir", "som", "ukr", "rus", "tur", "kmr", "pus", "urd", "eng"]
    codes += ["fra", "spa"]
    here = world.municipalities[0]
    client = make_client(world.a, here)
    day = PERIOD.start + dt.timedelta(days=20)
    for position, code in enumerate(codes):
        for hour in range(len(codes) - position):
            make_request(client, code=code, start=at(day, hour))
    table = build("interpreting-heat", scope_for(world.planner, world.region.pk, PERIOD))
    assert [column.key for column in table.columns] == [*codes[:12], "other", "total"]
    assert cells(table)[str(here.pk), "other"] == 2 + 1
    assert cells(table)[str(here.pk), "total"] == sum(range(1, len(codes) + 1))


def test_a_language_filter_leaves_the_heat_table_one_language_and_the_total(
    world: PlanningWorld,
) -> None:
    table = build(
        "interpreting-heat",
        scope_for(world.planner, world.region.pk, PERIOD),
        Filters(language="tir"),
    )
    assert [column.key for column in table.columns] == ["tir", "total"]


def test_reasons_are_labelled_with_their_summary_sentence(world: PlanningWorld) -> None:
    table = build("unfilled-reasons", scope_for(world.planner, world.region.pk, PERIOD))
    labels = {row.key: row.label for row in table.rows}
    assert labels["no_speaker"] == "Nobody in the pool speaks the language well enough."
    assert labels["none"] == "No reason recorded."
    assert labels["unknown"] == "No interpreter could be found."


# -- suppression: persons, not appointments ---------------------------------------------------


@pytest.mark.parametrize(("clients", "hidden"), [(2, True), (6, False)])
def test_twelve_requests_are_hidden_when_fewer_than_five_clients_made_them(
    clients: int, hidden: bool
) -> None:
    world = make_planning_world()  # the default threshold: 5
    here = world.municipalities[0]
    day = PERIOD.start + dt.timedelta(days=20)
    people = [make_client(world.a, here) for _ in range(clients)]
    for hour in range(12):
        make_request(people[hour % clients], code="tir", start=at(day, hour + 8))
    table = build("interpreting", scope_for(world.planner, world.region.pk, PERIOD))
    shown = cells(table)
    assert shown["tir", "requested"] == (None if hidden else 12)
    assert shown["tir", "unfilled"] == (None if hidden else 12)
    assert table.totals is not None
    assert (table.totals.cells[0].value is None) is hidden


def test_hours_and_rates_of_a_hidden_cell_are_hidden_too() -> None:
    world = make_planning_world()
    here = world.municipalities[0]
    day = PERIOD.start + dt.timedelta(days=20)
    client = make_client(world.a, here)
    for hour in range(3):
        make_request(client, code="tir", start=at(day, hour + 8), status="done", hours_to_fill=4)
    table = build("interpreting", scope_for(world.planner, world.region.pk, PERIOD))
    shown = cells(table)
    for column in ("served", "hours", "remote_share", "median_hours_to_fill"):
        assert shown["tir", column] is None


# -- cost ---------------------------------------------------------------------------------------


QUERIES = {
    "interpreting": 2,
    "interpreting-by-municipality": 3,
    "interpreting-weekly": 2,
    "unfilled-reasons": 2,
    "interpreting-heat": 6,
}


@pytest.mark.parametrize("key", FIGURES)
def test_the_number_of_queries_does_not_grow_with_the_data(
    world: PlanningWorld, key: str, django_assert_num_queries: Any
) -> None:
    scope = scope_for(world.planner, world.region.pk, PERIOD)
    expected = QUERIES[key]
    with django_assert_num_queries(expected):
        build(key, scope)
    populate(world, clients=20, requests=80, seed=99)
    with django_assert_num_queries(expected):
        build(key, scope)
