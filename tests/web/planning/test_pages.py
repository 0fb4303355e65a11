"""The planning pages and exports through real HTTP: who sees them, what they refuse, and that
nothing about a person ever appears on them."""

import csv
import datetime as dt
import io
from collections import Counter

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.planning.models import SocialReport
from tests.factories.planning import make_planner
from tests.web.planning.conftest import (
    FIRST_NAME,
    LAST_NAME,
    REFERENCE,
    Planning,
    logged_in,
    populate,
)

pytestmark = pytest.mark.django_db


def region_urls(region_id: int) -> list[str]:
    return [
        reverse("planning:region", args=[region_id]),
        reverse("planning:stock_take", args=[region_id]),
        reverse("planning:needs", args=[region_id]),
        reverse("planning:gaps", args=[region_id]),
        reverse("planning:table", args=[region_id, "interpreting-by-municipality"]),
        reverse("planning:table_csv", args=[region_id, "clients-by-municipality"]),
        reverse("planning:table_xlsx", args=[region_id, "clients-by-municipality"]),
        reverse("planning:reports", args=[region_id]),
        reverse("planning:report_progress", args=[region_id]),
    ]


def make_report(planning: Planning, **fields: object) -> SocialReport:
    today = timezone.localdate()
    values: dict[str, object] = {
        "region": planning.world.region,
        "period_start": today - dt.timedelta(days=364),
        "period_end": today,
        "language": "en",
        "requested_by": planning.planner,
        "organisation_ids": sorted(planning.world.shared),
        "status": SocialReport.Status.QUEUED,
    }
    values.update(fields)
    return SocialReport.objects.create(**values)


def csv_of(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# -- who sees what ----------------------------------------------------------------------------


def test_a_planner_with_one_region_is_sent_from_the_index_to_it(planning: Planning) -> None:
    response = logged_in(planning.planner).get(reverse("planning:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("planning:region", args=[planning.world.region.pk])


def test_home_sends_a_planner_to_planning(planning: Planning) -> None:
    response = logged_in(planning.planner).get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("planning:index")


def test_a_planner_sees_every_page_of_their_region(populated: Planning) -> None:
    client = logged_in(populated.planner)

    for url in region_urls(populated.world.region.pk):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_region_page_shows_the_headlines_trail_and_links(populated: Planning) -> None:
    region = populated.world.region
    response = logged_in(populated.planner).get(reverse("planning:region", args=[region.pk]))
    page = response.content.decode()

    assert region.name in page
    assert "Clients" in page and "Interpreting requests" in page and "Offers" in page
    assert reverse("planning:stock_take", args=[region.pk]) in page
    assert reverse("planning:needs", args=[region.pk]) in page
    assert reverse("planning:gaps", args=[region.pk]) in page


def test_someone_who_may_not_plan_gets_404_on_every_planning_url(planning: Planning) -> None:
    report = make_report(planning, status=SocialReport.Status.DONE)
    client = logged_in(planning.social_worker)
    urls = [
        reverse("planning:index"),
        *region_urls(planning.world.region.pk),
        reverse("planning:report_download", args=[report.pk]),
    ]

    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("planning:reports", args=[planning.world.region.pk])).status_code == 404
    )


def test_a_visitor_is_asked_to_log_in(planning: Planning) -> None:
    response = HttpClient().get(reverse("planning:region", args=[planning.world.region.pk]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_planner_of_another_region_gets_404(planning: Planning) -> None:
    report = make_report(planning, status=SocialReport.Status.DONE)
    client = logged_in(planning.other_planner)

    for url in [
        *region_urls(planning.world.region.pk),
        reverse("planning:report_download", args=[report.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.get(reverse("planning:region", args=[planning.other_region.pk])).status_code == 200
    )


def test_an_unknown_region_is_404(planning: Planning) -> None:
    response = logged_in(planning.planner).get(reverse("planning:region", args=[987654]))

    assert response.status_code == 404


def test_an_unknown_figure_key_is_404(planning: Planning) -> None:
    client = logged_in(planning.planner)
    region_id = planning.world.region.pk

    assert (
        client.get(reverse("planning:table_csv", args=[region_id, "no-such-figure"])).status_code
        == 404
    )
    assert client.get(reverse("planning:table_xlsx", args=[region_id, "names"])).status_code == 404


def test_a_municipality_outside_the_scope_is_404(planning: Planning) -> None:
    url = reverse("planning:needs", args=[planning.world.region.pk])

    response = logged_in(planning.planner).get(url, {"municipality": planning.world.outside.pk})

    assert response.status_code == 404


def test_a_malformed_filter_is_400(planning: Planning) -> None:
    url = reverse("planning:needs", args=[planning.world.region.pk])

    response = logged_in(planning.planner).get(url, {"municipality": "one"})

    assert response.status_code == 400
    assert "Choose a municipality from the list." in response.content.decode()


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_malformed_period_is_a_translated_400(planning: Planning, language: str) -> None:
    client = logged_in(planning.planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("planning:needs", args=[planning.world.region.pk])

    response = client.get(url, {"from": "2026-13-45"})

    with translation.override(language):
        message = translation.gettext("Enter dates as year-month-day, for example 2026-01-31.")
    assert response.status_code == 400
    assert f'lang="{language}"' in response.content.decode()
    assert message in response.content.decode()


def test_a_reversed_period_is_400(planning: Planning) -> None:
    url = reverse("planning:region", args=[planning.world.region.pk])

    response = logged_in(planning.planner).get(url, {"from": "2026-05-01", "until": "2026-01-01"})

    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()


def test_a_malformed_period_for_a_foreign_region_is_404_not_400(planning: Planning) -> None:
    url = reverse("planning:region", args=[planning.world.region.pk])

    response = logged_in(planning.other_planner).get(url, {"from": "nonsense"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/planning/regions/99999999999999999999/", {}, 404),
        ("/planning/reports/99999999999999999999/download/", {}, 404),
        ("{region}tables/no-such-figure.csv", {}, 404),
        ("{region}", {"from": "2026-02-30"}, 400),
        ("{region}needs/", {"municipality": "-1"}, 400),
        ("{region}needs/", {"language": "\x00"}, 400),
        ("{region}needs/", {"field_of_action": "\x00"}, 400),
        ("{region}needs/", {"from": "\x00"}, 400),
        ("{region}tables/interpreting.xlsx", {"until": "9999-12-31"}, 400),
        ("{region}reports/progress/", {"from": "2026-13-01"}, 400),
        ("{region}tables/no-such-figure/", {}, 404),
        ("{region}tables/interpreting/", {"from": "0001-01-01", "until": "9999-12-31"}, 400),
        ("{region}tables/interpreting/", {"language": "x" * 5000}, 400),
        ("{region}tables/pool/", {"municipality": "99999999999999999999"}, 400),
        ("{region}needs/", {"municipality": "²"}, 400),
        ("{region}needs/", {"municipality": "99999999999999999999"}, 400),
    ],
)
def test_odd_input_is_answered_404_or_400_never_500(
    planning: Planning, path: str, query: dict[str, str], status: int
) -> None:
    region = reverse("planning:region", args=[planning.world.region.pk])

    response = logged_in(planning.planner).get(path.format(region=region), query)

    assert response.status_code == status


def test_a_planner_cannot_take_the_report_of_another_planners_region(planning: Planning) -> None:
    report = make_report(planning, status=SocialReport.Status.DONE, finished_at=timezone.now())
    listed = logged_in(planning.other_planner).get(
        reverse("planning:reports", args=[planning.other_region.pk])
    )

    response = logged_in(planning.other_planner).get(
        reverse("planning:report_download", args=[report.pk])
    )

    assert reverse("planning:report_download", args=[report.pk]) not in listed.content.decode()
    assert response.status_code == 404


# -- exports ----------------------------------------------------------------------------------


def small_cells(planning: Planning, organisations: set[int]) -> Counter[tuple[str, str]]:
    """The reference: clients by (municipality id, language code) the scope counts."""
    inside = {m.pk for m in planning.world.municipalities}
    return Counter(
        (str(client.municipality_id), client.preferred_language.code)
        for client in Client.objects.select_related("preferred_language")
        if client.organisation_id in organisations and client.municipality_id in inside
    )


def test_csv_shows_a_small_cell_as_fewer_than_5_and_never_its_number(populated: Planning) -> None:
    region = populated.world.region
    url = reverse("planning:table_csv", args=[region.pk, "clients-by-municipality"])

    response = logged_in(populated.planner).get(url)
    rows = csv_of(response)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header = rows[0]
    names = {str(m.pk): m.name for m in populated.world.municipalities}
    by_name = {row[0]: row for row in rows[1:] if row}
    counts = small_cells(populated, populated.world.shared)
    smalls = 0
    for (municipality, code), number in counts.items():
        row = by_name[names[municipality]]
        language_columns = [
            index
            for index, label in enumerate(header)
            if label.lower().startswith(
                {"ara": "arabic", "tir": "tigrinya", "ukr": "ukrainian", "fas": "persian"}[code]
            )
        ]
        for index in language_columns:
            if number < 5:
                smalls += 1
                assert row[index] == "fewer than 5"
    assert smalls, "the data should have a small cell"
    assert "fewer than 5" in response.content.decode("utf-8-sig")


def test_xlsx_shows_a_small_cell_as_fewer_than_5(populated: Planning) -> None:
    region = populated.world.region
    url = reverse("planning:table_xlsx", args=[region.pk, "clients-by-municipality"])

    response = logged_in(populated.planner).get(url)
    workbook = load_workbook(io.BytesIO(response.content))
    values = [cell.value for row in workbook.worksheets[0].iter_rows() for cell in row]

    assert response.status_code == 200
    assert "fewer than 5" in values
    assert not [v for v in values if isinstance(v, int) and 0 < v < 5]


def test_an_export_is_named_after_figure_region_and_period(planning: Planning) -> None:
    url = reverse("planning:table_csv", args=[planning.world.region.pk, "clients-by-municipality"])

    response = logged_in(planning.planner).get(url, {"from": "2026-01-01", "until": "2026-06-30"})

    assert response.status_code == 200
    assert (
        'filename="clients-by-municipality-testkreis-2026-01-01-2026-06-30.csv"'
        in response["Content-Disposition"]
    )


def test_each_download_is_audited(planning: Planning) -> None:
    client = logged_in(planning.planner)
    region_id = planning.world.region.pk

    client.get(reverse("planning:table_csv", args=[region_id, "offers"]))
    client.get(reverse("planning:table_xlsx", args=[region_id, "pool"]))

    events = AuditEvent.objects.filter(actor=planning.planner, action=AuditEvent.Action.EXPORT)
    assert sorted(events.values_list("object_id", flat=True)) == ["offers", "pool"]
    assert all(event.client_id is None for event in events)


def test_a_coordinator_sees_only_their_organisations_figures(populated: Planning) -> None:
    world = populated.world
    url = reverse("planning:table_csv", args=[world.region.pk, "clients-by-municipality"])

    rows = csv_of(logged_in(populated.coordinator).get(url))

    total_row = next(row for row in rows if row and row[0] == "Total")
    total = int(total_row[rows[0].index("Total")])
    inside = {m.pk for m in world.municipalities}
    own = Client.objects.filter(organisation=world.a, municipality_id__in=inside).count()
    shared = Client.objects.filter(
        organisation__in=[world.a, world.b], municipality_id__in=inside
    ).count()
    assert own >= 5 and own != shared
    assert total == own


def test_a_coordinator_starts_from_the_regions_where_their_clients_live(
    populated: Planning,
) -> None:
    response = logged_in(populated.coordinator).get(reverse("planning:index"))

    # The clients of A live in Testkreis and Nachbarkreis: two regions to choose from.
    assert response.status_code == 200
    assert populated.world.region.name in response.content.decode()
    assert "Nachbarkreis" in response.content.decode()


# -- privacy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["planner", "coordinator"])
def test_no_planning_page_shows_a_clients_name_or_reference(populated: Planning, who: str) -> None:
    user = getattr(populated, who)
    client = logged_in(user)
    region_id = populated.world.region.pk
    municipality = populated.world.municipalities[0].pk
    urls = [
        *region_urls(region_id),
        reverse("planning:needs", args=[region_id]) + f"?municipality={municipality}",
        reverse("planning:needs", args=[region_id]) + "?language=ara",
        reverse("planning:stock_take", args=[region_id]) + "?field_of_action=language-education",
        *[
            reverse(f"planning:table_{kind}", args=[region_id, key])
            for kind in ("csv", "xlsx")
            for key in ("offers", "pool", "reach", "interpreting", "clients-by-residence-status")
        ],
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".xlsx"):
            workbook = load_workbook(io.BytesIO(response.content))
            text = " ".join(
                str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
            )
        else:
            text = response.content.decode("utf-8-sig")
        assert FIRST_NAME not in text, url
        assert LAST_NAME not in text, url
        assert REFERENCE not in text, url


# -- drill-down, language, direction ----------------------------------------------------------


def test_the_needs_page_says_which_filter_is_in_force_and_how_to_remove_it(
    populated: Planning,
) -> None:
    region_id = populated.world.region.pk
    municipality = populated.world.municipalities[1]
    url = reverse("planning:needs", args=[region_id])

    response = logged_in(populated.planner).get(url, {"municipality": municipality.pk})
    page = response.content.decode()

    assert response.status_code == 200
    assert f"Municipality: {municipality.name}" in page
    assert "remove" in page
    assert f"?municipality={municipality.pk}" in page or f"municipality={municipality.pk}" in page


def test_rows_of_municipalities_link_to_their_drill_down(populated: Planning) -> None:
    region_id = populated.world.region.pk
    municipality = populated.world.municipalities[0]

    response = logged_in(populated.planner).get(reverse("planning:needs", args=[region_id]))

    assert f"municipality={municipality.pk}" in response.content.decode()
    assert "language=ara" in response.content.decode()


def test_the_pages_read_right_to_left_in_arabic(
    populated: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lisko.planning import charts

    directions: list[bool] = []
    chart_svg, map_svg = charts.chart_svg, charts.map_svg

    def spy_chart(table, spec, *, rtl=False):  # type: ignore[no-untyped-def]
        directions.append(rtl)
        return chart_svg(table, spec, rtl=rtl)

    def spy_map(table, column_key, points, *, rtl=False, link=None):  # type: ignore[no-untyped-def]
        directions.append(rtl)
        return map_svg(table, column_key, points, rtl=rtl, link=link)

    monkeypatch.setattr(charts, "chart_svg", spy_chart)
    monkeypatch.setattr(charts, "map_svg", spy_map)
    client = logged_in(populated.planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    region_id = populated.world.region.pk

    for url in (
        reverse("planning:region", args=[region_id]),
        reverse("planning:needs", args=[region_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert 'dir="rtl"' in response.content.decode()
    assert directions and all(directions)


# -- social reports ---------------------------------------------------------------------------


def test_the_reports_page_lists_reports_and_refreshes_while_one_is_written(
    planning: Planning,
) -> None:
    make_report(planning, status=SocialReport.Status.RUNNING, steps_done=2, steps_total=8)
    url = reverse("planning:reports", args=[planning.world.region.pk])

    page = logged_in(planning.planner).get(url).content.decode()

    assert "2 of 8 steps" in page
    assert 'hx-trigger="every' in page
    assert reverse("planning:report_progress", args=[planning.world.region.pk]) in page


def test_the_reports_page_stops_refreshing_when_all_are_done(planning: Planning) -> None:
    make_report(planning, status=SocialReport.Status.FAILED)
    url = reverse("planning:reports", args=[planning.world.region.pk])

    page = logged_in(planning.planner).get(url).content.decode()

    assert "hx-trigger" not in page


def test_asking_for_a_report_queues_it_and_comes_back_with_a_message(planning: Planning) -> None:
    url = reverse("planning:reports", args=[planning.world.region.pk])

    response = logged_in(planning.planner).post(
        url, {"from": "2026-01-01", "until": "2026-06-30"}, follow=True
    )

    report = SocialReport.objects.get()
    assert (report.period_start, report.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.language == "en"
    assert response.redirect_chain[-1][0].startswith(url)
    assert "is being written" in response.content.decode()


def test_asking_for_a_report_of_a_malformed_period_is_400(planning: Planning) -> None:
    url = reverse("planning:reports", args=[planning.world.region.pk])

    response = logged_in(planning.planner).post(url, {"from": "soon"})

    assert response.status_code == 400
    assert not SocialReport.objects.exists()


def test_a_finished_report_downloads_as_pdf(planning: Planning, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.base import ContentFile

    report = make_report(planning, status=SocialReport.Status.DONE, finished_at=timezone.now())
    report.pdf_file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    client = logged_in(planning.planner)

    page = client.get(reverse("planning:reports", args=[planning.world.region.pk])).content.decode()
    response = client.get(reverse("planning:report_download", args=[report.pk]))

    assert reverse("planning:report_download", args=[report.pk]) in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "social-report-testkreis-" in response["Content-Disposition"]


def test_a_report_counting_an_organisation_outside_the_scope_is_not_served(
    planning: Planning,
) -> None:
    report = make_report(
        planning,
        status=SocialReport.Status.DONE,
        organisation_ids=sorted({*planning.world.shared, planning.world.c.pk}),
    )

    response = logged_in(planning.planner).get(
        reverse("planning:report_download", args=[report.pk])
    )

    assert response.status_code == 404


# -- navigation -------------------------------------------------------------------------------


def test_a_coordinator_finds_planning_in_the_staff_navigation(planning: Planning) -> None:
    page = logged_in(planning.coordinator).get(reverse("staff:dashboard")).content.decode()

    assert f'href="{reverse("planning:index")}"' in page


def test_a_social_worker_finds_no_planning_link(planning: Planning) -> None:
    page = logged_in(planning.social_worker).get(reverse("staff:dashboard")).content.decode()

    assert f'href="{reverse("planning:index")}"' not in page


# -- query counts -----------------------------------------------------------------------------


# Measured on 2026-12-02 with 12 and 48 clients: needs 35, stock-take 26 for both; the region
# page 54 and 64, because the gap list looks closer at each of the (at most five) languages with
# unfilled requests: bounded, not growing with the number of clients or appointments.
QUERY_BUDGET = {"region": 75, "needs": 40, "stock_take": 30}
SAME_COUNT_FOR_ANY_DATA = {"needs", "stock_take"}


@pytest.mark.parametrize("page", ["region", "needs", "stock_take"])
def test_the_query_count_does_not_grow_with_the_data(
    planning: Planning, page: str, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(planning.planner)
    url = reverse(f"planning:{page}", args=[planning.world.region.pk])
    counts = []
    for clients, seed in ((12, 1), (48, 2)):
        populate(planning.world, clients=clients, seed=seed)
        client.get(url)  # warm the session and caches
        with django_assert_max_num_queries(QUERY_BUDGET[page]) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    if page in SAME_COUNT_FOR_ANY_DATA:
        assert counts[0] == counts[1], counts


def test_a_planner_of_the_country_drills_down_to_a_district_and_back(planning: Planning) -> None:
    country = planning.world.region.parent
    assert country is not None
    planner = make_planner(country)
    client = logged_in(planner)

    country_page = client.get(reverse("planning:region", args=[country.pk])).content.decode()
    district_page = client.get(
        reverse("planning:region", args=[planning.world.region.pk])
    ).content.decode()

    assert reverse("planning:region", args=[planning.world.region.pk]) in country_page
    assert "Nachbarkreis" in country_page
    # The trail leads back up to the country.
    assert f'href="{reverse("planning:region", args=[country.pk])}?' in district_page
