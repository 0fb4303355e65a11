"""API rate limits: a burst over the limit answers 429 in the API's error shape."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings

from tests.api.conftest import ApiFor
from tests.conftest import Personas


@pytest.fixture
def low_limits(settings: Settings) -> Iterator[None]:
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("low_limits")
def test_a_person_over_the_limit_is_told_to_wait(api_for: ApiFor, personas: Personas) -> None:
    api = api_for(personas.social_worker)

    answers = [api.get("/api/me/").status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
    refused = api.get("/api/me/")
    assert "Retry-After" in refused.headers
    assert refused.json()["error"]["code"] == "throttled"


@pytest.mark.django_db
@pytest.mark.usefixtures("low_limits")
def test_the_limit_is_per_person_not_shared_by_an_office(
    api_for: ApiFor, personas: Personas
) -> None:
    sofia, colin = api_for(personas.social_worker), api_for(personas.colleague)
    for _ in range(5):
        sofia.get("/api/me/")

    assert colin.get("/api/me/").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("low_limits")
def test_signed_out_requests_are_limited_per_address(api_for: ApiFor) -> None:
    anonymous = api_for(None)

    answers = [
        anonymous.post("/api/auth/token/", {"username": "x", "password": "y"}).status_code
        for _ in range(4)
    ]

    assert answers[-1] == 429
