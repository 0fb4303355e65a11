"""Reference data every form needs."""

from tests.api.conftest import ApiFor, World


def test_languages_are_named_in_the_readers_language(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.interpreter, "de").get("/api/languages/")

    assert {row["code"]: row["name"] for row in response.json()["results"]}["ara"] == "Arabisch"


def test_fields_of_action_are_those_of_the_own_organisation(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get("/api/fields-of-action/")

    organisations = {row["organisation"] for row in response.json()["results"]}
    assert organisations == {world.personas.organisation.pk}
