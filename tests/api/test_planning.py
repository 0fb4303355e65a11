"""/api/planning/: aggregates for planners, through real HTTP calls.

The world: a district with three municipalities; organisations A and B share with its planners,
C does not. Anyone who may not plan gets 404 everywhere here; a planner of another region gets
404 for this one; hidden cells come as null, never as their number; bad input is a translated
400 or 404; and each route costs the same number of queries however much data there is.
"""

import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.languages.models import Language
from lisko.organisations.models import Organisation, Role
from lisko.places.models import Municipality
from lisko.planning import services
from lisko.planning.figures import FIGURES, Filters, figure, figures_of
from lisko.planning.models import SocialReport
from lisko.planning.scope import default_period, scope_for
from tests.api.conftest import ApiFor
from tests.conftest import Personas
from tests.factories.core import (
    ClientFactory,
    LanguageFactory,
    make_coordinator,
    make_member,
    make_social_worker,
)
from tests.factories.planning import (
    PlanningWorld,
    make_planner,
    make_planning_world,
    make_region_with_municipalities,
    withdraw,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 stand-in"


@pytest.fixture
def world() -> PlanningWorld:
    return make_planning_world()


@pytest.fixture
def arabic() -> Language:
    return LanguageFactory(code="ara")


@pytest.fixture
def tigrinya() -> Language:
    return LanguageFactory(code="tir")


def add_clients(
    organisation: Organisation, municipality: Municipality, language: Language, number: int
) -> list[Client]:
    social_worker = make_social_worker(organisation)
    return [
        ClientFactory(
            organisation=organisation,
            municipality=municipality,
            preferred_language=language,
            social_worker=social_worker,
        )
        for _ in range(number)
    ]


@pytest.fixture
def clients(world: PlanningWorld, arabic: Language, tigrinya: Language) -> None:
    """Nordstadt: 7 Arabic (A) and 2 Tigrinya (B), the latter too few to show; Mittelfeld:
    6 Arabic (B); C's 20 clients in Nordstadt never count."""
    nordstadt, mittelfeld, _fernhafen = world.municipalities
    add_clients(world.a, nordstadt, arabic, 7)
    add_clients(world.b, nordstadt, tigrinya, 2)
    add_clients(world.b, mittelfeld, arabic, 6)
    add_clients(world.c, nordstadt, arabic, 20)


def region_url(world: PlanningWorld, rest: str = "") -> str:
    return f"/api/planning/regions/{world.region.pk}/{rest}"


def figure_url(world: PlanningWorld, key: str, query: str = "") -> str:
    return region_url(world, f"figures/{key}/") + (f"?{query}" if query else "")


@pytest.fixture
def report(world: PlanningWorld) -> SocialReport:
    scope = scope_for(world.planner, world.region.pk, default_period())
    return services.request_social_report(by=world.planner, scope=scope, language="en")


@pytest.fixture
def report_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """lisko/planning/report.py stood in for: these tests are about the API, not the PDF."""
    module = types.ModuleType("lisko.planning.report")
    module.build_content = lambda scope, *, language, progress=None: {}  # type: ignore[attr-defined]
    module.render_pdf = lambda content: PDF  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lisko.planning.report", module)


@pytest.fixture
def done_report(
    report: SocialReport, report_module: None, settings: Any, tmp_path: Any
) -> SocialReport:
    settings.MEDIA_ROOT = tmp_path
    return services.build_social_report(report_id=report.pk)


def every_route(world: PlanningWorld, report: SocialReport) -> list[tuple[str, str]]:
    return [
        ("GET", "/api/planning/regions/"),
        ("GET", region_url(world)),
        ("GET", figure_url(world, "clients-by-municipality")),
        ("GET", region_url(world, "gaps/")),
        ("GET", region_url(world, "reports/")),
        ("POST", region_url(world, "reports/")),
        ("GET", f"/api/planning/reports/{report.pk}/"),
        ("GET", f"/api/planning/reports/{report.pk}/pdf/"),
    ]


def call(api: APIClient, method: str, url: str, data: Any = None) -> Any:
    if method == "POST":
        return api.post(url, data or {}, format="json")
    return api.get(url)


# -- who gets in --------------------------------------------------------------------------------


def test_a_planner_gets_an_answer_on_every_route(
    world: PlanningWorld, done_report: SocialReport, clients: None, api_for: ApiFor
) -> None:
    api = api_for(world.planner)

    statuses = {
        url: call(api, method, url).status_code for method, url in every_route(world, done_report)
    }

    assert set(statuses.values()) <= {200, 202}, statuses


@pytest.mark.parametrize(
    "who", ["social_worker", "interpreter", "key_person", "partner", "admin", "other_social_worker"]
)
def test_anyone_who_may_not_plan_gets_404_on_every_route(
    world: PlanningWorld, report: SocialReport, personas: Personas, api_for: ApiFor, who: str
) -> None:
    api = api_for(getattr(personas, who))

    statuses = [call(api, method, url).status_code for method, url in every_route(world, report)]

    assert statuses == [404] * len(statuses)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMIN, Role.PARTNER, Role.INTERPRETER])
def test_staff_of_a_sharing_organisation_without_a_planning_role_get_404(
    world: PlanningWorld, report: SocialReport, api_for: ApiFor, role: str
) -> None:
    api = api_for(make_member(organisation=world.a, role=role))

    statuses = [call(api, method, url).status_code for method, url in every_route(world, report)]

    assert statuses == [404] * len(statuses)
    assert SocialReport.objects.count() == 1


def test_a_planner_without_a_region_gets_404(
    world: PlanningWorld, report: SocialReport, api_for: ApiFor
) -> None:
    api = api_for(make_member(organisation=world.a, role=Role.PLANNER))

    statuses = [call(api, method, url).status_code for method, url in every_route(world, report)]

    assert statuses == [404] * len(statuses)


def test_anonymous_callers_get_401(
    world: PlanningWorld, report: SocialReport, api_for: ApiFor
) -> None:
    api = api_for(None)

    statuses = [call(api, method, url).status_code for method, url in every_route(world, report)]

    assert statuses == [401] * len(statuses)


def test_a_planner_of_another_region_gets_404_for_this_one(
    world: PlanningWorld, report: SocialReport, api_for: ApiFor
) -> None:
    elsewhere, _municipalities = make_region_with_municipalities("Anderer Kreis")
    api = api_for(make_planner(elsewhere))

    regions = api.get("/api/planning/regions/").json()
    statuses = [
        call(api, method, url).status_code for method, url in every_route(world, report)[1:]
    ]

    assert [region["id"] for region in regions] == [elsewhere.pk]
    assert statuses == [404] * len(statuses)


def test_a_coordinator_sees_only_their_own_organisations_figures(
    world: PlanningWorld, clients: None, api_for: ApiFor
) -> None:
    api = api_for(make_coordinator(organisation=world.a))

    answer = api.get(figure_url(world, "clients-by-municipality"))

    assert answer.status_code == 200
    assert answer.json()["totals"]["cells"][-1] == {"value": 7, "suppressed": False}


# -- regions ----------------------------------------------------------------------------------


def test_the_region_list_gives_the_planners_regions_with_their_children(
    world: PlanningWorld, api_for: ApiFor
) -> None:
    answer = api_for(world.planner).get("/api/planning/regions/")

    assert answer.status_code == 200
    assert answer.json() == [
        {
            "id": world.region.pk,
            "name": "Testkreis",
            "kind": "district",
            "country": "DE",
            "parent": world.region.parent_id,
            "children": [],
        }
    ]


def test_a_region_lists_its_trail_children_and_every_figure(
    world: PlanningWorld, api_for: ApiFor
) -> None:
    answer = api_for(world.planner).get(region_url(world))

    body = answer.json()
    assert answer.status_code == 200
    assert (body["id"], body["name"], body["as_planner"], body["threshold"]) == (
        world.region.pk,
        "Testkreis",
        True,
        5,
    )
    assert [region["id"] for region in body["trail"]] == [world.region.pk]
    assert body["children"] == []
    assert {entry["key"] for entry in body["figures"]} == set(FIGURES)
    heat = next(entry for entry in body["figures"] if entry["key"] == "clients-by-municipality")
    assert (heat["part"], heat["filters"]) == ("needs", ["language"])


# -- figures ----------------------------------------------------------------------------------


def test_a_figure_is_the_published_table_with_hidden_cells_as_null(
    world: PlanningWorld, clients: None, api_for: ApiFor
) -> None:
    answer = api_for(world.planner).get(figure_url(world, "clients-by-municipality"))

    body = answer.json()
    assert answer.status_code == 200
    scope = scope_for(world.planner, world.region.pk, default_period())
    table = figure("clients-by-municipality").build(scope, Filters())
    assert body["key"] == "clients-by-municipality"
    assert [column["key"] for column in body["columns"]] == [c.key for c in table.columns]
    assert [row["key"] for row in body["rows"]] == [row.key for row in table.rows]
    for row, published in zip(body["rows"], table.rows, strict=True):
        for cell, shown in zip(row["cells"], published.cells, strict=True):
            if shown.suppressed:
                assert cell == {"value": None, "suppressed": True}
            else:
                assert cell == {"value": shown.value, "suppressed": False}
    assert body["suppressed_count"] == table.suppressed_count > 0
    # The two Tigrinya clients of Nordstadt are not shown, nor can C's twenty be seen anywhere.
    nordstadt = next(row for row in body["rows"] if row["key"] == str(world.municipalities[0].pk))
    tir = [column["key"] for column in body["columns"]].index("tir")
    assert nordstadt["cells"][tir] == {"value": None, "suppressed": True}
    values = [cell["value"] for row in body["rows"] for cell in row["cells"]]
    assert 2 not in values and 20 not in values and 27 not in values


def test_a_hidden_cell_never_carries_its_number_even_if_a_table_holds_one(
    world: PlanningWorld, api_for: ApiFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lisko.planning.tables import Cell, Column, Row, Table

    careless = Table(
        key="offers",
        title="Offers",
        row_heading="Field",
        columns=(Column("n", "Number"),),
        rows=(Row("x", "X", (Cell(3, suppressed=True),)),),
        totals=None,
        threshold=5,
    )
    real = FIGURES["offers"]
    monkeypatch.setitem(
        FIGURES, "offers", type(real)(**{**real.__dict__, "build": lambda scope, filters: careless})
    )

    body = api_for(world.planner).get(figure_url(world, "offers")).json()

    assert body["rows"][0]["cells"] == [{"value": None, "suppressed": True}]


def test_every_figure_answers(world: PlanningWorld, clients: None, api_for: ApiFor) -> None:
    api = api_for(world.planner)

    statuses = {key: api.get(figure_url(world, key)).status_code for key in FIGURES}

    assert set(statuses.values()) == {200}, statuses


def test_each_read_of_a_figure_is_written_to_the_audit_trail(
    world: PlanningWorld, api_for: ApiFor
) -> None:
    api_for(world.planner).get(figure_url(world, "pool"))

    event = AuditEvent.objects.get(object_type="planning_table")
    assert (event.action, event.object_id, event.actor, event.client_id) == (
        "export",
        "pool",
        world.planner,
        None,
    )
    assert "api" in event.reason


def test_a_figure_narrowed_to_a_language_counts_only_it(
    world: PlanningWorld, clients: None, api_for: ApiFor
) -> None:
    body = (
        api_for(world.planner)
        .get(figure_url(world, "clients-by-municipality", "language=ara"))
        .json()
    )

    assert [column["key"] for column in body["columns"]] == ["ara", "total"]
    assert body["totals"]["cells"][-1] == {"value": 13, "suppressed": False}


# -- bad input ----------------------------------------------------------------------------------

BAD_QUERIES = [
    ("from=yesterday", 400, "invalid_date"),
    ("from=2026-05-01&until=2026-04-01", 400, "period_reversed"),
    ("from=1900-01-01&until=1900-12-31", 400, "period_out_of_range"),
    ("from=2001-01-01&until=2026-01-01", 400, "period_too_long"),
    ("municipality=abc", 400, "invalid_filter"),
    ("language=AR%20B", 400, "invalid_filter"),
    ("field_of_action=" + "x" * 200, 400, "invalid_filter"),
    ("field_of_action=education", 400, "invalid_filter"),  # the figure takes no such filter
    ("language=zzz", 404, "not_found"),
    ("municipality=99999999999999999", 404, "not_found"),
]


@pytest.mark.parametrize(("query", "status", "code"), BAD_QUERIES)
def test_bad_input_is_a_translated_refusal_never_a_server_error(
    world: PlanningWorld, api_for: ApiFor, query: str, status: int, code: str
) -> None:
    answer = api_for(world.planner).get(figure_url(world, "clients-by-arrival-year", query))

    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert answer.json()["error"]["message"]


def test_a_municipality_of_another_region_is_not_found(
    world: PlanningWorld, api_for: ApiFor
) -> None:
    query = f"municipality={world.outside.pk}"

    answer = api_for(world.planner).get(figure_url(world, "clients-by-arrival-year", query))

    assert answer.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/planning/regions/999999999/",
        "/api/planning/regions/999999999/figures/pool/",
        "/api/planning/regions/99999999999999999999/",
        "/api/planning/reports/999999999/",
        "/api/planning/reports/999999999/pdf/",
    ],
)
def test_an_unknown_region_or_report_is_not_found(
    world: PlanningWorld, api_for: ApiFor, url: str
) -> None:
    assert api_for(world.planner).get(url).status_code == 404


def test_an_unknown_figure_is_not_found(world: PlanningWorld, api_for: ApiFor) -> None:
    answer = api_for(world.planner).get(figure_url(world, "names-of-clients"))

    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "not_found")


def test_refusals_come_in_german_for_a_german_caller(world: PlanningWorld, api_for: ApiFor) -> None:
    # A client each: the first answer sets the user's language cookie (web/language.py).
    def german() -> APIClient:
        return api_for(world.planner, "de")

    missing = german().get("/api/planning/regions/999999999/").json()
    reversed_period = german().get(figure_url(world, "pool", "from=2026-05-01&until=2026-04-01"))
    old_report = german().post(region_url(world, "reports/"), {"from": "1800-01-01"}, format="json")

    assert missing["error"]["message"] == "Nicht gefunden."
    with translation.override("de"):
        expected = _("The period ends before it starts.")
    assert reversed_period.json()["error"]["message"] == expected
    assert reversed_period.headers["Content-Language"] == "de"
    assert old_report.status_code == 400
    assert old_report.json()["error"]["fields"]["from"][0].startswith(
        "Geben Sie ein Datum zwischen den Jahren"
    )


# -- gaps -------------------------------------------------------------------------------------


def test_the_gaps_come_ranked_with_evidence_and_action(
    world: PlanningWorld, clients: None, api_for: ApiFor
) -> None:
    answer = api_for(world.planner).get(region_url(world, "gaps/"))

    assert answer.status_code == 200
    gaps = answer.json()
    assert [gap["weight"] for gap in gaps] == sorted((gap["weight"] for gap in gaps), reverse=True)
    for gap in gaps:
        assert set(gap) == {
            "kind",
            "weight",
            "title",
            "evidence",
            "action",
            "municipality_id",
            "language",
            "field_of_action",
        }


# -- social reports -----------------------------------------------------------------------------


def test_a_planner_asks_for_a_report_and_gets_202_with_it(
    world: PlanningWorld, api_for: ApiFor
) -> None:
    answer = api_for(world.planner).post(
        region_url(world, "reports/"),
        {"from": "2026-01-01", "until": "2026-11-30", "language": "de"},
        format="json",
    )

    assert answer.status_code == 202
    body = answer.json()
    report = SocialReport.objects.get()
    assert body["id"] == report.pk
    assert (body["from"], body["until"], body["language"], body["status"]) == (
        "2026-01-01",
        "2026-11-30",
        "de",
        "queued",
    )
    assert (report.requested_by, report.organisation_ids) == (world.planner, sorted(world.shared))


def test_asking_twice_while_it_is_written_gives_the_same_report(
    world: PlanningWorld, api_for: ApiFor
) -> None:
    api = api_for(world.planner)
    body = {"from": "2026-01-01", "until": "2026-11-30", "language": "de"}

    first = api.post(region_url(world, "reports/"), body, format="json").json()
    second = api.post(region_url(world, "reports/"), body, format="json").json()

    assert first["id"] == second["id"]


def test_a_language_lisko_cannot_write_is_refused(world: PlanningWorld, api_for: ApiFor) -> None:
    answer = api_for(world.planner).post(
        region_url(world, "reports/"), {"language": "tlh"}, format="json"
    )

    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "invalid_language")


def test_the_report_list_and_detail_show_progress_then_the_pdf(
    world: PlanningWorld, done_report: SocialReport, api_for: ApiFor
) -> None:
    api = api_for(world.planner)

    listed = api.get(region_url(world, "reports/")).json()
    detail = api.get(f"/api/planning/reports/{done_report.pk}/").json()
    pdf = api.get(f"/api/planning/reports/{done_report.pk}/pdf/", HTTP_ACCEPT="application/pdf")

    assert [entry["id"] for entry in listed["results"]] == [done_report.pk]
    assert (detail["status"], detail["is_current"], detail["error"]) == ("done", True, None)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == PDF
    assert (
        AuditEvent.objects.filter(
            object_type="planning.socialreport", reason__startswith="social report downloaded"
        ).count()
        == 1
    )


def test_a_report_not_yet_written_has_no_pdf(
    world: PlanningWorld, report: SocialReport, api_for: ApiFor
) -> None:
    answer = api_for(world.planner).get(f"/api/planning/reports/{report.pk}/pdf/")

    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "not_ready")


def test_a_withdrawn_agreement_hides_the_report_everywhere(
    world: PlanningWorld, done_report: SocialReport, api_for: ApiFor
) -> None:
    withdraw(world.agreement_b)
    api = api_for(world.planner)

    listed = api.get(region_url(world, "reports/")).json()
    detail = api.get(f"/api/planning/reports/{done_report.pk}/")
    pdf = api.get(f"/api/planning/reports/{done_report.pk}/pdf/")

    assert listed["results"] == []
    assert (detail.status_code, pdf.status_code) == (404, 404)


def test_a_failed_report_says_so_without_the_stored_error(
    world: PlanningWorld, report: SocialReport, api_for: ApiFor
) -> None:
    services.fail_social_report(report_id=report.pk, error="ValueError('internal detail')")

    detail = api_for(world.planner).get(f"/api/planning/reports/{report.pk}/").json()

    assert detail["status"] == "failed"
    assert "internal detail" not in detail["error"]


# -- query counts -------------------------------------------------------------------------------


def queries_of(api: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = api.get(url)
    assert answer.status_code == 200, (url, answer.content[:300])
    return len(captured)


def grow(world: PlanningWorld, arabic: Language, tigrinya: Language) -> None:
    """Ten times the clients, in every municipality, and a second language in each."""
    for municipality in world.municipalities:
        add_clients(world.a, municipality, arabic, 12)
        add_clients(world.b, municipality, tigrinya, 9)
    add_clients(world.c, world.municipalities[0], tigrinya, 15)


@pytest.fixture
def routes_to_count(world: PlanningWorld) -> Iterator[list[str]]:
    keys = [entry.key for part in ("stock-take", "needs") for entry in figures_of(part)]  # type: ignore[arg-type]
    yield [
        "/api/planning/regions/",
        region_url(world),
        region_url(world, "gaps/"),
        region_url(world, "reports/"),
        *(figure_url(world, key) for key in keys),
    ]


def test_each_route_costs_the_same_queries_for_more_data(
    world: PlanningWorld,
    clients: None,
    arabic: Language,
    tigrinya: Language,
    routes_to_count: list[str],
    api_for: ApiFor,
    django_assert_max_num_queries: Any,
) -> None:
    api = api_for(world.planner)
    small = {url: queries_of(api, url) for url in routes_to_count}

    grow(world, arabic, tigrinya)
    for url in routes_to_count:
        with django_assert_max_num_queries(small[url]):
            assert api.get(url).status_code == 200

    # A handful each; the gaps read several figures.
    assert max(small.values()) <= 30, small
