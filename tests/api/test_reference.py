"""Reference data every form needs."""

from lisko.places.loading import load_places
from lisko.places.models import Municipality, Region
from tests.api.conftest import ApiFor, World


def test_languages_are_named_in_the_readers_language(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter, "de").get("/api/languages/")

    assert {row["code"]: row["name"] for row in response.json()["results"]}["ara"] == "Arabisch"


def test_fields_of_action_are_those_of_the_own_organisation(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/fields-of-action/")

    organisations = {row["organisation"] for row in response.json()["results"]}
    assert organisations == {world.personas.organisation.pk}


def test_municipalities_name_their_region(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/municipalities/")

    row = {row["name"]: row for row in response.json()["results"]}["Luxembourg"]
    luxembourg = Municipality.objects.get(pk=row["id"])
    assert (row["region"], row["region_name"]) == (luxembourg.region_id, "Luxembourg")


def test_municipalities_of_a_region_include_those_of_its_parts(
    world: World, api_for: ApiFor
) -> None:
    load_places(["CH"])
    lucerne = Region.objects.get(country="CH", kind=Region.Kind.CANTON)
    sursee = Region.objects.get(parent=lucerne, name="Sursee")
    client = api_for(world.personas.social_worker)

    in_canton = client.get("/api/municipalities/", {"region": lucerne.pk, "page_size": 100})
    in_sursee = client.get("/api/municipalities/", {"region": sursee.pk, "page_size": 100})

    assert in_canton.json()["count"] == 79
    assert in_sursee.json()["count"] == 19
    assert {row["region_name"] for row in in_sursee.json()["results"]} == {"Sursee"}


def test_municipalities_filter_by_country(world: World, api_for: ApiFor) -> None:
    load_places(["CH"])

    response = api_for(world.personas.social_worker).get("/api/municipalities/", {"country": "LU"})

    assert {row["country"] for row in response.json()["results"]} == {"LU"}


def test_an_unknown_region_lists_no_municipality(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/municipalities/", {"region": 2**40})

    assert response.status_code == 200
    assert response.json()["count"] == 0
