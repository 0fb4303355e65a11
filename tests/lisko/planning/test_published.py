"""Planning figures kept ready: built once per request, kept for a while between requests under
everything that decides them, never read across a change of whose data counts, and counted
again by beat for the regions planners plan for."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lisko.planning import published
from lisko.planning.figures import Filters, figure
from lisko.planning.scope import Period, default_period, planner_scope, scope_for
from tests.factories.core import LanguageFactory, make_coordinator
from tests.factories.planning import client_of, make_planning_world, withdraw

pytestmark = pytest.mark.django_db

KEPT = 900


@pytest.fixture
def keeping(settings):
    settings.LISKO_PLANNING_KEPT_SECONDS = KEPT


def clients_counted(world, **filters):
    scope = scope_for(world.planner, world.region.pk, default_period())
    table = figure("clients-by-municipality").table(scope, Filters(**filters))
    return table


def total(table):
    column = next(i for i, c in enumerate(table.columns) if c.key == "total")
    return table.totals.cells[column].value


def six_clients(world):
    for _ in range(6):
        client_of(world.a, municipality=world.municipalities[0])


def test_within_one_request_a_figure_is_counted_once() -> None:
    world = make_planning_world()
    six_clients(world)
    scope = scope_for(world.planner, world.region.pk, default_period())
    shown = figure("clients-by-municipality")

    with published.one_build_each():
        first = shown.table(scope)
        with CaptureQueriesContext(connection) as second_read:
            again = shown.table(scope)

    assert again == first
    assert len(second_read) == 0


def test_without_keeping_every_request_counts_afresh() -> None:
    world = make_planning_world()
    six_clients(world)
    before = total(clients_counted(world))

    client_of(world.a, municipality=world.municipalities[0])

    assert total(clients_counted(world)) == before + 1


def test_a_kept_figure_is_read_by_the_next_request_without_counting(keeping) -> None:
    world = make_planning_world()
    six_clients(world)
    first = clients_counted(world)
    scope = scope_for(world.planner, world.region.pk, default_period())

    with published.one_build_each(), CaptureQueriesContext(connection) as reads:
        kept = figure("clients-by-municipality").table(scope)

    assert kept == first
    assert len(reads) == 0


def test_the_page_says_from_when_kept_figures_are(keeping) -> None:
    world = make_planning_world()
    six_clients(world)
    scope = scope_for(world.planner, world.region.pk, default_period())
    with published.one_build_each():
        figure("clients-by-municipality").table(scope)
        assert published.figures_as_of() is None  # counted in this request

    with published.one_build_each():
        figure("clients-by-municipality").table(scope)
        as_of = published.figures_as_of()

    assert as_of is not None
    assert timezone.now() - as_of < dt.timedelta(minutes=1)


def test_a_withdrawn_agreement_is_never_read_from_a_kept_figure(keeping) -> None:
    world = make_planning_world()
    six_clients(world)
    for _ in range(6):
        client_of(world.b, municipality=world.municipalities[0])
    assert total(clients_counted(world)) == 12

    withdraw(world.agreement_b)

    assert total(clients_counted(world)) == 6


def test_a_figure_kept_longer_than_allowed_is_counted_again(keeping, monkeypatch) -> None:
    world = make_planning_world()
    six_clients(world)
    clients_counted(world)
    client_of(world.a, municipality=world.municipalities[0])
    later = timezone.now() + dt.timedelta(seconds=KEPT + 1)
    monkeypatch.setattr(published.timezone, "now", lambda: later)

    assert total(clients_counted(world)) == 7


def test_a_figure_kept_in_one_language_is_not_read_in_another(keeping) -> None:
    world = make_planning_world()
    six_clients(world)
    english = clients_counted(world)

    with translation.override("de"):
        german = clients_counted(world)

    assert german.title != english.title


def test_a_drill_down_is_kept_apart_from_the_whole_region(keeping) -> None:
    world = make_planning_world()
    for code in ["ara"] * 6 + ["ukr"] * 6:
        client_of(
            world.a,
            municipality=world.municipalities[0],
            preferred_language=LanguageFactory(code=code),
        )
    assert total(clients_counted(world)) == 12

    assert total(clients_counted(world, language="ukr")) == 6


def test_a_cache_that_is_down_costs_time_not_the_figure(keeping, monkeypatch) -> None:
    world = make_planning_world()
    six_clients(world)

    def down(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)

    assert total(clients_counted(world)) == 6


def test_beat_counts_again_the_regions_planners_plan_for(keeping) -> None:
    world = make_planning_world()
    six_clients(world)
    clients_counted(world)  # kept with six
    client_of(world.a, municipality=world.municipalities[0])

    kept = published.refresh_planner_regions()

    assert kept > 0
    assert total(clients_counted(world)) == 7


def test_beat_keeps_what_the_overview_reads_so_it_counts_nothing(keeping, client) -> None:
    world = make_planning_world()
    six_clients(world)
    published.refresh_planner_regions()
    scope = planner_scope(world.region.pk, default_period())

    with published.one_build_each(), CaptureQueriesContext(connection) as reads:
        from lisko.planning.gaps import ranked_gaps
        from lisko.planning.headlines import headline_figure_keys

        for key in headline_figure_keys():
            figure(key).table(scope)
            figure(key).table(scope.with_period(scope.period.previous()))
        ranked_gaps(scope)

    assert len(reads) == 0


def test_beat_keeps_the_figures_in_each_planners_language(keeping) -> None:
    world = make_planning_world()
    world.planner.language = "de"
    world.planner.save(update_fields=["language"])
    six_clients(world)
    published.refresh_planner_regions()
    scope = planner_scope(world.region.pk, default_period())

    with translation.override("de"), published.one_build_each():
        with CaptureQueriesContext(connection) as reads:
            figure("clients-by-municipality").table(scope)

    assert len(reads) == 0


def test_the_overview_says_from_when_its_figures_are(keeping, client) -> None:
    world = make_planning_world()
    six_clients(world)
    published.refresh_planner_regions()
    client.force_login(world.planner)

    response = client.get(reverse("planning:region", kwargs={"region_id": world.region.pk}))

    assert response.status_code == 200
    assert "figures as of" in response.content.decode()


def test_a_social_report_counts_afresh_whatever_is_kept(keeping) -> None:
    from lisko.planning.report import build_content

    world = make_planning_world()
    six_clients(world)
    clients_counted(world)  # kept with six
    client_of(world.a, municipality=world.municipalities[0])
    scope = scope_for(world.planner, world.region.pk, default_period())

    content = build_content(scope, language="en")

    tables = [table for section in content.sections for table in section.tables]
    clients = next(table for table in tables if table.key == "clients-by-municipality")
    assert total(clients) == 7


def test_after_a_social_report_the_pages_show_its_figures(keeping) -> None:
    from lisko.planning.report import build_content

    world = make_planning_world()
    six_clients(world)
    clients_counted(world)  # kept with six
    client_of(world.a, municipality=world.municipalities[0])
    scope = scope_for(world.planner, world.region.pk, default_period())

    content = build_content(scope, language="en")

    for section in content.sections:
        for printed in section.tables:
            with published.one_build_each():
                assert figure(printed.key).table(scope) == printed, printed.key


# -- drill-downs planners asked for -------------------------------------------------------------


def ask_as_planner(world, **filters):
    """What a planner's drill-down page does: read a figure within one request."""
    with published.one_build_each():
        return clients_counted(world, **filters)


def arabic_and_ukrainian_clients(world):
    for code in ["ara"] * 6 + ["ukr"] * 6:
        client_of(
            world.a,
            municipality=world.municipalities[0],
            preferred_language=LanguageFactory(code=code),
        )


def test_beat_counts_again_a_drill_down_a_planner_asked_for(keeping) -> None:
    world = make_planning_world()
    arabic_and_ukrainian_clients(world)
    ask_as_planner(world, language="ukr")
    client_of(
        world.a,
        municipality=world.municipalities[0],
        preferred_language=LanguageFactory(code="ukr"),
    )

    published.refresh_planner_regions()

    scope = scope_for(world.planner, world.region.pk, default_period())
    with published.one_build_each(), CaptureQueriesContext(connection) as reads:
        kept = figure("clients-by-municipality").table(scope, Filters(language="ukr"))
    assert total(kept) == 7
    assert len(reads) == 0


def test_the_whole_region_in_the_default_period_is_not_noted_as_a_drill_down(keeping) -> None:
    world = make_planning_world()
    six_clients(world)

    ask_as_planner(world)

    assert published.asked_drill_downs() == []


def test_a_coordinators_own_figures_are_not_noted_for_beat(keeping) -> None:
    world = make_planning_world()
    arabic_and_ukrainian_clients(world)
    coordinator = make_coordinator(world.a)
    scope = scope_for(coordinator, world.region.pk, default_period())
    assert not scope.as_planner

    with published.one_build_each():
        figure("clients-by-municipality").table(scope, Filters(language="ukr"))

    assert published.asked_drill_downs() == []


def test_beat_forgets_a_drill_down_nobody_asked_for_lately(keeping) -> None:
    world = make_planning_world()
    arabic_and_ukrainian_clients(world)
    ask_as_planner(world, language="ukr")
    later = timezone.now() + dt.timedelta(hours=published.ASKED_HOURS, minutes=1)

    assert published.asked_drill_downs(now=later) == []


def test_beat_keeps_counting_only_the_most_recent_drill_downs(keeping) -> None:
    world = make_planning_world()
    six_clients(world)
    today = timezone.localdate()
    for months in range(published.ASKED_LIMIT + 2):
        start = today - dt.timedelta(days=30 * (months + 1))
        scope = scope_for(world.planner, world.region.pk, Period(start, today))
        with published.one_build_each():
            figure("clients-by-municipality").table(scope)

    asked = published.asked_drill_downs()

    assert len(asked) == published.ASKED_LIMIT
    assert asked[0][1] == (today - dt.timedelta(days=30 * (published.ASKED_LIMIT + 2))).isoformat()


def test_a_drill_down_no_longer_in_scope_is_skipped_by_beat(keeping) -> None:
    world = make_planning_world()
    arabic_and_ukrainian_clients(world)
    ask_as_planner(world, municipality_id=world.municipalities[0].pk)
    [asked] = published.asked_drill_downs()
    outside = (*asked[:3], world.outside.pk, *asked[4:])

    assert published.refresh_drill_down(outside) == 0
