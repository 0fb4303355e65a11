"""`field__any_of=...`: membership in a list of ids, or in a subquery, that PostgreSQL plans
as one array.

`field__in` sends one parameter per value; with a caseload of hundreds of clients, compiling
and binding them costs more than the query. A subquery under IN inside an OR makes the planner
give up its indexes; `= ANY(ARRAY(subquery))` is computed once, first, and then used as an
index condition. Databases without arrays get the usual IN.
"""

from typing import Any

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


@ForeignObject.register_lookup
@Field.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if self.rhs_is_direct_value():
            column_type = self.lhs.output_field.cast_db_type(connection)
            values = [value for value in self.rhs if value is not None]
            return f"{lhs} = ANY(%s::{column_type}[])", [*lhs_params, values]
        subquery, subquery_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{subquery})", [*lhs_params, *subquery_params]
