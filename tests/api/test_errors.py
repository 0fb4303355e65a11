"""Errors: one JSON shape, translated by Accept-Language, and never a server error for bad
input."""

from tests.api.conftest import ApiFor, World


def test_a_foreign_object_answers_404_in_the_readers_language(
    world: World, api_for: ApiFor
) -> None:
    url = f"/api/clients/{world.other.client.pk}/"

    german = api_for(world.personas.social_worker, "de").get(url)
    french = api_for(world.personas.social_worker, "fr").get(url)

    assert german.json() == {"error": {"code": "not_found", "message": "Nicht gefunden."}}
    assert french.json() == {"error": {"code": "not_found", "message": "Non trouvé."}}


def test_a_missing_token_is_explained_in_the_readers_language(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(None, "de").get("/api/clients/")

    assert response.json()["error"]["message"] == "Anmeldedaten fehlen."


def test_malformed_json_is_a_clear_400(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).generic(
        "POST", "/api/clients/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_an_unsupported_method_answers_405(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).delete("/api/clients/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_a_date_far_in_the_past_is_refused_not_stored(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        "/api/matching-runs/",
        {"window_from": "0077-01-01T00:00:00Z", "window_until": "2030-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert "window_from" in response.json()["error"]["fields"]


def test_a_number_too_large_for_the_database_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        f"/api/clients/{world.own.client.pk}/languages/",
        {"language": "ara", "proficiency": 10**30},
        format="json",
    )

    assert response.status_code == 400


def test_an_unknown_api_address_answers_404_in_the_error_shape(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker, "fr").get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Non trouvé."}}
