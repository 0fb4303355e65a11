"""Coverage of welcome conversations: of the newcomers who arrived in the period, the share who
had their conversation within the programme's weeks; published through the small-cell rule,
for planners (organisations that share) and for the integration officer (their own office)."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.accounts.models import User
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality
from lisko.planning.figures import Filters, Part, figure, figures_of
from lisko.planning.scope import Period, scope_for
from lisko.planning.tables import Table
from lisko.planning.welcome import welcome_coverage_for_officer
from lisko.welcome.models import WelcomeProgramme
from lisko.welcome.services import record_welcome_conversation
from tests.factories.core import make_social_worker
from tests.factories.planning import PlanningWorld, make_planning_world
from tests.factories.programmes import make_officer
from tests.factories.welcome import make_newcomer, make_programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERIOD = Period(start=TODAY - dt.timedelta(days=365), end=TODAY)


def newcomers(
    programme: WelcomeProgramme,
    worker: User,
    *,
    count: int,
    arrived_days_ago: int,
    held_days_after_arrival: int | None = None,
) -> None:
    for _ in range(count):
        case = make_newcomer(programme, worker, arrived_days_ago=arrived_days_ago)
        if held_days_after_arrival is not None:
            record_welcome_conversation(
                case=case,
                by=worker,
                held_on=TODAY - dt.timedelta(days=arrived_days_ago - held_days_after_arrival),
                topics=["housing"],
            )


def row(table: Table, municipality: Municipality) -> dict[str, object]:
    (found,) = [r for r in table.rows if r.key == str(municipality.pk)]
    return {
        column.key: (None if cell.suppressed else cell.value)
        for column, cell in zip(table.columns, found.cells, strict=True)
    }


@pytest.fixture
def world() -> PlanningWorld:
    return make_planning_world()


def programme_of(
    organisation: Organisation, municipality: Municipality
) -> tuple[WelcomeProgramme, User]:
    return make_programme(organisation, municipality, weeks_target=12), make_social_worker(
        organisation
    )


def test_the_coverage_counts_in_time_waiting_and_late_per_municipality(
    world: PlanningWorld,
) -> None:
    town = world.municipalities[0]
    programme, worker = programme_of(world.a, town)
    newcomers(programme, worker, count=6, arrived_days_ago=200, held_days_after_arrival=30)
    newcomers(programme, worker, count=5, arrived_days_ago=150)  # weeks over, never held
    newcomers(programme, worker, count=5, arrived_days_ago=120, held_days_after_arrival=100)
    newcomers(programme, worker, count=5, arrived_days_ago=10)  # weeks not over yet

    table = figure("welcome-coverage").build(
        scope_for(world.planner, world.region.pk, PERIOD), Filters()
    )

    assert row(table, town) == {
        "newcomers": 21,
        "in_time": 6,
        "waiting": 5,
        "late": 10,
        "share": pytest.approx(6 / 16),
    }


def test_small_cells_are_hidden(world: PlanningWorld) -> None:
    town = world.municipalities[0]
    programme, worker = programme_of(world.a, town)
    newcomers(programme, worker, count=6, arrived_days_ago=200, held_days_after_arrival=30)
    newcomers(programme, worker, count=2, arrived_days_ago=150)

    table = figure("welcome-coverage").build(
        scope_for(world.planner, world.region.pk, PERIOD), Filters()
    )

    shown = row(table, town)
    assert shown["late"] is None
    assert shown["share"] is None


def test_an_organisation_without_an_agreement_is_not_counted(world: PlanningWorld) -> None:
    town = world.municipalities[0]
    programme, worker = programme_of(world.c, town)
    newcomers(programme, worker, count=6, arrived_days_ago=200, held_days_after_arrival=30)

    table = figure("welcome-coverage").build(
        scope_for(world.planner, world.region.pk, PERIOD), Filters()
    )

    assert row(table, town)["newcomers"] == 0


def test_newcomers_who_arrived_before_the_period_are_not_counted(world: PlanningWorld) -> None:
    town = world.municipalities[0]
    programme, worker = programme_of(world.a, town)
    newcomers(programme, worker, count=6, arrived_days_ago=400, held_days_after_arrival=30)

    table = figure("welcome-coverage").build(
        scope_for(world.planner, world.region.pk, PERIOD), Filters()
    )

    assert row(table, town)["newcomers"] == 0


def test_coverage_is_a_table_of_the_needs_analysis() -> None:
    assert "welcome-coverage" in [shown.key for shown in figures_of(Part.NEEDS)]


def test_the_officer_sees_the_coverage_of_their_own_office_in_their_municipality(
    world: PlanningWorld,
) -> None:
    town, other_town = world.municipalities[0], world.municipalities[1]
    officer = make_officer(town, organisation=world.c)
    programme, worker = programme_of(world.c, town)
    newcomers(programme, worker, count=6, arrived_days_ago=200, held_days_after_arrival=30)
    foreign, foreign_worker = programme_of(world.a, town)
    newcomers(foreign, foreign_worker, count=7, arrived_days_ago=200)
    elsewhere, elsewhere_worker = programme_of(world.c, other_town)
    newcomers(elsewhere, elsewhere_worker, count=8, arrived_days_ago=200)

    table = welcome_coverage_for_officer(user=officer, period=PERIOD)

    assert table is not None
    assert [r.key for r in table.rows] == [str(town.pk)]
    assert row(table, town)["newcomers"] == 6
    assert row(table, town)["share"] == 1.0


def test_someone_who_is_no_officer_gets_no_coverage(world: PlanningWorld) -> None:
    assert welcome_coverage_for_officer(user=world.planner, period=PERIOD) is None


def test_an_officer_whose_office_runs_no_programme_gets_no_coverage(
    world: PlanningWorld,
) -> None:
    officer = make_officer(world.municipalities[0], organisation=world.c)

    assert welcome_coverage_for_officer(user=officer, period=PERIOD) is None
