"""How the OpenAPI schema is generated (settings.SPECTACULAR_SETTINGS names these hooks): the
error responses every operation may give, and the schema as the schema view serves it."""

from typing import Any

# Every operation may answer with the one error shape of api/exceptions.py.
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {},
                    "description": "Field name → messages, for invalid input.",
                },
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}
ERROR_RESPONSES = {
    "400": "The request is not valid, or a rule refuses it; nothing was changed.",
    "401": "No or no valid credentials.",
    "403": "Your role does not allow this.",
    "404": "The object does not exist, or is not yours to see.",
    "429": "Too many requests: wait for the seconds Retry-After gives.",
}


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Postprocessing hook: document the error shape on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                responses.setdefault(code, {"description": description, "content": content})
    return result


def generate_schema() -> dict[str, Any]:
    """The schema as /api/schema/ serves it (without a request: every public route)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)
