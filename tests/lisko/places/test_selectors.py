"""The region tree and the municipalities inside a set of regions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lisko.places.models import Region
from lisko.places.selectors import municipalities_in, region_tree
from tests.factories.core import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def switzerland() -> Region:
    return RegionFactory.create(name="Switzerland", country="CH", latitude=47.0, longitude=8.3)


@pytest.fixture
def lucerne(switzerland: Region) -> Region:
    return RegionFactory.create(
        name="Luzern", kind=Region.Kind.CANTON, parent=switzerland, country="CH", code="3"
    )


@pytest.fixture
def sursee(lucerne: Region) -> Region:
    return RegionFactory.create(
        name="Sursee", kind=Region.Kind.CONSTITUENCY, parent=lucerne, country="CH", code="314"
    )


@pytest.fixture
def willisau(lucerne: Region) -> Region:
    return RegionFactory.create(
        name="Willisau", kind=Region.Kind.CONSTITUENCY, parent=lucerne, country="CH", code="315"
    )


def test_the_tree_is_read_in_one_query(sursee: Region) -> None:
    with CaptureQueriesContext(connection) as queries:
        tree = region_tree()
        tree.ancestors(sursee.pk)
        tree.descendants(sursee.pk)
        tree.roots()

    assert len(queries) == 1


def test_descendants_include_the_region_and_everything_below(
    switzerland: Region, lucerne: Region, sursee: Region, willisau: Region
) -> None:
    tree = region_tree()

    assert tree.descendants(lucerne.pk) == {lucerne.pk, sursee.pk, willisau.pk}
    assert tree.descendants(switzerland.pk) == {switzerland.pk, lucerne.pk, sursee.pk, willisau.pk}
    assert tree.descendants(sursee.pk) == {sursee.pk}


def test_descendants_of_an_unknown_region_are_none(sursee: Region) -> None:
    assert region_tree().descendants(sursee.pk + 1000) == frozenset()


def test_ancestors_run_from_the_root_down_to_the_region(
    switzerland: Region, lucerne: Region, sursee: Region
) -> None:
    assert region_tree().ancestors(sursee.pk) == [switzerland, lucerne, sursee]


def test_children_and_roots_are_in_name_order(
    switzerland: Region, lucerne: Region, sursee: Region, willisau: Region
) -> None:
    luxembourg = RegionFactory.create()  # the country Luxembourg
    tree = region_tree()

    assert tree.children(lucerne.pk) == [sursee, willisau]
    assert tree.children(sursee.pk) == []
    assert tree.roots() == [switzerland, luxembourg]  # by country code: CH before LU
    assert tree.get(lucerne.pk) == lucerne
    assert tree.get(lucerne.pk + 1000) is None


def test_municipalities_in_a_region_include_those_of_its_parts(
    lucerne: Region, sursee: Region, willisau: Region
) -> None:
    sempach = MunicipalityFactory.create(name="Sempach", country="CH", region=sursee)
    reiden = MunicipalityFactory.create(name="Reiden", country="CH", region=willisau)
    MunicipalityFactory.create(name="Luxembourg")

    assert set(municipalities_in(region_tree().descendants(lucerne.pk))) == {sempach, reiden}
    assert list(municipalities_in([sursee.pk])) == [sempach]
    assert list(municipalities_in([])) == []
