"""How the OpenAPI schema is generated: the settings the schema view and the schema test share."""

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


# Passed to SpectacularAPIView(custom_settings=...) and used by the schema test, so the schema
# served is the schema checked.
SCHEMA_SETTINGS: dict[str, Any] = {
    # Separate request and response components: read-only fields are not asked for in requests.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AppointmentStatusEnum": "lisko.appointments.models.Appointment.Status",
        "AppointmentKindEnum": "lisko.appointments.models.Appointment.Kind",
        "AssignmentStateEnum": "lisko.appointments.models.Assignment.State",
        "DeclineReasonEnum": "lisko.appointments.models.Assignment.DeclineReason",
        "ReferralStatusEnum": "lisko.referrals.models.Status",
        "MatchingRunStatusEnum": "lisko.matchingruns.models.MatchingRun.Status",
        "MatchingOutcomeEnum": "lisko.matchingruns.models.MatchingRunRequest.Outcome",
        "GenderEnum": "lisko.clients.models.Gender",
        "InterpreterKindEnum": "lisko.interpreters.models.Interpreter.Kind",
        "GoalStatusEnum": "lisko.plans.models.Goal.Status",
        "ConflictReasonEnum": "lisko.interpreters.models.ConflictOfInterest.Reason",
    },
}


def generate_schema() -> dict[str, Any]:
    """The schema as /api/schema/ serves it (without a request: every public route)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import patched_settings

    with patched_settings(SCHEMA_SETTINGS):
        return SchemaGenerator().get_schema(request=None, public=True)
