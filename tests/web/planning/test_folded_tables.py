"""The table behind a chart on the stock-take and needs pages: folded away, its rows fetched
when the reader unfolds it (or opened on a page of its own without JavaScript), with the
same figures, suppression and links as the downloads."""

import csv
import io

import pytest
from django.urls import reverse

from tests.web.planning.conftest import FIRST_NAME, LAST_NAME, REFERENCE, Planning, logged_in

pytestmark = pytest.mark.django_db

# A figure drawn as a chart (its table folded) and one drawn as a heat table (shown).
CHARTED = "interpreting-by-municipality"
HEAT = "interpreting-heat"


def table_url(planning: Planning, key: str = CHARTED, query: str = "") -> str:
    return reverse("planning:table", args=[planning.world.region.pk, key]) + query


def needs_page(planning: Planning, query: str = "") -> str:
    url = reverse("planning:needs", args=[planning.world.region.pk]) + query
    response = logged_in(planning.planner).get(url)
    assert response.status_code == 200
    return response.content.decode()


def unfolded(planning: Planning, url: str) -> str:
    response = logged_in(planning.planner).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def csv_rows(planning: Planning, key: str) -> list[list[str]]:
    url = reverse("planning:table_csv", args=[planning.world.region.pk, key])
    response = logged_in(planning.planner).get(url)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_needs_page_folds_a_charts_table_without_its_rows(populated: Planning) -> None:
    page = needs_page(populated)
    section = page.split(f'id="{CHARTED}"', 1)[1].split("</section>", 1)[0]

    assert f'hx-get="{table_url(populated)}' in section
    assert "<tbody>" not in section


def test_a_heat_table_stays_in_the_page(populated: Planning) -> None:
    page = needs_page(populated)
    section = page.split(f'id="{HEAT}"', 1)[1].split("</section>", 1)[0]

    assert "<tbody>" in section
    assert "hx-get" not in section


def test_unfolding_brings_the_table_alone_with_the_rows_of_the_download(
    populated: Planning,
) -> None:
    fragment = unfolded(populated, table_url(populated))

    assert "<html" not in fragment
    assert "<tbody>" in fragment
    downloaded = {row[0] for row in csv_rows(populated, CHARTED) if row}
    for municipality in populated.world.municipalities:
        assert municipality.name in downloaded
        assert municipality.name in fragment


def test_the_unfolded_table_hides_small_cells_as_the_download_does(populated: Planning) -> None:
    fragment = unfolded(populated, table_url(populated))
    downloaded = " ".join(" ".join(row) for row in csv_rows(populated, CHARTED))

    assert ("fewer than 5" in fragment) == ("fewer than 5" in downloaded)
    for text in (FIRST_NAME, LAST_NAME, REFERENCE):
        assert text not in fragment


def test_without_javascript_the_table_opens_on_a_page_of_its_own(populated: Planning) -> None:
    response = logged_in(populated.planner).get(table_url(populated))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert "Back to the charts" in page
    assert reverse("planning:needs", args=[populated.world.region.pk]) in page
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_folded_table_keeps_the_pages_filters(populated: Planning) -> None:
    municipality = populated.world.municipalities[0].pk

    page = needs_page(populated, f"?municipality={municipality}")

    assert f"{table_url(populated)}?" in page
    link = page.split(f'hx-get="{table_url(populated)}', 1)[1].split('"', 1)[0]
    assert f"municipality={municipality}" in link


def test_the_unfolded_tables_rows_narrow_the_needs_page(populated: Planning) -> None:
    municipality = populated.world.municipalities[0].pk

    fragment = unfolded(populated, table_url(populated))

    needs = reverse("planning:needs", args=[populated.world.region.pk])
    assert f'href="{needs}?' in fragment
    assert f"municipality={municipality}" in fragment


def test_an_unknown_figure_is_404(planning: Planning) -> None:
    response = logged_in(planning.planner).get(table_url(planning, "names"))

    assert response.status_code == 404


def test_a_malformed_filter_on_the_table_is_400(planning: Planning) -> None:
    response = logged_in(planning.planner).get(table_url(planning, query="?municipality=one"))

    assert response.status_code == 400


def test_the_tables_query_count_does_not_grow_with_the_data(
    planning: Planning, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from tests.web.planning.conftest import populate

    client = logged_in(planning.planner)
    counts = []
    for clients, seed in ((12, 1), (48, 2)):
        populate(planning.world, clients=clients, seed=seed)
        client.get(table_url(planning))  # warm the session and caches
        with django_assert_max_num_queries(30) as queries:
            assert (
                client.get(table_url(planning), headers={"HX-Request": "true"}).status_code == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
