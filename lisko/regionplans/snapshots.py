"""The needs found for a field of action, frozen: the published planning tables that speak of
it, written down as JSON in every language of the installation, and read back as `Table`s.

Only published cells are kept (hidden ones as hidden), so a snapshot shows nothing the planning
pages did not show on the day it was taken. The tables of a field: its row of the offers, the
referrals and the plan progress by field of action, and the offers and referrals by
municipality narrowed to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from lisko.core.errors import NotFound
from lisko.planning.figures import Filters, figure
from lisko.planning.tables import Cell, Column, Measure, Row, Table

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope

# Figures by field of action: the snapshot keeps the field's row.
FIELD_ROW_FIGURES = ("offers", "referrals", "plan-progress")
# Figures narrowed to the field: the snapshot keeps the whole table.
NARROWED_FIGURES = ("offers-by-municipality", "referrals-by-municipality")


def snapshot_tables(scope: PlanningScope, field_of_action: str) -> dict[str, list[dict[str, Any]]]:
    """language code → the field's published tables as JSON, built in that language."""
    written: dict[str, list[dict[str, Any]]] = {}
    for code in settings.LISKO_DESK_LANGUAGES:
        with translation.override(code):
            written[code] = [_as_json(table) for table in _tables(scope, field_of_action)]
    return written


def _tables(scope: PlanningScope, field_of_action: str) -> list[Table]:
    tables = []
    for key in FIELD_ROW_FIGURES:
        try:
            table = figure(key).build(scope, Filters())
        except NotFound:
            continue  # a figure this version does not have
        rows = tuple(row for row in table.rows if row.key == field_of_action)
        # The field's row alone: the totals speak of the other fields too.
        tables.append(
            Table(
                key=table.key,
                title=table.title,
                row_heading=table.row_heading,
                columns=table.columns,
                rows=rows,
                totals=None,
                threshold=table.threshold,
                note=table.note,
            )
        )
    for key in NARROWED_FIGURES:
        try:
            tables.append(figure(key).build(scope, Filters(field_of_action=field_of_action)))
        except NotFound:
            continue
    return tables


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": str(row.label),
        "cells": [[cell.value, cell.suppressed] for cell in row.cells],
    }


def _as_json(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": str(table.title),
        "row_heading": str(table.row_heading),
        "note": str(table.note),
        "threshold": table.threshold,
        "columns": [
            {
                "key": column.key,
                "label": str(column.label),
                "measure": str(column.measure),
                "unit": column.unit,
            }
            for column in table.columns
        ],
        "rows": [_row_json(row) for row in table.rows],
        "totals": _row_json(table.totals) if table.totals is not None else None,
    }


def _row_of(data: dict[str, Any]) -> Row:
    return Row(
        key=str(data["key"]),
        label=str(data["label"]),
        cells=tuple(Cell(value, suppressed=bool(hidden)) for value, hidden in data["cells"]),
    )


def tables_of(written: dict[str, list[dict[str, Any]]], language: str) -> list[Table]:
    """The snapshot's tables in `language` (else in English, else in any language kept).

    These were published when the snapshot was taken; reading them back adds nothing."""
    chosen = written.get(language) or written.get("en") or next(iter(written.values()), [])
    return [
        Table(
            key=str(data["key"]),
            title=str(data["title"]),
            row_heading=str(data["row_heading"]),
            columns=tuple(
                Column(
                    key=str(column["key"]),
                    label=str(column["label"]),
                    measure=Measure(column["measure"]),
                    unit=str(column.get("unit", "")),
                )
                for column in data["columns"]
            ),
            rows=tuple(_row_of(row) for row in data["rows"]),
            totals=_row_of(data["totals"]) if data.get("totals") else None,
            threshold=int(data["threshold"]),
            note=str(data.get("note", "")),
        )
        for data in chosen
    ]
