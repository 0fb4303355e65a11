"""Loading the real places: counts per region, idempotence, plausible coordinates."""

from collections import Counter

import pytest
from django.core.management import call_command

from lisko.places.loading import DATA, DATASETS, load_places, read_rows
from lisko.places.models import Municipality, Region
from tests.factories.core import MunicipalityFactory

pytestmark = pytest.mark.django_db

# (south, west, north, east) in degrees: generous boxes around each country.
BOUNDING_BOXES = {
    "LU": (49.44, 5.73, 50.19, 6.54),
    "CH": (45.81, 5.95, 47.81, 10.50),
    "DE": (47.27, 5.86, 55.06, 15.05),
}


def _counts_by_region(country: str) -> Counter[str]:
    return Counter(
        Municipality.objects.filter(country=country).values_list("region__name", flat=True)
    )


def test_luxembourg_has_100_communes_in_12_cantons() -> None:
    load_places(["LU"])

    cantons = Region.objects.filter(country="LU", kind=Region.Kind.CANTON)
    assert cantons.count() == 12
    assert set(cantons.values_list("parent__kind", flat=True)) == {Region.Kind.COUNTRY}
    assert Municipality.objects.filter(country="LU", region__in=cantons).count() == 100
    assert _counts_by_region("LU")["Esch-sur-Alzette"] == 14


def test_lucerne_has_its_municipalities_in_6_wahlkreise() -> None:
    load_places(["CH"])

    canton = Region.objects.get(country="CH", kind=Region.Kind.CANTON)
    assert (canton.name, canton.code) == ("Luzern", "3")
    assert canton.parent == Region.objects.get(kind=Region.Kind.COUNTRY, country="CH")
    constituencies = {region.name: region for region in canton.children.all()}
    assert set(constituencies) == {
        "Luzern-Stadt",
        "Luzern-Land",
        "Hochdorf",
        "Sursee",
        "Willisau",
        "Entlebuch",
    }
    assert {region.kind for region in constituencies.values()} == {Region.Kind.CONSTITUENCY}
    # Honau merged into Root on 1 January 2025: 79 municipalities since.
    assert Municipality.objects.filter(region__parent=canton).count() == 79
    assert _counts_by_region("CH") == {
        "Luzern-Stadt": 1,
        "Luzern-Land": 16,
        "Hochdorf": 13,
        "Sursee": 19,
        "Willisau": 21,
        "Entlebuch": 9,
    }
    assert Municipality.objects.get(country="CH", code="1061").name == "Luzern"


def test_schleswig_flensburg_has_its_gemeinden_in_an_amt_or_directly_under_the_kreis() -> None:
    load_places(["DE"])

    kreis = Region.objects.get(country="DE", kind=Region.Kind.DISTRICT)
    assert (kreis.name, kreis.code) == ("Schleswig-Flensburg", "01059")
    amt_regions = Region.objects.filter(parent=kreis)
    assert amt_regions.count() == 13
    assert set(amt_regions.values_list("kind", flat=True)) == {Region.Kind.AMT}
    assert Municipality.objects.filter(country="DE").count() == 125
    amtsfrei = Municipality.objects.filter(region=kreis)
    assert set(amtsfrei.values_list("name", flat=True)) == {
        "Glücksburg (Ostsee)",
        "Handewitt",
        "Harrislee",
        "Kappeln",
        "Schleswig",
    }
    schleswig = Municipality.objects.get(country="DE", code="01059075")
    assert schleswig.name == "Schleswig"
    assert schleswig.population is not None and schleswig.population > 20_000


def test_every_municipality_has_an_official_number_outside_luxembourg() -> None:
    load_places()

    assert not Municipality.objects.exclude(country="LU").filter(code="").exists()
    assert all(
        len(code) == 8
        for code in Municipality.objects.filter(country="DE").values_list("code", flat=True)
    )


@pytest.mark.parametrize("country", sorted(DATASETS))
def test_every_municipality_lies_in_its_countrys_bounding_box(country: str) -> None:
    south, west, north, east = BOUNDING_BOXES[country]

    for row in read_rows(DATA / DATASETS[country].file):
        assert south <= row.latitude <= north, row.name
        assert west <= row.longitude <= east, row.name


def test_regions_lie_at_the_mean_of_their_municipalities() -> None:
    load_places(["CH"])

    entlebuch = Region.objects.get(country="CH", name="Entlebuch")
    latitudes = list(entlebuch.municipalities.values_list("latitude", flat=True))
    assert entlebuch.latitude == pytest.approx(sum(latitudes) / len(latitudes), abs=1e-4)


def test_loading_twice_changes_nothing() -> None:
    first = load_places()
    regions = set(Region.objects.values_list("pk", "name", "parent_id", "latitude"))
    municipalities = set(Municipality.objects.values_list("pk", "name", "region_id", "code"))

    second = load_places()

    assert first == second == 304
    assert set(Region.objects.values_list("pk", "name", "parent_id", "latitude")) == regions
    assert (
        set(Municipality.objects.values_list("pk", "name", "region_id", "code")) == municipalities
    )


def test_loading_adopts_the_municipality_the_factory_made() -> None:
    made = MunicipalityFactory.create(name="Luxembourg")

    load_places(["LU"])

    luxembourg = Municipality.objects.select_related("region__parent").get(
        country="LU", name="Luxembourg"
    )
    assert luxembourg.pk == made.pk
    assert luxembourg.region.name == "Luxembourg"
    assert luxembourg.region.parent is not None
    assert luxembourg.region.parent.name == "Luxembourg"
    assert Region.objects.filter(kind=Region.Kind.COUNTRY, country="LU").count() == 1


def test_the_command_loads_the_countries_it_is_given(capsys: pytest.CaptureFixture[str]) -> None:

    call_command("load_places", "lu")

    assert "Loaded 100 municipalities of LU." in capsys.readouterr().out
    assert not Municipality.objects.exclude(country="LU").exists()
