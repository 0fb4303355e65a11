"""The OpenAPI schema: valid OpenAPI 3, generated without warnings, served with its pages."""

import re

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from api.schema import generate_schema
from tests.api.conftest import ApiFor
from tests.api.test_permission_matrix import ROUTES


def test_the_schema_is_valid_openapi_3_and_generated_without_warnings() -> None:
    GENERATOR_STATS.reset()

    schema = generate_schema()

    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache
    assert schema["openapi"].startswith("3.")


def test_every_api_route_is_in_the_schema_but_the_pages_about_it() -> None:
    documented = set(generate_schema()["paths"])
    routes = {
        # `pk` is documented as `id`; any other parameter (`<id:member_pk>`, `<slug:key>`) by
        # its name.
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.pattern.replace("<id:pk>", "{id}"))
        for route in ROUTES
        if route.name not in ("api-docs", "api-redoc")
    }

    assert routes == documented


def test_every_operation_documents_the_error_shape() -> None:
    schema = generate_schema()

    for operations in schema["paths"].values():
        for operation in operations.values():
            assert {"400", "401", "403", "404"} <= set(operation["responses"])


def test_the_schema_and_its_pages_are_served_to_anyone(db: None, api_for: ApiFor) -> None:
    api = api_for(None)

    statuses = [api.get(url).status_code for url in ("/api/schema/", "/api/docs/", "/api/redoc/")]

    assert statuses == [200, 200, 200]
