"""The no-double-booking rule as a PostgreSQL exclusion constraint, and a migration operation
that adds it on PostgreSQL only.

The constraint stays out of `Assignment.Meta` so that the model (and its migrations) work on
SQLite; there the service enforces the same rule under SQLite's single-writer lock.
"""

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.migrations.operations.base import Operation

NO_DOUBLE_BOOKING = "assignment_no_double_booking"


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def no_double_booking() -> ExclusionConstraint:
    """No interpreter holds two accepted assignments whose [blocked_from, blocked_until) overlap."""
    return ExclusionConstraint(
        name=NO_DOUBLE_BOOKING,
        expressions=[
            ("interpreter", RangeOperators.EQUAL),
            (TsTzRange("blocked_from", "blocked_until", RangeBoundary()), RangeOperators.OVERLAPS),
        ],
        condition=models.Q(state="accepted"),
    )


class AddPostgresOnlyConstraint(Operation):
    """Add a constraint on PostgreSQL; do nothing elsewhere and leave the model state alone.

    Leaving the state alone keeps makemigrations from seeing a difference with `Meta`.
    """

    reversible = True

    def __init__(self, model_name: str, constraint: ExclusionConstraint) -> None:
        self.model_name = model_name
        self.constraint = constraint

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_constraint(model, self.constraint)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_constraint(model, self.constraint)

    def describe(self) -> str:
        return f"Add PostgreSQL-only constraint {self.constraint.name} on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_{self.constraint.name.lower()}"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__name__,
            [],
            {
                "model_name": self.model_name,
                "constraint": self.constraint,
            },
        )
