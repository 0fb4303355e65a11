"""The directory of associations and offers through the API."""

from lisko.associations.models import Association, Offer
from tests.api.conftest import ApiFor, World


def test_staff_list_their_organisations_associations(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).get("/api/associations/")

    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world.own.association.pk, world.colleague.association.pk}


def test_a_social_worker_adds_an_association(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/associations/",
        {"name": "Women's café", "municipality": world.own.client.municipality_id},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Association.objects.get(name="Women's café").organisation == world.personas.organisation


def test_a_coordinator_may_read_but_not_keep_the_directory(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.coordinator).post(
        "/api/associations/",
        {"name": "Chess club", "municipality": world.own.client.municipality_id},
        format="json",
    )

    assert response.status_code == 403
    assert not Association.objects.filter(name="Chess club").exists()


def test_offers_are_found_by_field_of_action_with_their_free_places(
    world: World, api_for: ApiFor
) -> None:
    response = api_for(world.personas.social_worker).get(
        f"/api/association-offers/?field_of_action={world.own.field_of_action.pk}"
    )

    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {world.own.offer.pk, world.colleague.offer.pk}
    assert rows[world.own.offer.pk]["free_places"] == 10


def test_an_offer_is_created_with_its_languages(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).post(
        "/api/association-offers/",
        {
            "association": world.own.association.pk,
            "title": "Homework help",
            "field_of_action": world.own.field_of_action.pk,
            "municipality": world.own.client.municipality_id,
            "capacity": 5,
            "languages": ["ara"],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    offer = Offer.objects.get(title="Homework help")
    assert list(offer.languages.values_list("code", flat=True)) == ["ara"]


def test_an_offer_without_places_is_refused(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).patch(
        f"/api/association-offers/{world.own.offer.pk}/", {"capacity": 0}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_capacity"


def test_another_organisations_association_answers_404(world: World, api_for: ApiFor) -> None:
    response = api_for(world.personas.social_worker).get(
        f"/api/associations/{world.other.association.pk}/"
    )

    assert response.status_code == 404
