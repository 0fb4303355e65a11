"""Aggregates the planning figures need that Django lacks, on PostgreSQL and on the demo's
SQLite alike: the median, and the time between two moments in hours or days."""

import statistics
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, DurationField, ExpressionWrapper, FloatField, Func
from django.dispatch import receiver


class Median(Aggregate):
    """The median (the mean of the two middle values for an even number); NULLs are skipped."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, function="lisko_median", template="%(function)s(%(expressions)s)"
        )


class Span(Func):
    """`later` − `earlier` (two datetime expressions) in units of `seconds` seconds."""

    output_field = FloatField()

    def __init__(self, later: Any, earlier: Any, *, seconds: int) -> None:
        super().__init__(ExpressionWrapper(later - earlier, output_field=DurationField()))
        self.seconds = seconds

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template=f"EXTRACT(EPOCH FROM %(expressions)s) / {self.seconds}.0",
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite subtracts datetimes into microseconds (Django's django_timestamp_diff).
        return self.as_sql(
            compiler, connection, template=f"(%(expressions)s) / {self.seconds * 1_000_000}.0"
        )


def hours_between(later: Any, earlier: Any) -> Span:
    return Span(later, earlier, seconds=3600)


def days_between(later: Any, earlier: Any) -> Span:
    return Span(later, earlier, seconds=86400)


class _SQLiteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return float(statistics.median(self.values)) if self.values else None


@receiver(connection_created)
def _teach_sqlite_the_median(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("lisko_median", 1, _SQLiteMedian)
